"""The reporter's steps (confirm and rate, reopen) and auto-confirmation."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assets import services as asset_services
from core import access
from core.models import User
from repairs.choices import Status
from repairs.models import (
    RepairRequest,
)
from repairs.services.common import (
    _check_from,
    _lock,
    _record,
    _require_reporter,
    _tell,
    settings_for,
)
from repairs.sla import Calendar


# ---- the reporter ----
@transaction.atomic
def repair_request_confirm(
    *, request: RepairRequest, actor: User, rating: int, comment: str = ""
) -> RepairRequest:
    """The reporter confirms the repair and rates it 1–5 (with an optional comment)."""
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError(_("The rating must be a whole number from 1 to 5."), code="rating")
    request = _lock(request)
    _require_reporter(actor, request)
    _check_from(request, "confirmed", {Status.DONE})
    before = request.status
    request.status = Status.CONFIRMED
    request.rating = rating
    request.rating_comment = (comment or "").strip()
    request.confirmed_at = timezone.now()
    request.save()
    _record(
        request,
        kind="confirmed",
        actor=actor,
        before=before,
        note=f"{rating}/5 {request.rating_comment}".strip(),
    )
    _tell(
        request,
        [request.owner, request.assignee],
        _("Repair %(number)s confirmed, rated %(rating)s/5")
        % {"number": request.number, "rating": rating},
        request.rating_comment,
    )
    return request


@transaction.atomic
def repair_request_reopen(*, request: RepairRequest, actor: User, reason: str) -> RepairRequest:
    """The fault came back: the reporter reopens the request within the school's reopen window."""
    if not reason or not reason.strip():
        raise ValidationError(_("Say what is still wrong."), code="reason")
    request = _lock(request)
    _require_reporter(actor, request)
    _check_from(request, "reopened", {Status.DONE, Status.CONFIRMED})
    window = settings_for(request.school).reopen_days
    if request.finished_at and timezone.now() > request.finished_at + dt.timedelta(days=window):
        raise ValidationError(
            _(
                "A request can be reopened within %(days)s days of the repair; please file a new one."
            )
            % {"days": window},
            code="reopen_window",
        )
    before = request.status
    request.status = Status.REOPENED
    request.reopened_count += 1
    request.confirmed_at = None
    request.auto_confirmed = False
    request.rating = None
    request.rating_comment = ""
    request.finished_at = None
    request.finish_warned_at = request.finish_breached_at = None
    rules = settings_for(request.school)
    request.finish_due_at = Calendar.for_school(request.school, rules).end_of_working_day(
        timezone.now(), rules.finish_days(request.priority)
    )
    request.save()
    if request.asset_id:
        asset_services.asset_send_to_repair(
            asset=request.asset,
            actor=actor,
            reason=_("Repair request %s reopened") % request.number,
        )
    _record(request, kind="reopened", actor=actor, before=before, note=reason.strip())
    _tell(
        request,
        [request.owner, request.assignee],
        _("Repair request %(number)s was reopened") % {"number": request.number},
        reason,
    )
    return request


@transaction.atomic
def repair_request_auto_confirm(*, request: RepairRequest) -> RepairRequest | None:
    """Confirm a request left 'done' past the school's limit (no rating). None if it moved on."""
    request = _lock(request)
    if request.status != Status.DONE:
        return None
    request.status = Status.CONFIRMED
    request.confirmed_at = timezone.now()
    request.auto_confirmed = True
    request.save()
    _record(request, kind="auto_confirmed", actor=None, before=Status.DONE)
    return request


def can_dispatch(user: User) -> bool:
    return access.can(user, RepairRequest, "dispatch")
