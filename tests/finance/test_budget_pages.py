"""The budget's pages: finance settings, lines, years, adjustments and budget execution."""

import io
from decimal import Decimal

import openpyxl
import pytest

from core.choices import Role
from finance.choices import AdjustmentStatus, BudgetControl, EconomicCategory, YearStatus
from finance.models import BudgetAdjustment, BudgetLine, FinanceSettings
from finance.services.budget import budget_commit, budget_spend
from tests.factories import DepartmentFactory, SchoolFactory
from tests.finance.factories import line_of, office, request_of
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db
YEAR = line_of.__globals__["timezone"].localdate().year


@pytest.fixture
def people(school):
    return office(school)


def _take(line, people, committed="0", spent="0"):
    request = request_of(line.school, requester=people["teacher"], line=line)
    if Decimal(committed):
        budget_commit(
            line_id=line.pk,
            school_id=line.school_id,
            amount=Decimal(committed),
            request=request,
            actor=people["director"],
        )
    if Decimal(spent):
        budget_spend(
            line_id=line.pk,
            school_id=line.school_id,
            amount=Decimal(spent),
            from_committed=Decimal("0"),
            request=request,
            actor=people["director"],
        )


# ---- settings ------------------------------------------------------------------------------


def _settings_post(**changes):
    data = {
        "director_from": "1000",
        "principal_from": "10000",
        "collective_from": "50000",
        "quotes_from": "1000",
        "quotes_required": "3",
        "tender_from": "200000",
        "province": "浙江省",
        "payment_tolerance_percent": "5",
        "disclosure_from": "5000",
        "contract_notice_days": "30",
    }
    return {**data, **changes}


def test_the_director_edits_the_tiers_and_a_broken_order_is_a_clear_form_error(client, people):
    client.force_login(people["director"])
    saved = client.post("/finance/settings/", _settings_post(principal_from="20000"))
    assert saved.status_code == 302
    school_id = people["director"].school_id
    assert FinanceSettings.of(school_id).principal_from == Decimal("20000")
    refused = client.post("/finance/settings/", _settings_post(principal_from="800"))
    assert refused.status_code == 400
    assert "校长审批起点须高于总务主任审批起点（1000.00 元）" in refused.content.decode()
    assert FinanceSettings.of(school_id).principal_from == Decimal("20000")


def test_the_principal_reads_the_settings_and_may_not_post(client, people):
    client.force_login(people["principal"])
    page = client.get("/finance/settings/")
    assert page.status_code == 200 and page.context["form"] is None
    assert "10,000.00" in page.content.decode()
    assert client.post("/finance/settings/", _settings_post()).status_code == 403


# ---- lines ---------------------------------------------------------------------------------


def test_a_stop_lines_budget_cannot_be_edited_below_what_it_has_taken(client, people, school):
    line = line_of(school, amount="10000", name="办公设备购置")
    _take(line, people, committed="3000", spent="4000")
    client.force_login(people["director"])
    data = {"category": "office_equipment", "name": "办公设备购置", "control": "stop"}
    refused = client.post(
        f"/finance/budget/lines/{line.pk}/edit/",
        {**data, "amount": "6999.99", "committed": "0", "spent": "0"},
    )
    assert refused.status_code == 400
    assert "不能少于 7000.00 元" in refused.content.decode()
    assert BudgetLine.objects.values_list("amount", "committed", "spent").get(pk=line.pk) == (
        Decimal("10000.00"),
        Decimal("3000.00"),
        Decimal("4000.00"),
    )
    saved = client.post(f"/finance/budget/lines/{line.pk}/edit/", {**data, "amount": "7000"})
    assert saved.status_code == 302
    line.refresh_from_db()
    assert (line.amount, line.committed, line.spent) == (
        Decimal("7000.00"),
        Decimal("3000.00"),
        Decimal("4000.00"),
    )


@pytest.mark.parametrize("amount", ["-5", "12.345"])
def test_a_negative_amount_or_three_decimals_is_refused(client, people, school, amount):
    year = line_of(school).budget_year
    client.force_login(people["director"])
    before = BudgetLine.objects.count()
    response = client.post(
        "/finance/budget/lines/add/",
        {
            "budget_year": year.pk,
            "category": "office",
            "name": "新线",
            "amount": amount,
            "control": "stop",
        },
    )
    assert response.status_code == 400
    assert BudgetLine.objects.count() == before


