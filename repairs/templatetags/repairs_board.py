"""The board's rows with a quick 'assign' form on the requests that wait for a worker."""

from django import template
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.templatetags.zongwu import table_rows

register = template.Library()


@register.simple_tag(takes_context=True)
def board_rows(context, cells, detail_url_name, workers, assignable_labels):
    """Like core's table_rows, plus a last cell: accept & assign in one tap (dispatchers only)."""
    plain = str(table_rows(cells, detail_url_name)).split("\n") if cells else []
    if not workers:
        return mark_safe("\n".join(plain))  # noqa: S308 - built by core's escaped tag
    request = context["request"]
    token = get_token(request)
    options = format_html_join(
        "",
        '<option value="{}">{}</option>',
        ((w.pk, w.get_full_name() or w.username) for w in workers),
    )
    back = conditional_escape(request.get_full_path())
    sentinel = 2_147_483_647
    action_url = reverse("repairs:request_step", args=[sentinel, "assign"])
    html = []
    for (pk, row), line in zip(cells, plain, strict=True):
        status_label = str(row[2][0])
        extra = ""
        if status_label in assignable_labels:
            extra = format_html(
                '<form method="post" action="{}" class="board-assign">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
                '<input type="hidden" name="next" value="{}">'
                '<select name="assign-assignee" aria-label="{}">{}</select> '
                '<button type="submit" data-testid="board-assign-{}">{}</button></form>',
                action_url.replace(str(sentinel), str(pk)),
                token,
                back,
                _("Worker"),
                options,
                pk,
                _("Assign"),
            )
        html.append(line.replace("</tr>", f"<td>{extra}</td></tr>"))
    return mark_safe("\n".join(html))  # noqa: S308 - parts escaped above
