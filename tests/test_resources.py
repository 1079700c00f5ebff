"""Tests generated from the resource declarations: a module gets them by declaring, not by writing.

The declarations are the test-side `Resource` entries of every app (tests/access_matrix.py:
how to make a record, a valid form post and API body, which roles may do what) and the app-side
`core.resources.REGISTRY` (fields, views, viewset, menu). For every declared resource:
- create and change, through the page and the API, each leave an audit entry (django-auditlog);
- an edit really changes the row (read back from the database, field by field);
- the list page and the API list run as many queries for six rows as for one;
- the list's export writes `=HYPERLINK(...)` typed into a text field as text, never a formula;
- a role that reads only its own rows does not see a colleague's row of the same school;
and every model with an `Access` rule is declared (or named below with the reason it is not).
The role × action × school matrix itself runs in each app's tests/<app>/test_access.py.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections.abc import Callable

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core import navigation, resources
from core.choices import Role
from core.tables import field_at
from tests.access_matrix import Resource
from tests.assets import test_access as assets_access
from tests.canteen import test_access_acceptance as canteen_acceptance_access
from tests.canteen import test_access_hygiene as canteen_hygiene_access
from tests.canteen import test_access_menus as canteen_menus_access
from tests.canteen import test_access_samples as canteen_samples_access
from tests.core import test_places_access as core_access
from tests.factories import UserFactory
from tests.finance import test_access_budget as finance_budget_access
from tests.finance import test_access_delivery as finance_delivery_access
from tests.finance import test_access_purchasing as finance_purchasing_access
from tests.finance import test_access_requests as finance_requests_access
from tests.finance import test_access_suppliers as finance_suppliers_access
from tests.helpers import count_queries
from tests.planning import test_calendar_access as planning_calendar_access
from tests.repairs import test_access as repairs_access
from tests.safety import test_access as safety_access

Spec = Callable[[object], Resource]  # the acting user (or None) → that user's view of the resource


def _fixed(resource: Resource) -> Spec:
    return lambda _user: resource


def _acting(resource: Resource) -> Spec:
    """Safety's records that belong to someone (a hazard's finder) read the acting user here."""

    def spec(user):
        safety_access.ACTING["user"] = user
        return resource

    return spec


def _collect() -> dict[str, Spec]:
    specs: dict[str, Spec] = {}
    for source, wrap in (
        (core_access.RESOURCES, _fixed),
        (safety_access.RESOURCES, _acting),
        (assets_access.RESOURCES, None),
        (canteen_menus_access.RESOURCES, _fixed),
        (canteen_samples_access.RESOURCES, _fixed),
        (repairs_access.RESOURCES, None),
        (canteen_acceptance_access.RESOURCES, _fixed),
        (canteen_hygiene_access.RESOURCES, _fixed),
        (finance_purchasing_access.RESOURCES, None),
        (finance_budget_access.RESOURCES, _fixed),
        (finance_requests_access.RESOURCES, None),
        (planning_calendar_access.RESOURCES, None),
        (finance_delivery_access.RESOURCES, None),
        (finance_suppliers_access.RESOURCES, _fixed),
    ):
        for entry in source.values():
            spec = wrap(entry) if wrap is not None else entry
            specs[spec(None).model._meta.label] = spec
    return specs


SPECS = _collect()
# Models with an Access rule that are not plain records: reached only through another record's
# page or a workflow step, or one row per school. Each needs a reason; anything else is declared.
NOT_RESOURCES = {
    "assets.AssetSettings": "one settings row per school, edited on its own page",
    "assets.AssetMovement": "read-only log written by asset services (tests/assets/test_access.py)",
    "assets.StockSlip": "written by the stock services only",
    "assets.DisposalRequest": "a workflow: its steps are tested from the workflow declaration",
    "assets.Stocktake": "a workflow started and confirmed by services (test_access.py)",
    "assets.StocktakeLine": "a line of a stocktake, answered on the stocktake's pages",
    "assets.PropertyCheck": "a check of an asset, recorded from the asset's page",
    "assets.Compensation": "recorded from the asset's page by a service",
    "assets.AssetAttachment": "a file of an asset, uploaded on the asset's page",
    "safety.InspectionTask": "generated rounds, answered through their own pages",
    "safety.InspectionAnswer": "one answer per round item, written by the round's service",
    "safety.FireCheck": "a check of a piece of equipment, recorded from its page",
    "repairs.RepairSettings": "one settings row per school, edited on its own page",
    "finance.FinanceSettings": "one settings row per school, edited on its own page",
    "finance.BudgetMovement": "read-only log written by the budget services",
    "repairs.PublicRepairRequest": "proxy of RepairRequest: the public room status board",
    "repairs.RepairJob": "proxy of RepairRequest: the worker's queue",
    "repairs.RepairEvent": "the timeline of a request, written by its workflow",
    "repairs.WorkRecord": "a request's work log, written by its workflow",
    "repairs.RepairPhoto": "a request's photos, uploaded with it",
    "core.User": "accounts are managed in the admin",
    "core.MonthlyReport": "made by the monthly job; read and regenerated on the reports page",
    "core.Robot": "webhook secrets: its own Crud masks them (tests/core/test_robots.py)",
    "canteen.CanteenSettings": "one settings row per school, edited on its own page",
    "finance.PurchaseItem": "a request's items, written with the request by its services",
    "finance.RequestAttachment": "a request's documents, uploaded with the request",
    "finance.Approval": "the decisions of a request, written by its workflow only",
    "canteen.SampleFlag": "written only by the sample check task; listed read-only",
    "canteen.MenuEntry": "a dish of a menu, added and removed on the menu's editor by a service",
    "canteen.DeliveryLine": "a line of a delivery, recorded with it by the acceptance service",
    "canteen.DeliveryDocument": "a certificate or invoice of a delivery, uploaded with it",
    "canteen.HygieneFlag": "written by the daily hygiene check only; a read-only list",
    "planning.Survey": "drafted, sent and closed through its services (tests/planning/test_surveys_*)",
    "planning.SurveyResults": "proxy of Survey: who reads the aggregated results",
    "planning.SurveyQuestion": "a question of a draft, edited on the survey's page by a service",
    "planning.SurveyInvitation": "written by sending; each person reads only their own",
    "planning.SurveyResponse": "anonymous: readable by nobody as rows (only aggregates)",
    "planning.SurveyAnswer": "anonymous: readable by nobody as rows (only aggregates)",
    "finance.AcceptanceLine": "a line of an acceptance, recorded with it by the accept step",
    "finance.ExcessApproval": "one per request, given on the request's delivery panel",
    "planning.Plan": "a workflow (own = approved plans, not own rows): tests/planning/test_access_plans.py",
    "planning.PlanArea": "a part of a plan, added on the plan's page through its rules",
    "planning.Goal": "a part of a plan, added and changed on the plan's page through its rules",
    "planning.Kpi": "a part of a plan, added and changed on the plan's page through its rules",
    "planning.KpiValue": "a manual KPI's value with evidence, entered on the plan's page",
    "planning.KpiSnapshot": "written only by the monthly snapshot task",
    "planning.Milestone": "a part of a plan; listed read-only, done on the plan's page",
    "planning.PlanRevision": "the record of a change of an approved plan, written by its service",
}
PAYLOAD = '=HYPERLINK("x")'
SEQ = itertools.count(1)
WRITES = [label for label, spec in SPECS.items() if "add" in spec(None).actions]
API_WRITES = [label for label in WRITES if SPECS[label](None).api_prefix is not None]


@pytest.fixture(autouse=True)
def _forget_acting_user():
    yield
    safety_access.ACTING.clear()


def _role(spec: Spec, *actions: str) -> str:
    """A role allowed every one of `actions` that reads all rows of its school (not only its own)."""
    resource = spec(None)
    allowed = set.intersection(*(set(resource.can.get(a, set())) for a in actions))
    candidates = sorted(allowed - _own_only(resource.model) - {Role.DISTRICT})
    assert candidates, f"{resource.model.__name__}: no role may {actions}"
    return candidates[0]


def _own_only(model) -> set[str]:
    """Roles that read only their own rows (not also every row, as a reader or manager)."""
    rule = model.access
    return set(rule.own) - set(rule.view) - set(rule.manage)


def _user(school, role):
    return UserFactory(school=school, roles=[role])


def _clients(user) -> tuple[Client, APIClient]:
    client, api = Client(), APIClient()
    client.force_login(user)
    api.force_authenticate(user)
    return client, api


def _audited(model, pk, action) -> bool:
    record = model._default_manager.get(pk=pk)
    return LogEntry.objects.get_for_object(record).filter(action=action).exists()


def _stored(model, pk, posted: dict) -> dict:
    """For each posted field: (value in the database, value the post asked for)."""
    fresh = model._default_manager.get(pk=pk)
    pairs = {}
    for name, value in posted.items():
        field = model._meta.get_field(name)
        if field.many_to_many:
            wanted = value if isinstance(value, list | tuple) else [value]
            pairs[name] = (
                set(getattr(fresh, name).values_list("pk", flat=True)),
                {int(v) for v in wanted},
            )
        else:
            pairs[name] = (getattr(fresh, field.attname), _python(field, value))
    return pairs


def _python(field, value):
    value = field.to_python(value)
    if isinstance(value, dt.datetime) and timezone.is_naive(value):
        value = timezone.make_aware(value)  # a form's local time
    return value


def _assert_really_changed(model, pk, before: dict, posted: dict) -> None:
    after = _stored(model, pk, posted)
    assert {k: v for k, v in after.items() if v[0] != v[1]} == {}, "saved ≠ posted"
    assert any(before[k][0] != after[k][0] for k in posted), f"{posted} changed nothing"


@pytest.mark.django_db
@pytest.mark.parametrize("label", WRITES)
def test_page_create_and_edit_are_audited_and_edit_changes_the_row(label, school):
    spec = SPECS[label]
    user = _user(school, _role(spec, "add", "change"))
    resource = spec(user)
    model, name = resource.model, resource.url_prefix
    client, _api = _clients(user)
    before = set(model._default_manager.values_list("pk", flat=True))
    response = client.post(reverse(f"{name}_add"), resource.form_data(school))
    assert response.status_code == 302, response.content[:400]
    (created,) = set(model._default_manager.values_list("pk", flat=True)) - before
    assert _audited(model, created, LogEntry.Action.CREATE)

    mine = resource.make(school)
    form_class = resolve(reverse(f"{name}_edit", args=[mine.pk])).func.view_class.form_class
    editable = form_class(instance=mine, user=user).fields  # an edit may lock some (ledger facts)
    posted = {k: v for k, v in resource.form_data(school).items() if k in editable}
    snapshot = _stored(model, mine.pk, posted)
    response = client.post(reverse(f"{name}_edit", args=[mine.pk]), posted)
    assert response.status_code == 302, response.content[:400]
    _assert_really_changed(model, mine.pk, snapshot, posted)
    assert _audited(model, mine.pk, LogEntry.Action.UPDATE)


@pytest.mark.django_db
@pytest.mark.parametrize("label", API_WRITES)
def test_api_create_and_update_are_audited_and_update_changes_the_row(label, school):
    spec = SPECS[label]
    user = _user(school, _role(spec, "add", "change"))
    resource = spec(user)
    model, name = resource.model, resource.api_prefix
    _client, api = _clients(user)
    response = api.post(reverse(f"{name}-list"), resource.api_data(school), format="json")
    assert response.status_code == 201, response.content[:400]
    assert _audited(model, response.json()["id"], LogEntry.Action.CREATE)

    mine = resource.make(school)
    body = resource.api_data(school)
    viewset = resolve(reverse(f"{name}-detail", args=[mine.pk])).func.cls
    fixed = viewset.serializer_class.locked  # an update ignores them (tested below)
    writable = {
        k for k, f in viewset.serializer_class().fields.items() if not (f.read_only or k in fixed)
    }
    body = {k: v for k, v in body.items() if k in writable}
    snapshot = _stored(model, mine.pk, body)
    response = api.patch(reverse(f"{name}-detail", args=[mine.pk]), body, format="json")
    assert response.status_code == 200, response.content[:400]
    _assert_really_changed(model, mine.pk, snapshot, body)
    assert _audited(model, mine.pk, LogEntry.Action.UPDATE)


LOCKED = [label for label, declared in resources.REGISTRY.items() if declared.locked]


@pytest.mark.django_db
@pytest.mark.parametrize("label", LOCKED)
def test_locked_fields_are_not_edited_after_creation_neither_on_the_page_nor_by_the_api(
    label, school
):
    """Fields fixed once the record exists (an asset's code, price, place, holder) are on the add
    form, left out of the edit form, and an API update that sends them changes nothing of them."""
    declared, spec = resources.REGISTRY[label], SPECS[label]
    user = _user(school, _role(spec, "add", "change"))
    resource = spec(user)
    mine = resource.make(school)
    assert set(declared.locked) <= set(declared.form(user=user).fields)
    assert not set(declared.locked) & set(declared.form(instance=mine, user=user).fields)
    body = {k: v for k, v in resource.api_data(school).items() if k in declared.locked}
    before = _stored(resource.model, mine.pk, body)
    assert any(stored != wanted for stored, wanted in before.values()), "the body changes nothing"
    _client, api = _clients(user)
    url = reverse(f"{resource.api_prefix}-detail", args=[mine.pk])
    assert api.patch(url, body, format="json").status_code == 200
    assert _stored(resource.model, mine.pk, body) == before


@pytest.mark.django_db
@pytest.mark.parametrize("label", SPECS)
def test_list_and_api_run_as_many_queries_for_six_rows_as_for_one(label, school):
    spec = SPECS[label]
    user = _user(school, _role(spec, "view"))
    resource = spec(user)
    client, api = _clients(user)
    urls = [(client, reverse(f"{resource.url_prefix}_list"))]
    if resource.api_prefix is not None:
        urls.append((api, _api_list(resource)))
    resource.make(school)
    for who, url in urls:
        count_queries(who, url)  # warm caches (content types, sessions) before measuring
    few = [count_queries(who, url) for who, url in urls]
    for _ in range(5):
        resource.make(school)
    assert [count_queries(who, url) for who, url in urls] == few


def _api_list(resource: Resource) -> str:
    return reverse(f"{resource.api_prefix}-list")


def _type_into(resource: Resource, record) -> None:
    """Put the payload into the record's first free-text list column (no choices, long enough),
    directly, as an import or an old row may hold it; a column may be a related record's."""
    view = resolve(reverse(f"{resource.url_prefix}_list")).func.view_class
    for column in view.table_class.columns:
        field = field_at(resource.model, column.path)
        target = _holder(record, column.path)
        if (
            target is not None
            and isinstance(field, models.CharField | models.TextField)
            and not field.choices
            and (field.max_length or len(PAYLOAD)) >= len(PAYLOAD)
        ):
            manager = type(target)._default_manager
            manager.filter(pk=target.pk).update(**{field.name: PAYLOAD})
            return
    raise AssertionError(f"{resource.model.__name__}'s list has no free-text column")


def _holder(record, path: str):
    """The record holding the last field of `path` (None past an empty relation)."""
    target = record
    for hop in path.split("__")[:-1]:
        target = getattr(target, hop, None)
        if target is None or not isinstance(target, models.Model):
            return None
    return target


@pytest.mark.django_db
@pytest.mark.parametrize("label", SPECS)
def test_the_list_export_writes_a_formula_typed_into_a_text_field_as_text(label, school):
    spec = SPECS[label]
    user = _user(school, _role(spec, "view"))
    resource = spec(user)
    _type_into(resource, resource.make(school))
    client, _api = _clients(user)
    response = client.get(reverse(f"{resource.url_prefix}_list"), {"export": "xlsx"})
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [cell for row in book.active.iter_rows() for cell in row if cell.value == PAYLOAD]
    assert cells, "the payload is not in the export"
    assert {cell.data_type for cell in cells} == {"s"}  # "f" would be a live formula


OWN = [label for label, spec in SPECS.items() if spec(None).model.access.own]


@pytest.mark.django_db
@pytest.mark.parametrize("label", OWN)
def test_a_role_reading_its_own_rows_never_sees_a_colleagues(label, school):
    model = SPECS[label](None).model
    roles = sorted(_own_only(model) & set(SPECS[label](None).can["view"]))
    assert roles, f"{label}: no role reads only its own rows"
    for role in roles:
        user, colleague = _user(school, role), _user(school, role)
        theirs = SPECS[label](colleague).make(school)  # the colleague's own row
        mine = SPECS[label](user).make(school)
        resource = SPECS[label](user)
        client, api = _clients(user)
        listed = {
            pk for pk, _v in client.get(reverse(f"{resource.url_prefix}_list")).context["rows"]
        }
        ids = {
            row["id"] for row in api.get(_api_list(resource), {"page_size": 500}).json()["results"]
        }
        assert (mine.pk in listed, mine.pk in ids) == (True, True), role
        assert (theirs.pk in listed, theirs.pk in ids) == (False, False), role
        detail = reverse(f"{resource.url_prefix}_detail", args=[theirs.pk])
        assert client.get(detail).status_code == 404, role
        assert (
            api.get(reverse(f"{resource.api_prefix}-detail", args=[theirs.pk])).status_code == 404
        )


def test_every_model_with_an_access_rule_is_declared():
    """A new module cannot forget: declare a test Resource (tests/<app>/test_access.py, listed in
    _collect above) or say here why the model is not a plain record."""
    guarded = {m._meta.label for m in apps.get_models() if getattr(m, "access", None) is not None}
    declared = set(SPECS) | set(resources.REGISTRY) | set(NOT_RESOURCES)
    assert sorted(guarded - declared) == []
    assert sorted(set(NOT_RESOURCES) - guarded) == [], "stale entries in NOT_RESOURCES"
    assert sorted(set(resources.REGISTRY) - set(SPECS)) == [], "a Resource without test data"


MENU_ITEMS = {item.url_name: item for group in navigation.MENU for item in group.items}


@pytest.mark.parametrize("label", resources.REGISTRY)
def test_a_declared_resource_builds_every_piece_from_its_fields(label):
    declared = resources.REGISTRY[label]
    meta = declared.model._meta
    prefix = f"{meta.app_label}:{meta.model_name}"
    assert list(declared.form.base_fields) == declared.fields
    api_fields = set(declared.serializer().fields)
    assert set(declared.fields) - set(declared.page_only) <= api_fields
    assert not set(declared.page_only) & api_fields
    assert declared.form.locked == declared.locked == declared.serializer.locked
    for suffix, view in (
        ("list", declared.list),
        ("detail", declared.detail),
        ("add", declared.add),
        ("edit", declared.edit),
        ("delete", declared.delete),
    ):
        args = [] if suffix in ("list", "add") else [1]
        assert resolve(reverse(f"{prefix}_{suffix}", args=args)).func.view_class is view
    assert declared.detail.detail_fields == declared.show
    assert declared.add.form_class is declared.form is declared.edit.form_class
    if declared.api_prefix is not None:
        api = reverse(f"{meta.app_label}-api:{declared.api_basename}-list")
        assert resolve(api).func.cls is declared.viewset
    assert declared.viewset.serializer_class is declared.serializer
    if declared.menu is not None:
        item = MENU_ITEMS[f"{prefix}_list"]
        assert (item.label, item.model_label) == (declared.menu[1], meta.label)
        assert item.daily_for == declared.menu_daily_for


def test_overriding_a_generated_view_is_subclassing_and_keeps_the_declaration():
    from core.filters import CampusFilterSet
    from core.models import Campus
    from core.tables import CampusTable
    from core.views.generic import ObjectEditView

    class CampusEditView(ObjectEditView):
        template_name = "core/object_form.html"
        queryset = Campus.objects.filter(name__startswith="A")  # its own, not the declaration's
        audited_reason = True

    real = resources.REGISTRY["core.Campus"]
    try:
        declared = resources.Resource(
            model=Campus,
            fields=["name"],
            table=CampusTable,
            filterset=CampusFilterSet,
            url_prefix="places/campuses",
            views={"edit": CampusEditView},
        )
        assert issubclass(declared.edit, CampusEditView) and declared.edit.audited_reason
        assert declared.edit.form_class is declared.form and declared.edit.model is Campus
        assert declared.edit.queryset is CampusEditView.queryset
        assert declared.add.queryset is None  # not overridden: the declaration's (none)
        with pytest.raises(ValueError):
            resources.Resource(
                model=Campus,
                fields=["name"],
                table=CampusTable,
                filterset=CampusFilterSet,
                url_prefix="places/campuses",
                locked=["code"],  # not one of its fields
            )
        with pytest.raises(TypeError):
            resources.Resource(
                model=Campus,
                fields=["name"],
                table=CampusTable,
                filterset=CampusFilterSet,
                url_prefix="places/campuses",
                views={"list": CampusEditView},  # not a list view
            )
    finally:
        resources.REGISTRY["core.Campus"] = real
