"""Dishes, banned foods and the weekly menu: the one banned-food match and the menu's writes.

A dish matches a banned food when its name or one of its main ingredients contains one of the
food's keywords. Chinese has no word boundaries, so matching is by substring, after the text is
normalised: NFKC (full-width letters, digits and spaces become half-width), case-folded, and
every space, punctuation mark and invisible character removed, so "四 季 豆", "四季豆。" and
"ＳＩＪＩ" match like their plain forms. The ingredients are split on list separators (、，,;；/|+)
first and matched one by one, so two neighbouring ingredients never form a banned word together
(["青菜", "豆腐"] does not contain 菜豆). A keyword written with a leading "-" is an exception:
its occurrences are removed before matching (菜豆 bans 菜豆 but "-菜豆腐" keeps 青菜豆腐汤).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from canteen.banned_foods import NATIONAL_BANNED_FOODS
from canteen.choices import Meal, MenuStatus
from canteen.models import BannedFood, Dish, MenuEntry, WeeklyMenu
from canteen.selectors import canteen_settings
from core import robots
from core.models import School, User
from core.workflow import Effect, Notice, TransitionRefused

# A school meal has a handful of dishes; the bound keeps every menu page (the public one too) small.
MAX_DISHES_PER_MEAL = 12
MENU_PUBLISHED_EVENT = "menu_published"  # a robot event (registered in CanteenConfig.ready)

# Separators between ingredients (after NFKC, the full-width ones are these half-width ones).
_LIST_SEPARATORS = re.compile(r"[、,;/|+\n]+")


def normalise(text: str) -> str:
    """The text as matching reads it: NFKC, case-folded, no spaces, punctuation or invisibles."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    # Z* spaces, P* punctuation, C* control and format characters (zero-width spaces), S* symbols.
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] not in "ZPCS")


def ingredients(text: str) -> list[str]:
    """The main ingredients as a list of normalised words (empty ones dropped)."""
    folded = unicodedata.normalize("NFKC", text or "")
    return [word for word in (normalise(part) for part in _LIST_SEPARATORS.split(folded)) if word]


def _keywords(banned: BannedFood) -> tuple[list[str], list[str]]:
    """The food's keywords and its exceptions (written "-word"), normalised."""
    positive: list[str] = []
    exceptions: list[str] = []
    for raw in _LIST_SEPARATORS.split(unicodedata.normalize("NFKC", banned.keywords or "")):
        raw = raw.strip()
        word = normalise(raw.lstrip("-"))
        if word:
            (exceptions if raw.startswith("-") else positive).append(word)
    return positive, exceptions


@dataclass(frozen=True)
class BannedMatch:
    """Why a dish may not be served: the banned food, the keyword found and where."""

    banned: BannedFood
    keyword: str
    in_name: bool

    def message(self, dish_name: str) -> str:
        where = _("its name") if self.in_name else _("its main ingredients")
        return _(
            "“%(dish)s” may not be served in a school canteen: %(where)s contain “%(keyword)s” "
            "(banned food: %(banned)s). %(reason)s"
        ) % {
            "dish": dish_name,
            "where": where,
            "keyword": self.keyword,
            "banned": self.banned.name,
            "reason": self.banned.reason,
        }


def _found(keyword_list: list[str], exceptions: list[str], text: str) -> str | None:
    for word in exceptions:
        text = text.replace(word, "|")  # an exception never joins its neighbours into a keyword
    return next((k for k in keyword_list if k in text), None)


def banned_match(
    *, name: str, main_ingredients: str, banned: Iterable[BannedFood]
) -> BannedMatch | None:
    """The first banned food the dish matches (name first, then each ingredient), or None."""
    name_text, words = normalise(name), ingredients(main_ingredients)
    for food in banned:
        positive, exceptions = _keywords(food)
        hit = _found(positive, exceptions, name_text)
        if hit:
            return BannedMatch(food, hit, in_name=True)
        for word in words:
            hit = _found(positive, exceptions, word)
            if hit:
                return BannedMatch(food, hit, in_name=False)
    return None


def active_banned_foods(school_id: int) -> list[BannedFood]:
    """The school's banned foods in force (archived ones no longer apply); one query."""
    return list(BannedFood.objects.filter(school_id=school_id, archived_at__isnull=True))


def dish_banned_match(dish: Dish) -> BannedMatch | None:
    return banned_match(
        name=dish.name,
        main_ingredients=dish.main_ingredients,
        banned=active_banned_foods(dish.school_id),
    )


