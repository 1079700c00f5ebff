"""The inspector's PDF sections that print a month of a list (canteen.inspection.table_section).

Each section is the list page an office worker would open, filtered to the month, so the PDF,
the page and its Excel export show the same rows with the same columns.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from canteen import inspection


def _days(name: str, start: str = "day_from", end: str = "day_until"):
    def url(first: dt.date, last: dt.date) -> str:
        return f"{reverse(name)}?{start}={first.isoformat()}&{end}={last.isoformat()}"

    return url


def _month(name: str, parameter: str = "month"):
    def url(first: dt.date, last: dt.date) -> str:
        return f"{reverse(name)}?{parameter}={first:%Y-%m}"

    return url


SECTIONS = [
    ("samples", _("Food sample log"), 20, _days("canteen:foodsample_list")),
    (
        "temperatures",
        _("Sample refrigerator temperatures"),
        25,
        _days("canteen:fridgetemperature_list"),
    ),
    ("acceptance", _("Goods acceptance ledger"), 30, _month("canteen:deliveryline_list")),
    ("disinfection", _("Tableware disinfection log"), 40, _days("canteen:disinfectionbatch_list")),
    ("morning_checks", _("Morning health checks"), 50, _days("canteen:morningcheck_list")),
    ("accompanied", _("Accompanied meals (陪餐)"), 60, _days("canteen:accompaniedmeal_list")),
    ("diners", _("Diners per meal"), 70, _month("canteen:dinercount_list")),
    (
        "certificates",
        _("Health certificates of the staff"),
        45,
        _month("canteen:healthcertificate_list", "valid_in"),
    ),
    ("reviews", _("Monthly food-safety reviews"), 65, _days("canteen:monthlyreview_list")),
    ("disclosure", _("Meal-cost disclosure"), 80, _month("canteen:costdisclosure_list")),
]


def register() -> None:
    for key, title, order, list_url in SECTIONS:
        inspection.register(
            inspection.table_section(key=key, title=title, order=order, list_url=list_url)
        )
