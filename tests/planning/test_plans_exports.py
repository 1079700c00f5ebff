"""The plan's workbook (formula-safe, "no data" as words, the values the page shows) and the
progress PDF (its Chinese text and a chart of each KPI's snapshots)."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from core.choices import Role
from planning.choices_plans import KpiKind, PlanStatus
from planning.models import KpiSnapshot
from tests.planning.factories_plans import (
    current_first_year,
    goal_of,
    kpi_of,
    milestone_of,
    plan_of,
    value_of,
)

pytestmark = pytest.mark.django_db


def _plan(school):
    plan = plan_of(school, status=PlanStatus.APPROVED, first_year=current_first_year())
    goal = goal_of(plan, title='=HYPERLINK("x")')
    manual = kpi_of(goal, kind=KpiKind.MANUAL, name="资产数字化率")
    kpi_of(goal, kind=KpiKind.MANUAL, name="无数据的指标")
    value_of(manual, "30")
    for month in (9, 10, 11):
        KpiSnapshot.objects.create(
            school=school,
            plan=plan,
            kpi=manual,
            month=dt.date(2026, month, 1),
            value=Decimal(month),
        )
    milestone_of(goal, title="完成资产普查")
    return plan


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_workbook_holds_the_kpis_values_and_milestones_formula_safe(school, make_user):
    plan = _plan(school)
    response = _client(make_user(Role.TEACHER)).get(reverse("planning:plan_export", args=[plan.pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    kpis = [[c.value for c in row] for row in book.worksheets[0].iter_rows(min_row=3)]
    by_name = {row[3]: row for row in kpis}
    assert by_name["资产数字化率"][1] == '=HYPERLINK("x")'  # text, never a formula
    assert book.worksheets[0].cell(3, 2).data_type == "s"
    assert by_name["资产数字化率"][11] == 30 and by_name["资产数字化率"][12] == "2026-11: 11"
    assert by_name["无数据的指标"][11] == "无数据"
    steps = [[c.value for c in row] for row in book.worksheets[1].iter_rows(min_row=2)]
    assert steps[0][2] == "完成资产普查"
    history = [[c.value for c in row] for row in book.worksheets[2].iter_rows(min_row=2)]
    assert history == [["资产数字化率", f"2026-{m:02d}", m] for m in (9, 10, 11)]


def test_the_progress_pdf_prints_the_plan_in_chinese(school, make_user):
    plan = _plan(school)
    response = _client(make_user(Role.PRINCIPAL)).get(reverse("planning:plan_pdf", args=[plan.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-raw", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    for words in (plan.title, "资产数字化率", "完成资产普查", "无数据", "指标历史"):
        assert words in text, words
