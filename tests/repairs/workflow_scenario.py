"""How repair requests are set up for the tests generated from repairs.workflow."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from core.choices import Role
from repairs.choices import Status
from repairs.models import RepairRequest
from repairs.workflow import REPAIR_WORKFLOW
from tests.factories import UserFactory
from tests.repairs.factories import file_request, people
from tests.workflow_cases import Scenario

CREWS: dict[int, dict] = {}  # row pk -> the people of its story

OWNED = {Status.ACCEPTED, Status.ASSIGNED, Status.IN_PROGRESS, Status.DONE, Status.CONFIRMED}
ASSIGNED = {Status.ASSIGNED, Status.IN_PROGRESS, Status.DONE, Status.CONFIRMED, Status.REOPENED}


def build(school, status: str) -> RepairRequest:
    crew = people(school)
    request = file_request(school, crew["teacher"])
    fields: dict = {"status": status}
    if status in OWNED | {Status.REOPENED, Status.REJECTED, Status.DUPLICATE}:
        fields["owner"] = crew["logistics"]
    if status in ASSIGNED:
        fields["assignee"] = crew["worker"]
    if status in (Status.DONE, Status.CONFIRMED):
        fields["finished_at"] = timezone.now()
    if status == Status.REJECTED:
        fields["reject_reason"] = "不属于维修范围"
    if status == Status.DUPLICATE:
        fields["duplicate_of"] = file_request(school, crew["teacher"])
    RepairRequest.objects.filter(pk=request.pk).update(**fields)
    crew["original"] = file_request(school, crew["teacher"])
    crew["colleague"] = UserFactory(school=school, roles=[Role.LOGISTICS])
    CREWS[request.pk] = crew
    return RepairRequest.objects.get(pk=request.pk)


def actor(request, step):
    crew = CREWS[request.pk]
    if step.action == "dispatch":
        return crew["logistics"]
    if step.action == "work":
        return crew["worker"]
    return crew["teacher"]


BODIES = {
    "assign": lambda crew: {"assignee": crew["worker"].pk},
    "hand_over": lambda crew: {"new_owner": crew["colleague"].pk},
    "reject": lambda crew: {"reason": "不属于维修范围"},
    "duplicate": lambda crew: {"original": crew["original"].pk},
    "work": lambda crew: {"description": "更换灯管", "minutes": 30},
    "confirm": lambda crew: {"rating": 5},
    "reopen": lambda crew: {"reason": "又坏了"},
}


def body(request, step) -> dict:
    make = BODIES.get(step.name)
    return make(CREWS[request.pk]) if make else {}


def html(request, step, data: dict) -> tuple[str, dict]:
    data = dict(data)
    if step.name == "duplicate":  # the page asks for the original's number
        data["original"] = CREWS[request.pk]["original"].number
    if step.name == "work":
        data["photo_kind"] = "after"
    url = reverse("repairs:request_step", args=[request.pk, step.html_slug])
    return url, {f"{step.name}-{key}": value for key, value in data.items()}


def _worker_who_filed_it(request, step):
    # A worker sees a request they filed (a phone call) without being its assignee.
    worker = UserFactory(school=request.school, roles=[Role.WORKER])
    RepairRequest.objects.filter(pk=request.pk).update(filed_by=worker)
    return worker


def _unassigned(request, step):
    RepairRequest.objects.filter(pk=request.pk).update(assignee=None)
    return CREWS[request.pk]["logistics"]


SCENARIO = Scenario(
    name="repairs",
    workflow=REPAIR_WORKFLOW,
    api_base="/api/v1/repairs/requests/",
    build=build,
    actor=actor,
    body=body,
    html=html,
    breakers={
        "not_assignee": _worker_who_filed_it,
        "not_reporter": lambda request, step: CREWS[request.pk]["logistics"],
        "not_owner": lambda request, step: CREWS[request.pk]["colleague"],
        "not_assigned": _unassigned,
    },
)
