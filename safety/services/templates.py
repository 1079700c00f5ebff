"""Checklists (检查表): whether their rhythm can produce rounds, activation."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from core.models import Term, User
from safety.choices import (
    Frequency,
    PlaceScope,
    TermPoint,
)
from safety.models import (
    InspectionTemplate,
)


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
