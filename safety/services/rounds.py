"""Inspection rounds (巡查): who may inspect, recording answers, hazards from failed items."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.models import User
from safety.choices import (
    Result,
    TaskStatus,
)
from safety.models import (
    OFFICE,
    Hazard,
    InspectionAnswer,
    InspectionTask,
    TemplateItem,
)
from safety.services.common import _stored_photo, _tell_directors


def can_inspect(user: User, task: InspectionTask) -> bool:
    """Office staff of the task's school, or whoever the round is assigned to."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if user.school_id != task.school_id:
        return False
    return bool(user.role_codes & OFFICE) or task.assignee_id == user.pk


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