def banned_foods_seed(*, school_ids: Iterable[int]) -> int:
    """Give each school the national banned foods it does not have yet (by name); idempotent.

    A food the school edited or archived stays as the school left it. Returns the rows added.
    """
    ids = list(school_ids)
    have = set(BannedFood.objects.filter(school_id__in=ids).values_list("school_id", "name"))
    rows = [
        BannedFood(school_id=pk, name=name, keywords=keywords, reason=reason, national=True)
        for pk in ids
        for name, keywords, reason in NATIONAL_BANNED_FOODS
        if (pk, name) not in have
    ]
    # Two seeds at once (a migration and a new school's signal) must not fail: the unique
    # (school, name) constraint makes the second one a no-op.
    BannedFood.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


# ---- the weekly menu ----


def validate_week_start(value: dt.date) -> None:
    """A week's menu starts on a Monday: say which Monday the day belongs to."""
    if value.isoweekday() != 1:
        monday = value - dt.timedelta(days=value.isoweekday() - 1)
        raise ValidationError(
            _("%(day)s is a %(weekday)s: a week's menu starts on a Monday (that week: %(monday)s).")
            % {
                "day": formats.date_format(value, "Y-m-d"),
                "weekday": formats.date_format(value, "l"),
                "monday": formats.date_format(monday, "Y-m-d"),
            },
            code="not_monday",
        )


@transaction.atomic
def menu_create(*, school: School, week_start: dt.date, actor: User, notes: str = "") -> WeeklyMenu:
    """A new draft menu for the week; refused for a day that is not a Monday or a week that has
    one already."""
    validate_week_start(week_start)
    if WeeklyMenu.objects.filter(school=school, week_start=week_start).exists():
        raise ValidationError(
            _("The week of %(day)s has a menu already.") % {"day": week_start}, code="exists"
        )
    try:
        with transaction.atomic():
            return WeeklyMenu.objects.create(school=school, week_start=week_start, notes=notes)
    except IntegrityError as exc:  # created at the same moment by a colleague
        raise ValidationError(
            _("The week of %(day)s has a menu already.") % {"day": week_start}, code="exists"
        ) from exc


@transaction.atomic
def menu_update_notes(
    *, menu: WeeklyMenu, notes: str, actor: User, week_start: dt.date | None = None
) -> WeeklyMenu:
    """Change a draft menu's notes; its week never changes (create the other week instead)."""
    locked = _editable(menu)
    if week_start is not None and week_start != locked.week_start:
        raise ValidationError(
            {"week_start": _("A menu's week cannot change; create a menu for the other week.")}
        )
    locked.notes = notes
    locked.save()
    return locked


def _editable(menu: WeeklyMenu) -> WeeklyMenu:
    """The menu locked for an edit, refused (409) unless it is a draft."""
    locked = WeeklyMenu.objects.select_for_update().get(pk=menu.pk)
    if locked.status == MenuStatus.PUBLISHED:
        raise TransitionRefused(
            _("This menu is published and frozen: it can no longer be changed."),
            code="menu_frozen",
            status_code=409,
        )
    if locked.status != MenuStatus.DRAFT:
        raise TransitionRefused(
            _("This menu is waiting for approval: return it to draft before changing it."),
            code="menu_submitted",
            status_code=409,
        )
    return locked


def _check_entry(menu: WeeklyMenu, *, day: dt.date, meal: str, dish: Dish) -> None:
    if not menu.week_start <= day <= menu.week_end:
        raise ValidationError(
            _("%(day)s is not in the week of this menu (%(first)s to %(last)s).")
            % {"day": day, "first": menu.week_start, "last": menu.week_end},
            code="day_outside_week",
        )
    if meal not in canteen_settings(menu.school_id).meals():
        raise ValidationError(
            _("The school does not serve %(meal)s (canteen settings).")
            % {"meal": Meal(meal).label if meal in Meal.values else meal},
            code="meal_not_served",
        )
    if dish.school_id != menu.school_id or dish.archived_at is not None:
        raise ValidationError(_("Choose a dish of the school's dish library."), code="bad_dish")
    found = dish_banned_match(dish)
    if found is not None:
        raise ValidationError(found.message(dish.name), code="banned_dish")
    listed = set(
        MenuEntry.objects.filter(menu=menu, day=day, meal=meal).values_list("dish_id", flat=True)
    )
    if len(listed) >= MAX_DISHES_PER_MEAL:
        raise ValidationError(
            _("A meal has at most %(count)d dishes.") % {"count": MAX_DISHES_PER_MEAL},
            code="too_many_dishes",
        )
    if dish.pk in listed:
        raise ValidationError(
            _("“%(dish)s” is already on this meal.") % {"dish": dish.name}, code="duplicate_dish"
        )


