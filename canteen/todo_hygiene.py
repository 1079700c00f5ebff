"""Today's hygiene items of the canteen roles' home page (core.todo): one query each.

"Today needs it" is read from today's published menu (a day without one serves no meal, so it
needs no morning check, disinfection or 陪餐): an Exists over MenuEntry keeps each count to one
query, where the calendar would cost two more."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from canteen.choices import MenuStatus
from canteen.models import AccompaniedMeal, DisinfectionBatch, MenuEntry
from canteen.models.hygiene import MealCompanion, ProblemStatus
from core import access
from core.choices import Role
from core.todo import TodoItem

STAFF = frozenset({Role.CANTEEN, Role.CANTEEN_MANAGER})
APPROVERS = frozenset({Role.CANTEEN_MANAGER, Role.DIRECTOR})


def _menu_today(school_ref: str = "school_id"):
    return MenuEntry.objects.filter(
        school_id=OuterRef(school_ref), day=timezone.localdate(), menu__status=MenuStatus.PUBLISHED
    )


def morning_due(user, rows) -> int:
    """Staff on duty without today's morning check, on a day the canteen serves meals."""
    today = timezone.localdate()
    return (
        rows.filter(Exists(_menu_today()), on_duty=True, archived_at__isnull=True)
        .exclude(morning_checks__day=today)
        .count()
    )


def _meals_missing(user, record) -> int:
    """Today's meals on the published menu without a record (one query)."""
    today = timezone.localdate()
    recorded = record.filter(school_id=OuterRef("school_id"), day=today, meal=OuterRef("meal"))
    return (
        access.scope(user, MenuEntry)
        .filter(day=today, menu__status=MenuStatus.PUBLISHED)
        .exclude(Exists(recorded))
        .values("school_id", "meal")
        .distinct()
        .count()
    )


def disinfection_due(user, rows) -> int:
    return _meals_missing(user, DisinfectionBatch.objects.filter(archived_at__isnull=True))


def accompanied_due(user, rows) -> int:
    leader = AccompaniedMeal.objects.filter(kind=MealCompanion.LEADER, archived_at__isnull=True)
    return _meals_missing(user, leader)


def hygiene_items() -> list[TodoItem]:
    today = lambda: reverse("canteen:hygiene_today")  # noqa: E731
    return [
        TodoItem(
            key="canteen.morning_check_due",
            label=_("Morning check not done"),
            roles=STAFF,
            model="canteen.StaffMember",
            count=morning_due,
            link=lambda: reverse("canteen:morning_today"),
            order=20,
        ),
        TodoItem(
            key="canteen.disinfection_due",
            label=_("Meals without a disinfection record today"),
            roles=STAFF,
            model="canteen.DisinfectionBatch",
            count=disinfection_due,
            link=today,
            order=21,
        ),
        TodoItem(
            key="canteen.redisinfection_due",
            label=_("Batches waiting for re-disinfection"),
            roles=STAFF | APPROVERS,
            model="canteen.DisinfectionBatch",
            count=lambda user, rows: rows.filter(
                below_minimum=True, resolved_at__isnull=True, archived_at__isnull=True
            ).count(),
            link=lambda: reverse("canteen:disinfectionbatch_list") + "?open=true&archived=false",
            order=22,
        ),
        TodoItem(
            key="canteen.accompanied_due",
            label=_("陪餐 not logged today"),
            roles=frozenset({Role.PRINCIPAL}),
            model="canteen.AccompaniedMeal",
            count=accompanied_due,
            link=today,
            order=23,
        ),
        TodoItem(
            key="canteen.meal_problems_open",
            label=_("陪餐 problems to deal with"),
            roles=APPROVERS,
            model="canteen.AccompaniedMeal",
            count=lambda user, rows: rows.filter(status=ProblemStatus.OPEN).count(),
            link=lambda: reverse("canteen:accompaniedmeal_list") + "?status=open",
            order=24,
        ),
    ]
