"""Consumable stock, stock slips and the category tree."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from assets import filters, forms, services, tables
from assets.api.serializers import ConsumableFields
from assets.api.views import ConsumableActions
from assets.choices import StockSlipKind
from assets.models import (
    AssetCategory,
    Consumable,
)
from assets.views.common import _errors
from core.resources import Resource
from core.views.generic import (
    ScopedViewMixin,
)

consumable = Resource(
    model=Consumable,
    fields=[
        "name",
        "spec",
        "unit",
        "reorder_level",
        "unit_price",
        "storeroom",
        "exchange_required",
    ],
    show=[
        "name",
        "spec",
        "unit",
        "quantity_on_hand",
        "reorder_level",
        "unit_price",
        "storeroom",
        "exchange_required",
    ],
    table=tables.ConsumableTable,
    filterset=filters.ConsumableFilterSet,
    form_base=forms.ConsumableForm,
    serializer_base=ConsumableFields,
    viewset_base=ConsumableActions,
    queryset=Consumable.objects.select_related("storeroom"),
    url_prefix="consumables",
    api_prefix="consumables",
    api_read_only=["quantity_on_hand", "below_reorder_level"],  # moved only by stock slips
    api_ordering=["name", "quantity_on_hand", "reorder_level"],
    related_template="assets/includes/consumable_stock.html",
)


# mypy takes no class held in an attribute (Crud builds it) as a base.
class LowStockView(consumable.list):  # type: ignore[name-defined]
    def base_queryset(self):
        return services.below_reorder_level(Consumable.objects.select_related("storeroom"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["verbose_name_plural"] = _("Consumables below their reorder level")
        return context


class StockSlipView(ScopedViewMixin, TemplateView):
    """Receive (入库) or issue (领用) one consumable; issuing more than is on hand is refused."""

    model = Consumable
    action = "change"
    template_name = "assets/move_form.html"

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        return self.show(forms.StockSlipForm(user=request.user))

    def post(self, request, *args, **kwargs):
        form = forms.StockSlipForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.show(form, status=400)
        item, data = self.get_object(), form.cleaned_data
        exchange = self.kwargs["kind"] != StockSlipKind.IN and item.exchange_required
        if exchange and not data["old_returned"]:
            form.add_error(
                "old_returned", _("This item is issued only against the old one returned.")
            )
            return self.show(form, status=400)
        try:
            if self.kwargs["kind"] == StockSlipKind.IN:
                slip = services.consumable_stock_in(
                    school=item.school,
                    actor=request.user,
                    lines=[(item, data["quantity"])],
                    supplier=data["supplier"],
                    reason=data["reason"],
                )
            else:
                slip = services.consumable_issue(
                    school=item.school,
                    actor=request.user,
                    lines=[(item, data["quantity"])],
                    recipient=data["recipient"],
                    reason=data["reason"],
                )
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
            return self.show(form, status=400)
        messages.success(request, _("Slip %(number)s saved.") % {"number": slip.number})
        return redirect(item.get_absolute_url())

    def show(self, form, status=200):
        title = _("Stock-in") if self.kwargs["kind"] == StockSlipKind.IN else _("Issue")
        context = self.get_context_data(form=form, object=self.get_object(), title=title)
        return TemplateResponse(self.request, self.template_name, context, status=status)


category = Resource(
    model=AssetCategory,
    fields=["parent", "code", "name", "useful_life_years", "depreciable", "specialist"],
    show=["code", "name", "parent", "useful_life_years", "depreciable", "specialist"],
    table=tables.AssetCategoryTable,
    filterset=filters.AssetCategoryFilterSet,
    form_base=forms.CategoryForm,
    queryset=AssetCategory.objects.select_related("parent"),
    url_prefix="categories",  # no API: the tree is read through the assets' category ids
)
