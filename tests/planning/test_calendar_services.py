"""The work calendar's rules: generation (idempotent, constant queries), done with a note or
evidence (and every refusal, nothing half-saved), fulfilment by a stocktake or a drill, the
overdue reminders (once), the months (1–12) and the seed calendar."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from assets.choices import StocktakeStatus
from assets.models import Stocktake
from core.choices import Role
from core.models import Notification
from core.workflow import TransitionRefused
from planning.calendar_seed import SEED, calendar_seed
from planning.models.calendar import (
    RecordKind,
    TaskStatus,
    WorkItem,
    WorkTask,
    months_label,
    months_mask,
    months_of,
)
from planning.services_calendar import (
    fulfilment_check,
    overdue_notify,
    parse_month,
    tasks_generate,
    work_task_done,
)
from safety.choices import DrillStatus
from safety.models import Drill
from tests.factories import SchoolFactory
from tests.planning.factories_calendar import ItemFactory, TaskFactory

pytestmark = pytest.mark.django_db
NOV = dt.date(2026, 11, 1)


def _png(name="proof.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


# ---- months ------------------------------------------------------------------------------------


def test_months_are_a_mask_shown_august_first():
    mask = months_mask([1, 8, "9"])
    assert months_of(mask) == [8, 9, 1]
    assert months_label(mask) == "八月、九月、一月"


@pytest.mark.parametrize("bad", [0, 13, -1, "x", None])
def test_a_month_outside_1_to_12_is_refused(bad):
    with pytest.raises(ValidationError) as refused:
        months_mask([8, bad])
    assert "1 到 12" in refused.value.messages[0]


def test_the_database_refuses_an_item_without_months_or_beyond_twelve(school):
    for months in (0, 1 << 12):
        with pytest.raises(IntegrityError), transaction.atomic():
            WorkItem.objects.create(
                school=school, title=f"x{months}", months=months, owner_role="director"
            )


def test_parse_month_refuses_month_13():
    assert parse_month("2026-11") == NOV
    for text in ("2026-13", "2026-0", "11-2026", "", "2026/11"):
        with pytest.raises(ValidationError):
            parse_month(text)


def test_an_item_needs_an_owner_role_or_person(school):
    item = WorkItem(school=school, title="无人负责", months=months_mask([9]))
    with pytest.raises(ValidationError) as refused:
        item.clean()
    assert "owner_role" in refused.value.message_dict


# ---- generation --------------------------------------------------------------------------------


def test_generation_makes_the_months_tasks_once(school, other_school):
    november = ItemFactory(school=school, months=months_mask([11]), due_day=10)
    ItemFactory(school=school, months=months_mask([12]))  # not in November
    ItemFactory(school=school, months=months_mask([11]), is_active=False)
    theirs = ItemFactory(school=other_school, months=months_mask([9, 11]))
    assert tasks_generate(month=dt.date(2026, 11, 17)) == 2
    tasks = WorkTask.objects.order_by("school_id")
    assert [(t.item_id, t.month) for t in tasks] == [(november.pk, NOV), (theirs.pk, NOV)]
    assert tasks[0].due_on == dt.date(2026, 11, 10) and tasks[1].due_on == dt.date(2026, 11, 30)
    assert tasks_generate(month=NOV) == 0  # a second run is a no-op
    assert WorkTask.objects.count() == 2


def test_due_day_beyond_the_month_end_is_its_last_day(school):
    item = ItemFactory(school=school, months=months_mask([2]), due_day=31)
    tasks_generate(month=dt.date(2027, 2, 1))
    assert WorkTask.objects.get(item=item).due_on == dt.date(2027, 2, 28)


def test_the_database_refuses_a_second_task_of_an_item_and_month(school):
    task = TaskFactory(item__school=school)
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkTask.objects.create(school=school, item=task.item, month=task.month, due_on=task.due_on)


def test_generation_costs_the_same_queries_for_one_school_and_for_twenty():
    def run(schools):
        for s in schools:
            for months in ([11], [11, 12], [1]):
                ItemFactory(school=s, months=months_mask(months))
        with CaptureQueriesContext(connection) as captured:
            made = tasks_generate(month=NOV, school_ids=[s.pk for s in schools])
        return made, len(captured)

    one = run([SchoolFactory()])
    many = run([SchoolFactory() for _ in range(20)])
    assert one[0] == 2 and many[0] == 40
    assert one[1] == many[1]


# ---- done --------------------------------------------------------------------------------------


def test_the_owner_marks_a_task_done_with_a_note(school, make_user):
    worker = make_user(Role.LOGISTICS)
    task = TaskFactory(item__school=school)
    done = work_task_done(task=task, actor=worker, note="  已检查全部灭火器 ")
    done.refresh_from_db()
    assert (done.status, done.note, done.done_by) == (TaskStatus.DONE, "已检查全部灭火器", worker)
    assert done.done_at is not None
    entry = LogEntry.objects.get_for_object(done).filter(
        additional_data__event="planning_task_done"
    )
    assert entry.exists()


def test_done_with_evidence_only_stores_the_cleaned_file(school, make_user):
    worker = make_user(Role.LOGISTICS)
    task = TaskFactory(item__school=school)
    work_task_done(task=task, actor=worker, evidence=_png())
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.evidence.name.endswith(".jpg")


def test_done_without_note_or_evidence_is_refused_and_nothing_saved(school, make_user):
    task = TaskFactory(item__school=school)
    with pytest.raises(ValidationError) as refused:
        work_task_done(task=task, actor=make_user(Role.LOGISTICS), note="   ")
    assert refused.value.code == "proof_required"
    task.refresh_from_db()
    assert (task.status, task.done_at, task.done_by_id) == (TaskStatus.OPEN, None, None)


def test_evidence_that_is_not_a_document_is_refused(school, make_user):
    task = TaskFactory(item__school=school)
    fake = SimpleUploadedFile("proof.pdf", b"not a pdf at all", content_type="application/pdf")
    with pytest.raises(ValidationError):
        work_task_done(task=task, actor=make_user(Role.LOGISTICS), note="好", evidence=fake)
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN and not task.evidence


def test_done_twice_is_a_409_and_keeps_the_first(school, make_user):
    worker = make_user(Role.LOGISTICS)
    task = TaskFactory(item__school=school)
    work_task_done(task=task, actor=worker, note="第一次")
    with pytest.raises(TransitionRefused) as refused:
        work_task_done(task=task, actor=worker, note="第二次")
    assert refused.value.status_code == 409
    task.refresh_from_db()
    assert task.note == "第一次"


def test_a_task_of_another_school_is_not_there(school, other_school, make_user):
    task = TaskFactory(item__school=other_school)
    with pytest.raises(TransitionRefused) as refused:
        work_task_done(task=task, actor=make_user(Role.DIRECTOR), note="完成")
    assert refused.value.status_code == 404
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_only_the_owner_or_the_managers_mark_done(school, make_user):
    task = TaskFactory(item__school=school, item__owner_role=Role.CANTEEN_MANAGER)
    with pytest.raises(TransitionRefused) as refused:
        work_task_done(task=task, actor=make_user(Role.LOGISTICS), note="完成")
    assert refused.value.status_code == 403
    # A teacher does not even see another role's task.
    with pytest.raises(TransitionRefused) as hidden:
        work_task_done(task=task, actor=make_user(Role.TEACHER), note="完成")
    assert hidden.value.status_code == 404
    work_task_done(task=task, actor=make_user(Role.PRINCIPAL), note="校长代为确认")
    assert WorkTask.objects.get(pk=task.pk).status == TaskStatus.DONE


def test_a_named_owner_is_the_owner_not_everyone_of_the_role(school, make_user):
    named, colleague = make_user(Role.WORKER), make_user(Role.WORKER)
    task = TaskFactory(item__school=school, owner=named, owner_role=Role.WORKER)
    with pytest.raises(TransitionRefused) as refused:
        work_task_done(task=task, actor=colleague, note="完成")
    assert refused.value.status_code == 404  # the colleague does not see it
    work_task_done(task=task, actor=named, note="完成")


def test_the_database_refuses_done_without_proof(school):
    task = TaskFactory(item__school=school)
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkTask.objects.filter(pk=task.pk).update(status="done", done_at=timezone.now())


# ---- fulfilment by a record --------------------------------------------------------------------


def _stocktake(school, user, *, confirmed_at=None):
    return Stocktake.objects.create(
        school=school,
        title="期末盘点",
        started_by=user,
        status=StocktakeStatus.CONFIRMED if confirmed_at else StocktakeStatus.OPEN,
        confirmed_at=confirmed_at,
        confirmed_by=user if confirmed_at else None,
    )


def test_a_stocktake_confirmed_in_the_tasks_month_fulfils_it(school, make_user):
    director = make_user(Role.DIRECTOR)
    january = dt.date(2027, 1, 1)
    task = TaskFactory(
        item__school=school,
        item__record_kind=RecordKind.STOCKTAKE,
        month=january,
        due_on=dt.date(2027, 1, 31),
    )
    open_one = _stocktake(school, director)
    assert fulfilment_check() == 0  # in progress: not yet
    zone = timezone.get_current_timezone()
    _stocktake(school, director, confirmed_at=dt.datetime(2026, 12, 20, 10, tzinfo=zone))
    assert fulfilment_check() == 0  # confirmed in another month
    Stocktake.objects.filter(pk=open_one.pk).update(
        status=StocktakeStatus.CONFIRMED,
        confirmed_at=dt.datetime(2027, 1, 18, 16, tzinfo=zone),
        confirmed_by=director,
    )
    assert fulfilment_check() == 1
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.stocktake_id == open_one.pk
    assert "期末盘点" in task.note
    assert fulfilment_check() == 0  # idempotent


def test_a_linked_drill_fulfils_the_task_when_held(school, other_school):
    task = TaskFactory(item__school=school, item__record_kind=RecordKind.DRILL)
    drill = Drill.objects.create(
        school=school, drill_type="fire", title="消防疏散", date=dt.date(2026, 12, 3)
    )
    Drill.objects.create(  # another school's drill of the month fulfils nothing here
        school=other_school,
        drill_type="fire",
        title="别校演练",
        date=dt.date(2026, 11, 5),
        status=DrillStatus.HELD,
    )
    WorkTask.objects.filter(pk=task.pk).update(drill=drill)
    assert fulfilment_check() == 0
    Drill.objects.filter(pk=drill.pk).update(status=DrillStatus.HELD)
    assert fulfilment_check() == 1
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and "消防疏散" in task.note


def test_a_task_without_a_record_kind_is_never_closed_by_records(school, make_user):
    task = TaskFactory(item__school=school)
    Drill.objects.create(
        school=school, drill_type="fire", title="演练", date=NOV, status=DrillStatus.HELD
    )
    assert fulfilment_check() == 0
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


# ---- overdue reminders -------------------------------------------------------------------------


def test_overdue_owners_are_told_once(school, make_user):
    worker = make_user(Role.LOGISTICS)
    make_user(Role.DIRECTOR)
    late = TaskFactory(item__school=school, due_on=dt.date(2026, 11, 10))
    TaskFactory(item__school=school, due_on=dt.date(2026, 11, 30))  # not yet due
    done = TaskFactory(item__school=school, due_on=dt.date(2026, 11, 5))
    work_task_done(task=done, actor=worker, note="完成")
    assert overdue_notify(today=dt.date(2026, 11, 20)) == 1
    notes = Notification.objects.all()
    assert [(n.recipient, late.item.title in n.title) for n in notes] == [(worker, True)]
    assert notes[0].email_next_at is not None  # e-mail through the outbox
    assert overdue_notify(today=dt.date(2026, 11, 21)) == 0
    assert Notification.objects.count() == 1


def test_a_role_nobody_has_goes_to_the_director(school, make_user):
    director = make_user(Role.DIRECTOR)
    TaskFactory(item__school=school, item__owner_role=Role.CANTEEN_MANAGER, due_on=NOV)
    assert overdue_notify(today=dt.date(2026, 11, 20)) == 1
    assert list(Notification.objects.values_list("recipient", flat=True)) == [director.pk]


# ---- seed --------------------------------------------------------------------------------------


def test_the_seed_calendar_covers_the_school_year_and_is_idempotent(school):
    assert calendar_seed(school=school) == len(SEED)
    assert calendar_seed(school=school) == 0
    covered = 0
    for mask in WorkItem.objects.values_list("months", flat=True):
        covered |= mask
    assert months_of(covered) == [8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7]
    kinds = set(WorkItem.objects.values_list("record_kind", flat=True))
    assert {RecordKind.STOCKTAKE, RecordKind.DRILL} <= kinds
    january = tasks_generate(month=dt.date(2027, 1, 1), school_ids=[school.pk])
    titles = set(WorkTask.objects.values_list("item__title", flat=True))
    assert january >= 5 and "期末资产清点（盘点）" in titles
