"""The demo school's finance settings, this year's budget and a head for the Chinese department
(the parts' demo data read these by name: `DEMO_LINES`)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core.models import Department, School, User
from finance.choices import BudgetControl, EconomicCategory
from finance.models import BudgetLine, BudgetYear, FinanceSettings

# name, category, department (None: the whole school), amount, control
DEMO_LINES = [
    ("办公费", EconomicCategory.OFFICE, None, "60000", BudgetControl.WARN),
    ("印刷费", EconomicCategory.PRINTING, "教务处", "30000", BudgetControl.STOP),
    ("水电费", EconomicCategory.UTILITIES, None, "420000", BudgetControl.WARN),
    ("维修(护)费", EconomicCategory.MAINTENANCE, "总务处", "180000", BudgetControl.STOP),
    ("专用材料费", EconomicCategory.MATERIALS, "科学教研组", "40000", BudgetControl.STOP),
    ("办公设备购置", EconomicCategory.OFFICE_EQUIPMENT, None, "80000", BudgetControl.STOP),
    ("专用设备购置", EconomicCategory.SPECIAL_EQUIPMENT, "总务处", "250000", BudgetControl.STOP),
    ("语文组教学用品", EconomicCategory.MATERIALS, "语文教研组", "12000", BudgetControl.STOP),
    ("其他", EconomicCategory.OTHER, None, "20000", BudgetControl.WARN),
]


@transaction.atomic
def seed_base() -> BudgetYear | None:
    school = School.objects.filter(code="hongxing").first()
    if school is None:
        return None
    FinanceSettings.of(school.pk)
    year, _created = BudgetYear.objects.get_or_create(school=school, year=timezone.localdate().year)
    departments = {d.name: d for d in Department.objects.filter(school=school)}
    head = User.objects.filter(school=school, username="teacher3").first()
    if head is not None and "语文教研组" in departments:
        Department.objects.filter(pk=departments["语文教研组"].pk, head__isnull=True).update(
            head=head
        )
    for name, category, department, amount, control in DEMO_LINES:
        BudgetLine.objects.get_or_create(
            school=school,
            budget_year=year,
            name=name,
            defaults={
                "category": category,
                "department": departments.get(department) if department else None,
                "amount": Decimal(amount),
                "control": control,
            },
        )
    return year
