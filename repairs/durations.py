"""Working hours to respond and to finish, stored on each request (the one place they are computed).

A request's `respond_working_hours` and `finish_working_hours` are the working hours of the school
calendar (core.calendar, with the school's repair working hours) from filing to the response and
to the finish; None while the step is not taken. The services store them when the step is taken
(`store`), so the statistics and the dashboard are SQL aggregates over two columns (repairs.stats).

When the calendar changes afterwards (a holiday entered late, other working hours), `recompute`
gives the school's requests the figures of the calendar as it now is: the Holiday and
RepairSettings signals queue it for the dates concerned (repairs.tasks.recompute_working_hours),
`manage.py recompute_repair_hours` runs it by hand, and migration 0007 used it to fill the rows
that existed before. The due times and SLA alerts are not recomputed (see docs/calendar.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db import connections, router
from django.db.models import Q, QuerySet
from django.utils import timezone

from core.calendar import DEFAULT_HOURS, SchoolCalendar, WorkingHours

FIELDS = ("respond_working_hours", "finish_working_hours")
BATCH = 2000


def _hours(rules) -> WorkingHours:
    # repairs.sla.working_hours, restated so the historical models of a migration work too.
    return WorkingHours(rules.workday_start, rules.workday_end) if rules else DEFAULT_HOURS


def _taken(calendar: SchoolCalendar, row, end: str) -> float | None:
    done = getattr(row, end)
    return None if done is None else calendar.working_hours_between(row.created_at, done)


def _set(calendar: SchoolCalendar, row) -> None:
    row.respond_working_hours = _taken(calendar, row, "responded_at")
    row.finish_working_hours = _taken(calendar, row, "finished_at")


def _last_day(rows) -> dt.date:
    ends = [t for row in rows for t in (row.created_at, row.responded_at, row.finished_at) if t]
    return timezone.localtime(max(ends)).date()


def store(row, rules) -> None:
    """Set `row`'s stored working hours from its timestamps (the caller saves it): the response,
    reject, duplicate and finish steps, and reopening (the finish is undone)."""
    if row.responded_at is None and row.finished_at is None:
        row.respond_working_hours = row.finish_working_hours = None
        return
    calendar = SchoolCalendar.load(
        row.school_id,
        first=timezone.localtime(row.created_at).date(),
        last=_last_day([row]),
        hours=_hours(rules),
    )
    _set(calendar, row)


def _settings_model() -> type:
    from repairs.models import RepairSettings

    return RepairSettings


def _batches(requests: QuerySet, size: int) -> Iterator[list]:
    """The requests with a response or finish, `size` at a time in primary-key order."""
    rows = requests.filter(Q(responded_at__isnull=False) | Q(finished_at__isnull=False))
    rows = rows.order_by("pk").only(
        "pk", "school_id", "created_at", "responded_at", "finished_at", *FIELDS
    )
    last = 0
    while batch := list(rows.filter(pk__gt=last)[:size]):
        yield batch
        last = batch[-1].pk


def recompute(
    requests: QuerySet, *, settings_model=None, calendar_models=None, batch_size: int = BATCH
) -> int:
    """Recompute the stored hours of `requests` (any schools) in batches: five queries per batch
    (rows, settings, holidays, terms, one update), whatever its size. Returns the rows
    changed. The `*_model(s)` arguments are a data migration's historical models."""
    settings_model = settings_model or _settings_model()
    changed = 0
    for batch in _batches(requests, batch_size):
        school_ids = {row.school_id for row in batch}
        rules = {r.school_id: r for r in settings_model.objects.filter(school_id__in=school_ids)}
        calendars = SchoolCalendar.load_many(
            school_ids,
            first=min(timezone.localtime(row.created_at).date() for row in batch),
            last=_last_day(batch),
            hours={pk: _hours(rules.get(pk)) for pk in school_ids},
            models=calendar_models,
        )
        moved = []
        for row in batch:  # bounded by the batch, not the table
            before = tuple(getattr(row, name) for name in FIELDS)
            _set(calendars[row.school_id], row)
            if tuple(getattr(row, name) for name in FIELDS) != before:
                moved.append(row)
        _write(requests.model, moved)
        changed += len(moved)
    return changed


def _write(model, rows: list) -> None:
    """One UPDATE ... FROM (VALUES ...) for the rows (PostgreSQL, SQLite 3.33+): bulk_update's
    CASE per row costs milliseconds a row to build in Python, this costs microseconds."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    fields = [model._meta.pk, *(model._meta.get_field(name) for name in FIELDS)]
    kind = fields[1].db_type(connection)
    values = ", ".join(["(%s, %s, %s)"] * len(rows))
    # Only quoted identifiers of the model and placeholders are formatted in; values are params.
    sql = (
        f"WITH v(pk, respond, finish) AS (VALUES {values}) "  # noqa: S608
        f"UPDATE {quote(model._meta.db_table)} SET "
        f"{quote(fields[1].column)} = CAST(v.respond AS {kind}), "
        f"{quote(fields[2].column)} = CAST(v.finish AS {kind}) "
        f"FROM v WHERE {quote(model._meta.db_table)}.{quote(fields[0].column)} = v.pk"
    )
    params = [value for row in rows for value in (row.pk, *(getattr(row, n) for n in FIELDS))]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def affected(requests: QuerySet, first: dt.date, last: dt.date) -> QuerySet:
    """The requests whose filing-to-finish (or to now) span touches the days first..last: the
    ones a calendar entry for those days can change."""
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return requests.filter(created_at__lt=end).filter(
        Q(finished_at__gte=start) | Q(finished_at__isnull=True, responded_at__gte=start)
    )
