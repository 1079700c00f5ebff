"""The school's one supplier register (供应商名录), shared by the canteen and finance."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.access import MANAGERS, READERS, Access
from core.choices import Role
from core.models.base import ArchivableModel, SchoolScopedModel

SUPPLIER_READERS = READERS | frozenset({Role.CANTEEN, Role.CANTEEN_MANAGER})
SUPPLIER_MANAGERS = MANAGERS | frozenset({Role.CANTEEN_MANAGER})


class Supplier(ArchivableModel, SchoolScopedModel):
    """A supplier of the school, with its business or food licence (食品经营许可证)."""

    name = models.CharField(_("name"), max_length=100)
    licence_number = models.CharField(_("licence number"), max_length=60, blank=True)
    licence_expiry = models.DateField(_("licence valid until"), null=True, blank=True)
    contact = models.CharField(_("contact person"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_bulk_food = models.BooleanField(
        _("bulk-food supplier"),
        default=False,
        help_text=_("Supplies rice, flour, oil, meat, eggs or milk (大宗食材)."),
    )
    # Kept from casual readers: the finance pages show them in full only to those who pay.
    bank_name = models.CharField(_("bank"), max_length=100, blank=True)
    bank_account = models.CharField(_("bank account"), max_length=40, blank=True)
    is_blacklisted = models.BooleanField(
        _("blacklisted"), default=False, help_text=_("A blacklisted supplier cannot be chosen.")
    )
    blacklist_reason = models.CharField(_("why blacklisted"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    access = Access(view=SUPPLIER_READERS, manage=SUPPLIER_MANAGERS)

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="core_supplier_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:supplier_detail", args=[self.pk])
