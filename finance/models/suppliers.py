"""Contracts with suppliers and their yearly evaluation (the register itself is core.Supplier,
shared with the canteen)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import Access
from core.models import SchoolScopedModel, Supplier, User
from finance.models.budget import money
from finance.models.common import FINANCE_READERS, PURCHASERS


def _contract_path(instance, filename: str) -> str:
    return f"finance/contracts/{timezone.localdate():%Y/%m}/{filename}"


class SupplierContract(SchoolScopedModel):
    """A contract with a supplier; its end is notified the school's set number of days before."""

    supplier = models.ForeignKey(
        Supplier, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("supplier")
    )
    title = models.CharField(_("title"), max_length=100)
    number = models.CharField(_("contract number"), max_length=40, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    amount = money(_("amount (yuan)"), null=True, blank=True)
    document = models.FileField(_("contract document"), upload_to=_contract_path, blank=True)
    notified_at = models.DateTimeField(_("end notified at"), null=True, blank=True, editable=False)

    access = Access(view=FINANCE_READERS, manage=PURCHASERS | frozenset({"admin"}))

    class Meta:
        verbose_name = _("supplier contract")
        verbose_name_plural = _("supplier contracts")
        ordering = ["ends_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="finance_contract_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="finance_contract_amount"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplier} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("finance:suppliercontract_detail", args=[self.pk])


class SupplierEvaluation(SchoolScopedModel):
    """A supplier's yearly evaluation (1–5 on four counts) and its grade; the quote form shows it."""

    supplier = models.ForeignKey(
        Supplier, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("supplier")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quality = models.PositiveSmallIntegerField(
        _("quality"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    delivery = models.PositiveSmallIntegerField(
        _("delivery"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    price = models.PositiveSmallIntegerField(
        _("price"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    service = models.PositiveSmallIntegerField(
        _("service"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    score = models.DecimalField(
        _("score"), max_digits=3, decimal_places=2, default=Decimal("0"), editable=False
    )
    grade = models.CharField(_("grade"), max_length=1, editable=False)
    evaluated_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("evaluated by")
    )
    notes = models.CharField(_("notes"), max_length=200, blank=True)

    access = Access(view=FINANCE_READERS, manage=PURCHASERS | frozenset({"admin"}))

    class Meta:
        verbose_name = _("supplier evaluation")
        verbose_name_plural = _("supplier evaluations")
        ordering = ["-year", "supplier_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "year"], name="finance_evaluation_one_a_year"
            ),
            models.CheckConstraint(
                condition=Q(quality__gte=1, quality__lte=5)
                & Q(delivery__gte=1, delivery__lte=5)
                & Q(price__gte=1, price__lte=5)
                & Q(service__gte=1, service__lte=5),
                name="finance_evaluation_scores_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplier} {self.year}: {self.grade}"

    def get_absolute_url(self) -> str:
        return reverse("finance:supplierevaluation_detail", args=[self.pk])
