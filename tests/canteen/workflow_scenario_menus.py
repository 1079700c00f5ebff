"""How weekly menus are set up for the tests generated from canteen.workflow."""

from __future__ import annotations

from django.urls import reverse

from canteen.models import WeeklyMenu
from canteen.workflow import MENU_WORKFLOW
from core.choices import Role
from tests.canteen.factories_menus import menu_with_dishes
from tests.factories import UserFactory
from tests.workflow_cases import Scenario

CREWS: dict[int, dict] = {}


def build(school, status: str) -> WeeklyMenu:
    crew = {
        "cook": UserFactory(school=school, roles=[Role.CANTEEN]),
        "manager": UserFactory(school=school, roles=[Role.CANTEEN_MANAGER]),
        "director": UserFactory(school=school, roles=[Role.DIRECTOR]),
    }
    fields = {"submitted_by": crew["cook"]} if status != "draft" else {}
    menu = menu_with_dishes(school, status=status, **fields)
    CREWS[menu.pk] = crew
    return menu


def actor(menu, step):
    crew = CREWS[menu.pk]
    return crew["cook"] if step.action == "submit" else crew["director"]


def body(menu, step) -> dict:
    return {"comment": "周三缺少蔬菜"} if step.name == "return_to_draft" else {}


def html(menu, step, data: dict) -> tuple[str, dict]:
    return reverse("canteen:weeklymenu_step", args=[menu.pk, step.html_slug]), dict(data)


def _the_submitter_approves(menu, step):
    manager = CREWS[menu.pk]["manager"]
    WeeklyMenu.objects.filter(pk=menu.pk).update(submitted_by=manager)
    return manager


SCENARIO = Scenario(
    name="menus",
    workflow=MENU_WORKFLOW,
    api_base="/api/v1/canteen/menus/",
    build=build,
    actor=actor,
    body=body,
    html=html,
    breakers={"own_submission": _the_submitter_approves},
)
