"""The semester work calendar (月份工作安排, issue 13 point 4).

A :class:`WorkItem` is a recurring task of the school year (August–July): the months it recurs in,
what is to be done and by whom (a role or a person), and optionally the kind of Zongwu record that
fulfils it. Each month the generation (planning.services_calendar.tasks_generate) makes one
:class:`WorkTask` per item recurring that month; a task is done with a note or evidence, or by the
record that fulfils it (a stocktake confirmed, a drill held: planning.services_calendar.FULFILMENTS).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from core.access import ALL_ROLES, READERS, Access
from core.choices import Role
from core.models import SchoolScopedModel

# The school year runs from August to July (DOMAIN.md): lists and forms show months in this order.
SCHOOL_YEAR_MONTHS = (8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7)
ALL_MONTHS_MASK = (1 << 12) - 1
# The director and the principal manage the calendar (issue 13 point 7).
CALENDAR_MANAGERS = frozenset({Role.DIRECTOR, Role.PRINCIPAL})
# Everyone of a school may own a task; the district only reads.
TASK_OWNERS = ALL_ROLES - {Role.DISTRICT}
OWNER_ROLE_CHOICES = [(value, label) for value, label in Role.choices if value != Role.DISTRICT]


def months_mask(months: Iterable[Any]) -> int:
    """The bit mask of months (1–12); anything else is refused with a clear sentence."""
    mask = 0
    for month in months:
        try:
            number = int(month)
        except (TypeError, ValueError):
            number = 0
        if not 1 <= number <= 12:
            raise ValidationError(
                _("A month is a number from 1 to 12 (got %(value)s).") % {"value": month},
                code="bad_month",
            )
        mask |= 1 << (number - 1)
    return mask


def months_of(mask: int | None) -> list[int]:
    """The months of a mask, in school-year order (August first)."""
    return [m for m in SCHOOL_YEAR_MONTHS if (mask or 0) & (1 << (m - 1))]


def months_label(mask: int | None) -> str:
    return "、".join(str(MONTHS[m]) for m in months_of(mask))


class MonthsFormField(forms.TypedMultipleChoiceField):
    """Twelve check boxes (August first) stored as one bit mask."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        for name in ("max_length", "min_value", "max_value", "step_size", "coerce", "empty_value"):
            kwargs.pop(name, None)
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault(
            "invalid_choice", _("A month is a number from 1 to 12 (got %(value)s).")
        )
        choices = [(m, MONTHS[m]) for m in SCHOOL_YEAR_MONTHS]
        super().__init__(choices=choices, coerce=int, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int):
            return months_of(value)
        return value

    def clean(self, value: Any) -> int:
        return months_mask(super().clean(value))

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return months_mask(self.prepare_value(initial) or []) != months_mask(data or [])
        except ValidationError:
            return True


