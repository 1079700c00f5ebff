"""The navigation menu: each entry shows only to roles that may view its model.

Entries are grouped by module. An entry's ``daily_for`` names the roles that use it every day: they
see those entries first (a teacher: report a repair, my requests) and the rest folded away under
"all modules", so a phone menu is a handful of links, not every list of the school.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core import access
from core.choices import Role


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    model_label: str  # "app_label.ModelName" whose view permission shows the entry ("": none)
    daily_for: frozenset[str] = frozenset()  # roles that see it first, among their daily entries
    roles: frozenset[str] = frozenset()  # if given, only these roles (and superusers) see it


@dataclass(frozen=True)
class NavGroup:
    label: str | Promise
    items: tuple[NavItem, ...]


DASHBOARD_ROLES = frozenset({Role.PRINCIPAL, Role.DIRECTOR, Role.ADMIN, Role.DISTRICT})

# Filled from the AppConfig.ready() of each app, in INSTALLED_APPS order (core's places first,
# from their resource declarations: core.resources.Resource(menu=...)).
MENU: list[NavGroup] = []

PLACES = _("Places")
SCHOOL = _("School")


def register(group_label: str | Promise, *items: NavItem) -> None:
    """Domain apps add their entries here from their AppConfig.ready()."""
    MENU.append(NavGroup(group_label, items))


def add(group_label: str | Promise, item: NavItem) -> None:
    """One entry at the end of the group of that label (a new group at the end if none)."""
    for index, group in enumerate(MENU):
        if group.label is group_label:
            if item not in group.items:
                MENU[index] = NavGroup(group.label, (*group.items, item))
            return
    MENU.append(NavGroup(group_label, (item,)))


def _shown(user, item: NavItem) -> bool:
    from django.apps import apps

    if item.roles and not user.is_superuser and not user.role_codes & item.roles:
        return False
    return not item.model_label or access.can(user, apps.get_model(item.model_label), "view")


def menu_for(user) -> list[dict]:
    """The groups of entries the user may open; each entry says whether it is a daily one."""
    groups = []
    for group in MENU:
        entries = []
        for item in group.items:
            if not _shown(user, item):
                continue
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue
            daily = bool(user.role_codes & item.daily_for)
            entries.append({"label": item.label, "url": url, "daily": daily})
        if entries:
            groups.append({"label": group.label, "items": entries})
    return groups


def daily_entries(groups: list[dict]) -> list[dict]:
    """The user's daily entries, in menu order (shown first, never folded away)."""
    return [item for group in groups for item in group["items"] if item["daily"]]
