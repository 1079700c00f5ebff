"""Services of the work calendar (issue 13 point 4): the monthly generation, marking a task done,
the rule by which a Zongwu record fulfils a task, and the overdue reminders.

Every periodic function is idempotent: a task is unique per (item, month), a fulfilled task is no
longer open, and an overdue reminder is claimed by a conditional UPDATE before anyone is told.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import F, Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from assets.choices import StocktakeStatus
from assets.models import Stocktake
from core import querycache
from core.choices import Role
from core.models import User
from core.services import notify
from core.uploads import clean_document
from core.workflow import UNCHANGED, Effect
from planning.models.calendar import RecordKind, TaskStatus, WorkItem, WorkTask
from planning.workflow_calendar import TASK_WORKFLOW
from safety.choices import DrillStatus
from safety.models import Drill

NOTE_MAX = 2000


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def parse_month(text: str) -> dt.date:
    """ "2026-11" → 2026-11-01; a month outside 1–12 or anything else is refused."""
    year, _sep, month = (text or "").strip().partition("-")
    if not (year.isdigit() and month.isdigit() and len(year) == 4 and len(month) <= 2):
        raise ValidationError(_("Give a month as 2026-11."), code="bad_month")
    if not 1 <= int(month) <= 12:
        raise ValidationError(
            _("A month is a number from 1 to 12 (got %(value)s).") % {"value": month},
            code="bad_month",
        )
    return dt.date(int(year), int(month), 1)


# ---- generation --------------------------------------------------------------------------------


def tasks_generate(*, month: dt.date, school_ids: Iterable[int] | None = None) -> int:
    """Make the month's task of every active item recurring in `month`, for every school (or
    those given): one query for the items and one bulk insert; a task that exists already is
    left as it is ((item, month) is unique), so a second run creates nothing. Returns how many
    tasks were created."""
    first = month_start(month)
    bit = 1 << (first.month - 1)
    items = WorkItem.objects.filter(is_active=True).annotate(bit=F("months").bitand(bit))
    items = items.filter(bit__gt=0)
    if school_ids is not None:
        items = items.filter(school_id__in=list(school_ids))
    rows = [
        WorkTask(
            school_id=item.school_id,
            item_id=item.pk,
            month=first,
            due_on=item.due_in(first),
            owner_role=item.owner_role,
            owner_id=item.owner_id,
        )
        for item in items.only("pk", "school_id", "due_day", "owner_role", "owner_id")
    ]
    if not rows:
        return 0
    with transaction.atomic():
        existing = WorkTask.objects.filter(month=first, item_id__in=[r.item_id for r in rows])
        before = existing.count()
        WorkTask.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
        created = existing.count() - before
    querycache.changed(WorkTask)  # bulk_create sends no signal
    return created


# ---- done --------------------------------------------------------------------------------------


@transaction.atomic
def work_task_done(
    *, task: WorkTask, actor: User, note: str = "", evidence: File | None = None
) -> WorkTask:
    """The owner (or the director / principal) marks the task done with a note, evidence or
    both. Refused, with nothing saved: another school's task (404), someone who does not own it
    (403), a task already done (409), neither a note nor evidence (400), evidence that is not a
    real PDF, image, Word or Excel file (400)."""
    text = (note or "").strip()
    cleaned = clean_document(evidence) if evidence else None

    def apply(row: WorkTask) -> Effect:
        if not text and cleaned is None:
            raise ValidationError(
                _("Write what was done or attach evidence (a photo or a document)."),
                code="proof_required",
            )
        if len(text) > NOTE_MAX:
            raise ValidationError(
                _("Keep the note under %(n)s characters.") % {"n": NOTE_MAX}, code="too_long"
            )
        row.note, row.done_at, row.done_by = text, timezone.now(), actor
        if cleaned is not None:
            row.evidence.save(cleaned.name or "evidence", cleaned, save=False)
        return Effect(note=text)

    return TASK_WORKFLOW.run("done", row=task, actor=actor, apply=apply)


# ---- fulfilment by a Zongwu record -------------------------------------------------------------


@dataclass(frozen=True)
class Fulfilment:
    """How a record kind fulfils a task: the task's link field, the record model, what makes a
    record done, the days it counts for (to match a task of that month) and the task's note."""

    field: str
    model: type[Model]
    done: Q
    within: Callable[[dt.date, dt.date], Q]
    done_on: Callable[[Any], dt.date]
    note: Callable[[Any], str]

    def done_rows(self, school_ids: list[int], start: dt.date, end: dt.date, linked: list[int]):
        """The done records of these schools: within [start, end) or linked to a task."""
        rows = self.model._default_manager.filter(self.done, school_id__in=school_ids)
        return rows.filter(self.within(start, end) | Q(pk__in=linked))


