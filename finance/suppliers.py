"""What other finance pages read about suppliers: their latest yearly grade (the quote form)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from finance.models import SupplierEvaluation


def latest_grades(supplier_ids: Iterable[int]) -> dict[int, tuple[int, str, Decimal]]:
    """{supplier id: (year, grade, score)} of each supplier's latest evaluation, in one query;
    a supplier never evaluated is absent."""
    ids = list(supplier_ids)
    if not ids:
        return {}
    rows = (
        SupplierEvaluation.objects.filter(supplier_id__in=ids)
        .order_by("supplier_id", "-year")
        .values_list("supplier_id", "year", "grade", "score")
    )
    found: dict[int, tuple[int, str, Decimal]] = {}
    for supplier_id, year, grade, score in rows:
        found.setdefault(supplier_id, (year, grade, score))
    return found
