import datetime as dt
import re
from decimal import Decimal

from django import template
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import audit, dropdowns

register = template.Library()

STORED_FILE = re.compile(r"[\w-]+/[\w/.-]+\.\w{2,5}")


@register.filter
def cell(value):
    """How a table cell shows a value: empty for None, dates and money formatted."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return date_format(value, "Y-m-d H:i")
    if isinstance(value, dt.date):
        return date_format(value, "Y-m-d")
    if isinstance(value, FieldFile):
        return format_html('<a href="{}">{}</a>', value.url, _("View file")) if value else "—"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"  # money and measures: 18,600,000.00, as ledgers print them
    return value


@register.filter
def change_value(value):
    """A before/after value of the history: auditlog stores them as text ("None", "True")."""
    if isinstance(value, str) and STORED_FILE.fullmatch(value):
        return _("File")  # an upload's storage name means nothing to a person
    return {"None": "—", "": "—", "True": _("Yes"), "False": _("No")}.get(value, value)


@register.filter
def viewable_by(value, user) -> bool:
    """Link a related record only when the user's role may open it (else the link is a 403)."""
    model = type(value)
    if not hasattr(value, "get_absolute_url") or not hasattr(model, "access"):
        return False
    from core import access

    return access.can(user, model, "view")


@register.filter
def event_label(code, prefix=""):
    """A workflow event's label ("repair_" + "work_recorded" → 已记录维修); never the raw code."""
    return audit.EVENT_LABELS.get(f"{prefix}{code}", "")


@register.simple_tag
def table_rows(cells, detail_url_name):
    """The <tr>s of a list, built in Python as one string: template loops cost ~1 ms per row,
    and format_html per cell as much as the rest of the row."""
    sentinel = 2_147_483_647
    detail_url = reverse(detail_url_name, args=[sentinel]).replace(str(sentinel), "{pk}")
    html = []
    for pk, row in cells:
        link = '<a href="' + conditional_escape(detail_url.format(pk=pk)) + '">'
        tds = ["<tr>"]
        for value, (column, kind) in row:
            text = conditional_escape(cell(value))
            tds.append(
                f'<td class="k-{kind}">{link}{text}</a></td>'
                if column.link
                else f'<td class="k-{kind}">{text}</td>'
            )
        tds.append("</tr>")
        html.append("".join(tds))
    return mark_safe("\n".join(html))  # noqa: S308 - every part escaped above


@register.simple_tag
def filter_field(bound):
    """A filter form field; drop-downs built in Python and bounded (core.dropdowns)."""
    return dropdowns.render_field(bound)


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
        return audit.EVENT_LABELS.get(event, event)
    return ACTION_LABELS.get(entry.action, entry.get_action_display())
