"""The navigation menu: each entry shows only to roles that may view its model."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core import access


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    model_label: str  # "app_label.ModelName" whose view permission shows the entry


@dataclass(frozen=True)
class NavGroup:
    label: str | Promise
    items: tuple[NavItem, ...]


MENU: list[NavGroup] = [
    NavGroup(
        _("Places"),
        (
            NavItem(_("Campuses"), "core:campus_list", "core.Campus"),
            NavItem(_("Buildings"), "core:building_list", "core.Building"),
            NavItem(_("Rooms"), "core:room_list", "core.Room"),
        ),
    ),
    NavGroup(
        _("School"),
        (
            NavItem(_("Departments"), "core:department_list", "core.Department"),
            NavItem(_("Classes"), "core:schoolclass_list", "core.SchoolClass"),
            NavItem(_("Terms"), "core:term_list", "core.Term"),
            NavItem(_("Holidays and make-up days"), "core:holiday_list", "core.Holiday"),
            NavItem(_("Group robots"), "core:robot_list", "core.Robot"),
        ),
    ),
]


def register(group_label: str | Promise, *items: NavItem) -> None:
    """Domain apps add their entries here from their AppConfig.ready()."""
    MENU.append(NavGroup(group_label, items))


def menu_for(user) -> list[dict]:
    from django.apps import apps

    groups = []
    for group in MENU:
        entries = []
        for item in group.items:
            model = apps.get_model(item.model_label)
            if not access.can(user, model, "view"):
                continue
            try:
                entries.append({"label": item.label, "url": reverse(item.url_name)})
            except NoReverseMatch:
                continue
        if entries:
            groups.append({"label": group.label, "items": entries})
    return groups
