"""Safety writes with side effects. Views, the API and Celery tasks call these, never the ORM."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access, audit, robots
from core.choices import Role
from core.models import Term, User
from core.services import notify
from core.uploads import clean_photo
from core.workflow import UNCHANGED, Effect, Notice
from safety.choices import (
    CheckResult,
    Frequency,
    HazardStatus,
    PlaceScope,
    Result,
    Severity,
    TaskStatus,
    TermPoint,
)
from safety.models import (
    OFFICE,
    FireCheck,
    FireEquipment,
    Hazard,
    InspectionAnswer,
    InspectionTask,
    InspectionTemplate,
    TemplateItem,
    Visitor,
)
from safety.workflow import HAZARD_WORKFLOW

# ---- templates -------------------------------------------------------------------------------


def template_frequency_problems(template: InspectionTemplate, *, has_terms: bool) -> list[str]:
    """Why this template's rhythm could never produce a round (empty when it can)."""
    problems = []
    frequency = template.frequency
    if frequency not in Frequency.values:
        problems.append(_("Choose a frequency."))
    if frequency == Frequency.WEEKLY and (
        template.weekday is None or not 0 <= template.weekday <= 6
    ):
        problems.append(_("A weekly round needs a weekday from 0 (Monday) to 6 (Sunday)."))
    if frequency == Frequency.MONTHLY and not 1 <= (template.day_of_month or 0) <= 31:
        problems.append(_("A monthly round needs a day of the month from 1 to 31."))
    if frequency == Frequency.TERM:
        points = template.term_points or []
        if not points or set(points) - set(TermPoint.values):
            problems.append(_("A per-term round needs start, middle and/or end of term."))
        elif not has_terms:
            problems.append(
                _("A per-term round can never happen: this school has no terms in its calendar.")
            )
    if frequency == Frequency.HOURLY:
        if not template.interval_hours or template.interval_hours <= 0:
            problems.append(_("Rounds every N hours need N of at least 1."))
        elif template.in_use_from >= template.in_use_until:
            problems.append(_("The hours in use must end after they start."))
    return problems


@transaction.atomic
def template_activate(*, template: InspectionTemplate, actor: User) -> InspectionTemplate:
    """Active templates generate rounds; refused for a checklist without items or a rhythm that
    can never fire (nothing changes then)."""
    template = InspectionTemplate.objects.select_for_update().get(pk=template.pk)
    problems = []
    if not template.items.exists():
        problems.append(_("A checklist without items cannot be activated; add its items first."))
    has_terms = Term.objects.filter(school_id=template.school_id).exists()
    problems += template_frequency_problems(template, has_terms=has_terms)
    if template.applies_to == PlaceScope.ROOMS and not template.rooms.exists():
        problems.append(_("Choose the rooms this checklist applies to."))
    if template.applies_to == PlaceScope.BUILDINGS and not template.buildings.exists():
        problems.append(_("Choose the buildings this checklist applies to."))
    if template.applies_to == PlaceScope.ROOM_TYPES and not template.room_types:
        problems.append(_("Choose the room types this checklist applies to."))
    if problems:
        raise ValidationError(problems, code="cannot_activate")
    if not template.is_active:
        template.is_active = True
        template.save(update_fields=["is_active", "updated_at"])
        audit.record_event(template, event="template_activated", actor=actor)
    return template


@transaction.atomic
def template_deactivate(*, template: InspectionTemplate, actor: User) -> InspectionTemplate:
    """No new rounds from now on; rounds already generated stay."""
    if template.is_active:
        template.is_active = False
        template.save(update_fields=["is_active", "updated_at"])
        audit.record_event(template, event="template_deactivated", actor=actor)
    return template


# ---- doing an inspection ---------------------------------------------------------------------


