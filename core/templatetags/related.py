"""``{% related_actions object %}`` and ``{% related_lists object %}``: what other modules add to a
page (core.related), shown to the roles their rules allow."""

from django import template

from core import related

register = template.Library()


@register.inclusion_tag("core/includes/related_actions.html", takes_context=True)
def related_actions(context, record=None, style="button"):
    user = context["request"].user
    return {"actions": related.actions_for(user, record), "style": style}


@register.inclusion_tag("core/includes/related_lists.html", takes_context=True)
def related_lists(context, record):
    return {"sections": related.lists_for(context["request"].user, record)}
