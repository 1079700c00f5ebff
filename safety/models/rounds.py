"""Checklists (检查表), their items, inspection rounds (巡查) and the answers recorded."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import ALL_ROLES, READERS, Access
from core.choices import Role, RoomType
from core.fields import PhotoField
from core.models import Building, Room, SchoolScopedModel, User
from safety.choices import (
    Frequency,
    PlaceScope,
    Result,
    TaskStatus,
)
from safety.models.common import BOSSES


def _assigned_to(user) -> Q:
    return Q(assignee=user)


class InspectionTemplate(SchoolScopedModel):
    """A checklist with a rhythm and the places it applies to; active templates generate rounds."""

    name = models.CharField(_("name"), max_length=100)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency)
    weekday = models.PositiveSmallIntegerField(
        _("weekday (0 = Monday)"), null=True, blank=True, help_text=_("For weekly templates.")
    )
    day_of_month = models.PositiveSmallIntegerField(
        _("day of the month"),
        null=True,
        blank=True,
        help_text=_("For monthly templates; a short month uses its last day."),
    )
    term_points = models.JSONField(
        _("points of the term"), default=list, blank=True, help_text=_("start, middle, end")
    )
    interval_hours = models.PositiveSmallIntegerField(
        _("every N hours"), null=True, blank=True, help_text=_("For rounds while in use.")
    )
    in_use_from = models.TimeField(_("in use from"), default=dt.time(7, 0))
    in_use_until = models.TimeField(_("in use until"), default=dt.time(19, 0))
    runs_in_holidays = models.BooleanField(
        _("runs every day, holidays and weekends included"), default=False
    )
    applies_to = models.CharField(
        _("applies to"), max_length=12, choices=PlaceScope, default=PlaceScope.ROOM_TYPES
    )
    rooms = models.ManyToManyField(Room, blank=True, related_name="+", verbose_name=_("rooms"))
    buildings = models.ManyToManyField(
        Building, blank=True, related_name="+", verbose_name=_("buildings")
    )
    room_types = models.JSONField(_("room types"), default=list, blank=True)
    default_assignee = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inspector"),
    )
    is_active = models.BooleanField(_("active"), default=False, editable=False)
    generated_through = models.DateField(_("rounds generated through"), null=True, editable=False)

    access = Access(view=READERS, manage=BOSSES | {Role.LOGISTICS})

    class Meta:
        verbose_name = _("inspection template")
        verbose_name_plural = _("inspection templates")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="safety_template_unique_name"),
            models.CheckConstraint(
                condition=~Q(frequency="weekly") | Q(weekday__gte=0, weekday__lte=6),
                name="safety_template_weekday_range",
            ),
            models.CheckConstraint(
                condition=~Q(frequency="monthly") | Q(day_of_month__gte=1, day_of_month__lte=31),
                name="safety_template_day_range",
            ),
            models.CheckConstraint(
                condition=~Q(frequency="hourly") | Q(interval_hours__gte=1, interval_hours__lte=24),
                name="safety_template_interval_range",
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values), name="safety_template_frequency_known"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("safety:inspectiontemplate_detail", args=[self.pk])

    def get_room_types_display(self) -> str:
        labels = dict(RoomType.choices)
        return "、".join(str(labels.get(code, code)) for code in self.room_types or [])

    def slots(self) -> list[int]:
        """Hours of the day a round is due; [0] means once for the day."""
        if self.frequency != Frequency.HOURLY:
            return [0]
        hours = range(self.in_use_from.hour, self.in_use_until.hour, self.interval_hours or 24)
        return list(hours)


class TemplateItem(SchoolScopedModel):
    template = models.ForeignKey(
        InspectionTemplate,
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name=_("template"),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    text = models.CharField(_("item"), max_length=200)
    guidance = models.TextField(_("how to check"), blank=True)
    photo_required_on_failure = models.BooleanField(_("photo required on failure"), default=False)

    access = Access(view=READERS | ALL_ROLES, manage=BOSSES | {Role.LOGISTICS})

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["template", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "position"], name="safety_item_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return reverse("safety:templateitem_detail", args=[self.pk])


class InspectionTask(SchoolScopedModel):
    """One round: a template at one place on one day (and hour slot). Generated, never typed."""

    template = models.ForeignKey(
        InspectionTemplate,
        on_delete=models.PROTECT,
        related_name="tasks",
        verbose_name=_("template"),
    )
    room = models.ForeignKey(
        Room,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("room"),
    )
    building = models.ForeignKey(
        Building,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("building"),
    )
    due_date = models.DateField(_("due date"))
    slot = models.PositiveSmallIntegerField(_("hour slot"), default=0)
    due_by = models.DateTimeField(_("due by"))
    assignee = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="safety_tasks",
        verbose_name=_("inspector"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TaskStatus, default=TaskStatus.OPEN
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    overdue_notified_at = models.DateTimeField(_("overdue notice sent"), null=True, blank=True)

    access = Access(
        view=READERS,
        manage=BOSSES,
        own=ALL_ROLES,
        own_rows=_assigned_to,
    )

    class Meta:
        verbose_name = _("inspection round")
        verbose_name_plural = _("inspection rounds")
        ordering = ["-due_date", "slot", "pk"]
        constraints = [
            # Generation is idempotent because of these: a second run or a second beat inserts nothing.
            models.UniqueConstraint(
                fields=["template", "room", "due_date", "slot"],
                condition=Q(room__isnull=False),
                name="safety_task_unique_room_round",
            ),
            models.UniqueConstraint(
                fields=["template", "building", "due_date", "slot"],
                condition=Q(room__isnull=True),
                name="safety_task_unique_building_round",
            ),
            models.CheckConstraint(
                condition=Q(room__isnull=False, building__isnull=True)
                | Q(room__isnull=True, building__isnull=False),
                name="safety_task_one_place",
            ),
            models.CheckConstraint(condition=Q(slot__lte=23), name="safety_task_slot_range"),
            models.CheckConstraint(
                condition=Q(status="open", completed_at__isnull=True)
                | Q(status="done", completed_at__isnull=False),
                name="safety_task_completed_when_done",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_by"], name="safety_task_overdue"),
            models.Index(fields=["due_date"], name="safety_task_due_date"),
        ]

    def __str__(self) -> str:
        when = f"{self.due_date:%Y-%m-%d}" + (f" {self.slot:02d}:00" if self.slot else "")
        return f"{self.template} · {self.place} · {when}"

    def get_absolute_url(self) -> str:
        return reverse("safety:inspectiontask_detail", args=[self.pk])

    @property
    def place(self):
        return self.room or self.building

    @property
    def is_overdue(self) -> bool:
        return self.status == TaskStatus.OPEN and self.due_by < timezone.now()


class InspectionAnswer(SchoolScopedModel):
    task = models.ForeignKey(
        InspectionTask, on_delete=models.CASCADE, related_name="answers", verbose_name=_("round")
    )
    item = models.ForeignKey(
        TemplateItem, on_delete=models.PROTECT, related_name="answers", verbose_name=_("item")
    )
    result = models.CharField(_("result"), max_length=4, choices=Result)
    note = models.TextField(_("note"), blank=True)
    photo = PhotoField(_("photo"), upload_to="safety/answers/%Y/%m/", blank=True)
    answered_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("answered by")
    )

    access = Access(
        view=READERS, manage=frozenset(), own=ALL_ROLES, own_rows=lambda u: Q(task__assignee=u)
    )

    class Meta:
        verbose_name = _("inspection record")
        verbose_name_plural = _("inspection records")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["task", "item"], name="safety_answer_one_per_item"),
            models.CheckConstraint(
                condition=Q(result__in=Result.values), name="safety_answer_result_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.get_result_display()}"

    def get_absolute_url(self) -> str:
        return reverse("safety:inspectiontask_detail", args=[self.task_id])
