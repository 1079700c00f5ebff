"""The worker's steps: start, work records with parts from stock, done."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assets import services as asset_services
from assets.models import Consumable
from core.models import User
from repairs.choices import PhotoKind, Status
from repairs.models import (
    RepairRequest,
    WorkRecord,
)
from repairs.services.common import (
    _check_from,
    _discard_photos,
    _lock,
    _record,
    _require_worker,
    _return_asset,
    _save_photos,
    _store_photos,
    _tell,
    _validated_photos,
)


# ---- the work ----
@transaction.atomic
def repair_request_start(*, request: RepairRequest, actor: User, note: str = "") -> RepairRequest:
    request = _lock(request)
    _require_worker(actor, request)
    _check_from(request, "started", {Status.ASSIGNED, Status.REOPENED})
    if request.assignee_id is None:
        raise ValidationError(_("Assign the request first."), code="not_assigned")
    before = request.status
    request.status = Status.IN_PROGRESS
    request.started_at = request.started_at or timezone.now()
    request.save()
    _record(request, kind="started", actor=actor, before=before, note=note)
    return request


def work_record_add(
    *,
    request: RepairRequest,
    actor: User,
    description: str,
    minutes: int,
    cost: Decimal = Decimal("0"),
    parts: Sequence[tuple[Consumable, Decimal]] = (),
    photos: Sequence = (),
    photo_kind: str = PhotoKind.AFTER,
) -> WorkRecord:
    """Note work done. Parts are issued from consumable stock (which goes down); when any part
    is short, nothing is recorded and the stock is unchanged."""
    _require_worker(actor, RepairRequest.objects.get(pk=request.pk))
    if not description or not description.strip():
        raise ValidationError(_("Say what was done."), code="description")
    if not isinstance(minutes, int) or not 1 <= minutes <= 10000:
        raise ValidationError(_("Time spent must be between 1 and 10000 minutes."), code="minutes")
    cost = Decimal(cost or 0)
    if cost < 0:
        raise ValidationError(_("The cost cannot be negative."), code="cost")
    if photo_kind not in (PhotoKind.BEFORE, PhotoKind.AFTER):
        raise ValidationError(_("Unknown photo kind."), code="photo_kind")
    names = _store_photos(_validated_photos(photos))
    try:
        return _work_record_save(
            request=request,
            actor=actor,
            description=description.strip(),
            minutes=minutes,
            cost=cost,
            parts=[(item, Decimal(qty)) for item, qty in parts if qty],
            photo_names=names,
            photo_kind=photo_kind,
        )
    except BaseException:
        _discard_photos(names)
        raise


@transaction.atomic
def _work_record_save(
    *, request, actor, description, minutes, cost, parts, photo_names, photo_kind
):
    request = _lock(request)
    _require_worker(actor, request)
    _check_from(request, "work_recorded", {Status.ASSIGNED, Status.IN_PROGRESS, Status.REOPENED})
    slip = None
    parts_cost = Decimal("0")
    if parts:
        slip = asset_services.consumable_issue(
            school=request.school,
            actor=actor,
            lines=parts,
            recipient=actor,
            reason=_("Repair %(number)s") % {"number": request.number},
            reference=request.number,
        )
        parts_cost = sum(
            (line.quantity * line.unit_price for line in slip.lines.all()), Decimal("0")
        )
    record = WorkRecord.objects.create(
        request=request,
        school_id=request.school_id,
        worker=actor,
        description=description,
        minutes=minutes,
        cost=cost,
        parts_cost=parts_cost.quantize(Decimal("0.01")),
        stock_slip=slip,
    )
    _save_photos(request, photo_names, kind=photo_kind, actor=actor, work_record=record)
    _record(request, kind="work_recorded", actor=actor, before=request.status, note=description)
    return record


@transaction.atomic
def repair_request_finish(*, request: RepairRequest, actor: User, note: str = "") -> RepairRequest:
    """Mark the work done: the asset comes back from repair and the reporter is asked to confirm."""
    request = _lock(request)
    _require_worker(actor, request)
    _check_from(request, "done", {Status.ASSIGNED, Status.IN_PROGRESS, Status.REOPENED})
    before = request.status
    request.status = Status.DONE
    request.finished_at = timezone.now()
    request.started_at = request.started_at or request.finished_at
    request.save()
    _return_asset(request, actor)
    _record(request, kind="done", actor=actor, before=before, note=note)
    _tell(
        request,
        [request.reporter, request.owner],
        _("Repair %(number)s is done: please confirm and rate it") % {"number": request.number},
        note,
    )
    return request
