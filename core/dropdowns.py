"""The filter form's drop-downs, built in Python, bounded and cached.

Django renders each <option> through a template (about 1 ms per 10 options); a ledger's filter form
has several hundred (rooms, people, categories) and rendering them cost more than the list itself.
Here a drop-down of a related model reads its rows once (no server-side cursor), at most
`MAX_OPTIONS` of them plus the selected one, and every drop-down and text, number or date input is
written directly, as Django's templates would write it. Other widgets render as Django renders them.

A related model's options are read and rendered once, then kept in Django's cache until a row of
a table their query reads changes (core.querycache: keyed by the query and its parameters, so no two
schools share them; Redis in production, so every worker shares them): a page then reads none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.db.models import DateTimeField, QuerySet
from django.forms.boundfield import BoundField
from django.forms.utils import flatatt
from django.forms.widgets import Input
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core import querycache

MAX_OPTIONS = 300


def render_field(bound: BoundField) -> SafeString:
    field, widget = bound.field, bound.field.widget
    if isinstance(widget, Input) and not isinstance(widget, forms.FileInput):
        return _input(bound, widget)
    if not isinstance(widget, forms.Select) or widget.allow_multiple_selected:
        return bound.as_widget()
    selected = set(widget.format_value(bound.value()))
    if isinstance(field, forms.ModelChoiceField):
        body = _model_options(bound, field, selected)
    else:
        options = _flat_choices(widget.choices)
        if options is None:  # option groups: let Django render them
            return bound.as_widget()
        body = "".join(_option(value, label, value in selected) for value, label in options)
    html = f'<select name="{escape(bound.html_name)}"{_attrs(bound, widget)}>{body}</select>'
    return mark_safe(html)  # noqa: S308 - every value and label escaped


def _option(value: str, label: str, chosen: bool = False) -> str:
    mark = " selected" if chosen else ""
    return f'<option value="{escape(value)}"{mark}>{escape(label)}</option>'


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


@dataclass(frozen=True)
class Listing:
    """A drop-down's options, rendered without a selection; `more` is the "only the first N" line."""

    values: frozenset[str]
    html: str
    more: str


def _model_options(bound: BoundField, field: forms.ModelChoiceField, selected: set) -> str:
    listing = _listings(bound.form).get(bound.name) or _cached_listing(field)
    html = listing.html
    for value in selected & listing.values:
        plain = f'<option value="{escape(value)}">'
        html = html.replace(plain, f'<option value="{escape(value)}" selected>', 1)
    if selected - {""} and not selected & listing.values:
        chosen = _chosen(bound)
        if chosen is not None:
            html += _option(
                str(field.prepare_value(chosen)), field.label_from_instance(chosen), True
            )
    return html + listing.more


def _build_listing(field: forms.ModelChoiceField) -> Listing:
    options = [] if field.empty_label is None else [("", str(field.empty_label))]
    assert field.queryset is not None  # a filter's drop-down always has its rows
    rows = list(_without_timestamps(field.queryset)[: MAX_OPTIONS + 1])
    for obj in rows[:MAX_OPTIONS]:
        options.append((str(field.prepare_value(obj)), field.label_from_instance(obj)))
    more = ""
    if len(rows) > MAX_OPTIONS:
        text = _("… only the first %(n)s are listed") % {"n": MAX_OPTIONS}
        more = f'<option value="" disabled>{escape(text)}</option>'
    html = "".join(_option(value, label) for value, label in options)
    return Listing(frozenset(value for value, _label in options), html, more)


def _listings(form: forms.BaseForm) -> dict[str, Listing]:
    """Every drop-down of the form's related models, read from the cache in one round trip."""
    if "_dropdown_listings" not in form.__dict__:
        fields = {
            name: field
            for name, field in form.fields.items()
            if isinstance(field, forms.ModelChoiceField)
            and isinstance(field.widget, forms.Select)
            and not field.widget.allow_multiple_selected
        }
        found = querycache.remember_many([_cache_item(field) for field in fields.values()])
        form.__dict__["_dropdown_listings"] = dict(zip(fields, found, strict=True))
    return form.__dict__["_dropdown_listings"]


def _cached_listing(field: forms.ModelChoiceField) -> Listing:
    return querycache.remember_many([_cache_item(field)])[0]


def _cache_item(field: forms.ModelChoiceField) -> tuple[QuerySet, Callable[[], Listing], tuple]:
    assert field.queryset is not None  # a filter's drop-down always has its rows
    read = _without_timestamps(field.queryset)[: MAX_OPTIONS + 1]
    shape = (
        str(field.empty_label),
        type(field).__qualname__,
        getattr(field.label_from_instance, "__qualname__", ""),
        field.to_field_name,
        MAX_OPTIONS,
    )
    return read, lambda: _build_listing(field), shape


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
        options.append(("" if value is None else str(value), str(label)))
    return options
