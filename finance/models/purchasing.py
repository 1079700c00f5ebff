"""Quotes (询价), the order to the chosen supplier, acceptance by two people (验收) and payment."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import ArchivableModel, SchoolScopedModel, Supplier, User
from finance.choices import PaymentMethod
from finance.models.budget import money
from finance.models.common import PAYERS, PURCHASERS
from finance.models.requests import PurchaseItem, PurchaseRequest, related_access


def _document_path(instance, filename: str) -> str:
    return f"finance/purchasing/{timezone.localdate():%Y/%m}/{filename}"


class Quote(SchoolScopedModel):
    """A supplier's quote for a request (货比三家: at least three from the school's threshold)."""

    request = models.ForeignKey(
        PurchaseRequest,
        on_delete=models.PROTECT,
        related_name="quotes",
        verbose_name=_("purchase request"),
    )
    supplier = models.ForeignKey(
        Supplier, on_delete=models.PROTECT, related_name="quotes", verbose_name=_("supplier")
    )
    amount = money(_("quoted amount (yuan)"))
    quoted_on = models.DateField(_("quoted on"), default=timezone.localdate)
    document = models.FileField(_("quote document"), upload_to=_document_path, blank=True)
    notes = models.CharField(_("notes"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    access = related_access(extra_actions={})

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["request_id", "amount", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "supplier"], name="finance_quote_one_per_supplier"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="finance_quote_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.supplier} {self.amount}"


class PurchaseOrder(SchoolScopedModel):
    """The order placed with the chosen supplier; choosing a quote that is not the lowest needs a
    reason."""

    request = models.OneToOneField(
        PurchaseRequest,
        on_delete=models.PROTECT,
        related_name="order",
        verbose_name=_("purchase request"),
    )
    number = models.CharField(_("order number"), max_length=30)
    supplier = models.ForeignKey(
        Supplier, on_delete=models.PROTECT, related_name="orders", verbose_name=_("supplier")
    )
    quote = models.ForeignKey(
        Quote,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chosen quote"),
    )
    choice_reason = models.TextField(_("why not the lowest quote"), blank=True)
    amount = money(_("order amount (yuan)"))
    ordered_on = models.DateField(_("ordered on"), default=timezone.localdate)
    ordered_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("ordered by")
    )

    access = related_access(extra_actions={"order": PURCHASERS})

    class Meta:
        verbose_name = _("purchase order")
        verbose_name_plural = _("purchase orders")
        ordering = ["-ordered_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["school", "number"], name="finance_order_number"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="finance_order_positive"),
        ]

    def __str__(self) -> str:
        return self.number


class Acceptance(SchoolScopedModel):
    """A delivery accepted by two people, neither of them the requester (partial deliveries:
    several acceptances of one order)."""

    order = models.ForeignKey(
        PurchaseOrder,
        on_delete=models.PROTECT,
        related_name="acceptances",
        verbose_name=_("purchase order"),
    )
    accepted_on = models.DateField(_("accepted on"), default=timezone.localdate)
    first_acceptor = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("first acceptor")
    )
    second_acceptor = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("second acceptor")
    )
    requester = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
        editable=False,
    )
    invoice_number = models.CharField(_("invoice number"), max_length=40, blank=True)
    invoice_amount = money(_("invoice amount (yuan)"))
    invoice_file = models.FileField(_("invoice"), upload_to=_document_path, blank=True)
    notes = models.CharField(_("notes"), max_length=200, blank=True)

    access = related_access("order__request__")

    class Meta:
        verbose_name = _("acceptance")
        verbose_name_plural = _("acceptances")
        ordering = ["order_id", "accepted_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(first_acceptor=F("second_acceptor")),
                name="finance_acceptance_two_people",
            ),
            models.CheckConstraint(
                condition=~Q(first_acceptor=F("requester")) & ~Q(second_acceptor=F("requester")),
                name="finance_acceptance_not_requester",
            ),
            models.CheckConstraint(
                condition=Q(invoice_amount__gte=0), name="finance_acceptance_invoice"
            ),
        ]

    def __str__(self) -> str:
        request = self.order.request
        return f"{request.number} {request.title} · {self.accepted_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("finance:acceptance_detail", args=[self.pk])


class AcceptanceLine(SchoolScopedModel):
    """What of one item was received, and what it became: asset cards or a stock-in slip."""

    acceptance = models.ForeignKey(
        Acceptance, on_delete=models.PROTECT, related_name="lines", verbose_name=_("acceptance")
    )
    item = models.ForeignKey(
        PurchaseItem, on_delete=models.PROTECT, related_name="accepted", verbose_name=_("item")
    )
    quantity = models.DecimalField(_("quantity received"), max_digits=10, decimal_places=2)
    unit_price = money(_("invoiced unit price (yuan)"))
    assets = models.ManyToManyField(
        "assets.Asset", blank=True, related_name="purchase_lines", verbose_name=_("asset cards")
    )
    stock_slip = models.ForeignKey(
        "assets.StockSlip",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stock-in slip"),
    )

    access = related_access("acceptance__order__request__")

    class Meta:
        verbose_name = _("accepted line")
        verbose_name_plural = _("accepted lines")
        ordering = ["acceptance_id", "item_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0) & Q(unit_price__gt=0), name="finance_accepted_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.name} × {self.quantity}"


class Payment(ArchivableModel, SchoolScopedModel):
    """A payment (报销/付款) against an accepted order: moves the amount from committed to spent."""

    order = models.ForeignKey(
        PurchaseOrder,
        on_delete=models.PROTECT,
        related_name="payments",
        verbose_name=_("purchase order"),
    )
    amount = money(_("amount (yuan)"))
    paid_on = models.DateField(_("paid on"), default=timezone.localdate)
    method = models.CharField(_("method"), max_length=15, choices=PaymentMethod)
    voucher_number = models.CharField(_("voucher number"), max_length=40)
    payer = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("payer")
    )
    # Set when the invoice passed the estimate by more than the tolerance: who approved the excess.
    excess_approved_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("excess approved by"),
    )
    notes = models.CharField(_("notes"), max_length=200, blank=True)

    access = related_access("order__request__", extra_actions={"pay": PAYERS})

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-paid_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "voucher_number"], name="finance_payment_voucher"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="finance_payment_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.voucher_number} {self.amount}"

    def get_absolute_url(self) -> str:
        return reverse("finance:payment_detail", args=[self.pk])
