"""The monthly expenditure disclosure (财务公开): a summary by category and the purchases above
the school's amount, approved by the principal, then printable and, if the school wants, public."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.access import Access
from core.choices import Role
from core.models import SchoolScopedModel, User
from finance.choices import DisclosureStatus
from finance.models.common import BUDGET_MANAGERS, FINANCE_READERS


class ExpenditureDisclosure(SchoolScopedModel):
    """One month's disclosure. `content` is frozen when it is submitted, so the notice that was
    approved is the notice that is printed, whatever is paid later."""

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    status = models.CharField(
        _("status"), max_length=10, choices=DisclosureStatus, default=DisclosureStatus.DRAFT
    )
    content = models.JSONField(_("content"), default=dict, editable=False)
    drafted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("drafted by")
    )
    approved_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    is_public = models.BooleanField(
        _("shown on the public page"),
        default=False,
        help_text=_("Once published, anyone with the page's address may read it."),
    )
    public_token = models.CharField(
        _("public address key"), max_length=40, blank=True, editable=False
    )

    access = Access(
        view=FINANCE_READERS,
        manage=BUDGET_MANAGERS,
        extra_actions={"submit": BUDGET_MANAGERS, "approve": frozenset({Role.PRINCIPAL})},
    )

    class Meta:
        verbose_name = _("expenditure disclosure")
        verbose_name_plural = _("expenditure disclosures")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "month"], name="finance_disclosure_one_a_month"
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("drafted_by")),
                name="finance_disclosure_not_own",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"

    def get_absolute_url(self) -> str:
        return reverse("finance:disclosure_detail", args=[self.pk])
