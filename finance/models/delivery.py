"""The delivery part's own record: the approval of an invoice that passed the estimate by more
than the school's payment tolerance (the payment waits for it)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import Access
from core.choices import Role
from core.models import SchoolScopedModel, User
from finance.models.budget import money
from finance.models.common import FINANCE_READERS, OWN_REQUESTERS, request_rows_of
from finance.models.requests import PurchaseRequest

# Who may approve an invoice above the estimate past the tolerance.
EXCESS_APPROVERS = frozenset({Role.DIRECTOR, Role.PRINCIPAL})


class ExcessApproval(SchoolScopedModel):
    """The director or the principal approved paying `invoiced` against an estimate of
    `estimate` (more than the tolerance above it). One per request; the payer is someone else."""

    request = models.OneToOneField(
        PurchaseRequest,
        on_delete=models.PROTECT,
        related_name="excess_approval",
        verbose_name=_("purchase request"),
    )
    estimate = money(_("estimated amount (yuan)"))
    invoiced = money(_("invoiced amount (yuan)"))
    approved_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("approved by")
    )
    approved_at = models.DateTimeField(_("approved at"), default=timezone.now)
    note = models.CharField(_("comment"), max_length=200, blank=True)

    access = Access(
        view=FINANCE_READERS,
        manage=frozenset(),
        own=OWN_REQUESTERS,
        own_rows=lambda user: request_rows_of(user, "request__"),
        extra_actions={"approve": EXCESS_APPROVERS},
    )

    class Meta:
        verbose_name = _("approval of an excess")
        verbose_name_plural = _("approvals of an excess")
        ordering = ["-approved_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(invoiced__gt=models.F("estimate")) & Q(estimate__gte=0),
                name="finance_excess_above_estimate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request.number} {self.invoiced}"
