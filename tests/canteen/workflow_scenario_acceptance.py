"""How meal-cost disclosures are set up for the tests generated from canteen.workflow_acceptance."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from canteen.models import CostDisclosure
from canteen.workflow_acceptance import DISCLOSURE_WORKFLOW
from core.choices import Role
from tests.factories import UserFactory
from tests.workflow_cases import Scenario

CREWS: dict[int, dict] = {}
MONTHS = iter(range(10_000))


def build(school, status: str) -> CostDisclosure:
    crew = {
        "manager": UserFactory(school=school, roles=[Role.CANTEEN_MANAGER]),
        "principal": UserFactory(school=school, roles=[Role.PRINCIPAL]),
    }
    n = next(MONTHS)
    disclosure = CostDisclosure.objects.create(
        school=school,
        month=dt.date(2020 + n // 12, n % 12 + 1, 1),
        status=status,
        drafted_by=crew["manager"],
        approved_by=crew["principal"] if status == "published" else None,
    )
    CREWS[disclosure.pk] = crew
    return disclosure


def _actor(row, step):
    return CREWS[row.pk]["manager" if step.name == "submit" else "principal"]


def _own_draft(row, step):
    """The principal who also runs the canteen drafted it: they may not approve it themselves."""
    both = UserFactory(school=row.school, roles=[Role.PRINCIPAL, Role.CANTEEN_MANAGER])
    CostDisclosure.objects.filter(pk=row.pk).update(drafted_by=both)
    return both


SCENARIO = Scenario(
    name="disclosures",
    workflow=DISCLOSURE_WORKFLOW,
    api_base="/api/v1/canteen/disclosures/",
    build=build,
    actor=_actor,
    body=lambda row, step: {"note": "已核对"},
    html=lambda row, step, data: (
        reverse("canteen:costdisclosure_step", args=[row.pk, step.html_slug]),
        data,
    ),
    breakers={"own_draft": _own_draft},
)
