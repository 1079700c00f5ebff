"""The school's supplier register (供应商名录), declared once; the canteen and finance read it.

`?licence_due=true` lists suppliers whose licence has expired or expires within
settings.SUPPLIER_LICENCE_WARN_DAYS days (the canteen's to-do, metric and daily notice use it).

Bank accounts are kept from casual readers: shown in full (and editable) only to the roles
`core.access.may_read_bank_details` names; everyone else sees "****1234" on the page, the list,
its export and the API. Blacklisting (with its reason) is the director's or the admin's
(`core.access.may_blacklist`); a blacklisted supplier cannot be chosen where suppliers are picked.
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django.conf import settings
from django.db.models import Case, F, QuerySet, Value, When
from django.db.models.functions import Concat, Right
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core import access
from core.api.base import ScopedSerializer
from core.filters import ArchivedFilterMixin, ScopedFilterSet
from core.forms import ScopedModelForm
from core.models import Supplier
from core.navigation import SCHOOL
from core.resources import Resource
from core.tables import Column, Table
from core.views.generic import ObjectDetailView, ObjectListView

BANK_FIELDS = ("bank_account",)
BLACKLIST_FIELDS = ("is_blacklisted", "blacklist_reason")


def licence_warn_limit(today: dt.date | None = None) -> dt.date:
    """The last expiry date that counts as "expiring soon" today."""
    today = today or timezone.localdate()
    return today + dt.timedelta(days=settings.SUPPLIER_LICENCE_WARN_DAYS)


def licence_due(queryset: QuerySet, today: dt.date | None = None) -> QuerySet:
    """Active suppliers whose licence has expired or expires soon (the same rows everywhere)."""
    return queryset.filter(archived_at__isnull=True, licence_expiry__lte=licence_warn_limit(today))


class SupplierTable(Table):
    model = Supplier
    columns = [
        Column("name", _("Name"), link=True, width=28),
        Column("licence_number", _("Licence number"), width=22),
        Column("licence_expiry", _("Licence valid until"), width=14),
        Column("is_bulk_food", _("Bulk-food supplier"), width=10),
        Column("contact", _("Contact person"), width=12),
        Column("phone", _("Phone"), width=16),
        Column("bank_name", _("Bank"), width=20),
        # An annotation (SupplierListView): the account in full or masked, by the reader's role.
        Column("bank_account_shown", _("Bank account"), kind="text", sortable=False, width=24),
        Column("is_blacklisted", _("Blacklisted"), width=10),
        Column("blacklist_reason", _("Why blacklisted"), width=30),
    ]


class SupplierFilterSet(ArchivedFilterMixin, ScopedFilterSet):
    search_fields = ("name", "licence_number", "contact")
    licence_due = django_filters.BooleanFilter(
        label=_("Licence expired or expiring soon"), method="filter_licence_due"
    )

    class Meta:
        model = Supplier
        fields = ["q", "is_bulk_food", "is_blacklisted", "licence_due"]

    def filter_licence_due(self, queryset, name, value):
        if value is None:
            return queryset
        due = licence_due(queryset)
        return due if value else queryset.exclude(pk__in=due.values("pk"))


def with_bank_account_shown(queryset: QuerySet, user) -> QuerySet:
    """The rows with `bank_account_shown`: the account in full for those who pay, else masked."""
    if access.may_read_bank_details(user):
        return queryset.annotate(bank_account_shown=F("bank_account"))
    masked = Concat(Value("****"), Right("bank_account", 4))
    return queryset.annotate(
        bank_account_shown=Case(When(bank_account="", then=Value("")), default=masked)
    )


def _need_reason(blacklisted: bool, reason: str) -> str | None:
    if blacklisted and not reason.strip():
        return str(_("Say why the supplier is blacklisted."))
    return None


class SupplierForm(ScopedModelForm):
    """The bank account is edited only by those who may read it, the blacklist only by the
    director or the admin (the others' forms leave those fields out, so they stay unchanged)."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if not access.may_read_bank_details(user):
            for name in BANK_FIELDS:
                self.fields.pop(name, None)
        if not access.may_blacklist(user):
            for name in BLACKLIST_FIELDS:
                self.fields.pop(name, None)

    def clean(self):
        data = super().clean()
        if "is_blacklisted" in self.fields:
            problem = _need_reason(
                data.get("is_blacklisted", False), data.get("blacklist_reason", "")
            )
            if problem:
                self.add_error("blacklist_reason", problem)
            elif not data.get("is_blacklisted"):
                data["blacklist_reason"] = ""
        return data


class SupplierSerializerBase(ScopedSerializer):
    """The same rules through the API: a masked account for casual readers, who may not write it;
    the blacklist written only by the director or the admin, and never without a reason."""

    def get_fields(self):
        fields = super().get_fields()
        user = getattr(self.context.get("request"), "user", None)
        if user is None:
            return fields  # schema generation
        protected = () if access.may_read_bank_details(user) else BANK_FIELDS
        if not access.may_blacklist(user):
            protected = (*protected, *BLACKLIST_FIELDS)
        for name in protected:
            if name in fields:
                fields[name].read_only = True
        return fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        user = getattr(self.context.get("request"), "user", None)
        if "bank_account" in data and not (user and access.may_read_bank_details(user)):
            data["bank_account"] = access.mask_account(data["bank_account"] or "")
        return data

    def validate(self, attrs):
        attrs = super().validate(attrs)
        current = self.instance
        blacklisted = attrs.get("is_blacklisted", getattr(current, "is_blacklisted", False))
        reason = attrs.get("blacklist_reason", getattr(current, "blacklist_reason", ""))
        problem = _need_reason(blacklisted, reason)
        if problem:
            raise serializers.ValidationError({"blacklist_reason": [problem]})
        return attrs


class SupplierListView(ObjectListView):
    def get_queryset(self):
        return with_bank_account_shown(super().get_queryset(), self.request.user)


class MaskedHistoryEntry:
    """A history entry as a casual reader sees it: the bank account's old and new values masked."""

    def __init__(self, entry) -> None:
        self._entry = entry

    def __getattr__(self, name):
        return getattr(self._entry, name)

    @property
    def changes_display_dict(self) -> dict:
        hidden = {str(Supplier._meta.get_field(name).verbose_name) for name in BANK_FIELDS}  # type: ignore[union-attr]
        return {
            label: [v if v in (None, "", "None") else access.mask_account(str(v)) for v in values]
            if str(label) in hidden
            else values
            for label, values in self._entry.changes_display_dict.items()
        }


class SupplierDetailView(ObjectDetailView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not access.may_read_bank_details(self.request.user):
            context["fields"] = [
                (label, access.mask_account(value or "") if name in BANK_FIELDS else value)
                for name, (label, value) in zip(self.detail_fields, context["fields"], strict=True)
            ]
            context["history"] = [MaskedHistoryEntry(entry) for entry in context["history"]]
        return context


supplier = Resource(
    model=Supplier,
    fields=[
        "name",
        "licence_number",
        "licence_expiry",
        "is_bulk_food",
        "contact",
        "phone",
        "address",
        "bank_name",
        "bank_account",
        "is_blacklisted",
        "blacklist_reason",
        "notes",
    ],
    table=SupplierTable,
    filterset=SupplierFilterSet,
    form_base=SupplierForm,
    serializer_base=SupplierSerializerBase,
    views={"list": SupplierListView, "detail": SupplierDetailView},
    related_template="core/includes/supplier_related.html",
    url_prefix="suppliers",
    api_prefix="suppliers",
    api_ordering=["name", "licence_expiry"],
    menu=(SCHOOL, _("Suppliers")),
)
ALL = [supplier]
