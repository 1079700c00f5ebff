"""Food samples (留样): recording, disposal. One path for the phone page, the form, the API, the
admin and the bench, so the rules hold whoever writes.

- A sample belongs to a dish of a meal the school served that day (the published menu).
- Its weight is saved as typed, flagged when under the school's minimum (the record is the
  evidence that it happened); more than SAMPLE_MAX_GRAMS is refused as a typo.
- One sample per (school, day, meal, dish): recording the same dish again updates that row (a
  second tap on the phone corrects the weight or the fridge), unless it was already disposed.
- A disposal records who and when, and is refused before SAMPLE_KEEP_HOURS have passed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from canteen.choices import Meal, MenuStatus
from canteen.models import (
    SAMPLE_KEEP_HOURS,
    Dish,
    FoodSample,
    MenuEntry,
    SampleFridge,
)
from canteen.selectors import ServedMeal, settings_by_school
from core import audit
from core.models import School, User
from core.uploads import clean_photo

EVENT_DISPOSED = "sample_disposed"


def keep_until(taken_at: dt.datetime) -> dt.datetime:
    return taken_at + dt.timedelta(hours=SAMPLE_KEEP_HOURS)


def _when(moment: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "Y-m-d H:i")


def sample_errors(
    *, school_id: int, day: dt.date | None, meal: str | None, dish: Dish | None, fridge=None
) -> dict[str, str]:
    """Field errors of a sample about to be recorded (one query): the dish must be on that
    meal's published menu of the day, the refrigerator the school's and in use."""
    errors: dict[str, str] = {}
    if fridge is not None and (fridge.school_id != school_id or not fridge.active):
        errors["fridge"] = _("Choose a sample refrigerator of the school that is in use.")
    if day is None or not meal or dish is None:
        return errors
    on_menu = MenuEntry.objects.filter(
        school_id=school_id, day=day, meal=meal, dish=dish, menu__status=MenuStatus.PUBLISHED
    ).exists()
    if not on_menu:
        errors["dish"] = _(
            "%(dish)s is not on the published menu of %(meal)s on %(day)s; only dishes served "
            "are sampled."
        ) % {"dish": dish.name, "meal": Meal(meal).label, "day": day.isoformat()}
    return errors


@transaction.atomic
def sample_record(
    *,
    school: School,
    day: dt.date,
    meal: str,
    dish: Dish,
    weight_grams: int,
    fridge: SampleFridge,
    actor: User,
    taken_at: dt.datetime | None = None,
    photo: File | None = None,
    checked: bool = False,
) -> tuple[FoodSample, bool]:
    """Record the sample of one dish; (sample, created). A second record of the same dish updates
    the row (weight, fridge, photo, sampler, time) unless it was disposed. Underweight is saved,
    flagged. `checked`: the caller already validated the dish and the fridge (record-all, bench)."""
    if not checked:
        errors = sample_errors(school_id=school.pk, day=day, meal=meal, dish=dish, fridge=fridge)
        if errors:
            raise ValidationError(errors)
    minimum = settings_by_school([school.pk])[school.pk].sample_min_grams
    values = {
        "weight_grams": weight_grams,
        "fridge": fridge,
        "sampler": actor,
        "taken_at": taken_at or timezone.now(),
        "min_grams": minimum,
    }
    if photo:
        values["photo"] = clean_photo(photo)
    key = {"school": school, "day": day, "meal": meal, "dish": dish}
    existing = FoodSample.objects.select_for_update().filter(**key).first()
    if existing is None:
        try:
            with transaction.atomic():  # a savepoint: a tap at the same instant wins the race
                return _create(FoodSample(**key, **values)), True
        except IntegrityError:
            existing = FoodSample.objects.select_for_update().get(**key)
    return _update(existing, values), False


# The related rows were checked by sample_errors (or come from the served meal) and the one-per-dish
# rule is the database's (the caller's savepoint turns a clash into an update): only the values
# typed are validated here, without a query per related row.
NOT_RECHECKED = ["photo", "school", "dish", "fridge", "sampler"]


def _create(sample: FoodSample) -> FoodSample:
    sample.clean_fields(exclude=NOT_RECHECKED)
    sample.save()
    return sample


def _update(sample: FoodSample, values: dict) -> FoodSample:
    if sample.disposed_at is not None:
        raise ValidationError(
            _("The sample of %(dish)s was disposed at %(when)s; it cannot be changed.")
            % {"dish": sample.dish.name, "when": _when(sample.disposed_at)},
            code="disposed",
        )
    values = {k: v for k, v in values.items() if k != "min_grams"}  # the rule of its first record
    for name, value in values.items():
        setattr(sample, name, value)
    sample.clean_fields(exclude=NOT_RECHECKED)
    sample.save()
    return sample


@transaction.atomic
def samples_record_meal(
    *,
    school: School,
    meal: ServedMeal,
    weight_grams: int,
    fridge: SampleFridge,
    actor: User,
    now: dt.datetime | None = None,
) -> list[FoodSample]:
    """ "Record all": every dish of the served meal that has no sample yet gets one, with the same
    weight and refrigerator (the standard box). Returns the samples created."""
    errors = sample_errors(school_id=school.pk, day=None, meal=None, dish=None, fridge=fridge)
    if errors:
        raise ValidationError(errors)
    done = set(
        FoodSample.objects.filter(school=school, day=meal.day, meal=meal.meal).values_list(
            "dish_id", flat=True
        )
    )
    dishes = Dish.objects.in_bulk([pk for pk, _name in meal.dishes if pk not in done])
    created = []
    for dish_id, _name in meal.dishes:
        if dish_id in dishes:
            sample, _new = sample_record(
                school=school,
                day=meal.day,
                meal=meal.meal,
                dish=dishes[dish_id],
                weight_grams=weight_grams,
                fridge=fridge,
                actor=actor,
                taken_at=now,
                checked=True,  # the dishes come from the served meal itself
            )
            created.append(sample)
    return created


@transaction.atomic
def sample_dispose(
    *, sample: FoodSample, actor: User, now: dt.datetime | None = None
) -> FoodSample:
    """Record the disposal (who, when); refused before the sample was kept SAMPLE_KEEP_HOURS."""
    now = now or timezone.now()
    row = FoodSample.objects.select_for_update().select_related("dish").get(pk=sample.pk)
    if row.disposed_at is not None:
        raise ValidationError(
            _("This sample was already disposed at %(when)s.") % {"when": _when(row.disposed_at)},
            code="already_disposed",
        )
    until = keep_until(row.taken_at)
    if now < until:
        raise ValidationError(
            _(
                "A food sample is kept at least %(hours)s hours: %(dish)s was taken at %(taken)s "
                "and may be disposed from %(until)s."
            )
            % {
                "hours": SAMPLE_KEEP_HOURS,
                "dish": row.dish.name,
                "taken": _when(row.taken_at),
                "until": _when(until),
            },
            code="too_early",
        )
    row.disposed_at, row.disposed_by = now, actor
    row.save(update_fields=["disposed_at", "disposed_by", "updated_at"])
    audit.record_event(row, event=EVENT_DISPOSED, actor=actor)
    return row


def samples_dispose(
    *, samples: Iterable[FoodSample], actor: User, now: dt.datetime | None = None
) -> tuple[int, list[str]]:
    """Dispose several samples (the admin's action): (disposed, refusal sentences)."""
    done, refused = 0, []
    for sample in samples:
        try:
            sample_dispose(sample=sample, actor=actor, now=now)
            done += 1
        except ValidationError as exc:
            refused.extend(exc.messages)
    return done, refused
