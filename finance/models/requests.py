"""Purchase requests (请购) with their items and attachments, and the approvals of each round."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import Access
from core.models import ArchivableModel, Department, SchoolScopedModel, User
from finance.choices import ApprovalLevel, Decision, GoodsKind, ProcurementMethod, RequestStatus
from finance.models.budget import ZERO, BudgetLine, money
from finance.models.common import (
    FINANCE_READERS,
    OWN_REQUESTERS,
    PAYERS,
    PURCHASERS,
    REQUEST_MANAGERS,
    STAFF,
    request_rows_of,
)

REQUEST_ACCESS = Access(
    view=FINANCE_READERS,
    manage=REQUEST_MANAGERS,
    own=OWN_REQUESTERS,
    own_rows=request_rows_of,
    own_manage=OWN_REQUESTERS,
    extra_actions={
        "submit": STAFF,
        "approve": STAFF,  # whose turn it is: the workflow's guard (finance.approvals)
        "purchase": PURCHASERS,  # quotes and the order
        "accept": STAFF,
        "pay": PAYERS,
    },
)


def _request_rows(prefix: str):
    return lambda user: request_rows_of(user, prefix)


def related_access(prefix: str = "request__", **extra) -> Access:
    """The rule of a record that belongs to a request: whoever sees the request sees it."""
    return Access(
        view=FINANCE_READERS,
        manage=REQUEST_MANAGERS,
        own=OWN_REQUESTERS,
        own_rows=_request_rows(prefix),
        own_manage=OWN_REQUESTERS,
        **extra,
    )


class PurchaseRequest(ArchivableModel, SchoolScopedModel):
    """A request to buy (请购). Its amount is the sum of its items, written by the services;
    submitting freezes the content, and a returned request starts a new approval round."""

    number = models.CharField(_("number"), max_length=30, editable=False)
    title = models.CharField(_("title"), max_length=100)
    requested_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="purchase_requests",
        verbose_name=_("requested by"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="purchase_requests",
        verbose_name=_("department"),
    )
    budget_line = models.ForeignKey(
        BudgetLine,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("budget line"),
    )
    kind = models.CharField(
        _("goods, services or works"), max_length=10, choices=GoodsKind, default=GoodsKind.GOODS
    )
    reason = models.TextField(_("reason"))
    needed_by = models.DateField(_("needed by"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=RequestStatus, default=RequestStatus.DRAFT
    )
    amount = money(_("estimated amount (yuan)"), default=ZERO, editable=False)
    # The approval tiers this round climbs (set at submission from the amount) and where it is.
    levels = models.JSONField(_("approval tiers"), default=list, editable=False)
    level = models.CharField(
        _("waiting for"), max_length=12, choices=ApprovalLevel, blank=True, editable=False
    )
    round = models.PositiveSmallIntegerField(_("approval round"), default=0, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    committed = money(_("committed (yuan)"), default=ZERO, editable=False)
    spent = money(_("paid (yuan)"), default=ZERO, editable=False)
    method = models.CharField(
        _("procurement method"),
        max_length=10,
        choices=ProcurementMethod,
        default=ProcurementMethod.DIRECT,
        editable=False,
    )
    needs_public_procurement = models.BooleanField(
        _("needs public procurement"), default=False, editable=False
    )

    access = REQUEST_ACCESS

    class Meta:
        verbose_name = _("purchase request")
        verbose_name_plural = _("purchase requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["school", "number"], name="finance_request_number"),
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(committed__gte=0) & Q(spent__gte=0),
                name="finance_request_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["school", "status", "level"], name="finance_req_waiting"),
            models.Index(fields=["school", "-created_at"], name="finance_req_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("finance:purchaserequest_detail", args=[self.pk])


class PurchaseItem(SchoolScopedModel):
    """One line of a request: what, how many, at what estimated price (amount = quantity × price)."""

    request = models.ForeignKey(
        PurchaseRequest,
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name=_("purchase request"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    name = models.CharField(_("item"), max_length=100)
    specification = models.CharField(_("specification"), max_length=200, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=10)
    unit_price = money(_("estimated unit price (yuan)"))
    amount = money(_("amount (yuan)"), editable=False)
    # What acceptance turns the line into: asset cards of this category, or stock of this item.
    asset_category = models.ForeignKey(
        "assets.AssetCategory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("asset category"),
    )
    consumable = models.ForeignKey(
        "assets.Consumable",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consumable"),
    )

    access = related_access()

    class Meta:
        verbose_name = _("purchase item")
        verbose_name_plural = _("purchase items")
        ordering = ["request_id", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0) & Q(unit_price__gt=0) & Q(amount__gt=0),
                name="finance_item_positive",
            ),
            models.CheckConstraint(
                condition=Q(asset_category__isnull=True) | Q(consumable__isnull=True),
                name="finance_item_asset_or_stock",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} × {self.quantity}{self.unit}"


def _attachment_path(instance: RequestAttachment, filename: str) -> str:
    return f"finance/requests/{timezone.localdate():%Y/%m}/{filename}"


class RequestAttachment(SchoolScopedModel):
    """A document of a request (a quote sheet, a specification): cleaned by core.uploads and
    served through the request's access rule."""

    request = models.ForeignKey(
        PurchaseRequest,
        on_delete=models.PROTECT,
        related_name="attachments",
        verbose_name=_("purchase request"),
    )
    file = models.FileField(_("file"), upload_to=_attachment_path)
    name = models.CharField(_("name"), max_length=100)
    uploaded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )

    access = related_access()

    class Meta:
        verbose_name = _("request attachment")
        verbose_name_plural = _("request attachments")
        ordering = ["request_id", "pk"]

    def __str__(self) -> str:
        return self.name


class Approval(SchoolScopedModel):
    """One decision on one tier of one approval round. The database itself refuses the
    requester's own approval and one person approving two tiers of the same round."""

    request = models.ForeignKey(
        PurchaseRequest,
        on_delete=models.PROTECT,
        related_name="approvals",
        verbose_name=_("purchase request"),
    )
    round = models.PositiveSmallIntegerField(_("approval round"))
    level = models.CharField(_("tier"), max_length=12, choices=ApprovalLevel)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision)
    approver = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("approver")
    )
    # A copy of the request's requester, so that a constraint can compare them.
    requester = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
        editable=False,
    )
    comment = models.TextField(_("comment"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)
    # A collective decision (三重一大): the meeting it was taken at.
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    attendees = models.TextField(_("attendees"), blank=True)
    minutes = models.FileField(_("minutes"), upload_to=_attachment_path, blank=True)

    access = related_access()

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        ordering = ["request_id", "round", "decided_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(approver=F("requester")), name="finance_approval_not_own"
            ),
            models.UniqueConstraint(
                fields=["request", "round", "level"],
                condition=Q(decision="approved"),
                name="finance_approval_one_per_tier",
            ),
            models.UniqueConstraint(
                fields=["request", "round", "approver"],
                condition=Q(decision="approved"),
                name="finance_approval_one_tier_per_person",
            ),
            models.CheckConstraint(
                condition=~Q(level="collective", decision="approved")
                | (Q(meeting_date__isnull=False) & ~Q(attendees="")),
                name="finance_collective_has_meeting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.get_decision_display()}"
