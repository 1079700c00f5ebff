"""The school's budget: a year, its lines by economic category and department, and every movement
of money on a line (committed, released, spent, adjusted)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.access import Access
from core.models import ArchivableModel, Department, SchoolScopedModel, User
from finance.choices import (
    AdjustmentStatus,
    BudgetControl,
    EconomicCategory,
    MovementKind,
    YearStatus,
)
from finance.models.common import BUDGET_MANAGERS, FINANCE_READERS, STAFF

ZERO = Decimal("0.00")


def money(label, **kwargs) -> models.DecimalField:
    return models.DecimalField(label, max_digits=12, decimal_places=2, **kwargs)


class BudgetYear(ArchivableModel, SchoolScopedModel):
    """A fiscal year (the calendar year) of a school's budget; closed, its lines take nothing new."""

    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=10, choices=YearStatus, default=YearStatus.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    notes = models.CharField(
        _("notes"),
        max_length=200,
        blank=True,
        help_text=_("E.g. the reference of the budget's approval (预算批复文号)."),
    )

    access = Access(view=FINANCE_READERS, manage=BUDGET_MANAGERS)

    class Meta:
        verbose_name = _("budget year")
        verbose_name_plural = _("budget years")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["school", "year"], name="finance_year_unique"),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="finance_year_range"
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)

    def get_absolute_url(self) -> str:
        return reverse("finance:budgetyear_detail", args=[self.pk])


class BudgetLine(ArchivableModel, SchoolScopedModel):
    """One line of the budget. `committed` (approved, not yet paid) and `spent` are kept by the
    budget services under a row lock, and the database refuses a "stop" line past its amount."""

    budget_year = models.ForeignKey(
        BudgetYear, on_delete=models.PROTECT, related_name="lines", verbose_name=_("budget year")
    )
    category = models.CharField(_("economic category"), max_length=20, choices=EconomicCategory)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_lines",
        verbose_name=_("department"),
    )
    name = models.CharField(_("name"), max_length=100)
    amount = money(_("budget (yuan)"))
    control = models.CharField(
        _("when exceeded"), max_length=10, choices=BudgetControl, default=BudgetControl.STOP
    )
    committed = money(_("committed (yuan)"), default=ZERO, editable=False)
    spent = money(_("spent (yuan)"), default=ZERO, editable=False)
    notes = models.CharField(_("notes"), max_length=200, blank=True)

    access = Access(view=FINANCE_READERS, manage=BUDGET_MANAGERS)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["budget_year", "category", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget_year", "name"], name="finance_line_unique_name"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(committed__gte=0) & Q(spent__gte=0),
                name="finance_line_not_negative",
            ),
            # The last line of defence of a "stop" line: whatever path writes, never past it.
            models.CheckConstraint(
                condition=~Q(control=BudgetControl.STOP)
                | Q(amount__gte=F("committed") + F("spent")),
                name="finance_line_stop_not_exceeded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.budget_year.year} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("finance:budgetline_detail", args=[self.pk])

    @property
    def available(self) -> Decimal:
        return self.amount - self.committed - self.spent

    @property
    def execution_rate(self) -> Decimal | None:
        """Spent as a share of the budget (None for a zero budget: nothing to divide)."""
        if not self.amount:
            return None
        return (self.spent / self.amount * 100).quantize(Decimal("0.1"))


class BudgetMovement(SchoolScopedModel):
    """Every change of a line's committed or spent amount, written by the budget services only."""

    line = models.ForeignKey(
        BudgetLine,
        on_delete=models.PROTECT,
        related_name="movements",
        verbose_name=_("budget line"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=MovementKind)
    amount = money(_("amount (yuan)"))
    request = models.ForeignKey(
        "finance.PurchaseRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="movements",
        verbose_name=_("purchase request"),
    )
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("by")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    access = Access(view=FINANCE_READERS, manage=frozenset())

    class Meta:
        verbose_name = _("budget movement")
        verbose_name_plural = _("budget movements")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="finance_movement_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"

    def delete(self, *args, **kwargs):
        from core.models.base import PermanentRecordError

        raise PermanentRecordError("Budget movements are kept, never deleted.")


class BudgetAdjustment(SchoolScopedModel):
    """Moving an amount from one line to another (预算调剂): requested, then approved like a
    purchase by someone else, and recorded as two movements."""

    from_line = models.ForeignKey(
        BudgetLine,
        on_delete=models.PROTECT,
        related_name="adjustments_out",
        verbose_name=_("from line"),
    )
    to_line = models.ForeignKey(
        BudgetLine,
        on_delete=models.PROTECT,
        related_name="adjustments_in",
        verbose_name=_("to line"),
    )
    amount = money(_("amount (yuan)"))
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=AdjustmentStatus, default=AdjustmentStatus.PENDING
    )
    requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    decided_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("comment"), max_length=200, blank=True)

    access = Access(
        view=FINANCE_READERS,
        manage=BUDGET_MANAGERS,
        extra_actions={"approve": frozenset({"director", "principal"}) & STAFF},
    )

    class Meta:
        verbose_name = _("budget adjustment")
        verbose_name_plural = _("budget adjustments")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="finance_adjustment_positive"),
            models.CheckConstraint(
                condition=~Q(from_line=F("to_line")), name="finance_adjustment_two_lines"
            ),
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("requested_by")),
                name="finance_adjustment_not_own",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_line.name} → {self.to_line.name} {self.amount}"

    def get_absolute_url(self) -> str:
        return reverse("finance:budgetadjustment_detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        from core.models.base import PermanentRecordError

        raise PermanentRecordError("Budget adjustments are kept, never deleted.")
