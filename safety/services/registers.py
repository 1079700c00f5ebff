"""Fire equipment checks (消防器材检查) and the hazards a defect opens."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access, audit
from core.models import User
from safety.choices import (
    CheckResult,
    HazardStatus,
    Severity,
)
from safety.models import (
    FireCheck,
    FireEquipment,
    Hazard,
)
from safety.services.common import _tell_directors


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
