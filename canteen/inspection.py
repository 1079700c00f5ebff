"""The month's canteen records as one printable PDF for the inspector (issue 11, point 9).

Each part of the module registers one section, once, from its own module imported in
``CanteenConfig.ready()``::

    from canteen import inspection

    inspection.register(
        inspection.Section(
            key="samples",  # stable, unique
            title=_("Food samples"),
            order=20,  # sections print in this order (menus are 10)
            template="canteen/pdf/inspection_samples.html",  # a fragment under pdf/ (tables, no <html>)
            context=lambda school, month: {"rows": ...},  # month: its first day
        )
    )

``context(school, month)`` reads the school's records of that month (a few grouped queries, not
one per row) and returns what the fragment shows; the fragment reads it as ``ctx`` (with
``ctx.school``, ``ctx.month``, ``ctx.first`` and ``ctx.last``). The view renders every
registered section in ``order`` into one WeasyPrint PDF (core.pdf), one after the other, each
starting on a new page with its title.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from core.models import School


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    order: int
    template: str
    context: Callable[[School, dt.date], dict[str, Any]]


_SECTIONS: dict[str, Section] = {}


def register(section: Section) -> None:
    """Add (or replace, by key) a section of the inspector's PDF."""
    _SECTIONS[section.key] = section


def sections() -> list[Section]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def rendered_sections(school: School, month: dt.date) -> list[dict[str, Any]]:
    """Every section with its context, in order (what the PDF template loops over)."""
    first, last = month_bounds(month)
    common = {"school": school, "month": first, "first": first, "last": last}
    return [
        {
            "key": section.key,
            "title": section.title,
            "template": section.template,
            "context": {**common, **section.context(school, first)},
        }
        for section in sections()
    ]


# The most rows a table section prints; past it the section says how many there are in all and
# where the full list is (the month's list page and its Excel export have every row).
TABLE_SECTION_MAX_ROWS = 2000


def table_section(
    *, key: str, title: str | Promise, order: int, list_url: Callable[[dt.date, dt.date], str]
) -> Section:
    """A section printing the month's rows of a list page exactly as the list and its export show
    them: `list_url(first, last)` is the list's URL with the filter of the month; the rows come
    from that list's own scoped queryset, filters and Table (core.views.generic.list_at)."""

    def context(school: School, month: dt.date) -> dict[str, Any]:
        from core.access import school_reader
        from core.views.generic import list_at

        first, last = month_bounds(month)
        url = list_url(first, last)
        view_class, queryset = list_at(school_reader(school), url)
        table = view_class.table_class()
        total = queryset.count()
        rows = [values for _pk, values in table.rows(queryset[:TABLE_SECTION_MAX_ROWS])]
        headers = [str(column.header) for column, _kind in table.headers()]
        return {"headers": headers, "rows": rows, "total": total, "url": url}

    return Section(
        key=key,
        title=title,
        order=order,
        template="canteen/pdf/inspection_table.html",
        context=context,
    )
