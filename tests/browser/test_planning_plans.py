"""The three-year plan on a phone: the director drafts a plan (an area, a goal, a KPI read from
the repairs' records, a manual KPI, a milestone; a target below the baseline is refused on
screen), submits it; the principal approves it; a teacher reads the approved plan; the
downloaded Excel holds the KPIs and values the screen shows."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from core.demo import seed_demo_school
from planning.models import Plan
from tests.browser.test_login_landing import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _add(page: Page, part: str, fields: dict[str, str], selects: dict[str, str] | None = None):
    form = page.get_by_test_id(f"add-{part}")
    for name, value in fields.items():
        form.locator(f"[name={part}-{name}]").fill(value)
    for name, label in (selects or {}).items():
        form.locator(f"select[name={part}-{name}]").select_option(label=label)
    with page.expect_navigation():
        form.get_by_role("button", name="新增").click()


def _kpi(page: Page, name: str, *, kind: str, metric: str | None, targets: tuple[str, ...]):
    selects = {"goal": "报修及时处理，师生满意", "kind": kind}
    fields = {"name": name, "baseline": targets[0]}
    fields.update({f"target_year{n}": t for n, t in enumerate(targets[1:], start=1)})
    form = page.get_by_test_id("add-kpi")
    if metric:
        form.locator("select[name=kpi-metric_key]").select_option(value=metric)
    form.locator("select[name=kpi-direction]").select_option(label="越高越好")
    _add(page, "kpi", fields, selects)


def _screen_rows(page: Page) -> dict[str, str]:
    rows = page.get_by_test_id("kpi")
    return {
        rows.nth(n).get_by_test_id("kpi-name").inner_text(): rows.nth(n)
        .get_by_test_id("kpi-live")
        .inner_text()
        .strip()
        for n in range(rows.count())
    }


def test_a_plan_is_drafted_approved_read_and_exported(live_server, page: Page, artifacts_dir):
    seed_demo_school()
    base = live_server.url
    first_year = timezone.localdate().year + 1  # the demo's plan is the running one

    log_in(page, base, "director")
    page.goto(f"{base}/planning/plans/add/")
    page.locator("#id_title").fill("下一期后勤保障三年规划")
    page.locator("#id_first_year").fill(str(first_year))
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()
    expect(page.get_by_test_id("plan-status")).to_have_text("草稿")

    _add(page, "area", {"name": "服务质量"})
    _add(page, "goal", {"title": "报修及时处理，师生满意"}, {"area": "服务质量"})
    _kpi(
        page,
        "报修满意率",
        kind="从总务系统记录读取",
        metric="repairs.satisfied_percent",
        targets=("85", "80", "90", "95"),
    )
    error = page.get_by_test_id("error-kpi-target_year1")
    expect(error).to_contain_text("必须高于基线值")
    _kpi(
        page,
        "报修满意率",
        kind="从总务系统记录读取",
        metric="repairs.satisfied_percent",
        targets=("85", "88", "92", "95"),
    )
    _kpi(
        page,
        "设施保养计划覆盖率",
        kind="凭佐证材料录入",
        metric=None,
        targets=("20", "60", "90", "100"),
    )
    due = timezone.localdate() + dt.timedelta(days=60)
    _add(
        page,
        "milestone",
        {"title": "修订报修制度", "due": f"{due:%Y-%m-%d}"},
        {"goal": "报修及时处理，师生满意"},
    )
    expect(page.get_by_test_id("kpi")).to_have_count(2)
    expect(page.get_by_test_id("milestone")).to_have_count(1)
    with page.expect_navigation():
        page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("plan-status")).to_have_text("待审批")
    plan = Plan.objects.get(first_year=first_year)

    log_in(page, base, "principal")
    page.goto(f"{base}{plan.get_absolute_url()}")
    with page.expect_navigation():
        page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("plan-status")).to_have_text("已批准")

    log_in(page, base, "teacher1")
    page.goto(f"{base}{plan.get_absolute_url()}")
    expect(page.get_by_test_id("plan-status")).to_have_text("已批准")
    expect(page.get_by_test_id("plan-forms")).to_have_count(0)  # a reader, not a writer
    expect(page.get_by_test_id("goal-title")).to_have_text("报修及时处理，师生满意")
    screen = _screen_rows(page)
    assert screen["设施保养计划覆盖率"] == "无数据"
    page.screenshot(path=str(artifacts_dir / "planning-plan-phone.png"), full_page=True)

    with page.expect_download() as download:
        page.get_by_test_id("plan-export").click()
    with open(download.value.path(), "rb") as handle:  # a temporary file without ".xlsx"
        book = load_workbook(io.BytesIO(handle.read()))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[2]]
    lines = [dict(zip(header, [c.value for c in row], strict=True)) for row in sheet.iter_rows(3)]
    exported = {line["指标"]: line["当前值"] for line in lines}
    assert set(exported) == set(screen)
    for name, shown in screen.items():
        value = exported[name]
        assert shown == (value if isinstance(value, str) else f"{value:g} %"), name
