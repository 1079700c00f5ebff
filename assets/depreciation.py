"""Straight-line depreciation (年限平均法, 政府会计准则第3号): monthly, no residual value.

An asset is depreciated from the month it is acquired (当月增加当月计提) over its category's useful
life; heritage items, books and archives, animals and plants, land, and low-value items that are not
fixed assets are not depreciated. The same rule is written twice: in Python for one asset and as a
SQL annotation for lists and the ledger export (one query for any number of rows).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, ExtractMonth, ExtractYear, Greatest, Least, Round

CENT = Decimal("0.01")
MONEY: DecimalField = DecimalField(max_digits=14, decimal_places=2)


@dataclass(frozen=True)
class Depreciation:
    amount: Decimal  # original value (unit price × quantity)
    months: int  # months charged so far
    life_months: int  # 0 when not depreciated
    accumulated: Decimal
    net: Decimal

    @property
    def monthly(self) -> Decimal:
        if not self.life_months:
            return Decimal("0.00")
        return (self.amount / self.life_months).quantize(CENT, ROUND_HALF_UP)


def months_charged(purchase_date: dt.date, on: dt.date) -> int:
    if on < purchase_date:
        return 0
    return (on.year - purchase_date.year) * 12 + (on.month - purchase_date.month) + 1


def depreciation(asset, on: dt.date | None = None) -> Depreciation:
    """Accumulated depreciation and net value of `asset` at the end of `on`'s month."""
    from django.utils import timezone

    on = on or timezone.localdate()
    amount = (asset.unit_price * asset.quantity).quantize(CENT)
    category = asset.category
    if not (asset.is_fixed_asset and category.depreciable and category.useful_life_years):
        return Depreciation(amount, 0, 0, Decimal("0.00"), amount)
    life = category.useful_life_years * 12
    months = min(months_charged(asset.purchase_date, on), life)
    accumulated = (amount * months / life).quantize(CENT, ROUND_HALF_UP)
    return Depreciation(amount, months, life, accumulated, amount - accumulated)


def annotate_depreciation(queryset: QuerySet, on: dt.date) -> QuerySet:
    """Add `total_amount`, `accumulated_depreciation` and `net_value` computed in SQL at `on`."""
    amount = ExpressionWrapper(F("unit_price") * F("quantity"), output_field=MONEY)
    life = ExpressionWrapper(F("category__useful_life_years") * 12, output_field=IntegerField())
    elapsed = ExpressionWrapper(
        (Value(on.year) - ExtractYear("purchase_date")) * 12
        + (Value(on.month) - ExtractMonth("purchase_date"))
        + 1,
        output_field=IntegerField(),
    )
    months = Greatest(Least(elapsed, life), Value(0), output_field=IntegerField())
    depreciates = ExpressionWrapper(
        Q(is_fixed_asset=True)
        & Q(category__depreciable=True)
        & Q(category__useful_life_years__gte=1),
        output_field=BooleanField(),
    )
    # PostgreSQL: exact numeric arithmetic, ROUND half away from zero (as Python's ROUND_HALF_UP
    # on these positive amounts). SQLite (tests, development) has no exact decimal type: floats.
    number = MONEY if connection.vendor == "postgresql" else FloatField()
    share = Cast(F("total_amount"), number) * Cast(months, number) / Cast(life, number)
    accumulated = Case(
        When(depreciates, then=Cast(Round(share, 2), MONEY)),
        default=Value(Decimal("0.00")),
        output_field=MONEY,
    )
    return (
        queryset.annotate(total_amount=amount)
        .annotate(
            accumulated_depreciation=accumulated,
        )
        .annotate(
            net_value=ExpressionWrapper(
                F("total_amount") - F("accumulated_depreciation"), output_field=MONEY
            )
        )
    )
