"""The request pages, the ledger and its export, the inbox, the API, the to-do and the metrics,
as the people who use them see them."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from core import metrics, todo
from core.choices import Role
from finance.choices import ApprovalLevel, BudgetControl, EconomicCategory, RequestStatus
from finance.models import BudgetLine, PurchaseRequest
from finance.services import requests as services
from tests.factories import SchoolFactory, UserFactory
from tests.finance.factories import line_of, office, request_of
from tests.finance.factories_requests import approved_through, draft, submitted
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def crew(school):
    people = office(school)
    people["line"] = line_of(school, amount="100000", name="办公设备购置")
    return people


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_of(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def form_post(line, rows, **fields) -> dict:
    data = {
        "title": fields.get("title", "教学用品"),
        "budget_line": line.pk,
        "kind": "goods",
        "reason": "新学期教学需要",
        "items-TOTAL_FORMS": str(max(len(rows), 4)),
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "50",
    }
    for i, (name, quantity, unit, price) in enumerate(rows):
        data.update(
            {
                f"items-{i}-name": name,
                f"items-{i}-quantity": quantity,
                f"items-{i}-unit": unit,
                f"items-{i}-unit_price": price,
            }
        )
    return data


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_a_teacher_requests_two_items_and_submits(crew):
    teacher = client_of(crew["teacher"])
    assert teacher.get(reverse("finance:purchaserequest_add")).status_code == 200
    answer = teacher.post(
        reverse("finance:purchaserequest_add"),
        form_post(crew["line"], [("白板笔", "20", "支", "3.50"), ("A4纸", "5", "箱", "120")]),
    )
    assert answer.status_code == 302
    request = PurchaseRequest.objects.get()
    assert request.amount == Decimal("670.00")
    page = teacher.get(request.get_absolute_url())
    html = page.content.decode()
    assert "白板笔" in html and "670.00" in html and "提交审批" in html
    submitted = teacher.post(reverse("finance:purchaserequest_step", args=[request.pk, "submit"]))
    assert submitted.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.level) == (RequestStatus.PENDING, ApprovalLevel.HEAD)
    mine = teacher.get(reverse("finance:my_requests")).content.decode()
    assert request.number in mine and "待审批" in mine


@pytest.mark.parametrize(
    ("quantity", "price", "shown"),
    [
        ("-1", "5", "确保该值大于或等于0.01"),
        ("2", "0", "确保该值大于或等于0.01"),
        ("1", "3.555", "小数不超过 2 位"),
    ],
)
def test_bad_items_are_shown_and_nothing_is_saved(crew, quantity, price, shown):
    answer = client_of(crew["teacher"]).post(
        reverse("finance:purchaserequest_add"),
        form_post(crew["line"], [("白板笔", quantity, "支", price)]),
    )
    assert answer.status_code == 400
    assert shown in answer.content.decode()
    assert PurchaseRequest.objects.count() == 0


def test_the_head_then_the_director_approve_and_the_line_commits(crew):
    request = submitted(crew["teacher"], crew["line"], ("投影仪", "1", "3500"))
    head = client_of(crew["head"])
    inbox = head.get(reverse("finance:approvals_inbox"))
    assert request.number in inbox.content.decode()
    url = reverse("finance:purchaserequest_step", args=[request.pk, "approve"])
    assert head.post(url, {"note": "同意"}).status_code == 302
    director = client_of(crew["director"])
    assert request.number not in head.get(reverse("finance:approvals_inbox")).content.decode()
    assert request.number in director.get(reverse("finance:approvals_inbox")).content.decode()
    done = director.post(url, {"note": "同意"}, follow=True)
    assert "已完成：同意。" in " ".join(messages_of(done)) or done.status_code == 200
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED
    assert BudgetLine.objects.get(pk=crew["line"].pk).committed == Decimal("3500.00")
    history = director.get(request.get_absolute_url()).content.decode()
    assert history.count('data-testid="approval"') == 2


def test_a_stop_line_refusal_is_shown_and_nothing_changes(crew):
    line = line_of(crew["teacher"].school, amount="3000")
    request = approved_through(
        submitted(crew["teacher"], line, ("投影仪", "1", "3500")), crew["head"]
    )
    url = reverse("finance:purchaserequest_step", args=[request.pk, "approve"])
    answer = client_of(crew["director"]).post(url, {"note": "同意"})
    assert answer.status_code == 400
    assert "可用余额为 3000.00 元，申请金额为 3500.00 元" in " ".join(messages_of(answer))
    request.refresh_from_db()
    assert (request.status, request.level) == (RequestStatus.PENDING, ApprovalLevel.DIRECTOR)
    assert BudgetLine.objects.get(pk=line.pk).committed == 0


def test_approving_out_of_order_or_twice_is_refused_on_the_page(crew):
    request = submitted(crew["teacher"], crew["line"], ("投影仪", "1", "3500"))
    url = reverse("finance:purchaserequest_step", args=[request.pk, "approve"])
    early = client_of(crew["director"]).post(url, {"note": "同意"})
    assert early.status_code == 403
    assert "正在等待部门负责人审批" in messages_of(early)[0]
    head = client_of(crew["head"])
    head.post(url, {"note": "同意"})
    twice = head.post(url, {"note": "同意"})
    assert twice.status_code == 403
    return_without_comment = client_of(crew["director"]).post(
        reverse("finance:purchaserequest_step", args=[request.pk, "return"]), {"note": ""}
    )
    assert return_without_comment.status_code == 400
    assert "请填写意见" in " ".join(messages_of(return_without_comment))


def test_approvers_see_the_splitting_warning_and_public_procurement(crew):
    line = line_of(crew["teacher"].school, amount="900000", control=BudgetControl.WARN)
    first = submitted(crew["teacher"], line, ("打印纸", "1", "600"))
    second = submitted(crew["teacher"], line, ("打印纸", "1", "600"))
    page = client_of(crew["head"]).get(second.get_absolute_url()).content.decode()
    assert 'data-testid="split-warning"' in page and first.number in page
    own = client_of(crew["teacher"]).get(second.get_absolute_url()).content.decode()
    assert 'data-testid="split-warning"' not in own
    big = submitted(crew["teacher"], line, ("空调", "10", "25000"))
    shown = client_of(crew["director"]).get(big.get_absolute_url()).content.decode()
    assert 'data-testid="public-procurement"' in shown


def test_a_returned_request_is_changed_on_its_form_and_resubmitted(crew):
    request = submitted(crew["teacher"], crew["line"], ("投影仪", "1", "3500"))
    services.request_return(request=request, actor=crew["head"], note="请补充型号")
    teacher = client_of(crew["teacher"])
    edit = reverse("finance:purchaserequest_edit", args=[request.pk])
    form = teacher.get(edit)
    assert form.status_code == 200 and "投影仪" in form.content.decode()
    data = form_post(crew["line"], [("投影仪 EB-X51", "1", "台", "3200")])
    assert teacher.post(edit, data).status_code == 302
    request.refresh_from_db()
    assert request.amount == Decimal("3200.00") and request.items.get().name == "投影仪 EB-X51"
    services.request_submit(request=request, actor=crew["teacher"])
    assert teacher.get(edit).status_code == 302  # frozen again: back to its page
    assert client_of(crew["acceptor1"]).get(edit).status_code == 404  # not theirs


def _rows(school, count, line, requester):
    for _ in range(count):
        request_of(school, requester=requester, line=line)


def test_the_ledger_and_the_inbox_cost_the_same_queries_for_few_and_many(crew):
    school = crew["teacher"].school
    director = client_of(crew["director"])
    head = client_of(crew["head"])
    _rows(school, 2, crew["line"], crew["teacher"])
    PurchaseRequest.objects.update(status=RequestStatus.PENDING, level=ApprovalLevel.HEAD)
    urls = [reverse("finance:purchaserequest_list"), reverse("finance:approvals_inbox")]
    few = [count_queries(director, urls[0]), count_queries(head, urls[1])]
    few_export = count_queries(director, urls[0], {"export": "xlsx"})
    _rows(school, 12, crew["line"], crew["teacher"])
    PurchaseRequest.objects.update(status=RequestStatus.PENDING, level=ApprovalLevel.HEAD)
    assert [count_queries(director, urls[0]), count_queries(head, urls[1])] == few
    assert count_queries(director, urls[0], {"export": "xlsx"}) == few_export


def test_the_ledger_filters_and_its_excel_equals_the_screen(crew):
    school = crew["teacher"].school
    printing = line_of(school, category=EconomicCategory.PRINTING, name="印刷费")
    old = line_of(school, year=2024, name="旧设备")
    cheap = draft(crew["teacher"], crew["line"], ("笔", "2", "5"))
    dear = submitted(crew["teacher"], crew["line"], ("投影仪", "1", "3500"))
    printed = draft(crew["teacher"], printing, ("试卷印刷", "1", "800"))
    last_year = request_of(school, requester=crew["teacher"], line=old)
    ledger = reverse("finance:purchaserequest_list")
    director = client_of(crew["director"])

    def listed(**params):
        response = director.get(ledger, params)
        assert response.status_code == 200
        return {pk for pk, _values in response.context["rows"]}

    assert listed(status="pending") == {dear.pk}
    assert listed(category=EconomicCategory.PRINTING) == {printed.pk}
    assert listed(year=2024) == {last_year.pk}
    assert listed(method="quotes") == {dear.pk}
    assert listed(amount_min="100", amount_max="1000") == {printed.pk}
    assert listed(department=crew["teacher"].department.pk) >= {cheap.pk, dear.pk}
    screen = director.get(ledger, {"status": "pending"})
    download = director.get(ledger, {"status": "pending", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = list(sheet.values)
    assert rows[0][0] == str(screen.context["table"].headers()[0][0].header)  # the header row
    assert [r[0] for r in rows[1:]] == [dear.number]
    assert dear.number in screen.content.decode()
    assert director.get(ledger, {"amount_min": "-5"}).status_code == 400  # a clear refusal


def test_the_api_writes_a_draft_with_its_items_and_takes_the_steps(crew):
    api = api_of(crew["teacher"])
    body = {
        "title": "教学用品",
        "reason": "新学期教学需要",
        "budget_line": crew["line"].pk,
        "items": [
            {"name": "白板笔", "quantity": "20", "unit": "支", "unit_price": "3.50"},
            {"name": "A4纸", "quantity": "5", "unit": "箱", "unit_price": "120"},
        ],
    }
    made = api.post("/api/v1/finance/requests/", body, format="json")
    assert made.status_code == 201, made.content
    data = made.json()
    assert data["amount"] == "670.00" and len(data["items"]) == 2
    pk = data["id"]
    bad = {**body, "items": [{"name": "笔", "quantity": "1", "unit": "支", "unit_price": "1.005"}]}
    refused = api.put(f"/api/v1/finance/requests/{pk}/", bad, format="json")
    assert refused.status_code == 400
    assert "单价最多保留两位小数" in refused.json()["fields"]["items"][0]
    assert api.post(f"/api/v1/finance/requests/{pk}/submit/", {}, format="json").status_code == 200
    frozen = api.put(f"/api/v1/finance/requests/{pk}/", body, format="json")
    assert frozen.status_code == 409
    other_line = line_of(SchoolFactory())
    strange = api.post(
        "/api/v1/finance/requests/", {**body, "budget_line": other_line.pk}, format="json"
    )
    assert strange.status_code == 400
    assert strange.json()["fields"]["budget_line"] == ["该预算项目不属于本校。"]
    approved = api_of(crew["head"]).post(
        f"/api/v1/finance/requests/{pk}/approve/", {"note": "同意"}, format="json"
    )
    assert approved.status_code == 200
    assert approved.json()["status"] == RequestStatus.APPROVED  # 670 yuan: the head alone
    again = api_of(crew["head"]).post(f"/api/v1/finance/requests/{pk}/approve/", {}, format="json")
    assert again.status_code == 409
    assert BudgetLine.objects.get(pk=crew["line"].pk).committed == Decimal("670.00")


def test_the_to_do_counts_what_the_inbox_lists(crew):
    submitted(crew["teacher"], crew["line"])
    submitted(crew["teacher"], crew["line"])
    item = next(i for i in todo.items_for(crew["head"]) if i.key == "finance.approvals_waiting")
    from core import access

    rows = access.scope(crew["head"], PurchaseRequest)
    assert item.count(crew["head"], rows) == 2
    inbox = client_of(crew["head"]).get(item.link())
    assert len(inbox.context["requests"]) == 2
    assert item.count(crew["director"], access.scope(crew["director"], PurchaseRequest)) == 0


def test_the_metrics_count_waiting_and_the_median_approval_time(crew):
    school = crew["teacher"].school
    other = SchoolFactory()
    quick = submitted(crew["teacher"], crew["line"])
    slow = submitted(crew["teacher"], crew["line"])
    waiting = submitted(crew["teacher"], crew["line"])
    approved_through(quick, crew["head"])
    approved_through(slow, crew["head"])
    now = timezone.now()
    PurchaseRequest.objects.filter(pk=quick.pk).update(
        submitted_at=now - dt.timedelta(hours=2), approved_at=now
    )
    PurchaseRequest.objects.filter(pk=slow.pk).update(
        submitted_at=now - dt.timedelta(hours=10), approved_at=now
    )
    period = metrics.Period.month(now.year, timezone.localdate().month)
    found = {m.key: m for m in metrics.all_metrics()}
    assert found["finance.requests_waiting"].compute([school.pk, other.pk], period) == {
        school.pk: 1,
        other.pk: 0,
    }
    median = found["finance.approval_median_hours"].compute([school.pk, other.pk], period)
    assert median == {school.pk: 6.0}  # no approval at the other school: no data
    director = client_of(crew["director"])
    link = director.get(found["finance.requests_waiting"].link(period))
    assert {pk for pk, _v in link.context["rows"]} == {waiting.pk}
    link = director.get(found["finance.approval_median_hours"].link(period))
    assert {pk for pk, _v in link.context["rows"]} == {quick.pk, slow.pk}
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    schools = [SchoolFactory().pk for _ in range(20)]
    for metric in (found["finance.requests_waiting"], found["finance.approval_median_hours"]):
        with CaptureQueriesContext(connection) as one:
            metric.compute([school.pk], period)
        with CaptureQueriesContext(connection) as many:
            metric.compute([school.pk, *schools], period)
        assert len(one) == len(many) == 1


def test_a_district_viewer_reads_but_cannot_request(school):
    viewer = UserFactory(school=None, roles=[Role.DISTRICT])
    viewer.district_schools.add(school)
    client = client_of(viewer)
    assert client.get(reverse("finance:purchaserequest_list")).status_code == 200
    assert client.get(reverse("finance:purchaserequest_add")).status_code == 403
