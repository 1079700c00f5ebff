"""How hazards are set up for the tests generated from safety.workflow."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from core.choices import Role
from safety.choices import HazardStatus
from safety.models import Hazard
from safety.workflow import HAZARD_WORKFLOW
from tests.factories import UserFactory
from tests.repairs.factories import file_request
from tests.safety.factories import HazardFactory, room_of
from tests.workflow_cases import Scenario

CREWS: dict[int, dict] = {}
H = HazardStatus


def build(school, status: str) -> Hazard:
    crew = {
        "finder": UserFactory(school=school, roles=[Role.TEACHER]),
        "logistics": UserFactory(school=school, roles=[Role.LOGISTICS]),
        "director": UserFactory(school=school, roles=[Role.DIRECTOR]),
    }
    hazard = HazardFactory(school=school, found_by=crew["finder"], room=room_of(school))
    now, fields = timezone.now(), {"status": status}
    if status != H.FOUND:
        fields.update(
            responsible=crew["logistics"],
            deadline=timezone.localdate() + dt.timedelta(days=7),
            reported_at=now,
        )
    if status in (H.HANDLED, H.ACCEPTED):
        fields.update(handler=crew["logistics"], handled_at=now, handling_note="已处理")
    if status == H.ACCEPTED:
        fields.update(accepted_by=crew["director"], accepted_at=now)
    Hazard.objects.filter(pk=hazard.pk).update(**fields)
    CREWS[hazard.pk] = crew
    return Hazard.objects.get(pk=hazard.pk)


def actor(hazard, step):
    crew = CREWS[hazard.pk]
    if step.name == "escalate":
        return crew["finder"]
    if step.name in ("handle", "open_repair"):
        return crew["logistics"]
    return crew["director"]


def body(hazard, step) -> dict:
    crew = CREWS[hazard.pk]
    deadline = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    return {
        "assign": {"responsible": crew["logistics"].pk, "deadline": deadline},
        "handle": {"note": "已更换限位器"},
        "reject": {"reason": "需要更换配件"},
        "open_repair": {"category": "building", "urgency": "normal"},
    }.get(step.name, {})


def html(hazard, step, data: dict) -> tuple[str, dict]:
    return reverse("safety:hazard_step", args=[hazard.pk, step.html_slug]), data


def _handled_by(hazard, step):
    director = UserFactory(school=hazard.school, roles=[Role.DIRECTOR])
    Hazard.objects.filter(pk=hazard.pk).update(handler=director)
    return director


def _repair_already_open(hazard, step):
    crew = CREWS[hazard.pk]
    request = file_request(hazard.school, crew["finder"])
    Hazard.objects.filter(pk=hazard.pk).update(repair_request=request)
    return crew["logistics"]


SCENARIO = Scenario(
    name="hazards",
    workflow=HAZARD_WORKFLOW,
    api_base="/api/v1/safety/hazards/",
    build=build,
    actor=actor,
    body=body,
    html=html,
    breakers={
        "not_finder": lambda hazard, step: CREWS[hazard.pk]["logistics"],
        "not_responsible": lambda hazard, step: CREWS[hazard.pk]["finder"],
        "own_handling": _handled_by,
        "already_linked": _repair_already_open,
    },
)
