"""Bounds on what a person can mean, shared by the forms and the API.

A school's records are dated within living memory and the next decades. A year typed as 1010 or
9999 is a slip, and accepting it is not harmless: before 1901 the Asia/Shanghai zone has a local
mean time offset (+08:05:43) that no client parses, and date arithmetic near year 9999 overflows.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

EARLIEST = dt.date(1950, 1, 1)
LATEST = dt.date(2099, 12, 31)


def validate_plausible_date(value: dt.date | dt.datetime | None) -> None:
    """Refuse a date (or date and time) outside EARLIEST..LATEST with a message naming them."""
    if value is None:
        return
    day = value.date() if isinstance(value, dt.datetime) else value
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="implausible_date",
            params={"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()},
        )
