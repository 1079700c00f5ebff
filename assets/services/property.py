"""Class and office property (班级公物): term checks and compensation for damage."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assets.choices import (
    CheckKind,
    CompensationStatus,
)
from assets.models import (
    Asset,
    Compensation,
    PropertyCheck,
)
from assets.services.common import (
    _refuse_if,
)
from core import audit
from core.models import SchoolClass, User


@transaction.atomic
def property_check_record(
    *,
    school_class: SchoolClass,
    actor: User,
    kind: str,
    damages: Sequence[tuple[Asset | None, str, Decimal]] = (),
    notes: str = "",
    date: dt.date | None = None,
) -> PropertyCheck:
    """Record a mid-term / end-of-term check of a class's property; each damage found becomes a
    compensation record (amount due) linked to the class."""
    _refuse_if(kind not in CheckKind.values, _("Choose mid-term or end-of-term."), "kind")
    date = date or timezone.localdate()
    _refuse_if(date > timezone.localdate(), _("A check cannot be dated in the future."), "date")
    for asset, description, amount in damages:
        _refuse_if(not (description or "").strip(), _("Describe the damage."), "description")
        _refuse_if(
            amount is None or Decimal(amount) < 0, _("The amount cannot be negative."), "amount"
        )
        _refuse_if(
            Decimal(amount) > Decimal("1000000"),
            _("The amount is not plausible; please check it."),
            "amount",
        )
        if asset is not None:
            _refuse_if(
                asset.school_id != school_class.school_id,
                _("That asset belongs to another school."),
                "other_school",
            )
    check = PropertyCheck.objects.create(
        school_id=school_class.school_id,
        school_class=school_class,
        kind=kind,
        date=date,
        checked_by=actor,
        notes=notes,
    )
    for asset, description, amount in damages:
        Compensation.objects.create(
            school_id=school_class.school_id,
            school_class=school_class,
            property_check=check,
            asset=asset,
            description=description.strip(),
            amount=Decimal(amount),
        )
    return check


@transaction.atomic
def compensation_settle(*, compensation: Compensation, actor: User, status: str) -> Compensation:
    """Mark a compensation paid or waived (once)."""
    compensation = Compensation.objects.select_for_update().get(pk=compensation.pk)
    _refuse_if(
        status not in (CompensationStatus.PAID, CompensationStatus.WAIVED),
        _("Mark it paid or waived."),
        "status",
    )
    _refuse_if(
        compensation.status != CompensationStatus.DUE,
        _("This compensation is already settled."),
        "settled",
    )
    compensation.status = status
    compensation.settled_on = timezone.localdate()
    compensation.settled_by = actor
    compensation.save(update_fields=["status", "settled_on", "settled_by", "updated_at"])
    audit.record_event(compensation, event=f"compensation_{status}", actor=actor)
    return compensation
