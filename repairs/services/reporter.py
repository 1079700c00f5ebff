"""The reporter's steps (confirm and rate, reopen) and auto-confirmation (see repairs.workflow)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assets import services as asset_services
from core import access
from core.models import User
from core.workflow import Effect, Notice, TransitionRefused
from repairs.models import RepairRequest
from repairs.services.common import settings_for
from repairs.sla import Calendar
from repairs.workflow import REPAIR_WORKFLOW


# ---- the reporter ----
@transaction.atomic
def repair_request_confirm(
    *, request: RepairRequest, actor: User, rating: int, comment: str = ""
) -> RepairRequest:
    """The reporter confirms the repair and rates it 1–5 (with an optional comment)."""
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError(_("The rating must be a whole number from 1 to 5."), code="rating")

    def apply(row: RepairRequest) -> Effect:
        row.rating = rating
        row.rating_comment = (comment or "").strip()
        row.confirmed_at = timezone.now()
        return Effect(
            note=f"{rating}/5 {row.rating_comment}".strip(),
            notices=[
                Notice(
                    [row.owner, row.assignee],
                    _("Repair %(number)s confirmed, rated %(rating)s/5")
                    % {"number": row.number, "rating": rating},
                    row.rating_comment,
                )
            ],
        )

    return REPAIR_WORKFLOW.run("confirm", row=request, actor=actor, apply=apply)


def _check_reopen_window(row: RepairRequest) -> None:
    window = settings_for(row.school).reopen_days
    if row.finished_at and timezone.now() > row.finished_at + dt.timedelta(days=window):
        raise TransitionRefused(
            _(
                "A request can be reopened within %(days)s days of the repair; please file a new one."
            )
            % {"days": window},
            code="reopen_window",
            status_code=409,
        )


@transaction.atomic
def repair_request_reopen(*, request: RepairRequest, actor: User, reason: str) -> RepairRequest:
    """The fault came back: the reporter reopens the request within the school's reopen window."""
    if not reason or not reason.strip():
        raise ValidationError(_("Say what is still wrong."), code="reason")

    def apply(row: RepairRequest) -> Effect:
        _check_reopen_window(row)
        row.reopened_count += 1
        row.confirmed_at = None
        row.auto_confirmed = False
        row.rating = None
        row.rating_comment = ""
        row.finished_at = None
        row.finish_warned_at = row.finish_breached_at = None
        rules = settings_for(row.school)
        row.finish_due_at = Calendar.for_school(row.school, rules).end_of_working_day(
            timezone.now(), rules.finish_days(row.priority)
        )
        row.finish_working_hours = None  # the finish is undone; stored again when done again
        if row.asset is not None:
            asset_services.asset_send_to_repair(
                asset=row.asset,
                actor=actor,
                reason=_("Repair request %s reopened") % row.number,
            )
        return Effect(
            note=reason.strip(),
            notices=[
                Notice(
                    [row.owner, row.assignee],
                    _("Repair request %(number)s was reopened") % {"number": row.number},
                    reason,
                )
            ],
        )

    return REPAIR_WORKFLOW.run("reopen", row=request, actor=actor, apply=apply)


def repair_request_auto_confirm(*, request: RepairRequest) -> RepairRequest | None:
    """Confirm a request left 'done' past the school's limit (no rating). None if it moved on."""

    def apply(row: RepairRequest) -> Effect:
        row.confirmed_at = timezone.now()
        row.auto_confirmed = True
        return Effect()

    try:
        return REPAIR_WORKFLOW.run(
            "auto_confirm", row=request, actor=None, apply=apply, system=True
        )
    except TransitionRefused:
        return None


def can_dispatch(user: User) -> bool:
    return access.can(user, RepairRequest, "dispatch")
