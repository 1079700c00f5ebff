"""Food samples (留样), the sample refrigerators and their temperature log, and the check's flags.

GB 31654-2021 and the 2019 school food-safety rules: every dish of every meal served is sampled
(at least 125 g, the school may ask more), kept at least 48 hours in a dedicated refrigerator at
0–8 °C, labelled, and its disposal recorded. The rows here are the evidence an inspector reads:
an underweight sample is kept (flagged), never refused.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from canteen.choices import Meal
from canteen.models.common import CANTEEN_APPROVERS, CANTEEN_READERS, CANTEEN_RECORDERS
from canteen.models.menus import Dish
from canteen.models.settings import SAMPLE_MIN_GRAMS_FLOOR
from core.access import Access
from core.choices import Role
from core.fields import PhotoField
from core.models import ArchivableModel, Room, SchoolScopedModel, User

# A sample refrigerator holds 0–8 °C (not frozen). A reading outside −30..30 °C is no reading at
# all but a typo (80 typed for 8.0): refused. A real reading outside 0–8 is saved and flagged.
FRIDGE_MIN_C = Decimal("0")
FRIDGE_MAX_C = Decimal("8")
PLAUSIBLE_MIN_C = Decimal("-30")
PLAUSIBLE_MAX_C = Decimal("30")
SAMPLE_MAX_GRAMS = 2000  # more is a typo (kg typed as g ×1000, an extra zero)
# A sample still in the refrigerator this long after its 48 hours is flagged "not disposed".
DISPOSAL_MARGIN_HOURS = 24

PLAUSIBLE_MESSAGE = _(
    "%(limit_value)s °C cannot be a refrigerator reading; check the value (8.0, not 80)."
)


class ReadingPeriod(models.TextChoices):
    MORNING = "morning", _("Morning")
    AFTERNOON = "afternoon", _("Afternoon")


class SampleFlagKind(models.TextChoices):
    MISSING = "missing", _("Dish without a sample")
    UNDERWEIGHT = "underweight", _("Underweight sample")
    NOT_DISPOSED = "not_disposed", _("Sample not disposed in time")
    READING_MISSING = "reading_missing", _("Temperature reading missing")
    READING_OUT_OF_RANGE = "reading_out_of_range", _("Temperature out of range")


class SampleFridge(SchoolScopedModel):
    """A refrigerator kept for food samples only (留样冰箱)."""

    number = models.CharField(_("number"), max_length=20)
    name = models.CharField(_("name"), max_length=60)
    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, related_name="+", verbose_name=_("location")
    )
    active = models.BooleanField(
        _("in use"), default=True, help_text=_("Only fridges in use need temperature readings.")
    )

    access = Access(view=CANTEEN_READERS, manage=CANTEEN_APPROVERS | frozenset({Role.ADMIN}))

    class Meta:
        verbose_name = _("sample refrigerator")
        verbose_name_plural = _("sample refrigerators")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["school", "number"], name="canteen_fridge_unique_no"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("canteen:samplefridge_detail", args=[self.pk])


class FridgeTemperature(ArchivableModel, SchoolScopedModel):
    """One reading of one sample refrigerator: a morning and an afternoon one each day."""

    fridge = models.ForeignKey(
        SampleFridge,
        on_delete=models.PROTECT,
        related_name="temperatures",
        verbose_name=_("refrigerator"),
    )
    day = models.DateField(_("day"), default=timezone.localdate)
    period = models.CharField(_("reading"), max_length=10, choices=ReadingPeriod)
    celsius = models.DecimalField(
        _("temperature (°C)"),
        max_digits=4,
        decimal_places=1,
        validators=[
            MinValueValidator(PLAUSIBLE_MIN_C, message=PLAUSIBLE_MESSAGE),
            MaxValueValidator(PLAUSIBLE_MAX_C, message=PLAUSIBLE_MESSAGE),
        ],
    )
    out_of_range = models.GeneratedField(
        expression=Case(
            When(Q(celsius__lt=FRIDGE_MIN_C) | Q(celsius__gt=FRIDGE_MAX_C), then=Value(True)),
            default=Value(False),
        ),
        output_field=models.BooleanField(_("outside 0–8 °C")),
        db_persist=True,
        verbose_name=_("outside 0–8 °C"),
    )
    recorded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    note = models.CharField(_("note"), max_length=200, blank=True)

    access = Access(view=CANTEEN_READERS, manage=CANTEEN_RECORDERS)

    class Meta:
        verbose_name = _("refrigerator temperature")
        verbose_name_plural = _("refrigerator temperatures")
        ordering = ["-day", "fridge__number", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["fridge", "day", "period"],
                name="canteen_temperature_one_per_period",
                violation_error_message=_(
                    "This refrigerator's reading of that day and time is already recorded; "
                    "open it to correct it."
                ),
            ),
            models.CheckConstraint(
                condition=Q(celsius__gte=PLAUSIBLE_MIN_C) & Q(celsius__lte=PLAUSIBLE_MAX_C),
                name="canteen_temperature_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fridge} {self.day} {self.get_period_display()} {self.celsius} °C"

    def get_absolute_url(self) -> str:
        return reverse("canteen:fridgetemperature_detail", args=[self.pk])


class FoodSample(ArchivableModel, SchoolScopedModel):
    """The sample of one dish of one meal of one day: recorded once (a second record of the same
    dish updates the same row), kept at least 48 hours, disposed by someone at a time."""

    day = models.DateField(_("day"))
    meal = models.CharField(_("meal"), max_length=10, choices=Meal)
    dish = models.ForeignKey(
        Dish, on_delete=models.PROTECT, related_name="samples", verbose_name=_("dish")
    )
    weight_grams = models.PositiveSmallIntegerField(
        _("weight (g)"),
        validators=[
            MinValueValidator(1),
            MaxValueValidator(
                SAMPLE_MAX_GRAMS,
                message=_("More than %(limit_value)s g is not a sample; check the weight."),
            ),
        ],
    )
    # The school's minimum when the sample was taken: the flag stays true to the rule of the day.
    min_grams = models.PositiveSmallIntegerField(
        _("minimum weight (g)"), default=SAMPLE_MIN_GRAMS_FLOOR, editable=False
    )
    underweight = models.GeneratedField(
        expression=Case(
            When(weight_grams__lt=models.F("min_grams"), then=Value(True)), default=Value(False)
        ),
        output_field=models.BooleanField(_("underweight")),
        db_persist=True,
        verbose_name=_("underweight"),
    )
    taken_at = models.DateTimeField(_("taken at"), default=timezone.now)
    sampler = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("sampler")
    )
    fridge = models.ForeignKey(
        SampleFridge, on_delete=models.PROTECT, related_name="samples", verbose_name=_("kept in")
    )
    photo = PhotoField(_("photo"), upload_to="canteen/samples/%Y/%m/", blank=True)
    disposed_at = models.DateTimeField(_("disposed at"), null=True, blank=True)
    disposed_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("disposed by"),
    )

    access = Access(
        view=CANTEEN_READERS, manage=CANTEEN_RECORDERS, extra_actions={"dispose": CANTEEN_RECORDERS}
    )

    class Meta:
        verbose_name = _("food sample")
        verbose_name_plural = _("food samples")
        ordering = ["-day", "meal", "dish__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "day", "meal", "dish"],
                name="canteen_sample_once_per_dish",
                violation_error_message=_(
                    "The sample of this dish for that meal is already recorded; open it to "
                    "correct it."
                ),
            ),
            models.CheckConstraint(
                condition=Q(min_grams__gte=SAMPLE_MIN_GRAMS_FLOOR),
                name="canteen_sample_min_125g",
            ),
            models.CheckConstraint(
                condition=Q(weight_grams__gt=0), name="canteen_sample_weight_positive"
            ),
            models.CheckConstraint(
                condition=Q(disposed_at__isnull=True, disposed_by__isnull=True)
                | Q(disposed_at__isnull=False, disposed_by__isnull=False),
                name="canteen_sample_disposal_who_and_when",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.get_meal_display()} {self.dish}"

    def get_absolute_url(self) -> str:
        return reverse("canteen:foodsample_detail", args=[self.pk])


class SampleFlag(SchoolScopedModel):
    """One problem the check found (a dish without a sample, an underweight sample, a sample not
    disposed in time, a missing or out-of-range reading). `key` names the problem, so a second
    run of the check, a second beat or a redelivered task adds nothing (unique per school)."""

    kind = models.CharField(_("problem"), max_length=24, choices=SampleFlagKind)
    key = models.CharField(_("key"), max_length=80, editable=False)
    day = models.DateField(_("day"))
    meal = models.CharField(_("meal"), max_length=10, choices=Meal, blank=True)
    dish = models.ForeignKey(
        Dish,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dish"),
    )
    sample = models.ForeignKey(
        FoodSample,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="flags",
        verbose_name=_("sample"),
    )
    fridge = models.ForeignKey(
        SampleFridge,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("refrigerator"),
    )
    detail = models.CharField(_("detail"), max_length=200)
    notified_at = models.DateTimeField(_("notified at"), null=True, blank=True)

    # Written only by the check task; read by everyone who reads the samples.
    access = Access(view=CANTEEN_READERS, manage=frozenset())

    class Meta:
        verbose_name = _("food sample flag")
        verbose_name_plural = _("food sample flags")
        ordering = ["-day", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["school", "key"], name="canteen_sample_flag_once"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()}: {self.detail}"
