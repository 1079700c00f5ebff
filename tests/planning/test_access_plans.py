"""Every role against the plans: the approved plan is read by everyone of the school (and the
district), a draft only by its writers (director, principal) and the admin; other schools'
plans by nobody. Plans are workflow records: created and changed through the plan page."""

import pytest

from core.choices import Role
from planning.choices_plans import PlanStatus
from planning.models import Plan
from tests.access_matrix import ALL_ROLES, Resource, check_role
from tests.factories import UserFactory
from tests.planning.factories_plans import full_plan

WRITERS_AND_ADMIN = {Role.DIRECTOR, Role.PRINCIPAL, Role.ADMIN}

RESOURCES = {
    "plan": Resource(
        Plan,
        "planning:plan",
        "planning-api:plan",
        make=lambda s: full_plan(s, status=PlanStatus.APPROVED),
        form_data=lambda s: {},
        api_data=lambda s: {},
        can={"view": set(ALL_ROLES)},
        actions=frozenset({"list", "detail"}),
    ),
}
# A draft: the same record, read only by those who write plans (and the admin).
DRAFTS = {
    "plan_draft": Resource(
        RESOURCES["plan"].model,
        "planning:plan",
        "planning-api:plan",
        make=lambda s: full_plan(s),
        form_data=lambda s: {},
        api_data=lambda s: {},
        can={"view": WRITERS_AND_ADMIN},
        actions=frozenset({"list", "detail"}),
    ),
}
EVERY = {**RESOURCES, **DRAFTS}


def _draft_expectations(mismatches: dict, role: str) -> dict:
    """A role that may not read drafts still opens the list (it reads approved plans): the list
    answers 200 without the draft, its detail is 404 (not there for it), not 403."""
    if role in WRITERS_AND_ADMIN:
        return mismatches
    expected = {
        "html list": (200, 403),
        "html detail": (404, 403),
        "html detail of other school": (404, 403),
        "api list": (200, 403),
        "api detail": (404, 403),
        "api detail of other school": (404, 403),
    }
    return {key: got for key, got in mismatches.items() if expected.get(key) != got}


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in ALL_ROLES if r != Role.DISTRICT])
@pytest.mark.parametrize("resource_name", EVERY)
def test_role_access_and_school_isolation(resource_name, role, school, other_school, make_user):
    user = make_user(role)
    mismatches = check_role(
        EVERY[resource_name], role, school=school, other_school=other_school, user=user
    )
    if resource_name in DRAFTS:
        mismatches = _draft_expectations(mismatches, role)
    assert mismatches == {}, f"{resource_name} as {role}: (got, wanted) {mismatches}"


@pytest.mark.django_db
@pytest.mark.parametrize("resource_name", EVERY)
def test_district_viewer_reads_approved_plans_of_its_schools(resource_name, school, other_school):
    viewer = UserFactory(school=None, roles=[Role.DISTRICT])
    viewer.district_schools.add(school)
    mismatches = check_role(
        EVERY[resource_name], Role.DISTRICT, school=school, other_school=other_school, user=viewer
    )
    if resource_name in DRAFTS:
        mismatches = _draft_expectations(mismatches, Role.DISTRICT)
    assert mismatches == {}, f"{resource_name} as district viewer: {mismatches}"
