"""The monthly disclosure: its content (payments by economic category, purchases from the
school's amount), frozen when submitted, approved by the principal and never by its drafter."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.choices import Role
from core.workflow import TransitionRefused
from finance.choices import DisclosureStatus, EconomicCategory, ProcurementMethod
from finance.models import ExpenditureDisclosure, FinanceSettings
from finance.services import disclosure as services
from tests.factories import UserFactory
from tests.finance.factories import line_of, office, supplier_of
from tests.finance.factories_suppliers import paid_purchase

pytestmark = pytest.mark.django_db
MONTH = dt.date(2026, 10, 1)


@pytest.fixture
def people(school):
    return office(school)


@pytest.fixture
def payments(school, people):
    FinanceSettings.objects.create(school=school, disclosure_from="5000.00")
    equipment = line_of(
        school, category=EconomicCategory.OFFICE_EQUIPMENT, amount="90000", year=2026
    )
    printing = line_of(school, category=EconomicCategory.PRINTING, amount="30000", year=2026)
    teacher = people["teacher"]
    paid_purchase(
        school,
        requester=teacher,
        line=equipment,
        amount="12600.00",
        paid_on=dt.date(2026, 10, 9),
        supplier=supplier_of(school, name="金陵数码"),
        title="激光打印机",
    )
    paid_purchase(
        school,
        requester=teacher,
        line=equipment,
        amount="800.00",
        paid_on=dt.date(2026, 10, 20),
        title="订书机",
        method=ProcurementMethod.DIRECT,
    )
    paid_purchase(
        school,
        requester=teacher,
        line=printing,
        amount="5000.00",
        paid_on=dt.date(2026, 10, 31),
        supplier=supplier_of(school, name="苏宁印务"),
        title="试卷印刷",
    )
    paid_purchase(
        school,
        requester=teacher,
        line=printing,
        amount="9999.00",
        paid_on=dt.date(2026, 11, 1),
        title="下月的印刷",
    )  # next month
    paid_purchase(
        school,
        requester=teacher,
        line=None,
        amount="300.00",
        paid_on=dt.date(2026, 10, 2),
        title="无预算线",
    )


def test_the_content_sums_the_month_by_category_and_lists_purchases_from_the_amount(
    school, payments
):
    content = services.disclosure_content(school.pk, dt.date(2026, 10, 17))
    assert content["month"] == "2026-10" and content["threshold"] == "5000.00"
    assert [(c["category"], c["amount"], c["payments"]) for c in content["categories"]] == [
        (EconomicCategory.PRINTING, "5000.00", 1),
        (EconomicCategory.OFFICE_EQUIPMENT, "13400.00", 2),
        (EconomicCategory.OTHER, "300.00", 1),
    ]
    assert content["total"] == "18700.00"
    assert [(p["item"], p["supplier"], p["amount"], p["method"]) for p in content["purchases"]] == [
        ("激光打印机", "金陵数码", "12600.00", ProcurementMethod.QUOTES),
        ("试卷印刷", "苏宁印务", "5000.00", ProcurementMethod.QUOTES),
    ]


def test_an_archived_payment_and_another_schools_are_not_counted(
    school, other_school, payments, people
):
    other = office(other_school)
    paid_purchase(
        other_school,
        requester=other["teacher"],
        line=None,
        amount="7000.00",
        paid_on=dt.date(2026, 10, 5),
    )
    content = services.disclosure_content(school.pk, MONTH)
    assert content["total"] == "18700.00"


def _drafted(school, people, **kw):
    return services.disclosure_draft(actor=people["director"], month=MONTH, **kw)


def test_submitting_freezes_the_content(school, payments, people):
    disclosure = _drafted(school, people, is_public=True)
    assert disclosure.status == DisclosureStatus.DRAFT and len(disclosure.public_token) >= 30
    disclosure = services.disclosure_submit(disclosure=disclosure, actor=people["director"])
    frozen = disclosure.content
    paid_purchase(
        school,
        requester=people["teacher"],
        line=None,
        amount="6000.00",
        paid_on=dt.date(2026, 10, 30),
        title="补录的付款",
    )
    disclosure = services.disclosure_approve(disclosure=disclosure, actor=people["principal"])
    disclosure.refresh_from_db()
    assert disclosure.content == frozen and frozen["total"] == "18700.00"
    assert disclosure.status == DisclosureStatus.PUBLISHED
    assert disclosure.approved_by == people["principal"] and disclosure.approved_at is not None


def test_the_drafter_cannot_approve_their_own_disclosure(school, payments):
    both = UserFactory(school=school, roles=[Role.DIRECTOR, Role.PRINCIPAL])
    disclosure = services.disclosure_draft(actor=both, month=MONTH)
    disclosure = services.disclosure_submit(disclosure=disclosure, actor=both)
    with pytest.raises(TransitionRefused) as refused:
        services.disclosure_approve(disclosure=disclosure, actor=both)
    assert refused.value.status_code == 403
    assert refused.value.messages == ["这份财务公开是您起草的，须由他人审批。"]
    disclosure.refresh_from_db()
    assert (disclosure.status, disclosure.approved_by) == (DisclosureStatus.SUBMITTED, None)
    with pytest.raises(IntegrityError), transaction.atomic():
        ExpenditureDisclosure.objects.filter(pk=disclosure.pk).update(approved_by=both)


def test_only_the_principal_approves_and_a_draft_is_not_approved(school, payments, people):
    disclosure = _drafted(school, people)
    with pytest.raises(TransitionRefused) as early:
        services.disclosure_approve(disclosure=disclosure, actor=people["principal"])
    assert early.value.status_code == 409
    disclosure = services.disclosure_submit(disclosure=disclosure, actor=people["director"])
    with pytest.raises(TransitionRefused) as role:
        services.disclosure_approve(disclosure=disclosure, actor=people["admin"])
    assert role.value.status_code == 403


def test_the_principal_returns_it_and_the_drafter_submits_again(school, payments, people):
    disclosure = services.disclosure_submit(
        disclosure=_drafted(school, people), actor=people["director"]
    )
    disclosure = services.disclosure_return(
        disclosure=disclosure, actor=people["principal"], note="请补充说明"
    )
    assert disclosure.status == DisclosureStatus.DRAFT
    disclosure = services.disclosure_submit(disclosure=disclosure, actor=people["director"])
    assert disclosure.status == DisclosureStatus.SUBMITTED


def test_one_disclosure_a_month_and_none_for_a_month_to_come(school, payments, people):
    _drafted(school, people)
    with pytest.raises(ValidationError) as twice:
        _drafted(school, people)
    assert twice.value.message_dict["month"] == ["2026-10 的财务公开已存在。"]
    next_month = services.month_end(services.month_start(timezone.localdate()))
    with pytest.raises(ValidationError) as future:
        services.disclosure_draft(actor=people["director"], month=next_month)
    assert future.value.message_dict["month"] == ["尚未到来的月份不能公开。"]
    with pytest.raises(ValidationError):
        services.disclosure_draft(actor=people["director"], month=dt.date(2999, 1, 1))
    assert ExpenditureDisclosure.objects.count() == 1
