"""The gate log (访客登记): checking a visitor out."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.models import User
from safety.models import (
    Visitor,
)


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
