"""Supplier contracts (with their documents and end date) and yearly evaluations, declared once
as core.resources.Resource: list, filter, export, detail, add, edit, API and menu entry."""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from rest_framework import serializers

from core import uploads
from core.api.base import ScopedSerializer
from core.filters import ScopedFilterSet
from core.forms import DateInput, ScopedModelForm
from core.resources import Resource
from core.tables import Column, Table
from core.views.generic import ScopedViewMixin
from finance.models import SupplierContract, SupplierEvaluation
from finance.navigation import FINANCE
from finance.services import suppliers as services


def _api_errors(exc: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(
        exc.message_dict if hasattr(exc, "error_dict") else exc.messages
    )


# ---- contracts ----------------------------------------------------------------------------


class ContractTable(Table):
    model = SupplierContract
    columns = [
        Column("title", _("Title"), link=True, width=24),
        Column("supplier__name", _("Supplier"), width=24),
        Column("number", _("Contract number"), width=16),
        Column("starts_on", _("Starts on"), width=12),
        Column("ends_on", _("Ends on"), width=12),
        Column("amount", _("Amount (yuan)"), kind="money", width=14),
        Column("notified_at", _("End notified at"), width=18),
    ]


class ContractFilterSet(ScopedFilterSet):
    search_fields = ("title", "number", "supplier__name")
    ending = django_filters.BooleanFilter(
        label=_("Ending within the notice period"), method="filter_ending"
    )
    ends_before = django_filters.DateFilter(
        field_name="ends_on", lookup_expr="lte", label=_("Ends on or before")
    )

    class Meta:
        model = SupplierContract
        fields = ["q", "supplier", "ending", "ends_before"]

    def filter_ending(self, queryset, name, value):
        if value is None:
            return queryset
        rows = ending_soon(queryset, self.request.user.school_id)
        return rows if value else queryset.exclude(pk__in=rows.values("pk"))


def ending_soon(queryset, school_id: int | None, today: dt.date | None = None):
    """Contracts not yet ended that end within the school's notice period."""
    today = today or timezone.localdate()
    days = services.notice_days(school_id)
    return queryset.filter(ends_on__gte=today, ends_on__lte=today + dt.timedelta(days=days))


class ContractForm(ScopedModelForm):
    """Dates ordered (a clear message, not a constraint's name); the document is checked by
    content (core.uploads.clean_document); saved through finance.services.suppliers."""

    class Meta:
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            return uploads.clean_document(upload)
        return upload

    def clean(self):
        data = super().clean()
        try:
            services.check_contract_dates(data.get("starts_on"), data.get("ends_on"))
        except DjangoValidationError as exc:
            self.add_error(None, exc)
        return data

    def save(self, commit=True):
        contract = super().save(commit=False)
        return services.contract_save(contract=contract, actor=self.user)


class ContractSerializerBase(ScopedSerializer):
    def validate_document(self, value):
        return uploads.clean_document(value) if value else value

    def validate(self, attrs):
        starts = attrs.get("starts_on", getattr(self.instance, "starts_on", None))
        ends = attrs.get("ends_on", getattr(self.instance, "ends_on", None))
        try:
            services.check_contract_dates(starts, ends)
        except DjangoValidationError as exc:
            raise _api_errors(exc) from exc
        return super().validate(attrs)

    def create(self, validated_data):
        contract = SupplierContract(**validated_data)
        return services.contract_save(contract=contract, actor=self.context["request"].user)

    def update(self, instance, validated_data):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return services.contract_save(contract=instance, actor=self.context["request"].user)


class ContractDocumentView(ScopedViewMixin, View):
    """The contract's document, served only to those who may read the contract."""

    model = SupplierContract

    def get(self, request, pk):
        contract = get_object_or_404(self.get_queryset(), pk=pk)
        if not contract.document:
            raise Http404
        name = contract.document.name.rsplit("/", 1)[-1]
        return FileResponse(contract.document.open("rb"), as_attachment=True, filename=name)


contract = Resource(
    model=SupplierContract,
    fields=["supplier", "title", "number", "starts_on", "ends_on", "amount", "document"],
    show=["supplier", "title", "number", "starts_on", "ends_on", "amount", "notified_at"],
    table=ContractTable,
    filterset=ContractFilterSet,
    queryset=SupplierContract.objects.select_related("supplier"),
    form_base=ContractForm,
    serializer_base=ContractSerializerBase,
    url_prefix="contracts",
    api_prefix="contracts",
    api_read_only=["notified_at"],
    api_ordering=["ends_on", "starts_on", "title"],
    page_only=["document"],
    menu=(FINANCE, _("Supplier contracts")),
    related_template="finance/suppliers_contract_document.html",
)


# ---- evaluations --------------------------------------------------------------------------


class EvaluationTable(Table):
    model = SupplierEvaluation
    columns = [
        Column("supplier__name", _("Supplier"), link=True, width=24),
        Column("year", _("Year"), width=8),
        Column("quality", _("Quality"), width=8),
        Column("delivery", _("Delivery"), width=8),
        Column("price", _("Price"), width=8),
        Column("service", _("Service"), width=8),
        Column("score", _("Score"), width=8),
        Column("grade", _("Grade"), width=8),
        Column("notes", _("Notes"), width=30),
    ]


class EvaluationFilterSet(ScopedFilterSet):
    search_fields = ("supplier__name", "notes")

    class Meta:
        model = SupplierEvaluation
        fields = ["q", "supplier", "year", "grade"]


SCORE_HELP = _("1 (poor) to 5 (excellent)")


class EvaluationForm(ScopedModelForm):
    """Four scores 1–5; the score (their mean) and grade are computed by the service, and a
    second evaluation of a supplier in one year is a form error."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        for name in services.SCORES:
            field = self.fields[name]
            field.help_text = SCORE_HELP
            assert isinstance(field, forms.IntegerField)
            field.min_value, field.max_value = 1, 5
        if not self.instance.pk:
            self.initial.setdefault("year", timezone.localdate().year)

    def clean(self):
        data = super().clean()
        supplier, year = data.get("supplier"), data.get("year")
        if supplier is not None and year is not None:
            others = SupplierEvaluation.objects.filter(supplier=supplier, year=year)
            if others.exclude(pk=self.instance.pk).exists():
                self.add_error(
                    "year",
                    _("%(supplier)s was already evaluated for %(year)s.")
                    % {"supplier": supplier, "year": year},
                )
        return data

    def save(self, commit=True):
        evaluation = super().save(commit=False)
        return services.evaluation_save(evaluation=evaluation, actor=self.user)


class EvaluationSerializerBase(ScopedSerializer):
    def get_validators(self):
        return []  # the one-a-year rule: the service's sentence, on `year`

    def validate(self, attrs):
        supplier = attrs.get("supplier", getattr(self.instance, "supplier", None))
        year = attrs.get("year", getattr(self.instance, "year", None))
        others = SupplierEvaluation.objects.filter(supplier=supplier, year=year)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if supplier is not None and others.exists():
            raise serializers.ValidationError(
                {
                    "year": [
                        _("%(supplier)s was already evaluated for %(year)s.")
                        % {"supplier": supplier, "year": year}
                    ]
                }
            )
        return super().validate(attrs)

    def create(self, validated_data):
        evaluation = SupplierEvaluation(**validated_data)
        return self._save(evaluation)

    def update(self, instance, validated_data):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return self._save(instance)

    def _save(self, evaluation):
        try:
            return services.evaluation_save(
                evaluation=evaluation, actor=self.context["request"].user
            )
        except DjangoValidationError as exc:
            raise _api_errors(exc) from exc


evaluation = Resource(
    model=SupplierEvaluation,
    fields=["supplier", "year", "quality", "delivery", "price", "service", "notes"],
    show=[
        "supplier",
        "year",
        "quality",
        "delivery",
        "price",
        "service",
        "score",
        "grade",
        "evaluated_by",
        "notes",
    ],
    table=EvaluationTable,
    filterset=EvaluationFilterSet,
    queryset=SupplierEvaluation.objects.select_related("supplier", "evaluated_by"),
    form_base=EvaluationForm,
    serializer_base=EvaluationSerializerBase,
    url_prefix="evaluations",
    api_prefix="evaluations",
    api_read_only=["score", "grade", "evaluated_by"],
    api_ordering=["year", "score"],
    menu=(FINANCE, _("Supplier evaluations")),
)
ALL = [contract, evaluation]
