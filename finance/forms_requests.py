"""The request form (phone-first: a teacher requests from a phone) with its items, and the
approval step's form (comment, and for a collective decision its meeting)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from core.models import Department
from finance.choices import GoodsKind, YearStatus
from finance.models import BudgetLine, PurchaseRequest
from finance.services.requests import ItemInput, Meeting, RequestInput

ITEM_ROWS = 4  # empty item rows offered below the items already written


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several documents at once (cleaned by core.uploads in the service)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def lines_for(user):
    """The budget lines a requester may choose: their school's, of an open year, in use."""
    return (
        BudgetLine.objects.filter(
            school_id=user.school_id,
            archived_at__isnull=True,
            budget_year__status=YearStatus.OPEN,
            amount__gt=0,
        )
        .select_related("budget_year")
        .order_by("-budget_year__year", "name")
    )


class RequestForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    budget_line = forms.ModelChoiceField(label=_("Budget line"), queryset=BudgetLine.objects.none())
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )
    kind = forms.ChoiceField(
        label=_("Goods, services or works"), choices=GoodsKind.choices, initial=GoodsKind.GOODS
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    needed_by = forms.DateField(label=_("Needed by"), required=False, widget=DateInput)
    attachments = AttachmentsField(
        label=_("Attachments"),
        required=False,
        help_text=_("A specification, a price list: PDF, image, Word or Excel."),
    )

    def __init__(self, *args, user, instance: PurchaseRequest | None = None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": instance.title,
                "budget_line": instance.budget_line_id,
                "department": instance.department_id,
                "kind": instance.kind,
                "reason": instance.reason,
                "needed_by": instance.needed_by,
            }
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["budget_line"].queryset = lines_for(user)  # type: ignore[attr-defined]
        self.fields["department"].queryset = Department.objects.filter(  # type: ignore[attr-defined]
            school_id=user.school_id, archived_at__isnull=True
        ).order_by("name")
        if instance is None and getattr(user, "department_id", None):
            self.initial.setdefault("department", user.department_id)

    def request_input(self, items: list[ItemInput]) -> RequestInput:
        data = self.cleaned_data
        return RequestInput(
            title=data["title"],
            reason=data["reason"],
            budget_line_id=data["budget_line"].pk,
            department_id=data["department"].pk if data.get("department") else None,
            kind=data["kind"],
            needed_by=data.get("needed_by"),
            items=items,
        )


class ItemForm(forms.Form):
    name = forms.CharField(label=_("Item"), max_length=100)
    specification = forms.CharField(label=_("Specification"), max_length=200, required=False)
    quantity = forms.DecimalField(
        label=_("Quantity"), max_digits=10, decimal_places=2, min_value=Decimal("0.01")
    )
    unit = forms.CharField(label=_("Unit"), max_length=10)
    unit_price = forms.DecimalField(
        label=_("Estimated unit price (yuan)"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
    )

    def item(self) -> ItemInput:
        data = self.cleaned_data
        return ItemInput(
            name=data["name"],
            specification=data.get("specification", ""),
            quantity=data["quantity"],
            unit=data["unit"],
            unit_price=data["unit_price"],
        )


class BaseItemFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not self.items():
            raise forms.ValidationError(_("Write at least one item."))

    def items(self) -> list[ItemInput]:
        return [
            form.item()
            for form in self.forms
            if form.has_changed() and not form.cleaned_data.get("DELETE")
        ]


ItemFormSet = forms.formset_factory(
    ItemForm, formset=BaseItemFormSet, extra=0, max_num=50, validate_max=True
)


def item_formset(data=None, *, instance: PurchaseRequest | None = None):
    initial = []
    if instance is not None:
        initial = [
            {
                "name": i.name,
                "specification": i.specification,
                "quantity": i.quantity,
                "unit": i.unit,
                "unit_price": i.unit_price,
            }
            for i in instance.items.all()
        ]
    formset = forms.formset_factory(
        ItemForm, formset=BaseItemFormSet, extra=ITEM_ROWS, max_num=50, validate_max=True
    )
    return formset(data, initial=initial, prefix="items")


class StepForm(forms.Form):
    """The decision's comment; for the collective tier (三重一大) the meeting too."""

    note = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    meeting_date = forms.DateField(label=_("Meeting date"), required=False, widget=DateInput)
    attendees = forms.CharField(
        label=_("Attendees"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    minutes = forms.FileField(label=_("Minutes"), required=False)

    def step_data(self, step: str) -> dict:
        data = self.cleaned_data
        values: dict = {"note": data.get("note", "")}
        if step == "approve" and (data.get("meeting_date") or data.get("minutes")):
            values["meeting"] = Meeting(
                date=data.get("meeting_date"),
                attendees=data.get("attendees", ""),
                minutes=data.get("minutes"),
            )
        return values