def can_inspect(user: User, task: InspectionTask) -> bool:
    """Office staff of the task's school, or whoever the round is assigned to."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if user.school_id != task.school_id:
        return False
    return bool(user.role_codes & OFFICE) or task.assignee_id == user.pk


def _stored_photo(photo: UploadedFile | None):
    if not photo:
        return None
    return clean_photo(photo)  # a photo the form or serializer already cleaned passes as it is


@transaction.atomic
def inspection_answer(
    *,
    task: InspectionTask,
    item: TemplateItem,
    result: str,
    actor: User,
    note: str = "",
    photo: UploadedFile | None = None,
) -> InspectionAnswer:
    """Record one item's answer. One answer per item (database constraint): a second answer,
    also one racing the first, is refused naming who answered. A failed item opens a hazard;
    the round completes when every item has its answer."""
    task = InspectionTask.objects.select_for_update().select_related("template").get(pk=task.pk)
    if not can_inspect(actor, task):
        raise ValidationError(_("This round is not yours to complete."), code="not_inspector")
    if item.template_id != task.template_id:
        raise ValidationError(_("This item is not on the round's checklist."), code="wrong_item")
    if result not in Result.values:
        raise ValidationError(_("Choose pass, fail or not applicable."), code="result")
    if result == Result.FAIL and not note.strip():
        raise ValidationError(_("Say what is wrong when an item fails."), code="note_required")
    if result == Result.FAIL and item.photo_required_on_failure and not photo:
        raise ValidationError(_("This item needs a photo when it fails."), code="photo_required")
    _refuse_if_answered(task, item)
    stored = _stored_photo(photo)
    try:
        with transaction.atomic():
            answer = InspectionAnswer(
                school_id=task.school_id,
                task=task,
                item=item,
                result=result,
                note=note.strip(),
                answered_by=actor,
            )
            if stored is not None:
                answer.photo.save(stored.name, stored, save=False)
            answer.save()
    except IntegrityError:
        _refuse_if_answered(task, item)
        raise
    if result == Result.FAIL:
        _hazard_from_answer(answer, task, actor)
    _complete_if_all_answered(task, actor)
    return answer


def _refuse_if_answered(task: InspectionTask, item: TemplateItem) -> None:
    existing = (
        InspectionAnswer.objects.filter(task=task, item=item).select_related("answered_by").first()
    )
    if existing is not None:
        raise ValidationError(
            _("“%(item)s” was already answered by %(who)s at %(time)s; nothing was changed.")
            % {
                "item": item.text,
                "who": existing.answered_by,
                "time": timezone.localtime(existing.created_at).strftime("%H:%M"),
            },
            code="already_answered",
        )


def _complete_if_all_answered(task: InspectionTask, actor: User) -> None:
    remaining = task.template.items.exclude(answers__task=task).exists()
    if remaining or task.status == TaskStatus.DONE:
        return
    task.status, task.completed_at = TaskStatus.DONE, timezone.now()
    task.save(update_fields=["status", "completed_at", "updated_at"])
    audit.record_event(task, event="round_completed", actor=actor)


def _hazard_from_answer(answer: InspectionAnswer, task: InspectionTask, actor: User) -> Hazard:
    hazard = Hazard(
        school_id=task.school_id,
        description=f"{task.template.name}：{answer.item.text}。{answer.note}",
        room_id=task.room_id,
        building_id=task.building_id,
        found_by=actor,
        source_answer=answer,
    )
    if answer.photo:
        hazard.photo.name = answer.photo.name  # the same stored file, kept with both records
    hazard.save()
    _tell_directors(hazard, _("Hazard found: %(what)s") % {"what": answer.item.text})
    return hazard


# ---- hazards ---------------------------------------------------------------------------------


def _tell_directors(hazard: Hazard, title: str) -> None:
    directors = User.objects.filter(
        school_id=hazard.school_id, user_roles__role=Role.DIRECTOR, is_active=True
    )
    notify(recipients=directors, school=hazard.school, title=title, url=hazard.get_absolute_url())


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


# ---- fire equipment, visitors ----------------------------------------------------------------


@transaction.atomic
def fire_equipment_check(
    *,
    equipment: FireEquipment,
    actor: User,
    checked_on: dt.date,
    result: str,
    note: str = "",
    serviced: bool = False,
    next_service_date: dt.date | None = None,
) -> FireCheck:
    """The monthly check: recorded, the equipment's dates updated; a defect opens a hazard."""
    equipment = FireEquipment.objects.select_for_update().get(pk=equipment.pk)
    if not access.can(actor, FireEquipment, "change") or actor.school_id != equipment.school_id:
        raise ValidationError(_("Your role does not allow this step."), code="forbidden")
    if checked_on > timezone.localdate():
        raise ValidationError(_("A check cannot be in the future."), code="date")
    if result not in CheckResult.values:
        raise ValidationError(_("Choose a result."), code="result")
    if result == CheckResult.DEFECTIVE and not note.strip():
        raise ValidationError(_("Describe what is wrong with the equipment."), code="note")
    check = FireCheck.objects.create(
        school_id=equipment.school_id,
        equipment=equipment,
        checked_on=checked_on,
        checked_by=actor,
        result=result,
        serviced=serviced,
        note=note,
    )
    equipment.last_checked_on = max(checked_on, equipment.last_checked_on or checked_on)
    if serviced:
        equipment.next_service_date = next_service_date or checked_on + dt.timedelta(days=365)
    equipment.save(update_fields=["last_checked_on", "next_service_date", "updated_at"])
    audit.record_event(equipment, event="fire_checked", actor=actor, result=result)
    if result == CheckResult.DEFECTIVE:
        _fire_defect_hazard(equipment=equipment, actor=actor, note=note.strip())
    return check


def open_equipment_hazard(equipment: FireEquipment) -> Hazard | None:
    """The equipment's hazard not yet accepted, if any (at most one: a database constraint)."""
    return (
        Hazard.objects.filter(source_equipment=equipment)
        .exclude(status=HazardStatus.ACCEPTED)
        .first()
    )


def _fire_defect_hazard(*, equipment: FireEquipment, actor: User, note: str) -> Hazard:
    """One open hazard per equipment: a second defective check (the equipment row is locked by
    the caller) is added to the open hazard's history instead of opening a duplicate.
    """
    hazard = open_equipment_hazard(equipment)
    if hazard is not None:
        audit.record_event(hazard, event="fire_defect_again", actor=actor, note=note)
        return hazard
    hazard = Hazard.objects.create(
        school_id=equipment.school_id,
        description=_("Fire equipment %(code)s defective: %(note)s")
        % {"code": equipment.code, "note": note},
        severity=Severity.MAJOR,
        room=equipment.room,
        found_by=actor,
        source_equipment=equipment,
    )
    _tell_directors(hazard, _("Fire equipment defective: %(code)s") % {"code": equipment.code})
    return hazard


@transaction.atomic
def visitor_check_out(*, visitor: Visitor, actor: User, at: dt.datetime | None = None) -> Visitor:
    """Record when the visitor left (once)."""
    visitor = Visitor.objects.select_for_update().get(pk=visitor.pk)
    if visitor.time_out is not None:
        raise ValidationError(_("This visitor has already left."), code="already_out")
    visitor.time_out = at or timezone.now()
    if visitor.time_out < visitor.time_in:
        raise ValidationError(_("The time out cannot be before the time in."), code="time_out")
    visitor.save(update_fields=["time_out", "updated_at"])
    audit.record_event(visitor, event="visitor_left", actor=actor)
    return visitor
