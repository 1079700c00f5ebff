"""The assets lists of the monthly report (core.reports): loans overdue at the month's end."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from assets.choices import MovementKind
from assets.models import AssetMovement
from core import reports
from core.metrics import Period
from core.models import School


def overdue_loans(school: School, period: Period) -> list[tuple]:
    rows = AssetMovement.objects.filter(
        school=school, kind=MovementKind.LEND, returned=False, due_date__lt=period.end
    ).select_related("asset")
    return [(m.asset.code, m.asset.name, m.due_date) for m in rows.order_by("due_date", "pk")]


def register() -> None:
    reports.register_notable(
        "assets",
        "assets.overdue_loans",
        _("Loans overdue"),
        headers=(_("asset code"), _("name"), _("due back")),
        rows=overdue_loans,
    )