@transaction.atomic
def menu_add_dish(
    *, menu: WeeklyMenu, day: dt.date, meal: str, dish: Dish, actor: User
) -> MenuEntry:
    """Put a dish on one meal of one day of a draft menu.

    Refused (nothing saved): a published or submitted menu (409), a day outside the week, a meal
    the school does not serve, a dish of another school or archived, a dish matching a banned
    food (with the reason), the same dish twice on the meal (400).
    """
    locked = _editable(menu)
    _check_entry(locked, day=day, meal=meal, dish=dish)
    entry = MenuEntry.objects.create(
        school_id=locked.school_id, menu=locked, day=day, meal=meal, dish=dish
    )
    WeeklyMenu.objects.filter(pk=locked.pk).update(updated_at=timezone.now())
    return entry


@transaction.atomic
def menu_remove_dish(*, entry: MenuEntry, actor: User) -> None:
    """Take a dish off a draft menu (409 once the menu is submitted or published)."""
    _editable(entry.menu)
    entry.delete()  # audited: auditlog records the deletion


# ---- the workflow steps (canteen.workflow) ----


def menu_submit(*, menu: WeeklyMenu, actor: User, note: str = "") -> WeeklyMenu:
    """The kitchen sends its week for approval; the approvers are told. An empty week is refused."""
    from canteen.workflow import MENU_WORKFLOW, approvers_of

    def apply(row: WeeklyMenu) -> Effect:
        if not MenuEntry.objects.filter(menu=row).exists():
            raise ValidationError(
                _("Add the week's dishes before submitting the menu."), code="empty"
            )
        row.submitted_by = actor
        row.return_note = ""
        title = _("Menu to approve: %(menu)s") % {"menu": row}
        return Effect(notices=[Notice(approvers_of(row.school_id, besides=actor), title)])

    return MENU_WORKFLOW.run("submit", row=menu, actor=actor, apply=apply, note=note)


def menu_approve(*, menu: WeeklyMenu, actor: User, note: str = "") -> WeeklyMenu:
    """The director or the canteen manager (not the submitter) publishes the week's menu."""
    from canteen.workflow import MENU_WORKFLOW

    def apply(row: WeeklyMenu) -> Effect:
        row.approved_by = actor
        row.published_at = timezone.now()
        title = _("Menu published: %(menu)s") % {"menu": row}
        # The school's group chats (core.robots) link the public page parents may read.
        public = reverse("canteen:menu_public", args=[row.school.code])
        robots.announce(
            school=row.school,
            event=MENU_PUBLISHED_EVENT,
            title=title,
            url=public,
            once_key=f"menu-published:{row.pk}",
        )
        return Effect(notices=[Notice([row.submitted_by], title)])

    return MENU_WORKFLOW.run("approve", row=menu, actor=actor, apply=apply, note=note)


def menu_return(*, menu: WeeklyMenu, actor: User, comment: str) -> WeeklyMenu:
    """The approver sends the menu back to draft with a comment the kitchen sees."""
    from canteen.workflow import MENU_WORKFLOW

    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(
            _("Say why the menu goes back (a comment is required)."), code="required"
        )

    def apply(row: WeeklyMenu) -> Effect:
        row.return_note = comment[:300]
        title = _("Menu returned: %(menu)s") % {"menu": row}
        return Effect(notices=[Notice([row.submitted_by], title, comment)])

    return MENU_WORKFLOW.run("return_to_draft", row=menu, actor=actor, apply=apply, note=comment)


STEP_SERVICES: dict[str, Callable[..., WeeklyMenu]] = {
    "submit": lambda *, menu, actor, **data: menu_submit(menu=menu, actor=actor),
    "approve": lambda *, menu, actor, **data: menu_approve(menu=menu, actor=actor),
    "return_to_draft": lambda *, menu, actor, comment="", **data: menu_return(
        menu=menu, actor=actor, comment=comment
    ),
}


def seed_new_school(sender, instance: School, created: bool, raw: bool = False, **kwargs) -> None:
    """post_save of core.School: a new school gets the national banned foods (not on fixtures)."""
    if created and not raw:
        banned_foods_seed(school_ids=[instance.pk])
