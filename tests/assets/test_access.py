"""Every role against the assets resources: list, detail, create, update, delete, isolation."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.test import Client
from rest_framework.test import APIClient

from assets import services
from assets.models import AssetCategory, AssetMovement, Stocktake
from core.choices import Role
from tests import factories
from tests.access_matrix import ALL_ROLES, Resource, check_role
from tests.assets.factories import AssetFactory, ConsumableFactory, room_of

SEQ = itertools.count(1)
READERS = {Role.LOGISTICS, Role.DIRECTOR, Role.PRINCIPAL, Role.ADMIN, Role.DISTRICT}
ASSET_MANAGERS = {Role.LOGISTICS, Role.DIRECTOR}
OFFICE = {Role.LOGISTICS, Role.DIRECTOR, Role.ADMIN}


def _category(school):
    return AssetCategory.objects.get_or_create(
        school=school, code="2101", defaults={"name": "计算机设备", "useful_life_years": 6}
    )[0]


def _asset_post(school):
    return {
        "category": _category(school).pk,
        "name": f"办公电脑{next(SEQ)}",
        "unit": "台",
        "unit_price": "4800.00",
        "quantity": 1,
        "purchase_date": "2024-09-01",
        "source": "purchase",
        "funding_source": "budget",
    }


def asset_resource(user):
    """A teacher sees the assets in their custody: the records made for the test are theirs."""

    def make(school):
        mine = school.pk == user.school_id and Role.TEACHER in user.role_codes
        return AssetFactory(school=school, custodian=user if mine else None)

    return Resource(
        AssetFactory._meta.model,
        "assets:asset",
        "assets-api:asset",
        make=make,
        form_data=_asset_post,
        api_data=_asset_post,
        can={
            "view": READERS | {Role.TEACHER},
            "add": ASSET_MANAGERS,
            "change": ASSET_MANAGERS,
            "delete": ASSET_MANAGERS,
        },
    )


def consumable_resource(user):
    return Resource(
        ConsumableFactory._meta.model,
        "assets:consumable",
        "assets-api:consumable",
        make=lambda s: ConsumableFactory(school=s),
        form_data=lambda s: {
            "name": f"灯泡{next(SEQ)}",
            "unit": "个",
            "reorder_level": "5",
            "unit_price": "3.50",
        },
        api_data=lambda s: {"name": f"阀门{next(SEQ)}", "unit": "个"},
        can={"view": READERS | {Role.WORKER}, "add": OFFICE, "change": OFFICE, "delete": OFFICE},
    )


def category_resource(user):
    """The category tree has pages only (no API of its own)."""

    def post(school):
        return {
            "code": f"9{next(SEQ)}",
            "name": f"教学仪器{next(SEQ)}",
            "useful_life_years": "5",
            "depreciable": "True",
        }

    return Resource(
        AssetCategory,
        "assets:assetcategory",
        None,
        make=lambda s: AssetCategory.objects.create(
            school=s, code=f"8{next(SEQ)}", name="家具", useful_life_years=15
        ),
        form_data=post,
        api_data=post,
        can={
            "view": READERS | {Role.TEACHER},
            "add": ASSET_MANAGERS | {Role.ADMIN},
            "change": ASSET_MANAGERS | {Role.ADMIN},
            "delete": ASSET_MANAGERS | {Role.ADMIN},
        },
    )


RESOURCES = {
    "asset": asset_resource,
    "consumable": consumable_resource,
    "category": category_resource,
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in ALL_ROLES if r != Role.DISTRICT])
@pytest.mark.parametrize("resource_name", RESOURCES)
def test_role_access_and_school_isolation(resource_name, role, school, other_school, make_user):
    user = make_user(role)
    resource = RESOURCES[resource_name](user)
    mismatches = check_role(resource, role, school=school, other_school=other_school, user=user)
    assert mismatches == {}, f"{resource_name} as {role}: (got, wanted) {mismatches}"


@pytest.mark.django_db
@pytest.mark.parametrize("resource_name", RESOURCES)
def test_district_viewer_reads_its_schools_only(resource_name, school, other_school):
    viewer = factories.UserFactory(school=None, roles=[Role.DISTRICT])
    viewer.district_schools.add(school)
    resource = RESOURCES[resource_name](viewer)
    mismatches = check_role(
        resource, Role.DISTRICT, school=school, other_school=other_school, user=viewer
    )
    assert mismatches == {}, f"{resource_name} as district viewer: {mismatches}"


@pytest.mark.django_db
def test_a_teacher_sees_their_custody_and_their_class_only(school, make_user, client):
    teacher = make_user(Role.TEACHER)
    own_class = factories.SchoolClassFactory(school=school, homeroom_teacher=teacher)
    mine = AssetFactory(school=school, custodian=teacher)
    classes = AssetFactory(school=school, responsible_class=own_class)
    colleague = AssetFactory(school=school, custodian=make_user(Role.TEACHER))
    client.force_login(teacher)
    listed = {pk for pk, _v in client.get("/assets/assets/").context["rows"]}
    assert listed == {mine.pk, classes.pk}
    assert client.get(f"/assets/assets/{colleague.pk}/").status_code == 404
    api = APIClient()
    api.force_authenticate(teacher)
    ids = {row["id"] for row in api.get("/api/v1/assets/assets/").json()["results"]}
    assert ids == {mine.pk, classes.pk}
    # Teachers do not move assets.
    assert client.get(f"/assets/assets/{mine.pk}/move/lend/").status_code == 403


def _movement(school):
    asset = AssetFactory(school=school)
    actor = factories.UserFactory(school=school, roles=[Role.LOGISTICS])
    return services.record_movement(
        asset=asset, kind="transfer", actor=actor, status_after="in_use", reason="调整"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in ALL_ROLES if r != Role.DISTRICT])
def test_movement_log_by_role(role, school, other_school, make_user):
    user = make_user(role)
    mine, theirs = _movement(school), _movement(other_school)
    if role == Role.TEACHER:
        mine.asset.custodian = user
        mine.asset.save()
    can_view = role in READERS | {Role.TEACHER}
    client = Client()
    client.force_login(user)
    listing = client.get("/assets/movements/")
    assert listing.status_code == (200 if can_view else 403)
    if can_view:
        listed = {pk for pk, _v in listing.context["rows"]}
        assert mine.pk in listed and theirs.pk not in listed
        assert client.get(f"/assets/movements/{theirs.pk}/").status_code == 404
    api = APIClient()
    api.force_authenticate(user)
    response = api.get("/api/v1/assets/movements/")
    assert response.status_code == (200 if can_view else 403)
    # The movement log is read only, for everyone.
    assert api.post("/api/v1/assets/movements/", {}).status_code in (403, 405)
    assert AssetMovement.objects.filter(pk=mine.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in ALL_ROLES if r != Role.DISTRICT])
def test_stocktakes_by_role(role, school, other_school, make_user):
    user = make_user(role)
    room = room_of(school)
    AssetFactory(school=school, room=room)
    starter = factories.UserFactory(school=school, roles=[Role.LOGISTICS])
    mine = services.stocktake_start(school=school, actor=starter, title="期中盘点", rooms=[room])
    other_starter = factories.UserFactory(school=other_school, roles=[Role.LOGISTICS])
    theirs = services.stocktake_start(school=other_school, actor=other_starter, title="盘点")
    client = Client()
    client.force_login(user)
    can_view = role in READERS
    can_walk = role in ASSET_MANAGERS
    assert client.get("/assets/stocktakes/").status_code == (200 if can_view else 403)
    assert client.get(f"/assets/stocktakes/{mine.pk}/").status_code == (200 if can_view else 403)
    if can_view:
        assert client.get(f"/assets/stocktakes/{theirs.pk}/").status_code == 404
    walk = client.get(f"/assets/stocktakes/{mine.pk}/rooms/{room.pk}/")
    assert walk.status_code == (200 if can_walk else 403)
    started = client.post("/assets/stocktakes/add/", {"title": "年终盘点"})
    assert started.status_code == (302 if can_walk else 403)
    confirm = client.post(f"/assets/stocktakes/{mine.pk}/confirm/")
    assert confirm.status_code == (302 if role == Role.DIRECTOR else 403)
    api = APIClient()
    api.force_authenticate(user)
    assert api.get("/api/v1/assets/stocktakes/").status_code == (200 if can_view else 403)
    assert Stocktake.objects.filter(school=other_school).count() == 1


@pytest.mark.django_db
def test_disposal_approval_is_the_directors(school, make_user):
    logistics, director = make_user(Role.LOGISTICS), make_user(Role.DIRECTOR)
    asset = AssetFactory(school=school)
    client = Client()
    client.force_login(logistics)
    assert (
        client.post(f"/assets/assets/{asset.pk}/move/dispose/", {"reason": "老化损坏"}).status_code
        == 302
    )
    request = asset.disposal_requests.get()
    assert (
        client.post(f"/assets/disposals/{request.pk}/decide/", {"decision": "approve"}).status_code
        == 403
    )
    client.force_login(director)
    page = client.get(f"/assets/disposals/{request.pk}/")
    assert 'data-testid="approve"' in page.content.decode()
    assert (
        client.post(f"/assets/disposals/{request.pk}/decide/", {"decision": "approve"}).status_code
        == 302
    )
    asset.refresh_from_db()
    assert asset.status == "disposed"
    assert client.get(f"/assets/assets/{asset.pk}/").status_code == 200  # the card stays
    _ = (dt, Decimal)
