"""Reads of the purchasing part: suppliers' latest grades and the request's purchasing panel."""

from __future__ import annotations

from collections.abc import Sequence

from finance.models import SupplierEvaluation


def latest_grades(supplier_ids: Sequence[int]) -> dict[int, tuple[int, str]]:
    """Each supplier's latest yearly evaluation as (year, grade), in one query."""
    found: dict[int, tuple[int, str]] = {}
    rows = (
        SupplierEvaluation.objects.filter(supplier_id__in=list(supplier_ids))
        .order_by("supplier_id", "-year")
        .values_list("supplier_id", "year", "grade")
    )
    for supplier_id, year, grade in rows:
        found.setdefault(supplier_id, (year, grade))
    return found
