"""Safety writes with side effects. Views, the API and Celery tasks call these, never the ORM."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access, audit
from core.choices import Role
from core.models import Term, User
from core.services import notify
from core.uploads import shrink_photo, validate_photo
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
    validate_photo(photo)
    return shrink_photo(photo)


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


def _require(actor: User, hazard: Hazard, action: str) -> None:
    if not access.can(actor, Hazard, action) or (
        not actor.is_superuser and actor.school_id != hazard.school_id
    ):
        raise ValidationError(_("Your role does not allow this step."), code="forbidden")


def _require_status(hazard: Hazard, *allowed: str) -> None:
    if hazard.status not in allowed:
        raise ValidationError(
            _("This hazard is %(status)s; that step is not possible now.")
            % {"status": hazard.get_status_display()},
            code="wrong_status",
        )


def _locked(hazard: Hazard) -> Hazard:
    return Hazard.objects.select_for_update().get(pk=hazard.pk)


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
    return hazard


@transaction.atomic
def hazard_escalate(*, hazard: Hazard, actor: User) -> Hazard:
    """上报: the finder (or the office) hands a found hazard on to the office."""
    hazard = _locked(hazard)
    if hazard.found_by_id != actor.pk:
        _require(actor, hazard, "assign")
    _require_status(hazard, HazardStatus.FOUND)
    hazard.status, hazard.reported_at = HazardStatus.REPORTED, timezone.now()
    hazard.save(update_fields=["status", "reported_at", "updated_at"])
    audit.record_event(hazard, event="hazard_reported", actor=actor)
    return hazard


@transaction.atomic
def hazard_assign(
    *,
    hazard: Hazard,
    actor: User,
    responsible: User,
    deadline: dt.date,
    severity: int | None = None,
) -> Hazard:
    """The director names who deals with it and by when (a found hazard becomes reported)."""
    hazard = _locked(hazard)
    _require(actor, hazard, "assign")
    _require_status(hazard, HazardStatus.FOUND, HazardStatus.REPORTED)
    if responsible.school_id != hazard.school_id or not responsible.is_active:
        raise ValidationError(_("Choose someone of this school."), code="responsible")
    if deadline < timezone.localdate():
        raise ValidationError(_("The deadline cannot be in the past."), code="deadline")
    hazard.responsible, hazard.deadline = responsible, deadline
    if severity in Severity.values:
        hazard.severity = severity
    if hazard.status == HazardStatus.FOUND:
        hazard.status, hazard.reported_at = HazardStatus.REPORTED, timezone.now()
    hazard.save()
    audit.record_event(
        hazard,
        event="hazard_assigned",
        actor=actor,
        responsible=str(responsible),
        deadline=str(deadline),
    )
    notify(
        recipients=[responsible],
        school=hazard.school,
        title=_("A hazard to deal with by %(date)s") % {"date": deadline.isoformat()},
        body=hazard.description,
        url=hazard.get_absolute_url(),
    )
    return hazard


@transaction.atomic
def hazard_handle(
    *, hazard: Hazard, actor: User, note: str, photo: UploadedFile | None = None
) -> Hazard:
    """处理: the responsible person (or the office) records what was done."""
    hazard = _locked(hazard)
    if hazard.responsible_id != actor.pk:
        if not (actor.role_codes & OFFICE or actor.is_superuser):
            raise ValidationError(
                _("Only the responsible person or the office can handle this hazard."),
                code="forbidden",
            )
        _require(actor, hazard, "handle")
    _require_status(hazard, HazardStatus.REPORTED)
    if not note.strip():
        raise ValidationError(_("Say what was done."), code="note_required")
    stored = _stored_photo(photo)
    if stored is not None:
        hazard.handling_photo.save(stored.name, stored, save=False)
    hazard.status, hazard.handler, hazard.handled_at = HazardStatus.HANDLED, actor, timezone.now()
    hazard.handling_note = note.strip()
    hazard.save()
    audit.record_event(hazard, event="hazard_handled", actor=actor)
    _tell_directors(
        hazard, _("Hazard handled, waiting for acceptance: #%(pk)s") % {"pk": hazard.pk}
    )
    return hazard


@transaction.atomic
def hazard_accept(*, hazard: Hazard, actor: User) -> Hazard:
    """验收 by the director, never by the person who handled it (also a database check)."""
    hazard = _locked(hazard)
    _require(actor, hazard, "accept")
    _require_status(hazard, HazardStatus.HANDLED)
    if hazard.handler_id == actor.pk:
        raise ValidationError(
            _("You handled this hazard yourself; someone else must accept it."), code="own_handling"
        )
    hazard.status, hazard.accepted_by, hazard.accepted_at = (
        HazardStatus.ACCEPTED,
        actor,
        timezone.now(),
    )
    hazard.save()
    audit.record_event(hazard, event="hazard_accepted", actor=actor)
    return hazard


@transaction.atomic
def hazard_reject(*, hazard: Hazard, actor: User, reason: str) -> Hazard:
    """Acceptance refused: back to reported, the reason kept in the history."""
    hazard = _locked(hazard)
    _require(actor, hazard, "accept")
    _require_status(hazard, HazardStatus.HANDLED)
    if not reason.strip():
        raise ValidationError(_("Say why the handling is not accepted."), code="reason")
    hazard.status, hazard.handler, hazard.handled_at = HazardStatus.REPORTED, None, None
    hazard.save()
    audit.record_event(hazard, event="hazard_rejected", actor=actor, reason=reason.strip())
    if hazard.responsible_id:
        notify(
            recipients=[hazard.responsible],
            school=hazard.school,
            title=_("Hazard #%(pk)s not accepted") % {"pk": hazard.pk},
            body=reason,
            url=hazard.get_absolute_url(),
        )
    return hazard


@transaction.atomic
def hazard_open_repair(
    *, hazard: Hazard, actor: User, category: str, urgency: str = "normal", room=None
) -> Hazard:
    """Handling needs a repair: file a repair request for the hazard's room and link both ways
    (`hazard.repair_request`, `request.hazards`). Once per hazard; refused when it is handled."""
    from repairs.choices import Source
    from repairs.services import repair_request_create

    hazard = _locked(hazard)
    if hazard.responsible_id != actor.pk and not (actor.role_codes & OFFICE or actor.is_superuser):
        raise ValidationError(
            _("Only the responsible person or the office can open a repair."), code="forbidden"
        )
    if actor.school_id != hazard.school_id:
        raise ValidationError(_("Your role does not allow this step."), code="forbidden")
    _require_status(hazard, HazardStatus.FOUND, HazardStatus.REPORTED)
    if hazard.repair_request_id:
        raise ValidationError(
            _("A repair request is already open for this hazard: %(number)s")
            % {"number": hazard.repair_request.number},
            code="already_linked",
        )
    if room is None and hazard.room is None:
        raise ValidationError(
            _("This hazard has no room recorded; choose the room the repair is for."),
            code="no_room",
        )
    request = repair_request_create(
        school=hazard.school,
        reporter=actor,
        category=category,
        description=_("Safety hazard #%(pk)s: %(what)s")
        % {"pk": hazard.pk, "what": hazard.description},
        urgency=urgency,
        room=room or hazard.room,
        source=Source.SAFETY,
    )
    hazard.repair_request = request
    hazard.save(update_fields=["repair_request", "updated_at"])
    audit.record_event(hazard, event="repair_opened", actor=actor, request=request.number)
    return hazard


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