class MonthsField(models.PositiveSmallIntegerField):
    """The months a task recurs in, as a bit mask (bit 0 = January): the database checks that
    at least one of the twelve and nothing else is set."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, list | tuple | set):
            return months_mask(value)
        return super().to_python(value)

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        return MonthsFormField(
            required=not self.blank, label=self.verbose_name, help_text=self.help_text
        )


class RecordKind(models.TextChoices):
    """The Zongwu records that fulfil a task (read in planning.services_calendar.FULFILMENTS)."""

    NONE = "", _("None (a note or evidence)")
    STOCKTAKE = "stocktake", _("A stocktake confirmed")
    DRILL = "drill", _("An emergency drill held")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Not done")
    DONE = "done", _("Done")


def _owned_by(user) -> Q:
    """The tasks (or items) a person owns: theirs by name, or of one of their roles."""
    return Q(owner=user) | Q(owner__isnull=True, owner_role__in=sorted(user.role_codes))


class WorkItem(SchoolScopedModel):
    """A recurring task of the work calendar (月份工作安排)."""

    title = models.CharField(_("task"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    months = MonthsField(
        _("months"),
        default=0,
        help_text=_("The months of the school year (August–July) the task recurs in."),
    )
    owner_role = models.CharField(
        _("owner role"), max_length=20, choices=OWNER_ROLE_CHOICES, blank=True
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
        help_text=_("A person; when empty, everyone with the owner role."),
    )
    due_day = models.PositiveSmallIntegerField(
        _("due on day"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("Day of the month it is due; empty: the month's last day."),
    )
    record_kind = models.CharField(
        _("fulfilled by"), max_length=12, choices=RecordKind, blank=True, default=""
    )
    is_active = models.BooleanField(_("in use"), default=True)

    access = Access(view=READERS, manage=CALENDAR_MANAGERS)

    class Meta:
        verbose_name = _("work calendar item")
        verbose_name_plural = _("work calendar")
        ordering = ["title", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["school", "title"], name="planning_workitem_title"),
            models.CheckConstraint(
                condition=Q(months__gte=1) & Q(months__lte=ALL_MONTHS_MASK),
                name="planning_workitem_months",
            ),
            models.CheckConstraint(
                condition=~Q(owner_role="") | Q(owner__isnull=False),
                name="planning_workitem_has_owner",
            ),
            models.CheckConstraint(
                condition=Q(due_day__isnull=True) | (Q(due_day__gte=1) & Q(due_day__lte=31)),
                name="planning_workitem_due_day",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("planning:workitem_detail", args=[self.pk])

    def clean(self) -> None:
        if not self.months:
            raise ValidationError({"months": _("Choose at least one month.")})
        if not self.owner_role and self.owner_id is None:
            raise ValidationError({"owner_role": _("Give an owner role or an owner person.")})
        owner = self.owner if self.owner_id is not None else None
        if owner is not None and owner.school_id != self.school_id:
            raise ValidationError({"owner": _("The owner must be of your school.")})

    def get_months_display(self) -> str:
        """The months by name, August first (the detail page reads get_<field>_display)."""
        return months_label(self.months)

    def recurs_in(self, month: int) -> bool:
        return bool(self.months & (1 << (month - 1)))

    def due_in(self, month: dt.date) -> dt.date:
        """The due date in the month starting on `month` (the last day when none is set)."""
        last = calendar.monthrange(month.year, month.month)[1]
        return month.replace(day=min(self.due_day or last, last))


class WorkTask(SchoolScopedModel):
    """One month's occurrence of a calendar item; generated, done with a note or evidence."""

    item = models.ForeignKey(
        WorkItem, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("calendar item")
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    due_on = models.DateField(_("due on"))
    owner_role = models.CharField(
        _("owner role"), max_length=20, choices=OWNER_ROLE_CHOICES, blank=True
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planning_tasks",
        verbose_name=_("owner"),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=TaskStatus, default=TaskStatus.OPEN, editable=False
    )
    note = models.TextField(_("note"), blank=True, editable=False)
    evidence = models.FileField(
        _("evidence"), upload_to="planning/tasks/%Y/%m/", blank=True, editable=False
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True, editable=False)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("done by"),
    )
    stocktake = models.ForeignKey(
        "assets.Stocktake",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stocktake"),
    )
    drill = models.ForeignKey(
        "safety.Drill",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("emergency drill"),
    )
    overdue_notified_at = models.DateTimeField(
        _("overdue reminder sent"), null=True, blank=True, editable=False
    )

    access = Access(
        view=READERS,
        manage=CALENDAR_MANAGERS,
        own=TASK_OWNERS,
        own_rows=_owned_by,
        extra_actions={"done": TASK_OWNERS},
    )

    class Meta:
        verbose_name = _("work task")
        verbose_name_plural = _("work tasks")
        ordering = ["-month", "due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "month"], name="planning_worktask_once"),
            models.CheckConstraint(condition=Q(month__day=1), name="planning_worktask_month"),
            models.CheckConstraint(
                condition=Q(status="open", done_at__isnull=True)
                | (Q(status="done", done_at__isnull=False) & (~Q(note="") | ~Q(evidence=""))),
                name="planning_worktask_done_has_proof",
            ),
        ]
        indexes = [models.Index(fields=["school", "month", "status"], name="planning_task_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.item.title}"

    def get_absolute_url(self) -> str:
        return reverse("planning:worktask_detail", args=[self.pk])

    def clean(self) -> None:
        if self.month is not None and self.month.day != 1:
            self.month = self.month.replace(day=1)
        if self.item_id is not None and self.item.school_id != self.school_id:
            raise ValidationError({"item": _("Choose an item of your school's calendar.")})
        if (
            self.month is not None
            and self.due_on is not None
            and (self.due_on < self.month or self.due_on.replace(day=1) != self.month)
        ):
            raise ValidationError({"due_on": _("The due date must be in the task's month.")})

    @property
    def is_done(self) -> bool:
        return self.status == TaskStatus.DONE

    def is_overdue(self, today: dt.date) -> bool:
        return self.status == TaskStatus.OPEN and self.due_on < today

    def owned_by(self, user) -> bool:
        if self.owner_id is not None:
            return self.owner_id == user.pk
        return self.owner_role in user.role_codes
