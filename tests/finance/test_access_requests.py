"""Purchase requests by role (issue 12, point 11): requesters see their own, a head of department
also the department's, approvers what waits for them; the director, the principal, the admin and
the logistics office read the whole school; the district reads. Requests are written and moved
through their services and workflow, so the generic add/edit/delete screens are not theirs."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from core.choices import Role
from finance.choices import ApprovalLevel, RequestStatus
from finance.models import PurchaseRequest
from finance.models.common import FINANCE_READERS, OWN_REQUESTERS
from tests.access_matrix import ALL_ROLES, Resource, check_role
from tests.factories import UserFactory
from tests.finance.factories import line_of, office, request_of


def request_resource(user):
    """Requesters read the requests they made: the made records are theirs."""

    def make(school):
        if (
            user is not None
            and user.school_id == school.pk
            and set(user.role_codes) & OWN_REQUESTERS
        ):
            requester = user
        else:
            requester = UserFactory(school=school, roles=[Role.TEACHER])
        return request_of(school, requester=requester, line=line_of(school))

    return Resource(
        PurchaseRequest,
        "finance:purchaserequest",
        "finance-api:purchaserequest",
        make=make,
        form_data=lambda s: {},
        api_data=lambda s: {},
        can={"view": set(FINANCE_READERS) | set(OWN_REQUESTERS)},
        actions=frozenset({"list", "detail"}),
    )


RESOURCES = {"purchaserequest": request_resource}


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in ALL_ROLES if r != Role.DISTRICT])
def test_role_access_and_school_isolation(role, school, other_school, make_user):
    user = make_user(role)
    mismatches = check_role(
        request_resource(user), role, school=school, other_school=other_school, user=user
    )
    assert mismatches == {}, f"purchase request as {role}: (got, wanted) {mismatches}"


@pytest.mark.django_db
def test_district_viewer_reads_its_schools_only(school, other_school):
    viewer = UserFactory(school=None, roles=[Role.DISTRICT])
    viewer.district_schools.add(school)
    mismatches = check_role(
        request_resource(viewer),
        Role.DISTRICT,
        school=school,
        other_school=other_school,
        user=viewer,
    )
    assert mismatches == {}, f"purchase request as district viewer: {mismatches}"


def _listed(user, url_name="finance:purchaserequest_list") -> set[int]:
    client = Client()
    client.force_login(user)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    return {pk for pk, _values in response.context["rows"]}


def _api_ids(user) -> set[int]:
    client = APIClient()
    client.force_authenticate(user)
    body = client.get(reverse("finance-api:purchaserequest-list"), {"page_size": 500}).json()
    return {row["id"] for row in body["results"]}


@pytest.mark.django_db
def test_who_sees_which_request(school):
    crew = office(school)
    line = line_of(school)
    colleague = UserFactory(school=school, roles=[Role.TEACHER])  # another department
    mine = request_of(school, requester=crew["teacher"], line=line)
    theirs = request_of(school, requester=colleague, line=line)
    waiting = request_of(school, requester=colleague, line=line)
    PurchaseRequest.objects.filter(pk=waiting.pk).update(
        status=RequestStatus.PENDING,
        level=ApprovalLevel.PRINCIPAL,
        levels=["director", "principal"],
    )
    everything = {mine.pk, theirs.pk, waiting.pk}
    assert _listed(crew["teacher"]) == _api_ids(crew["teacher"]) == {mine.pk}
    assert _listed(crew["acceptor1"]) == set()  # same department, not its head
    assert _listed(crew["head"]) == _api_ids(crew["head"]) == {mine.pk}  # the department's
    for reader in ("director", "principal", "admin", "logistics"):
        assert _listed(crew[reader]) == _api_ids(crew[reader]) == everything, reader
    # A colleague's request is not there for a teacher (404), page and API alike.
    client = Client()
    client.force_login(crew["teacher"])
    assert client.get(theirs.get_absolute_url()).status_code == 404
    api = APIClient()
    api.force_authenticate(crew["teacher"])
    assert api.get(f"/api/v1/finance/requests/{theirs.pk}/").status_code == 404


@pytest.mark.django_db
def test_an_approver_sees_what_waits_for_them(school):
    crew = office(school)
    vice = UserFactory(school=school, roles=[Role.PRINCIPAL])
    line = line_of(school, amount="90000")
    colleague = UserFactory(school=school, roles=[Role.TEACHER])
    waiting = request_of(school, requester=colleague, line=line)
    PurchaseRequest.objects.filter(pk=waiting.pk).update(
        status=RequestStatus.PENDING,
        level=ApprovalLevel.PRINCIPAL,
        levels=["director", "principal"],
    )
    assert _listed(vice, "finance:approvals_inbox") == {waiting.pk}
    assert _listed(crew["director"], "finance:approvals_inbox") == set()
    assert _listed(crew["teacher"], "finance:approvals_inbox") == set()
