"""The work calendar as people use it: the calendar page, "my tasks this month" with its done
form, the API's done action and its refusals, the list's Excel export, the to-do and the tasks."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core import todo
from core.choices import Role
from planning.models.calendar import TaskStatus, WorkTask, months_mask
from planning.tasks import check_task_fulfilment, generate_month_tasks, remind_overdue_tasks
from tests.helpers import count_queries
from tests.planning.factories_calendar import ItemFactory, TaskFactory

pytestmark = pytest.mark.django_db


def _this_month() -> dt.date:
    return timezone.localdate().replace(day=1)


def _task(school, **kwargs) -> WorkTask:
    first = _this_month()
    kwargs.setdefault("due_on", first + dt.timedelta(days=27))
    return TaskFactory(item__school=school, month=first, **kwargs)


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_the_calendar_page_shows_this_month_overdue_next_month_and_the_rate(
    client, school, make_user
):
    director = make_user(Role.DIRECTOR)
    this = _this_month()
    open_one = _task(school, item__title="消防器材月度检查")
    done_one = _task(school, item__title="食堂留样抽查")
    WorkTask.objects.filter(pk=done_one.pk).update(
        status=TaskStatus.DONE, done_at=timezone.now(), note="已查"
    )
    earlier = (this - dt.timedelta(days=1)).replace(day=1)
    TaskFactory(item__school=school, item__title="期中班级公物检查", month=earlier, due_on=earlier)
    following = (this + dt.timedelta(days=32)).replace(day=1)
    ItemFactory(school=school, title="安排假期值班表", months=months_mask([following.month]))
    client.force_login(director)
    page = client.get(reverse("planning:calendar")).content.decode()
    assert "消防器材月度检查" in page and "食堂留样抽查" in page
    assert "期中班级公物检查" in page  # overdue from last month
    assert "安排假期值班表" in page  # next month's item
    assert "50.0%" in page
    assert open_one.get_absolute_url() in page


def test_my_tasks_page_lists_only_mine_and_marks_done_with_a_note(client, school, make_user):
    worker = make_user(Role.WORKER)
    mine = _task(school, item__title="检修水电", owner_role=Role.WORKER)
    _task(school, item__title="食堂检查", owner_role=Role.CANTEEN)
    client.force_login(worker)
    page = client.get(reverse("planning:calendar_mine")).content.decode()
    assert "检修水电" in page and "食堂检查" not in page
    url = reverse("planning:worktask_step", args=[mine.pk, "done"])
    answer = client.post(url, {"note": "已更换2个阀门", "next": reverse("planning:calendar_mine")})
    assert answer.status_code == 302 and answer["Location"] == reverse("planning:calendar_mine")
    mine.refresh_from_db()
    assert (mine.status, mine.note, mine.done_by) == (TaskStatus.DONE, "已更换2个阀门", worker)
    again = client.post(url, {"note": "再次"}, follow=True)
    assert again.status_code == 409


def test_done_without_a_note_is_refused_with_a_sentence(client, school, make_user):
    worker = make_user(Role.LOGISTICS)
    task = _task(school)
    client.force_login(worker)
    answer = client.post(reverse("planning:worktask_step", args=[task.pk, "done"]), {"note": ""})
    assert answer.status_code == 400
    assert "请写明完成情况或上传凭证" in answer.content.decode()
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_done_of_another_schools_task_is_404_on_the_page(client, school, other_school, make_user):
    task = _task(other_school)
    client.force_login(make_user(Role.DIRECTOR))
    url = reverse("planning:worktask_step", args=[task.pk, "done"])
    assert client.post(url, {"note": "x"}).status_code == 404


def test_the_api_done_action_and_its_refusals(school, other_school, make_user):
    worker = make_user(Role.LOGISTICS)
    task, theirs = _task(school), _task(other_school)
    api = _api(worker)
    base = "/api/v1/planning/work-tasks/"
    empty = api.post(f"{base}{task.pk}/done/", {"note": ""}, format="json")
    assert empty.status_code == 400 and empty.json()["code"] == "proof_required"
    assert "凭证" in empty.json()["detail"]
    done = api.post(f"{base}{task.pk}/done/", {"note": "完成"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "done"
    twice = api.post(f"{base}{task.pk}/done/", {"note": "完成"}, format="json")
    assert twice.status_code == 409 and twice.json()["code"] == "wrong_status"
    assert api.post(f"{base}{theirs.pk}/done/", {"note": "x"}, format="json").status_code == 404
    teacher = _api(make_user(Role.TEACHER))
    assert teacher.post(f"{base}{task.pk}/done/", {"note": "x"}, format="json").status_code == 404


def test_the_api_refuses_a_month_outside_1_to_12(school, make_user):
    api = _api(make_user(Role.DIRECTOR))
    body = {"title": "检查", "months": [8, 13], "owner_role": Role.DIRECTOR}
    answer = api.post("/api/v1/planning/work-items/", body, format="json")
    assert answer.status_code == 400
    assert "13" in str(answer.json()["fields"]["months"])
    ok = api.post("/api/v1/planning/work-items/", {**body, "months": [8, 1]}, format="json")
    assert ok.status_code == 201 and ok.json()["months"] == [8, 1]
    listed = api.get("/api/v1/planning/work-items/", {"month": 13})
    assert listed.status_code == 400


def test_the_item_form_refuses_month_13(client, school, make_user):
    client.force_login(make_user(Role.PRINCIPAL))
    data = {"title": "检查", "months": ["8", "13"], "owner_role": Role.DIRECTOR}
    answer = client.post(reverse("planning:workitem_add"), data)
    assert answer.status_code == 400 and "13" in answer.content.decode()
    assert not ItemFactory._meta.model.objects.filter(title="检查").exists()


def test_the_export_has_the_rows_of_the_list(client, school, make_user):
    client.force_login(make_user(Role.DIRECTOR))
    for title in ("盘点", "消防检查", "绿化整理"):
        _task(school, item__title=title)
    url = reverse("planning:worktask_list") + f"?period={_this_month():%Y-%m}"
    page = client.get(url)
    shown = [values for _pk, values in page.context["rows"]]
    response = client.get(url + "&export=xlsx")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = [list(r) for r in book.active.iter_rows(values_only=True)]
    titles = sorted(r[1] for r in rows[1:])
    assert titles == sorted(v[1] for v in shown) == ["消防检查", "盘点", "绿化整理"]
    assert {r[0] for r in rows[1:]} == {f"{_this_month():%Y-%m}"}


def test_the_todo_counts_my_open_tasks_this_month_and_links_them(client, school, make_user):
    worker = make_user(Role.WORKER)
    _task(school, owner_role=Role.WORKER)
    _task(school, owner_role=Role.WORKER)
    _task(school, owner_role=Role.CANTEEN)
    (entry,) = [
        row for row in todo.todo_for(worker) if row["key"] == "planning.my_tasks_this_month"
    ]
    assert entry["count"] == 2
    client.force_login(worker)
    listed = client.get(entry["link"]).context["rows"]
    assert len(listed) == 2


def test_the_list_costs_the_same_queries_for_few_and_many_tasks(client, school, make_user):
    client.force_login(make_user(Role.DIRECTOR))
    url = reverse("planning:calendar")
    _task(school)
    count_queries(client, url)
    few = count_queries(client, url)
    for _ in range(6):
        _task(school)
    assert count_queries(client, url) == few
    mine = reverse("planning:calendar_mine")
    assert count_queries(client, mine) == count_queries(client, mine)


def test_the_celery_tasks_run_the_services(school, make_user):
    make_user(Role.LOGISTICS)
    ItemFactory(school=school, months=months_mask([timezone.localdate().month]))
    assert generate_month_tasks() == 1
    assert generate_month_tasks() == 0
    assert check_task_fulfilment() == 0
    WorkTask.objects.update(due_on=_this_month() - dt.timedelta(days=1))
    assert remind_overdue_tasks() == 1
    assert remind_overdue_tasks() == 0


def test_the_beat_schedules_exist():
    from django_celery_beat.models import PeriodicTask

    names = set(PeriodicTask.objects.values_list("task", flat=True))
    assert {
        "planning.generate_month_tasks",
        "planning.check_task_fulfilment",
        "planning.remind_overdue_tasks",
    } <= names


@pytest.mark.parametrize("period", ["2026-13", "2026-00", "26-11", "2026-11-31..2026-12-01"])
def test_a_list_filter_with_an_impossible_month_is_a_400(client, school, make_user, period):
    director = make_user(Role.DIRECTOR)
    client.force_login(director)
    assert client.get(reverse("planning:worktask_list"), {"period": period}).status_code == 400
    answer = _api(director).get("/api/v1/planning/work-tasks/", {"period": period})
    assert answer.status_code == 400 and answer.json()["detail"]


def test_the_calendar_page_offers_done_only_on_tasks_one_may_close(client, school, make_user):
    mine = _task(school, owner_role=Role.WORKER)
    theirs = _task(school, owner_role=Role.CANTEEN)
    client.force_login(make_user(Role.LOGISTICS))  # reads every task, owns neither
    page = client.get(reverse("planning:calendar")).content.decode()
    assert f'data-testid="done-{mine.pk}"' not in page
    client.force_login(make_user(Role.WORKER))
    page = client.get(reverse("planning:calendar")).content.decode()
    assert f'data-testid="done-{mine.pk}"' in page and f"task-{theirs.pk}" not in page
    client.force_login(make_user(Role.DIRECTOR))
    page = client.get(reverse("planning:calendar")).content.decode()
    assert f'data-testid="done-{mine.pk}"' in page and f'data-testid="done-{theirs.pk}"' in page
    answer = client.post(
        reverse("planning:worktask_step", args=[mine.pk, "done"]),
        {"note": "主任代为确认", "next": reverse("planning:calendar")},
    )
    assert answer["Location"] == reverse("planning:calendar")


def test_the_api_done_action_takes_an_evidence_file(school, make_user):
    from tests.planning.test_calendar_services import _png

    task = _task(school)
    answer = _api(make_user(Role.LOGISTICS)).post(
        f"/api/v1/planning/work-tasks/{task.pk}/done/", {"evidence": _png()}, format="multipart"
    )
    assert answer.status_code == 200 and answer.json()["has_evidence"] is True
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.evidence.name.endswith(".jpg")


def test_the_evidence_is_served_only_to_readers_of_the_task(client, school, make_user):
    from planning.services_calendar import work_task_done
    from tests.planning.test_calendar_services import _png

    task = _task(school, owner_role=Role.WORKER)
    work_task_done(task=task, actor=make_user(Role.DIRECTOR), evidence=_png())
    url = reverse("planning:worktask_evidence", args=[task.pk])
    client.force_login(make_user(Role.CANTEEN))  # does not own it: not there
    assert client.get(url).status_code == 404
    client.force_login(make_user(Role.WORKER))
    assert client.get(url).status_code == 200
