"""Finance test data shared by the module's tests (each part may add its own factories_<part>.py)."""

from __future__ import annotations

import itertools
from decimal import Decimal

from django.utils import timezone

from core.choices import Role
from core.models import Department, School, Supplier, User
from finance.choices import BudgetControl, EconomicCategory
from finance.models import BudgetLine, BudgetYear, PurchaseItem, PurchaseRequest
from tests.factories import DepartmentFactory, UserFactory

_numbers = itertools.count(1)


def year_of(school: School, year: int | None = None) -> BudgetYear:
    found, _created = BudgetYear.objects.get_or_create(
        school=school, year=year or timezone.localdate().year
    )
    return found


def line_of(
    school: School,
    *,
    amount: str | Decimal = "10000",
    control: str = BudgetControl.STOP,
    category: str = EconomicCategory.OFFICE_EQUIPMENT,
    department: Department | None = None,
    year: int | None = None,
    name: str | None = None,
) -> BudgetLine:
    return BudgetLine.objects.create(
        school=school,
        budget_year=year_of(school, year),
        category=category,
        department=department,
        name=name or f"预算{next(_numbers)}",
        amount=Decimal(amount),
        control=control,
    )


def supplier_of(school: School, **kwargs) -> Supplier:
    defaults = {"name": f"供应商{next(_numbers)}", "contact": "刘经理", "phone": "0571-88000000"}
    return Supplier.objects.create(school=school, **{**defaults, **kwargs})


def office(school: School) -> dict[str, User]:
    """The people of a purchase: a requester teacher in a department with a head, the director,
    the principal, a logistics clerk, two more teachers (acceptors), an admin (payer)."""
    people = {
        "teacher": UserFactory(school=school, roles=[Role.TEACHER]),
        "head": UserFactory(school=school, roles=[Role.TEACHER]),
        "director": UserFactory(school=school, roles=[Role.DIRECTOR]),
        "principal": UserFactory(school=school, roles=[Role.PRINCIPAL]),
        "logistics": UserFactory(school=school, roles=[Role.LOGISTICS]),
        "acceptor1": UserFactory(school=school, roles=[Role.TEACHER]),
        "acceptor2": UserFactory(school=school, roles=[Role.LOGISTICS]),
        "admin": UserFactory(school=school, roles=[Role.ADMIN]),
    }
    department = DepartmentFactory(school=school, head=people["head"])
    for key in ("teacher", "head", "acceptor1"):
        people[key].department = department
        people[key].save(update_fields=["department"])
    return people


def request_of(
    school: School,
    *,
    requester: User,
    line: BudgetLine | None,
    items: list[tuple[str, str, str]] = (("打印机", "2", "1500.00"),),  # type: ignore[assignment]
    **kwargs,
) -> PurchaseRequest:
    """A draft request with items (name, quantity, unit price); its amount is their sum.
    (Made directly, for tests that start later in the chain; the services write real ones.)"""
    request = PurchaseRequest.objects.create(
        school=school,
        number=f"CG-TEST-{next(_numbers):05d}",
        title=kwargs.pop("title", "办公设备"),
        requested_by=requester,
        department=kwargs.pop("department", requester.department),
        budget_line=line,
        reason=kwargs.pop("reason", "教学需要"),
        **kwargs,
    )
    total = Decimal("0")
    for position, (name, quantity, price) in enumerate(items, start=1):
        amount = (Decimal(quantity) * Decimal(price)).quantize(Decimal("0.01"))
        PurchaseItem.objects.create(
            school=school,
            request=request,
            position=position,
            name=name,
            quantity=Decimal(quantity),
            unit="台",
            unit_price=Decimal(price),
            amount=amount,
        )
        total += amount
    request.amount = total
    request.save(update_fields=["amount"])
    return request
