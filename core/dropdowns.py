"""The filter form's drop-downs, built in Python and bounded.

Django renders each <option> through a template (about 1 ms per 10 options); a ledger's filter form
has several hundred (rooms, people, categories) and rendering them cost more than the list itself.
Here a drop-down of a related model reads its rows once (one query, no server-side cursor), at most
`MAX_OPTIONS` of them plus the selected one, and every drop-down and text, number or date input is
written directly, as Django's templates would write it. Other widgets render as Django renders them.
"""

from __future__ import annotations

from django import forms
from django.db.models import DateTimeField, QuerySet
from django.forms.boundfield import BoundField
from django.forms.utils import flatatt
from django.forms.widgets import Input
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

MAX_OPTIONS = 300


def render_field(bound: BoundField) -> SafeString:
    field, widget = bound.field, bound.field.widget
    if isinstance(widget, Input) and not isinstance(widget, forms.FileInput):
        return _input(bound, widget)
    if not isinstance(widget, forms.Select) or widget.allow_multiple_selected:
        return bound.as_widget()
    selected = set(widget.format_value(bound.value()))
    if isinstance(field, forms.ModelChoiceField):
        options: list | None = _model_options(bound, field, selected)
    else:
        options = _flat_choices(widget.choices)
    if options is None:  # option groups: let Django render them
        return bound.as_widget()
    html = [f'<select name="{escape(bound.html_name)}"{_attrs(bound, widget)}>']
    for value, label, disabled in options:
        mark = " selected" if value in selected and not disabled else ""
        mark += " disabled" if disabled else ""
        html.append(f'<option value="{escape(value)}"{mark}>{escape(label)}</option>')
    html.append("</select>")
    return mark_safe("".join(html))  # noqa: S308 - every value and label escaped above


def _input(bound: BoundField, widget: Input) -> SafeString:
    """As Django's input.html writes it, without a template per field."""
    value = widget.format_value(bound.value())
    shown = "" if value is None else f' value="{escape(value)}"'
    name = escape(bound.html_name)
    html = f'<input type="{widget.input_type}" name="{name}"{shown}{_attrs(bound, widget)}>'
    return mark_safe(html)  # noqa: S308 - escaped above


def _attrs(bound: BoundField, widget: forms.Widget) -> str:
    attrs = widget.build_attrs(widget.attrs, {"id": bound.auto_id} if bound.auto_id else {})
    return flatatt(bound.build_widget_attrs(attrs, widget))


def _model_options(bound: BoundField, field: forms.ModelChoiceField, selected: set) -> list:
    options = [] if field.empty_label is None else [("", str(field.empty_label), False)]
    assert field.queryset is not None  # a filter's drop-down always has its rows
    rows = list(_without_timestamps(field.queryset)[: MAX_OPTIONS + 1])
    for obj in rows[:MAX_OPTIONS]:
        options.append((str(field.prepare_value(obj)), field.label_from_instance(obj), False))
    if selected - {""} and not selected & {value for value, _label, _d in options}:
        chosen = _chosen(bound)
        if chosen is not None:
            options.append(
                (str(field.prepare_value(chosen)), field.label_from_instance(chosen), False)
            )
    if len(rows) > MAX_OPTIONS:
        more = _("… only the first %(n)s are listed") % {"n": MAX_OPTIONS}
        options.append(("", more, True))
    return options


def _without_timestamps(queryset: QuerySet) -> QuerySet:
    """The rows without their date-time columns (created, updated, last login...): no label
    shows them, and decoding them was a third of a ledger page's drop-down time."""
    names = [f.name for f in queryset.model._meta.concrete_fields if isinstance(f, DateTimeField)]
    related = queryset.query.select_related
    for path in related if isinstance(related, dict) else ():
        model = queryset.model._meta.get_field(path).related_model
        names += [
            f"{path}__{f.name}" for f in model._meta.concrete_fields if isinstance(f, DateTimeField)
        ]
    return queryset.defer(*names) if names else queryset


def _chosen(bound: BoundField):
    """The selected record, as the form's validation already read it (no second query)."""
    form = bound.form
    if form.is_bound and form.is_valid():
        return form.cleaned_data.get(bound.name)
    return None


def _flat_choices(choices) -> list | None:
    options = []
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            return None
        options.append(("" if value is None else str(value), str(label), False))
    return options
