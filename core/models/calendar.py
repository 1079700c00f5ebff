"""The school calendar's records: terms, holidays and make-up working days (core.calendar reads them)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import ALL_ROLES, Access
from core.choices import HolidayKind, Role
from core.models.base import SchoolScopedModel

# What a school calendar can hold: the database refuses dates outside these years, forms and the
# API refuse dates more than CALENDAR_YEARS_AROUND years from today, holidays longer than
# MAX_HOLIDAY_DAYS (a summer break is about 60 days) and terms longer than MAX_TERM_DAYS.
CALENDAR_FIRST_DAY = dt.date(2000, 1, 1)
CALENDAR_LAST_DAY = dt.date(2099, 12, 31)
CALENDAR_YEARS_AROUND = 5
MAX_HOLIDAY_DAYS = 100
MAX_TERM_DAYS = 200


class Term(SchoolScopedModel):
    name = models.CharField(_("name"), max_length=100)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))

    access = Access(view=ALL_ROLES, manage=frozenset({Role.ADMIN, Role.DIRECTOR}))

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="core_term_unique_name"),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="core_term_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(start__gte=CALENDAR_FIRST_DAY, end__lte=CALENDAR_LAST_DAY),
                name="core_term_dates_in_range",
                violation_error_message=_("Enter dates between 2000-01-01 and 2099-12-31."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:term_detail", args=[self.pk])

    def clean(self) -> None:
        """Refuse terms no school calendar holds: far-off dates, longer than MAX_TERM_DAYS."""
        super().clean()
        if self.start is not None and self.end is not None and self.end >= self.start:
            _check_span(
                self.start,
                self.end,
                max_days=MAX_TERM_DAYS,
                too_long=_("A term lasts at most %(n)s days."),
            )


class Holiday(SchoolScopedModel):
    """A span of the school calendar: days off (放假), or weekend days that are working days (调休)."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(
        _("kind of day"), max_length=10, choices=HolidayKind, default=HolidayKind.HOLIDAY
    )
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))

    access = Access(view=ALL_ROLES, manage=frozenset({Role.ADMIN, Role.DIRECTOR}))

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="core_holiday_end_not_before_start"
            ),
            models.CheckConstraint(
                condition=Q(start__gte=CALENDAR_FIRST_DAY, end__lte=CALENDAR_LAST_DAY),
                name="core_holiday_dates_in_range",
                violation_error_message=_("Enter dates between 2000-01-01 and 2099-12-31."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=HolidayKind.values), name="core_holiday_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:holiday_detail", args=[self.pk])

    @property
    def is_make_up(self) -> bool:
        return self.kind == HolidayKind.MAKE_UP

    def clean(self) -> None:
        """Refuse what no school calendar holds: far-off or overlong spans, a 调休 day that is
        not a weekend day, a span overlapping another entry of the same school."""
        super().clean()
        if self.start is None or self.end is None or self.end < self.start:
            return  # the field errors (or the end-before-start check) say it already
        _check_span(
            self.start,
            self.end,
            max_days=MAX_HOLIDAY_DAYS,
            too_long=_("A holiday lasts at most %(n)s days."),
        )
        if self.is_make_up and any(
            (self.start + dt.timedelta(days=i)).weekday() < 5
            for i in range((self.end - self.start).days + 1)
        ):
            raise ValidationError(
                {"start": _("A make-up working day (调休) must be a Saturday or a Sunday.")},
                code="make_up_weekday",
            )
        if self.school_id is not None:
            self._check_no_overlap()

    def _check_no_overlap(self) -> None:
        clash = (
            Holiday.objects.filter(
                school_id=self.school_id, start__lte=self.end, end__gte=self.start
            )
            .exclude(pk=self.pk)
            .order_by("start")
            .first()
        )
        if clash is not None:
            raise ValidationError(
                _(
                    "These dates overlap “%(name)s” (%(start)s – %(end)s); change or delete it first."
                )
                % {"name": clash.name, "start": clash.start, "end": clash.end},
                code="overlap",
            )


def _check_span(start: dt.date, end: dt.date, *, max_days: int, too_long) -> None:
    today = timezone.localdate()
    earliest = max(
        CALENDAR_FIRST_DAY, today.replace(year=today.year - CALENDAR_YEARS_AROUND, day=1)
    )
    latest = min(CALENDAR_LAST_DAY, today.replace(year=today.year + CALENDAR_YEARS_AROUND, day=28))
    if start < earliest or end > latest:
        raise ValidationError(
            _("Enter dates between %(first)s and %(last)s.") % {"first": earliest, "last": latest},
            code="out_of_range",
        )
    if (end - start).days + 1 > max_days:
        raise ValidationError({"end": too_long % {"n": max_days}}, code="too_long")
