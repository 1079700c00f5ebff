"""The menus part's to-do items (core.todo): the kitchen's drafts, the approvers' queue."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from canteen.choices import MenuStatus
from canteen.models.common import CANTEEN_APPROVERS
from core.choices import Role
from core.todo import TodoItem

KITCHEN = frozenset({Role.CANTEEN, Role.CANTEEN_MANAGER})


def _this_monday() -> dt.date:
    today = timezone.localdate()
    return today - dt.timedelta(days=today.isoweekday() - 1)


def _drafts_link() -> str:
    return reverse("canteen:weeklymenu_list") + f"?status=draft&week_from={_this_monday():%Y-%m-%d}"


def _next_week_missing(user, rows) -> int:
    """1 while next week has no menu at all (one query); the link opens the new menu's form."""
    return 0 if rows.filter(week_start=_this_monday() + dt.timedelta(days=7)).exists() else 1


ITEMS = [
    TodoItem(
        key="canteen.next_week_menu",
        label=_("Next week's menu not started yet"),
        roles=KITCHEN,
        model="canteen.WeeklyMenu",
        count=_next_week_missing,
        link=lambda: reverse("canteen:weeklymenu_add"),
        order=29,
    ),
    TodoItem(
        key="canteen.menus_draft",
        label=_("Menus of this and coming weeks not yet submitted"),
        roles=KITCHEN,
        model="canteen.WeeklyMenu",
        count=lambda user, rows: rows.filter(
            status=MenuStatus.DRAFT, week_start__gte=_this_monday()
        ).count(),
        link=_drafts_link,
        order=30,
    ),
    TodoItem(
        key="canteen.menus_to_approve",
        label=_("Menus waiting for approval"),
        roles=CANTEEN_APPROVERS,
        model="canteen.WeeklyMenu",
        count=lambda user, rows: rows.filter(status=MenuStatus.SUBMITTED).count(),
        link=lambda: reverse("canteen:weeklymenu_list") + "?status=submitted",
        order=31,
    ),
]
