"""How disposal requests are set up for the tests generated from assets.workflow."""

from __future__ import annotations

from django.urls import reverse

from assets.choices import AssetStatus
from assets.models import Asset, DisposalRequest
from assets.workflow import DISPOSAL_WORKFLOW
from core.choices import Role
from tests.factories import UserFactory
from tests.repairs.factories import AssetFactory
from tests.workflow_cases import Scenario

CREWS: dict[int, dict] = {}


def build(school, status: str) -> DisposalRequest:
    crew = {
        "logistics": UserFactory(school=school, roles=[Role.LOGISTICS]),
        "director": UserFactory(school=school, roles=[Role.DIRECTOR]),
    }
    asset = AssetFactory(school=school, status=AssetStatus.IDLE)
    request = DisposalRequest.objects.create(
        school=school,
        asset=asset,
        reason="主板烧毁",
        requested_by=crew["logistics"],
        status=status,
        decided_by=None if status == "pending" else crew["director"],
    )
    CREWS[request.pk] = crew
    return request


def _lent(request, step):
    Asset.objects.filter(pk=request.asset_id).update(status=AssetStatus.LENT)
    return CREWS[request.pk]["director"]


SCENARIO = Scenario(
    name="disposals",
    workflow=DISPOSAL_WORKFLOW,
    api_base="/api/v1/assets/disposals/",
    build=build,
    actor=lambda request, step: CREWS[request.pk]["director"],
    body=lambda request, step: {"note": "同意"},
    html=lambda request, step, data: (
        reverse("assets:disposalrequest_decide", args=[request.pk]),
        {**data, "decision": "approve" if step.name == "approve" else "reject"},
    ),
    breakers={"lent": _lent},
)
