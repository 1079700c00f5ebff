"""The screens: an inspector's round on the phone page, the hazard buttons, lists, exports, API."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from core.choices import Role
from safety.choices import HazardStatus, Result, TaskStatus
from safety.models import Hazard, InspectionAnswer
from tests.safety.conftest import jpeg, not_an_image
from tests.safety.factories import (
    DrillFactory,
    EquipmentFactory,
    HazardFactory,
    ItemFactory,
    TaskFactory,
    TemplateFactory,
    VisitorFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_(school, logistics):
    template = TemplateFactory(school=school, name="日常安全巡查")
    items = [
        ItemFactory(template=template, text="消防通道畅通"),
        ItemFactory(template=template, text="电源插座完好", photo_required_on_failure=True),
    ]
    return TaskFactory(template=template, assignee=logistics), items


def test_an_inspector_does_a_round_item_by_item(client, round_, logistics):
    task, items = round_
    client.force_login(logistics)
    mine = client.get(reverse("safety:my_tasks"))
    assert f'data-testid="task-{task.pk}"' in mine.content.decode()
    url = reverse("safety:inspectiontask_detail", args=[task.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"item": items[0].pk, "result": Result.PASS})
    refused = client.post(url, {"item": items[1].pk, "result": Result.FAIL, "note": "面板裂开"})
    assert refused.status_code == 400 and "needs a photo" in refused.content.decode()
    bad = client.post(
        url, {"item": items[1].pk, "result": "fail", "note": "面板裂开", "photo": not_an_image()}
    )
    assert bad.status_code == 400
    done = client.post(
        url,
        {"item": items[1].pk, "result": "fail", "note": "面板裂开", "photo": jpeg()},
        follow=True,
    )
    page = done.content.decode()
    assert 'data-testid="round-done"' in page and 'data-testid="hazard-link"' in page
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert Hazard.objects.get().source_answer.item == items[1]


def test_answering_twice_shows_who_answered_first(client, round_, logistics, make_user):
    task, items = round_
    url = reverse("safety:inspectiontask_detail", args=[task.pk])
    client.force_login(logistics)
    client.post(url, {"item": items[0].pk, "result": Result.PASS})
    colleague = make_user(Role.DIRECTOR)
    client.force_login(colleague)
    again = client.post(url, {"item": items[0].pk, "result": Result.NOT_APPLICABLE})
    assert again.status_code == 400 and str(logistics) in again.content.decode()
    assert InspectionAnswer.objects.get().result == Result.PASS


def test_a_teacher_sees_only_the_rounds_assigned_to_them(client, round_, teacher, school):
    task, items = round_
    client.force_login(teacher)
    url = reverse("safety:inspectiontask_detail", args=[task.pk])
    assert client.get(url).status_code == 404
    mine = TaskFactory(template=task.template, assignee=teacher)
    own_url = reverse("safety:inspectiontask_detail", args=[mine.pk])
    assert client.get(own_url).status_code == 200
    client.post(own_url, {"item": items[0].pk, "result": Result.PASS})
    assert InspectionAnswer.objects.filter(task=mine).count() == 1


def test_the_principal_reads_every_round_but_does_not_inspect(client, round_, make_user):
    task, items = round_
    client.force_login(make_user(Role.PRINCIPAL))
    url = reverse("safety:inspectiontask_detail", args=[task.pk])
    assert client.get(url).status_code == 200
    refused = client.post(url, {"item": items[0].pk, "result": Result.PASS})
    assert refused.status_code == 400 and not InspectionAnswer.objects.exists()
    assert client.get(reverse("safety:inspectiontask_list")).status_code == 200


def test_hazard_buttons_follow_the_workflow(client, school, director, logistics, make_user):
    hazard = HazardFactory(school=school)
    detail = reverse("safety:hazard_detail", args=[hazard.pk])
    client.force_login(director)
    page = client.get(detail).content.decode()
    assert 'data-testid="assign-form"' in page and 'data-testid="accept"' not in page
    deadline = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    step = lambda name: reverse("safety:hazard_step", args=[hazard.pk, name])  # noqa: E731
    client.post(step("assign"), {"responsible": logistics.pk, "deadline": deadline, "severity": 2})
    client.force_login(logistics)
    assert 'data-testid="handle-form"' in client.get(detail).content.decode()
    client.post(step("handle"), {"note": "已加固"})
    assert 'data-testid="accept"' not in client.get(detail).content.decode()
    client.force_login(director)
    client.post(step("accept"))
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.ACCEPTED and hazard.accepted_by == director


def test_the_handler_cannot_accept_through_the_page(client, school, director):
    hazard = HazardFactory(school=school)
    step = lambda name: reverse("safety:hazard_step", args=[hazard.pk, name])  # noqa: E731
    client.force_login(director)
    deadline = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    client.post(step("assign"), {"responsible": director.pk, "deadline": deadline})
    client.post(step("handle"), {"note": "处理完毕"})
    page = client.post(step("accept"), follow=True).content.decode()
    assert "someone else must accept it" in page
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.HANDLED


def test_a_teacher_reports_a_hazard_and_follows_it(client, school, teacher):
    client.force_login(teacher)
    response = client.post(
        reverse("safety:hazard_add"),
        {"description": "走廊灭火器箱玻璃碎了", "severity": 1, "photo": jpeg()},
    )
    hazard = Hazard.objects.get()
    assert response.url == hazard.get_absolute_url()
    assert client.get(hazard.get_absolute_url()).status_code == 200
    listed = client.get(reverse("safety:hazard_list"))
    assert [pk for pk, _values in listed.context["rows"]] == [hazard.pk]


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("url_name", "make"),
    [
        ("safety:hazard_list", lambda s: HazardFactory(school=s)),
        ("safety:inspectiontask_list", lambda s: TaskFactory(template__school=s)),
        ("safety:fireequipment_list", lambda s: EquipmentFactory(school=s)),
        ("safety:drill_list", lambda s: DrillFactory(school=s)),
        ("safety:visitor_list", lambda s: VisitorFactory(school=s)),
    ],
)
def test_lists_run_the_same_queries_for_few_and_many_rows(client, school, director, url_name, make):
    client.force_login(director)
    make(school)
    few = _queries(client, reverse(url_name))
    for _ in range(12):
        make(school)
    assert _queries(client, reverse(url_name)) == few


def test_my_tasks_runs_the_same_queries_for_few_and_many_rounds(client, school, logistics):
    template = TemplateFactory(school=school)
    client.force_login(logistics)
    TaskFactory(template=template, assignee=logistics)
    few = _queries(client, reverse("safety:my_tasks"))
    for _ in range(10):
        TaskFactory(template=template, assignee=logistics)
    assert _queries(client, reverse("safety:my_tasks")) == few


def _sheet(response):
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_excel_exports_of_the_safety_ledgers(client, school, director, round_, logistics):
    task, items = round_
    from safety import services

    services.inspection_answer(task=task, item=items[0], result=Result.PASS, actor=logistics)
    EquipmentFactory(school=school, code="MHQ-007")
    DrillFactory(school=school, title="=cmd|' /C calc'!A0")
    VisitorFactory(school=school, name="赵女士")
    client.force_login(director)
    records = _sheet(client.get(reverse("safety:inspectionanswer_list") + "?export=xlsx"))
    assert any("消防通道畅通" in str(cell) for row in records for cell in row)
    hazards = client.get(reverse("safety:hazard_list") + "?export=xlsx")
    assert hazards.status_code == 200
    equipment = _sheet(client.get(reverse("safety:fireequipment_list") + "?export=xlsx"))
    assert any("MHQ-007" in str(cell) for row in equipment for cell in row)
    drills = client.get(reverse("safety:drill_list") + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(drills.streaming_content))).active
    title = next(c for row in sheet.iter_rows() for c in row if str(c.value).startswith("=cmd"))
    assert title.data_type == "s"  # kept as text, never a formula
    visitors = _sheet(client.get(reverse("safety:visitor_list") + "?export=xlsx"))
    assert any("赵女士" in str(cell) for row in visitors for cell in row)


def test_expiring_fire_equipment_is_listed_before_it_expires(client, school, logistics):
    soon = EquipmentFactory(
        school=school, next_service_date=timezone.localdate() + dt.timedelta(10)
    )
    EquipmentFactory(school=school, next_service_date=timezone.localdate() + dt.timedelta(200))
    client.force_login(logistics)
    listed = client.get(reverse("safety:fireequipment_list") + "?expiring=true")
    assert [pk for pk, _values in listed.context["rows"]] == [soon.pk]
    api = APIClient()
    api.force_authenticate(logistics)
    rows = api.get("/api/v1/safety/fire-equipment/?expiring=true").json()["results"]
    assert [row["id"] for row in rows] == [soon.pk]


def test_drill_term_view_shows_missing_months(client, school, director):
    from tests.factories import TermFactory

    TermFactory(school=school, start=dt.date(2026, 9, 1), end=dt.date(2026, 11, 30))
    DrillFactory(school=school, date=dt.date(2026, 9, 10), status="held")
    client.force_login(director)
    page = client.get(reverse("safety:drill_term")).content.decode()
    assert "2026-10" in page and "2026-11" in page


def test_api_answers_and_hazard_steps_use_the_services(school, round_, logistics, director):
    task, items = round_
    api = APIClient()
    api.force_authenticate(logistics)
    answered = api.post(
        f"/api/v1/safety/rounds/{task.pk}/answer/", {"item": items[0].pk, "result": "pass"}
    )
    assert answered.status_code == 201
    twice = api.post(
        f"/api/v1/safety/rounds/{task.pk}/answer/", {"item": items[0].pk, "result": "pass"}
    )
    assert twice.status_code == 400 and "already answered" in str(twice.json())
    hazard = HazardFactory(school=school)
    deadline = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    api.force_authenticate(director)
    assert (
        api.post(
            f"/api/v1/safety/hazards/{hazard.pk}/assign/",
            {"responsible": director.pk, "deadline": deadline},
        ).status_code
        == 200
    )
    api.post(f"/api/v1/safety/hazards/{hazard.pk}/handle/", {"note": "已处理"})
    own = api.post(f"/api/v1/safety/hazards/{hazard.pk}/accept/")
    assert own.status_code == 403 and own.json()["code"] == "own_handling"
    open_ = api.get("/api/v1/safety/hazards/?open=true&severity=1").json()
    assert [row["id"] for row in open_["results"]] == [hazard.pk]


def test_nobody_of_another_school_sees_a_round(client, round_, other_school):
    from tests.factories import UserFactory

    task, _items = round_
    stranger = UserFactory(school=other_school, roles=[Role.DIRECTOR])
    client.force_login(stranger)
    assert client.get(reverse("safety:inspectiontask_detail", args=[task.pk])).status_code == 404
    api = APIClient()
    api.force_authenticate(stranger)
    assert api.get(f"/api/v1/safety/rounds/{task.pk}/").status_code == 404


def test_drill_photos_are_checked_and_shrunk_on_the_page_and_the_api(client, school, logistics):
    from PIL import Image

    from safety.models import Drill

    client.force_login(logistics)
    data = {"drill_type": "fire", "title": "消防演练", "date": "2026-11-13", "status": "held"}
    refused = client.post(
        reverse("safety:drill_add"), {**data, "participants": 10, "photo": not_an_image()}
    )
    assert refused.status_code == 400 and not Drill.objects.exists()
    client.post(
        reverse("safety:drill_add"), {**data, "participants": 10, "photo": jpeg(size=(3000, 2000))}
    )
    api = APIClient()
    api.force_authenticate(logistics)
    response = api.post(
        "/api/v1/safety/drills/", {**data, "photo": jpeg(size=(3000, 2000))}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    for drill in Drill.objects.all():
        with Image.open(drill.photo.path) as image:
            assert max(image.size) <= 1600
