"""The safety lists of the monthly report (core.reports): serious hazards still open."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core import reports
from core.metrics import Period
from core.models import School
from safety.choices import HazardStatus, Severity
from safety.models import Hazard


def open_serious(school: School, period: Period) -> list[tuple]:
    """Serious hazards found before the month's end and not yet accepted as fixed."""
    _start, end = period.bounds()
    rows = Hazard.objects.filter(
        school=school, severity=Severity.SERIOUS, created_at__lt=end
    ).exclude(status=HazardStatus.ACCEPTED)
    return [
        (h.description[:80], h.get_status_display(), h.deadline)
        for h in rows.order_by("deadline", "pk")
    ]


def register() -> None:
    reports.register_notable(
        "safety",
        "safety.open_serious",
        _("Serious hazards still open"),
        headers=(_("what is wrong"), _("status"), _("deadline")),
        rows=open_serious,
    )
