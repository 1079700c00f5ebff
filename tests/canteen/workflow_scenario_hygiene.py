"""How 陪餐 records are set up for the tests generated from canteen.workflow_hygiene."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from canteen.models import AccompaniedMeal
from canteen.models.hygiene import ProblemStatus
from canteen.workflow_hygiene import MEAL_WORKFLOW
from core.choices import Role
from tests.canteen.factories_hygiene import MealFactory
from tests.factories import UserFactory
from tests.workflow_cases import Scenario

CREWS: dict[int, dict] = {}


def build(school, status: str) -> AccompaniedMeal:
    crew = {
        "principal": UserFactory(school=school, roles=[Role.PRINCIPAL]),
        "manager": UserFactory(school=school, roles=[Role.CANTEEN_MANAGER]),
    }
    meal = MealFactory(
        school=school, kind="leader", leader=crew["principal"], parent_name="", problems="饭菜偏凉"
    )
    fields: dict = {"status": status}
    if status == ProblemStatus.RESOLVED:
        fields.update(
            resolution="已加装保温台", resolved_by=crew["manager"], resolved_at=timezone.now()
        )
    if status == ProblemStatus.NONE:
        fields["problems"] = ""
    AccompaniedMeal.objects.filter(pk=meal.pk).update(**fields)
    CREWS[meal.pk] = crew
    return AccompaniedMeal.objects.get(pk=meal.pk)


SCENARIO = Scenario(
    name="peican",
    workflow=MEAL_WORKFLOW,
    api_base="/api/v1/canteen/accompanied-meals/",
    build=build,
    actor=lambda meal, step: CREWS[meal.pk]["manager"],
    body=lambda meal, step: {"note": "已加装保温台"},
    html=lambda meal, step, data: (
        reverse("canteen:accompaniedmeal_step", args=[meal.pk, step.html_slug]),
        data,
    ),
)