def _aware(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


# The one place that says which record is "done": read by fulfilment_check (and the docs).
FULFILMENTS: dict[str, Fulfilment] = {
    RecordKind.STOCKTAKE: Fulfilment(
        field="stocktake",
        model=Stocktake,
        done=Q(status=StocktakeStatus.CONFIRMED, confirmed_at__isnull=False),
        within=lambda start, end: Q(confirmed_at__gte=_aware(start), confirmed_at__lt=_aware(end)),
        done_on=lambda row: timezone.localdate(row.confirmed_at),
        note=lambda row: _("Stocktake “%(title)s” confirmed.") % {"title": row},
    ),
    RecordKind.DRILL: Fulfilment(
        field="drill",
        model=Drill,
        done=Q(status=DrillStatus.HELD),
        within=lambda start, end: Q(date__gte=start, date__lt=end),
        done_on=lambda row: row.date,
        note=lambda row: _("Emergency drill “%(title)s” held.") % {"title": row},
    ),
}


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def fulfilment_check(*, school_ids: Iterable[int] | None = None) -> int:
    """Close every open task whose item is fulfilled by a record kind once such a record is done:
    the record the task links to, or else one of the task's school done within the task's month
    (a stocktake confirmed, a drill held). Two queries per record kind, then one workflow step
    per task closed (locked, audited). Idempotent: a closed task is no longer open."""
    closed = 0
    for kind, rule in FULFILMENTS.items():
        tasks = WorkTask.objects.filter(status=TaskStatus.OPEN, item__record_kind=kind)
        if school_ids is not None:
            tasks = tasks.filter(school_id__in=list(school_ids))
        tasks_list = list(tasks.select_related("item"))
        if not tasks_list:
            continue
        start = min(t.month for t in tasks_list)
        end = _next_month(max(t.month for t in tasks_list))
        linked = [pk for t in tasks_list if (pk := getattr(t, f"{rule.field}_id"))]
        schools = sorted({t.school_id for t in tasks_list})
        done = list(rule.done_rows(schools, start, end, linked).order_by("pk"))
        by_pk = {row.pk: row for row in done}
        by_month: dict[tuple[int, dt.date], Any] = {}
        for row in done:
            by_month.setdefault((row.school_id, month_start(rule.done_on(row))), row)
        for task in tasks_list:
            link = getattr(task, f"{rule.field}_id")
            record = by_pk.get(link) if link else by_month.get((task.school_id, task.month))
            if record is not None and _fulfil(task, rule, record):
                closed += 1
    return closed


def _fulfil(task: WorkTask, rule: Fulfilment, record) -> bool:
    def apply(row: WorkTask):
        if row.status != TaskStatus.OPEN:
            return UNCHANGED
        setattr(row, rule.field, record)
        row.note, row.done_at = rule.note(record), timezone.now()
        return Effect(note=row.note, data={"record": str(record)})

    with transaction.atomic():
        fresh = TASK_WORKFLOW.run("fulfil", row=task, actor=None, apply=apply, system=True)
    return fresh.status == TaskStatus.DONE


# ---- overdue reminders -------------------------------------------------------------------------


def owners_of(tasks: list[WorkTask]) -> dict[int, list[User]]:
    """The people each task's reminder goes to (one query): the named owner, else everyone
    active with the owner role in the task's school, else the school's directors."""
    schools = {t.school_id for t in tasks}
    roles = {t.owner_role for t in tasks if t.owner_id is None and t.owner_role} | {Role.DIRECTOR}
    people = (
        User.objects.filter(school_id__in=schools, is_active=True, user_roles__role__in=roles)
        .prefetch_related("user_roles")
        .distinct()
    )
    by_role: dict[tuple[int, str], list[User]] = {}
    for person in people:
        for link in person.user_roles.all():  # prefetched: person.role_codes would query
            by_role.setdefault((person.school_id or 0, link.role), []).append(person)
    found = {}
    for task in tasks:
        named = [task.owner] if task.owner_id and task.owner else []
        found[task.pk] = (
            named
            or by_role.get((task.school_id, task.owner_role), [])
            or by_role.get((task.school_id, Role.DIRECTOR), [])
        )
    return found


def overdue_notify(*, today: dt.date | None = None) -> int:
    """Remind the owners of every open task past its due date, once per task: the tasks are
    claimed by one conditional UPDATE stamped with this run's time, so a second run (or two at
    once) tells nobody twice. In-app and e-mail (core.services.notify). Returns tasks told."""
    today = today or timezone.localdate()
    stamp = timezone.now()
    # One UPDATE whose own WHERE holds the condition: PostgreSQL re-checks it on a row another
    # run changed meanwhile, so each task is claimed by exactly one run.
    due = WorkTask.objects.filter(
        status=TaskStatus.OPEN, due_on__lt=today, overdue_notified_at__isnull=True
    )
    if not due.update(overdue_notified_at=stamp):
        return 0
    claimed = list(
        WorkTask.objects.filter(overdue_notified_at=stamp).select_related("item", "owner", "school")
    )
    recipients = owners_of(claimed)
    for task in claimed:
        notify(
            recipients=recipients[task.pk],
            school=task.school,
            title=_("Overdue work task: %(task)s (due %(day)s)")
            % {"task": task.item.title, "day": task.due_on},
            body=task.item.description,
            url=task.get_absolute_url(),
        )
    return len(claimed)


__all__ = [
    "FULFILMENTS",
    "fulfilment_check",
    "month_start",
    "overdue_notify",
    "parse_month",
    "tasks_generate",
    "work_task_done",
]
