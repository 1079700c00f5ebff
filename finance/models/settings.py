"""Per-school purchasing rules (amount tiers, quote and tender thresholds) and the provinces'
public-procurement limits."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.access import Access
from core.models import SchoolScopedModel
from finance.choices import GoodsKind
from finance.models.common import BUDGET_MANAGERS, FINANCE_READERS


def _money(label, default: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        label, max_digits=12, decimal_places=2, default=Decimal(default), **kwargs
    )


class FinanceSettings(SchoolScopedModel):
    """One row per school (created on first use with these defaults, after a typical school)."""

    director_from = _money(
        _("the director approves from (yuan)"),
        "1000",
        help_text=_("Below this amount the head of department approves alone."),
    )
    principal_from = _money(_("the principal approves from (yuan)"), "10000")
    collective_from = _money(
        _("a collective decision (三重一大) from (yuan)"),
        "50000",
        help_text=_("Recorded with the meeting date, attendees and minutes."),
    )
    quotes_from = _money(
        _("three quotes from (yuan)"),
        "1000",
        help_text=_("From this amount per purchase, at least three supplier quotes (货比三家)."),
    )
    quotes_required = models.PositiveSmallIntegerField(
        _("quotes required"), default=3, validators=[MinValueValidator(2), MaxValueValidator(10)]
    )
    tender_from = _money(
        _("the school's tender threshold (yuan)"),
        "200000",
        help_text=_("From this amount the request needs public procurement."),
    )
    province = models.CharField(
        _("province"),
        max_length=30,
        blank=True,
        help_text=_("Whose public-procurement limits apply (see the procurement limits)."),
    )
    payment_tolerance_percent = models.DecimalField(
        _("payment tolerance (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("5.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("50"))],
        help_text=_("An invoice above the estimate by more than this needs approval."),
    )
    disclosure_from = _money(
        _("disclose purchases from (yuan)"),
        "5000",
        help_text=_("Purchases of this amount or more are listed one by one in the disclosure."),
    )
    contract_notice_days = models.PositiveSmallIntegerField(
        _("notify before a contract ends (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )

    access = Access(view=FINANCE_READERS, manage=BUDGET_MANAGERS)

    class Meta:
        verbose_name = _("finance settings")
        verbose_name_plural = _("finance settings")
        constraints = [
            models.UniqueConstraint(fields=["school"], name="finance_settings_one_per_school"),
            models.CheckConstraint(
                condition=Q(director_from__gt=0)
                & Q(principal_from__gt=F("director_from"))
                & Q(collective_from__gt=F("principal_from"))
                & Q(quotes_from__gte=0)
                & Q(tender_from__gt=0),
                name="finance_settings_tiers_ascending",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Finance settings"))

    @classmethod
    def of(cls, school_id: int) -> FinanceSettings:
        """The school's settings, created with the defaults on first use."""
        found, _created = cls.objects.get_or_create(school_id=school_id)
        return found


class ProcurementLimit(models.Model):
    """A province's public-procurement limits (分散采购限额, 公开招标数额标准) from a date.

    One table for the district's deployment (not a school's record): seeded with example values
    marked unconfirmed, which the admin checks against the province's current notice.
    """

    province = models.CharField(_("province"), max_length=30)
    kind = models.CharField(_("kind"), max_length=10, choices=GoodsKind)
    decentralised_from = models.DecimalField(
        _("public procurement from (yuan)"), max_digits=14, decimal_places=2
    )
    open_tender_from = models.DecimalField(
        _("open tender from (yuan)"), max_digits=14, decimal_places=2
    )
    effective_from = models.DateField(_("effective from"))
    effective_until = models.DateField(_("effective until"), null=True, blank=True)
    confirmed = models.BooleanField(
        _("confirmed by the admin"),
        default=False,
        help_text=_("Example values are unconfirmed until the admin checks the province's notice."),
    )
    source = models.CharField(_("source document"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("procurement limit")
        verbose_name_plural = _("procurement limits")
        ordering = ["province", "kind", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "kind", "effective_from"], name="finance_limit_unique_start"
            ),
            models.CheckConstraint(
                condition=Q(decentralised_from__gt=0)
                & Q(open_tender_from__gte=F("decentralised_from")),
                name="finance_limit_ascending",
            ),
            models.CheckConstraint(
                condition=Q(effective_until__isnull=True)
                | Q(effective_until__gte=F("effective_from")),
                name="finance_limit_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.province} {self.get_kind_display()} {self.effective_from:%Y-%m-%d}"
