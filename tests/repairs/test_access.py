"""Repair requests as a declared resource: list, detail and export by role, school isolation,
and own-row visibility. Requests are filed and moved through their workflow (tests/repairs/
test_services.py, test_views.py), so the generic add/edit/delete screens are not theirs."""

import pytest

from core.choices import Role
from repairs.models import FILERS, RepairRequest
from tests.access_matrix import ALL_ROLES, Resource, check_role
from tests.factories import UserFactory
from tests.repairs.factories import file_request

READERS = {Role.LOGISTICS, Role.DIRECTOR, Role.PRINCIPAL, Role.ADMIN, Role.DISTRICT}


def request_resource(user):
    """Filers (teachers, workers) read the requests they filed: the made records are theirs."""

    def make(school):
        if user is not None and user.school_id == school.pk and set(user.role_codes) & FILERS:
            reporter = user
        else:
            reporter = UserFactory(school=school, roles=[Role.TEACHER])
        return file_request(school, reporter)

    return Resource(
        RepairRequest,
        "repairs:repairrequest",
        "repairs-api:repairrequest",
        make=make,
        form_data=lambda s: {},
        api_data=lambda s: {},
        can={"view": READERS | set(FILERS)},
        actions=frozenset({"list", "detail"}),
    )


RESOURCES = {"repairrequest": request_resource}


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in ALL_ROLES if r != Role.DISTRICT])
def test_role_access_and_school_isolation(role, school, other_school, make_user):
    user = make_user(role)
    mismatches = check_role(
        request_resource(user), role, school=school, other_school=other_school, user=user
    )
    assert mismatches == {}, f"repair request as {role}: (got, wanted) {mismatches}"


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
    assert mismatches == {}, f"repair request as district viewer: {mismatches}"
