"""Forms of the quotes and the order: they parse what a person typed; every rule is the
service's (finance.services.purchasing), whose refusals the views show on these forms."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import DateInput
from core.models import Supplier
from finance.models import PurchaseRequest, Quote
from finance.selectors_purchasing import latest_grades


def supplier_label(supplier: Supplier, grades: dict[int, tuple[int, str]]) -> str:
    """ "华东办公设备 · 评级 A（2025）", or the blacklist marker: the quote form's choices."""
    if supplier.is_blacklisted:
        return _("%(name)s · blacklisted") % {"name": supplier.name}
    grade = grades.get(supplier.pk)
    if grade is None:
        return _("%(name)s · not evaluated yet") % {"name": supplier.name}
    return _("%(name)s · grade %(grade)s (%(year)s)") % {
        "name": supplier.name,
        "grade": grade[1],
        "year": grade[0],
    }


class QuoteForm(forms.Form):
    """A supplier's quote. Blacklisted suppliers are listed, marked, and refused on saving."""

    supplier = forms.ModelChoiceField(
        queryset=Supplier.objects.none(), label=gettext_lazy("Supplier")
    )
    amount = forms.DecimalField(label=gettext_lazy("Quoted amount (yuan)"), max_digits=14)
    quoted_on = forms.DateField(label=gettext_lazy("Quoted on"), widget=DateInput())
    notes = forms.CharField(label=gettext_lazy("Notes"), max_length=200, required=False)
    document = forms.FileField(label=gettext_lazy("Quote document"), required=False)

    def __init__(self, *args, request_obj: PurchaseRequest, **kwargs) -> None:
        kwargs.setdefault("initial", {"quoted_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        suppliers = list(
            Supplier.objects.filter(
                school_id=request_obj.school_id, archived_at__isnull=True
            ).exclude(pk__in=request_obj.quotes.values("supplier_id"))
        )
        grades = latest_grades([s.pk for s in suppliers])
        field = self.fields["supplier"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Supplier.objects.filter(pk__in=[s.pk for s in suppliers])
        field.choices = [("", "---------")] + [(s.pk, supplier_label(s, grades)) for s in suppliers]


def _quote_label(quote: Quote) -> str:
    return f"{quote.supplier.name} · {quote.amount}"


class OrderForm(forms.Form):
    """The order: one of the quotes (a reason when not the lowest) or, below the quote
    threshold, a supplier and amount given directly."""

    quote = forms.ModelChoiceField(
        queryset=Quote.objects.none(),
        label=gettext_lazy("Chosen quote"),
        required=False,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("Why not the lowest quote"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    supplier = forms.ModelChoiceField(
        queryset=Supplier.objects.none(), label=gettext_lazy("Supplier"), required=False
    )
    amount = forms.DecimalField(
        label=gettext_lazy("Order amount (yuan)"), max_digits=14, required=False
    )

    def __init__(self, *args, request_obj: PurchaseRequest, direct: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        quote = self.fields["quote"]
        assert isinstance(quote, forms.ModelChoiceField)
        quote.queryset = request_obj.quotes.select_related("supplier").order_by("amount", "pk")
        quote.label_from_instance = _quote_label  # type: ignore[method-assign, assignment]
        if direct:
            supplier = self.fields["supplier"]
            assert isinstance(supplier, forms.ModelChoiceField)
            supplier.queryset = Supplier.objects.filter(
                school_id=request_obj.school_id, archived_at__isnull=True
            )
        else:
            del self.fields["supplier"]
            del self.fields["amount"]
