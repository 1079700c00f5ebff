"""Forms of the delivery part: an acceptance (one quantity per item, filled with what remains)
and a payment. They only parse; the rules are the services'."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, ScopedForm, people_of_school, related
from core.models import User
from finance.choices import PaymentMethod
from finance.models import PurchaseRequest
from finance.services.delivery import LineInput, received_by_item


def _money_field(label, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
        **kwargs,
    )


class AcceptanceForm(ScopedForm):
    """Who accepts with the recorder, the invoice, and per item the quantity received now."""

    second_acceptor = forms.ModelChoiceField(
        queryset=User.objects.all(),
        label=_("Second acceptor"),
        help_text=_("Two people accept the goods; neither may be the requester."),
    )
    accepted_on = forms.DateField(label=_("Accepted on"), widget=DateInput())
    invoice_number = forms.CharField(label=_("Invoice number"), max_length=40)
    invoice_amount = _money_field(
        _("Invoice amount (yuan)"),
        required=False,
        help_text=_("Leave empty: the sum of the lines received."),
    )
    invoice_file = forms.FileField(
        label=_("Invoice (photo or PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf"}),
    )
    notes = forms.CharField(label=_("Notes"), max_length=200, required=False)

    TOP = ["second_acceptor", "accepted_on", "invoice_number", "invoice_amount", "invoice_file"]
    TOP += ["notes"]

    def __init__(self, *args: Any, user: User, request_obj: PurchaseRequest, **kwargs: Any):
        kwargs.setdefault("initial", {"accepted_on": timezone.localdate()})
        super().__init__(*args, user=user, **kwargs)
        people = people_of_school(user).exclude(pk__in=[user.pk, request_obj.requested_by_id])
        related(self, "second_acceptor").queryset = people
        self.items = list(request_obj.items.select_related("asset_category", "consumable"))
        received = received_by_item(request_obj)
        self.rows = []
        for item in self.items:
            remaining = item.quantity - received.get(item.pk, Decimal("0"))
            self.fields[f"quantity_{item.pk}"] = forms.DecimalField(
                label=_("Quantity received"),
                max_digits=10,
                decimal_places=2,
                min_value=Decimal("0"),
                initial=remaining,
                required=False,
                widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
            )
            self.fields[f"price_{item.pk}"] = _money_field(
                _("Invoiced unit price"), initial=item.unit_price, required=False
            )
            if not (item.asset_category_id or item.consumable_id):
                self.fields[f"book_{item.pk}"] = forms.ChoiceField(
                    label=_("Book as"), choices=self._booking_choices(user), required=False
                )
            self.rows.append((item, remaining))

    _choices: list | None = None

    def _booking_choices(self, user: User) -> list:
        """What an item without a target becomes: asset cards of a category, or stock of a
        consumable of the school, or nothing (a service, a repair)."""
        if self._choices is None:
            from assets.models import AssetCategory, Consumable

            school = user.school_id or 0
            cards = [
                (f"asset:{pk}", f"{code} {name}")
                for pk, code, name in AssetCategory.objects.filter(school_id=school)
                .order_by("code")
                .values_list("pk", "code", "name")
            ]
            stock = [
                (f"stock:{pk}", name)
                for pk, name in Consumable.objects.filter(
                    school_id=school, archived_at__isnull=True
                )
                .order_by("name")
                .values_list("pk", "name")
            ]
            self._choices = [
                ("", _("Neither (a service, works)")),
                (_("Asset cards of the category"), cards),
                (_("Consumable stock"), stock),
            ]
        return self._choices

    def top_fields(self):
        """The fields of the acceptance itself (the items' fields follow, one card each)."""
        return [self[name] for name in self.TOP]

    def item_rows(self):
        """(item, remaining, [quantity field, price field]) for the template."""
        return [
            (item, remaining, [self[name] for name in self._item_fields(item)])
            for item, remaining in self.rows
        ]

    def _item_fields(self, item) -> list[str]:
        names = [f"quantity_{item.pk}", f"price_{item.pk}"]
        return names + ([f"book_{item.pk}"] if f"book_{item.pk}" in self.fields else [])

    def lines(self) -> list[LineInput]:
        """The items with a quantity entered (an empty or zero quantity: not in this delivery)."""
        data = self.cleaned_data
        found = []
        for item in self.items:
            quantity = data.get(f"quantity_{item.pk}")
            if quantity:
                book = data.get(f"book_{item.pk}", "")
                found.append(LineInput(item, quantity, data.get(f"price_{item.pk}"), book))
        return found


class PaymentForm(ScopedForm):
    amount = _money_field(_("Amount (yuan)"))
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput())
    method = forms.ChoiceField(label=_("Method"), choices=PaymentMethod.choices)
    voucher_number = forms.CharField(label=_("Voucher number"), max_length=40)
    notes = forms.CharField(label=_("Notes"), max_length=200, required=False)

    def __init__(self, *args: Any, user: User, due: Decimal, **kwargs: Any):
        kwargs.setdefault("initial", {"paid_on": timezone.localdate(), "amount": due})
        super().__init__(*args, user=user, **kwargs)


class ExcessForm(ScopedForm):
    note = forms.CharField(label=_("Comment"), max_length=200, required=False)
