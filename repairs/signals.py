"""Calendar changes queue the recomputation of the stored working hours (repairs.durations).

A holiday or make-up day saved or deleted changes the working hours of the requests spanning its
days; other working hours in the repair settings change every request of the school. The work is
queued after the commit (a Celery task), so the admin's save is not slowed by it.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from core.models import Holiday
from repairs.models import RepairSettings

# Every date a request can have (the calendar's own limits are narrower).
EVER = (dt.date(2000, 1, 1), dt.date(2099, 12, 31))


def _queue(school_id: int, first: dt.date, last: dt.date) -> None:
    from repairs.tasks import recompute_working_hours

    transaction.on_commit(
        lambda: recompute_working_hours.delay(school_id, first.isoformat(), last.isoformat())
    )


def _holiday_changed(sender, instance: Holiday, **kwargs) -> None:
    # An edit may have moved the span: the old dates are recomputed too (kept by pre_save).
    old = getattr(instance, "_span_before", None)
    first, last = instance.start, instance.end
    if old is not None:
        first, last = min(first, old[0]), max(last, old[1])
    _queue(instance.school_id, first, last)


def _holiday_before(sender, instance: Holiday, **kwargs) -> None:
    if instance.pk:
        instance._span_before = (  # type: ignore[attr-defined]
            Holiday.objects.filter(pk=instance.pk).values_list("start", "end").first()
        )


def _settings_before(sender, instance: RepairSettings, **kwargs) -> None:
    instance._hours_before = (  # type: ignore[attr-defined]
        RepairSettings.objects.filter(pk=instance.pk)
        .values_list("workday_start", "workday_end")
        .first()
        if instance.pk
        else None
    )


def _settings_changed(sender, instance: RepairSettings, created: bool, **kwargs) -> None:
    # Only other working hours change the stored figures (not the SLA targets); a new school's
    # defaults change nothing stored.
    before = getattr(instance, "_hours_before", None)
    if before is not None and before != (instance.workday_start, instance.workday_end):
        _queue(instance.school_id, *EVER)


def connect() -> None:
    pre_save.connect(_holiday_before, sender=Holiday, dispatch_uid="repairs_holiday_before")
    post_save.connect(_holiday_changed, sender=Holiday, dispatch_uid="repairs_holiday_saved")
    post_delete.connect(_holiday_changed, sender=Holiday, dispatch_uid="repairs_holiday_deleted")
    pre_save.connect(_settings_before, sender=RepairSettings, dispatch_uid="repairs_hours_before")
    post_save.connect(_settings_changed, sender=RepairSettings, dispatch_uid="repairs_hours")
