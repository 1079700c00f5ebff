"""The repairs lists of the monthly report (core.reports): requests that breached their SLA."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import reports
from core.metrics import Period
from core.models import School
from repairs.models import RepairRequest


def breached(school: School, period: Period) -> list[tuple]:
    """Requests whose response or finish time limit ran out during the month."""
    start, end = period.bounds()
    rows = RepairRequest.objects.filter(school=school).filter(
        Q(respond_breached_at__gte=start, respond_breached_at__lt=end)
        | Q(finish_breached_at__gte=start, finish_breached_at__lt=end)
    )
    return [
        (r.number, r.get_category_display(), r.get_status_display(), r.finish_due_at)
        for r in rows.order_by("finish_due_at", "pk")
    ]


def register() -> None:
    reports.register_notable(
        "repairs",
        "repairs.breached",
        _("Requests past their time limit"),
        headers=(_("number"), _("category"), _("status"), _("finish by")),
        rows=breached,
    )
