"""The worker's steps: start, work records with parts from stock, done (see repairs.workflow)."""

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
from core.workflow import Effect, Notice
from repairs import durations
from repairs.choices import PhotoKind
from repairs.models import RepairRequest, WorkRecord
from repairs.services.common import (
    _discard_photos,
    _return_asset,
    _save_photos,
    _store_photos,
    _validated_photos,
    settings_for,
)
from repairs.workflow import REPAIR_WORKFLOW, WORK


# ---- the work ----
@transaction.atomic
def repair_request_start(*, request: RepairRequest, actor: User, note: str = "") -> RepairRequest:
    """The assigned worker (or the office) starts the work: in progress from now."""

    def apply(row: RepairRequest) -> Effect:
        row.started_at = row.started_at or timezone.now()
        return Effect()

    return REPAIR_WORKFLOW.run("start", row=request, actor=actor, apply=apply, note=note)


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
    # Refused before any photo is written to storage.
    REPAIR_WORKFLOW.check(actor, RepairRequest.objects.get(pk=request.pk), WORK)
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
) -> WorkRecord:
    saved: list[WorkRecord] = []

    def apply(row: RepairRequest) -> Effect:
        slip = None
        parts_cost = Decimal("0")
        if parts:
            slip = asset_services.consumable_issue(
                school=row.school,
                actor=actor,
                lines=parts,
                recipient=actor,
                reason=_("Repair %(number)s") % {"number": row.number},
                reference=row.number,
            )
            parts_cost = sum(
                (line.quantity * line.unit_price for line in slip.lines.all()), Decimal("0")
            )
        record = WorkRecord.objects.create(
            request=row,
            school_id=row.school_id,
            worker=actor,
            description=description,
            minutes=minutes,
            cost=cost,
            parts_cost=parts_cost.quantize(Decimal("0.01")),
            stock_slip=slip,
        )
        _save_photos(row, photo_names, kind=photo_kind, actor=actor, work_record=record)
        saved.append(record)
        return Effect(note=description)

    REPAIR_WORKFLOW.run("work", row=request, actor=actor, apply=apply)
    return saved[0]


@transaction.atomic
def repair_request_record_work(
    *, request: RepairRequest, actor: User, finish: bool = False, **work
) -> RepairRequest:
    """The "record work" step of the page and the API: a work record, then done if `finish`."""
    work_record_add(request=request, actor=actor, **work)
    if finish:
        return repair_request_finish(request=request, actor=actor)
    return RepairRequest.objects.get(pk=request.pk)


@transaction.atomic
def repair_request_finish(*, request: RepairRequest, actor: User, note: str = "") -> RepairRequest:
    """Mark the work done: the asset comes back from repair and the reporter is asked to confirm."""

    def apply(row: RepairRequest) -> Effect:
        row.finished_at = timezone.now()
        row.started_at = row.started_at or row.finished_at
        durations.store(row, settings_for(row.school))
        _return_asset(row, actor)
        return Effect(
            notices=[
                Notice(
                    [row.reporter, row.owner],
                    _("Repair %(number)s is done: please confirm and rate it")
                    % {"number": row.number},
                    note,
                )
            ]
        )

    return REPAIR_WORKFLOW.run("finish", row=request, actor=actor, apply=apply, note=note)
