import datetime as dt
from decimal import Decimal

from django import template
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

register = template.Library()


@register.filter
def cell(value):
    """How a table cell shows a value: empty for None, dates and money formatted."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        return date_format(value, "Y-m-d H:i")
    if isinstance(value, dt.date):
        return date_format(value, "Y-m-d")
    if isinstance(value, Decimal):
        return number_format(value, decimal_pos=2)
    return value


@register.simple_tag(takes_context=True)
def sort_querystring(context, path):
    params = context["request"].GET.copy()
    params["sort"] = f"-{path}" if params.get("sort") == path else path
    params.pop("page", None)
    params.pop("export", None)
    return params.urlencode()


@register.simple_tag(takes_context=True)
def sort_marker(context, path):
    current = context["request"].GET.get("sort", "")
    return " ▲" if current == path else " ▼" if current == f"-{path}" else ""


# Workflow events that services record with core.audit.record_event(); apps add theirs.
EVENT_LABELS = {
    "archived": gettext_lazy("Archived"),
    "restored": gettext_lazy("Restored"),
    "roles_changed": gettext_lazy("Roles changed"),
}
ACTION_LABELS = {
    0: gettext_lazy("Created"),
    1: gettext_lazy("Changed"),
    2: gettext_lazy("Deleted"),
    3: gettext_lazy("Viewed"),
}


@register.simple_tag
def history_action(entry):
    event = (entry.additional_data or {}).get("event")
    if event:
        return EVENT_LABELS.get(event, event)
    return ACTION_LABELS.get(entry.action, entry.get_action_display())