def test_a_lines_page_shows_its_figures_movements_and_chart(client, people, school):
    line = line_of(school, amount="8000", name="语文组教学用品")
    _take(line, people, committed="1000", spent="2000")
    client.force_login(people["principal"])
    page = client.get(f"/finance/budget/lines/{line.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert page.context["object"].available_amount == Decimal("5000.00")
    assert "5,000.00" in text and "25.0" in text
    assert len(page.context["movements"]) == 2
    assert page.context["chart"].startswith("data:image/svg+xml;base64,")
    assert f"/finance/budget/lines/{line.pk}/edit/" not in text and "申请调剂" not in text


def test_a_year_is_closed_from_its_page(client, people, school):
    year = line_of(school).budget_year
    client.force_login(people["director"])
    assert client.post(f"/finance/budget/years/{year.pk}/close/").status_code == 302
    year.refresh_from_db()
    assert year.status == YearStatus.CLOSED
    client.force_login(people["principal"])
    assert client.post(f"/finance/budget/years/{year.pk}/reopen/").status_code == 403


# ---- adjustments ---------------------------------------------------------------------------


def test_an_adjustment_is_requested_by_the_director_and_approved_by_the_principal(
    client, people, school
):
    source = line_of(school, amount="20000", name="其他")
    target = line_of(school, amount="5000", name="印刷费")
    client.force_login(people["director"])
    form = client.get(f"/finance/budget/adjustments/add/?from_line={source.pk}")
    assert form.context["form"].initial["from_line"] == source.pk
    asked = client.post(
        "/finance/budget/adjustments/add/",
        {"from_line": source.pk, "to_line": target.pk, "amount": "12000", "reason": "试卷"},
    )
    assert asked.status_code == 302
    adjustment = BudgetAdjustment.objects.get()
    page = client.get(asked["Location"])
    assert "step-approve" not in page.content.decode()  # not the requester's to decide
    assert "等待校长审批" in page.content.decode()
    assert client.post(f"{asked['Location']}approve/").status_code == 403
    client.force_login(people["principal"])
    assert "step-approve" in client.get(asked["Location"]).content.decode()
    done = client.post(f"{asked['Location']}approve/", {"note": "同意"})
    assert done.status_code == 302
    adjustment.refresh_from_db()
    assert adjustment.status == AdjustmentStatus.APPROVED
    amounts = dict(BudgetLine.objects.values_list("name", "amount"))
    assert amounts == {"其他": Decimal("8000.00"), "印刷费": Decimal("17000.00")}


def test_an_adjustment_of_another_schools_line_or_past_available_is_refused(client, people, school):
    source = line_of(school, amount="1000", name="其他")
    target = line_of(school, amount="5000", name="印刷费")
    foreign = line_of(SchoolFactory(), amount="90000")
    client.force_login(people["director"])
    for data in (
        {"from_line": foreign.pk, "to_line": target.pk, "amount": "10", "reason": "x"},
        {"from_line": source.pk, "to_line": target.pk, "amount": "1000.01", "reason": "x"},
        {"from_line": source.pk, "to_line": target.pk, "amount": "-1", "reason": "x"},
        {"from_line": source.pk, "to_line": target.pk, "amount": "1.001", "reason": "x"},
    ):
        response = client.post("/finance/budget/adjustments/add/", data)
        assert response.status_code == 400, data
    assert (
        "1,000.00" in response.content.decode()
        or "1000.00"
        in client.post(
            "/finance/budget/adjustments/add/",
            {"from_line": source.pk, "to_line": target.pk, "amount": "1000.01", "reason": "x"},
        ).content.decode()
    )
    assert not BudgetAdjustment.objects.exists()
    assert BudgetLine.objects.get(pk=foreign.pk).amount == Decimal("90000.00")


# ---- execution -----------------------------------------------------------------------------


def _lines(school, people, n):
    department = DepartmentFactory(school=school)
    categories = list(EconomicCategory.values)
    for index in range(n):
        line = line_of(
            school,
            amount="10000",
            category=categories[index % len(categories)],
            department=department if index % 2 else None,
            control=BudgetControl.WARN if index % 3 == 0 else BudgetControl.STOP,
        )
        _take(line, people, committed="1000", spent=str(500 * (index + 1)))


def test_execution_shows_each_lines_figures_and_the_totals_by_category(client, people, school):
    line = line_of(
        school, amount="8000", name="办公设备购置", category=EconomicCategory.OFFICE_EQUIPMENT
    )
    other = line_of(
        school, amount="2000", name="电脑耗材", category=EconomicCategory.OFFICE_EQUIPMENT
    )
    line_of(school, amount="3000", name="印刷费", category=EconomicCategory.PRINTING)
    _take(line, people, committed="1000", spent="2000")
    _take(other, people, spent="500")
    client.force_login(people["principal"])
    assert client.get("/finance/budget/execution/").status_code == 302  # to this year
    page = client.get(f"/finance/budget/execution/?year={YEAR}")
    rows = dict(page.context["rows"])
    assert rows[line.pk][4:9] == [
        Decimal("8000.00"),
        Decimal("1000.00"),
        Decimal("2000.00"),
        Decimal("5000.00"),
        Decimal("25.0"),
    ]
    assert rows[line.pk][9] == school.name  # whose line (a district viewer reads many schools)
    totals = {values[0]: values[1:] for _pk, values in page.context["totals"]}
    assert totals["办公设备购置"] == [
        Decimal("10000.00"),
        Decimal("1000.00"),
        Decimal("2500.00"),
        Decimal("6500.00"),
        Decimal("25.0"),
    ]
    assert page.context["grand"][0] == Decimal("13000.00")
    assert page.context["chart_data"][str(line.pk)]["spent"] == 2000.0
    filtered = client.get(f"/finance/budget/execution/?year={YEAR}&category=printing")
    assert [values[3] for _pk, values in filtered.context["rows"]] == ["印刷费"]


def test_the_execution_export_matches_the_screen(client, people, school):
    _lines(school, people, 5)
    client.force_login(people["director"])
    page = client.get(f"/finance/budget/execution/?year={YEAR}&sort=name")
    response = client.get(f"/finance/budget/execution/?year={YEAR}&sort=name&export=xlsx")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet, totals = book.worksheets
    exported = [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]
    shown = [values for _pk, values in page.context["rows"]]
    assert len(exported) == len(shown) == 5
    for got, want in zip(exported, shown, strict=True):
        assert [None if v is None else str(v) for v in got] == [
            None if v is None else str(v) for v in want
        ] or [Decimal(str(v)) if isinstance(v, (int, float)) else v for v in got[4:]] == want[4:]
    total_rows = [list(r) for r in totals.iter_rows(min_row=2, values_only=True)]
    assert total_rows[-1][0] == "合计"
    assert Decimal(str(total_rows[-1][1])) == page.context["grand"][0]


def test_execution_runs_the_same_queries_for_few_and_many_lines(client, people, school):
    client.force_login(people["director"])
    _lines(school, people, 2)
    few = count_queries(client, "/finance/budget/execution/", {"year": YEAR})
    _lines(school, people, 14)
    many = count_queries(client, "/finance/budget/execution/", {"year": YEAR})
    assert few == many


def test_teachers_do_not_see_the_budget(client, school):
    from tests.factories import UserFactory

    teacher = UserFactory(school=school, roles=[Role.TEACHER])
    client.force_login(teacher)
    line = line_of(school)
    for url in (
        f"/finance/budget/execution/?year={YEAR}",
        "/finance/budget/lines/",
        f"/finance/budget/lines/{line.pk}/",
        "/finance/budget/adjustments/",
    ):
        assert client.get(url).status_code == 403, url


def test_the_request_pages_include_shows_the_lines_room_to_budget_readers_only(people, school):
    from django.template.loader import render_to_string

    line = line_of(school, amount="8000", name="办公设备购置")
    _take(line, people, committed="1000", spent="2000")
    made = request_of(school, requester=people["teacher"], line=line)
    request = type(made).objects.select_related("budget_line__budget_year").get(pk=made.pk)
    template = "finance/includes/budget_line_figures.html"
    shown = render_to_string(template, {"request_obj": request, "user": people["principal"]})
    assert "5,000.00" in shown and f"/finance/budget/lines/{line.pk}/" in shown
    hidden = render_to_string(template, {"request_obj": request, "user": people["teacher"]})
    assert "办公设备购置" in hidden and "5,000.00" not in hidden


def test_a_line_money_has_moved_on_is_never_archived(client, people, school):
    from rest_framework.test import APIClient

    used = line_of(school, amount="8000", name="办公费")
    _take(used, people, spent="10")
    unused = line_of(school, amount="100", name="备用")
    client.force_login(people["director"])
    refused = client.post(f"/finance/budget/lines/{used.pk}/delete/", follow=True)
    assert "不能归档" in refused.content.decode()
    api = APIClient()
    api.force_authenticate(people["director"])
    answer = api.delete(f"/api/v1/finance/budget-lines/{used.pk}/")
    assert answer.status_code == 400 and "不能归档" in answer.json()["detail"]
    assert BudgetLine.objects.get(pk=used.pk).archived_at is None
    assert client.post(f"/finance/budget/lines/{unused.pk}/delete/").status_code == 302
    assert BudgetLine.objects.get(pk=unused.pk).archived_at is not None
