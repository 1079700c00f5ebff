"""Hazards (隐患): reporting and the workflow steps, with ``STEP_SERVICES`` for the step views."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import robots
from core.choices import Role
from core.models import User
from core.workflow import UNCHANGED, Effect, Notice
from safety.choices import (
    HazardStatus,
    Severity,
)
from safety.models import (
    Hazard,
)
from safety.services.common import _stored_photo, _tell_directors
from safety.workflow import HAZARD_WORKFLOW


@transaction.atomic
def hazard_report(
    *,
    school,
    reporter: User,
    description: str,
    severity: int = Severity.GENERAL,
    room=None,
    building=None,
    location_note: str = "",
    photo: UploadedFile | None = None,
) -> Hazard:
    """Anyone of the school reports a hazard directly; the director is notified."""
    if reporter.school_id != school.pk and not reporter.is_superuser:
        raise ValidationError(
            _("You can only report hazards of your own school."), code="forbidden"
        )
    if not description.strip():
        raise ValidationError(_("Describe the hazard."), code="description")
    if severity not in Severity.values:
        raise ValidationError(_("Choose a severity."), code="severity")
    hazard = Hazard(
        school=school,
        description=description.strip(),
        severity=severity,
        room=room,
        building=building,
        location_note=location_note,
        found_by=reporter,
    )
    stored = _stored_photo(photo)
    if stored is not None:
        hazard.photo.save(stored.name, stored, save=False)
    hazard.save()
    _tell_directors(hazard, _("Hazard reported: %(what)s") % {"what": hazard.description[:40]})
    if severity >= Severity.MAJOR:
        robots.announce(
            school=school,
            event="serious_hazard",
            title=_("%(severity)s hazard: %(what)s")
            % {"severity": hazard.get_severity_display(), "what": hazard.description[:40]},
            markdown=f"{hazard.place or hazard.location_note}：{hazard.description[:200]}",
            url=hazard.get_absolute_url(),
        )
    return hazard


@transaction.atomic
def hazard_escalate(*, hazard: Hazard, actor: User) -> Hazard:
    """上报: the finder (or the office) hands a found hazard on to the office."""

    def apply(row: Hazard) -> Effect:
        row.reported_at = timezone.now()
        return Effect()

    return HAZARD_WORKFLOW.run("escalate", row=hazard, actor=actor, apply=apply)


@transaction.atomic
def hazard_assign(
    *,
    hazard: Hazard,
    actor: User,
    responsible: User,
    deadline: dt.date,
    severity: int | None = None,
) -> Hazard:
    """The director names who deals with it and by when (a found hazard becomes reported).
    The same person and deadline again change, record and notify nothing."""
    if responsible.school_id != hazard.school_id or not responsible.is_active:
        raise ValidationError(_("Choose someone of this school."), code="responsible")
    if deadline < timezone.localdate():
        raise ValidationError(_("The deadline cannot be in the past."), code="deadline")

    def apply(row: Hazard):
        new_severity = severity if severity in Severity.values else row.severity
        if (row.status, row.responsible_id, row.deadline, row.severity) == (
            HazardStatus.REPORTED,
            responsible.pk,
            deadline,
            new_severity,
        ):
            return UNCHANGED
        row.responsible, row.deadline, row.severity = responsible, deadline, new_severity
        row.reported_at = row.reported_at or timezone.now()
        return Effect(
            data={"responsible": str(responsible), "deadline": str(deadline)},
            notices=[
                Notice(
                    [responsible],
                    _("A hazard to deal with by %(date)s") % {"date": deadline.isoformat()},
                    row.description,
                )
            ],
        )

    return HAZARD_WORKFLOW.run("assign", row=hazard, actor=actor, apply=apply)


@transaction.atomic
def hazard_handle(
    *, hazard: Hazard, actor: User, note: str, photo: UploadedFile | None = None
) -> Hazard:
    """处理: the responsible person (or the office) records what was done."""
    if not (note or "").strip():
        raise ValidationError(_("Say what was done."), code="note_required")
    # Refused before the photo is stored (the row as it is now, not as the caller last read it).
    HAZARD_WORKFLOW.check(actor, Hazard.objects.get(pk=hazard.pk), "handle")
    stored = _stored_photo(photo)

    def apply(row: Hazard) -> Effect:
        if stored is not None:
            row.handling_photo.save(stored.name, stored, save=False)
        row.handler, row.handled_at = actor, timezone.now()
        row.handling_note = note.strip()
        return Effect(notices=[_directors_notice(row)])

    return HAZARD_WORKFLOW.run("handle", row=hazard, actor=actor, apply=apply)


def _directors_notice(hazard: Hazard) -> Notice:
    directors = User.objects.filter(
        school_id=hazard.school_id, user_roles__role=Role.DIRECTOR, is_active=True
    )
    return Notice(
        list(directors), _("Hazard handled, waiting for acceptance: #%(pk)s") % {"pk": hazard.pk}
    )


@transaction.atomic
def hazard_accept(*, hazard: Hazard, actor: User) -> Hazard:
    """验收 by the director, never by the person who handled it (also a database check)."""

    def apply(row: Hazard) -> Effect:
        row.accepted_by, row.accepted_at = actor, timezone.now()
        return Effect()

    return HAZARD_WORKFLOW.run("accept", row=hazard, actor=actor, apply=apply)


@transaction.atomic
def hazard_reject(*, hazard: Hazard, actor: User, reason: str) -> Hazard:
    """Acceptance refused: back to reported, the reason kept in the history."""
    if not (reason or "").strip():
        raise ValidationError(_("Say why the handling is not accepted."), code="reason")

    def apply(row: Hazard) -> Effect:
        row.handler, row.handled_at = None, None
        notices = []
        if row.responsible_id:
            notices.append(
                Notice(
                    [row.responsible],
                    _("Hazard #%(pk)s not accepted") % {"pk": row.pk},
                    reason,
                )
            )
        return Effect(data={"reason": reason.strip()}, notices=notices)

    return HAZARD_WORKFLOW.run("reject", row=hazard, actor=actor, apply=apply)


@transaction.atomic
def hazard_open_repair(
    *, hazard: Hazard, actor: User, category: str, urgency: str = "normal", room=None
) -> Hazard:
    """Handling needs a repair: file a repair request for the hazard's room and link both ways
    (`hazard.repair_request`, `request.hazards`). Once per hazard; refused when it is handled."""
    from repairs.choices import Source
    from repairs.services import repair_request_create

    def apply(row: Hazard) -> Effect:
        if room is None and row.room is None:
            raise ValidationError(
                _("This hazard has no room recorded; choose the room the repair is for."),
                code="no_room",
            )
        row.repair_request = repair_request_create(
            school=row.school,
            reporter=actor,
            category=category,
            description=_("Safety hazard #%(pk)s: %(what)s")
            % {"pk": row.pk, "what": row.description},
            urgency=urgency,
            room=room or row.room,
            source=Source.SAFETY,
        )
        return Effect(data={"request": row.repair_request.number})

    return HAZARD_WORKFLOW.run("open_repair", row=hazard, actor=actor, apply=apply)


# The service of each declared step (safety.workflow), for the page and the API alike.
STEP_SERVICES: dict[str, Callable[..., Hazard]] = {
    "escalate": hazard_escalate,
    "assign": hazard_assign,
    "handle": hazard_handle,
    "accept": hazard_accept,
    "reject": hazard_reject,
    "open_repair": hazard_open_repair,
}
