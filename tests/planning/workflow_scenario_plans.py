"""How three-year plans are set up for the tests generated from planning.workflow."""

from __future__ import annotations

from django.urls import reverse

from core.choices import Role
from planning.models import Plan
from planning.workflow import PLAN_WORKFLOW
from tests.factories import UserFactory
from tests.planning.factories_plans import full_plan
from tests.workflow_cases import Scenario

CREWS: dict[int, dict] = {}


def build(school, status: str) -> Plan:
    crew = {
        "director": UserFactory(school=school, roles=[Role.DIRECTOR]),
        "principal": UserFactory(school=school, roles=[Role.PRINCIPAL]),
    }
    fields = {"submitted_by": crew["director"]} if status != "draft" else {}
    plan = full_plan(school, status=status, **fields)
    CREWS[plan.pk] = crew
    return plan


def actor(plan, step):
    crew = CREWS[plan.pk]
    return crew["director"] if step.action == "submit" else crew["principal"]


def body(plan, step) -> dict:
    return {"comment": "安全领域的目标不够具体"} if step.name == "return_to_draft" else {}


def html(plan, step, data: dict) -> tuple[str, dict]:
    return reverse("planning:plan_step", args=[plan.pk, step.html_slug]), dict(data)


SCENARIO = Scenario(
    name="plans",
    workflow=PLAN_WORKFLOW,
    api_base="/api/v1/planning/plans/",
    build=build,
    actor=actor,
    body=body,
    html=html,
)
