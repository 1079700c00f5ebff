"""Safety (安全): inspection templates and rounds, hazards, fire equipment, drills, gate log, duty."""

from __future__ import annotations

import datetime as dt

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import ALL_ROLES, READERS, Access
from core.choices import Role, RoomType
from core.fields import PhotoField
from core.models import ArchivableModel, Building, Holiday, Room, SchoolScopedModel, User
from safety.choices import (
    AgentType,
    CheckResult,
    DrillStatus,
    DrillType,
    EquipmentKind,
    Frequency,
    HazardStatus,
    PlaceScope,
    Result,
    Severity,
    TaskStatus,
)

OFFICE = frozenset({Role.LOGISTICS, Role.DIRECTOR, Role.ADMIN})
BOSSES = frozenset({Role.DIRECTOR, Role.ADMIN})


def _assigned_to(user) -> Q:
    return Q(assignee=user)


def _involved_in(user) -> Q:
    return Q(found_by=user) | Q(responsible=user) | Q(handler=user)


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


class Hazard(SchoolScopedModel):
    """隐患: found → reported → handled → accepted; accepted by someone other than the handler."""

    description = models.TextField(_("what is wrong"))
    severity = models.PositiveSmallIntegerField(
        _("severity"), choices=Severity, default=Severity.GENERAL
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
    location_note = models.CharField(_("where exactly"), max_length=200, blank=True)
    photo = PhotoField(_("photo when found"), upload_to="safety/hazards/%Y/%m/", blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=HazardStatus, default=HazardStatus.FOUND
    )
    found_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("found by")
    )
    source_answer = models.OneToOneField(
        InspectionAnswer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hazard",
        verbose_name=_("from inspection item"),
    )
    responsible = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible person"),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    handler = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handling_note = models.TextField(_("what was done"), blank=True)
    handling_photo = PhotoField(
        _("photo after handling"), upload_to="safety/hazards/%Y/%m/", blank=True
    )
    accepted_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    # Handling may open a repair request; the repairs side reads it back as `request.hazards`.
    repair_request = models.ForeignKey(
        "repairs.RepairRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hazards",
        verbose_name=_("repair request"),
    )
    # A defective fire-equipment check opens the hazard; further defective checks join it.
    source_equipment = models.ForeignKey(
        "safety.FireEquipment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hazards",
        verbose_name=_("from fire equipment"),
    )

    access = Access(
        view=READERS,
        manage=BOSSES,
        own=ALL_ROLES,
        own_rows=_involved_in,
        extra_actions={
            "report": ALL_ROLES - {Role.DISTRICT},
            "assign": BOSSES,
            "handle": OFFICE | {Role.WORKER, Role.TEACHER, Role.CANTEEN},
            "accept": BOSSES,
        },
    )

    class Meta:
        verbose_name = _("hazard")
        verbose_name_plural = _("hazards")
        ordering = ["-severity", "deadline", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_equipment"],
                condition=Q(source_equipment__isnull=False) & ~Q(status="accepted"),
                name="safety_hazard_one_open_per_equipment",
            ),
            models.CheckConstraint(
                condition=Q(accepted_by__isnull=True) | ~Q(accepted_by=F("handler")),
                name="safety_hazard_acceptor_not_handler",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["handled", "accepted"])
                | Q(handler__isnull=False, handled_at__isnull=False),
                name="safety_hazard_handled_has_handler",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted")
                | Q(accepted_by__isnull=False, accepted_at__isnull=False),
                name="safety_hazard_accepted_has_acceptor",
            ),
            models.CheckConstraint(
                condition=Q(status__in=HazardStatus.values), name="safety_hazard_status_known"
            ),
            models.CheckConstraint(
                condition=Q(severity__in=Severity.values), name="safety_hazard_severity_known"
            ),
        ]
        indexes = [models.Index(fields=["school", "status"], name="safety_hazard_open")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.description[:30]}"

    def get_absolute_url(self) -> str:
        return reverse("safety:hazard_detail", args=[self.pk])

    @property
    def place(self):
        return self.room or self.building

    @property
    def is_overdue(self) -> bool:
        return (
            self.status != HazardStatus.ACCEPTED
            and self.deadline is not None
            and self.deadline < timezone.localdate()
        )


class FireEquipment(ArchivableModel, SchoolScopedModel):
    kind = models.CharField(
        _("kind"), max_length=15, choices=EquipmentKind, default=EquipmentKind.EXTINGUISHER
    )
    code = models.CharField(_("number"), max_length=30)
    agent = models.CharField(_("type"), max_length=15, choices=AgentType)
    capacity = models.CharField(_("capacity"), max_length=20, help_text=_("e.g. 4 kg, 25 m hose"))
    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, related_name="+", verbose_name=_("location")
    )
    production_date = models.DateField(_("production date"))
    last_checked_on = models.DateField(_("last checked on"), null=True, blank=True)
    next_service_date = models.DateField(_("next service date"))
    expiry_date = models.DateField(_("expiry date"))

    access = Access(view=READERS, manage=OFFICE)

    class Meta:
        verbose_name = _("fire equipment")
        verbose_name_plural = _("fire equipment")
        ordering = ["next_service_date", "code"]
        constraints = [
            models.UniqueConstraint(fields=["school", "code"], name="safety_equipment_unique_code"),
            models.CheckConstraint(
                condition=Q(expiry_date__gt=F("production_date")),
                name="safety_equipment_expiry_after_production",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.get_agent_display()} {self.capacity}"

    def get_absolute_url(self) -> str:
        return reverse("safety:fireequipment_detail", args=[self.pk])


class FireCheck(SchoolScopedModel):
    """One monthly check of one piece of fire equipment; the service updates its dates."""

    equipment = models.ForeignKey(
        FireEquipment, on_delete=models.PROTECT, related_name="checks", verbose_name=_("equipment")
    )
    checked_on = models.DateField(_("checked on"))
    checked_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("checked by")
    )
    result = models.CharField(_("result"), max_length=10, choices=CheckResult)
    serviced = models.BooleanField(_("serviced / refilled"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    access = Access(view=READERS, manage=frozenset())

    class Meta:
        verbose_name = _("fire equipment check")
        verbose_name_plural = _("fire equipment checks")
        ordering = ["-checked_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.equipment} {self.checked_on}"


class Drill(SchoolScopedModel):
    """应急演练, planned then held; the evacuation time is what the 2-minute rule reads."""

    drill_type = models.CharField(_("type"), max_length=12, choices=DrillType)
    title = models.CharField(_("title"), max_length=100)
    date = models.DateField(_("date"))
    status = models.CharField(
        _("status"), max_length=10, choices=DrillStatus, default=DrillStatus.PLANNED
    )
    building = models.ForeignKey(
        Building,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("building evacuated"),
    )
    participants = models.PositiveIntegerField(_("participants"), default=0)
    evacuation_seconds = models.PositiveIntegerField(
        _("evacuation time (seconds)"), null=True, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    photo = PhotoField(_("photo"), upload_to="safety/drills/%Y/%m/", blank=True)

    access = Access(view=READERS, manage=OFFICE)

    class Meta:
        verbose_name = _("emergency drill")
        verbose_name_plural = _("emergency drills")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(evacuation_seconds__isnull=True) | Q(evacuation_seconds__gt=0),
                name="safety_drill_evacuation_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("safety:drill_detail", args=[self.pk])

    @property
    def too_slow(self) -> bool:
        return bool(
            self.evacuation_seconds
            and self.building
            and self.building.floors <= 4
            and self.evacuation_seconds > 120
        )


id_last4_validator = RegexValidator(
    r"^[0-9]{3}[0-9X]$", _("Enter only the last 4 characters of the ID card (digits or X).")
)


class Visitor(SchoolScopedModel):
    """来访登记 at the gate: only the last 4 characters of the ID are kept (data minimisation)."""

    name = models.CharField(_("visitor's name"), max_length=50)
    id_last4 = models.CharField(_("ID card, last 4"), max_length=4, validators=[id_last4_validator])
    unit = models.CharField(_("from (unit)"), max_length=100, blank=True)
    reason = models.CharField(_("reason"), max_length=200)
    host = models.CharField(_("visiting"), max_length=50)
    time_in = models.DateTimeField(_("time in"), default=timezone.now)
    time_out = models.DateTimeField(_("time out"), null=True, blank=True)

    access = Access(view=READERS, manage=OFFICE)

    class Meta:
        verbose_name = _("visitor")
        verbose_name_plural = _("visitor log")
        ordering = ["-time_in", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(time_out__isnull=True) | Q(time_out__gte=F("time_in")),
                name="safety_visitor_out_after_in",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {timezone.localtime(self.time_in):%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("safety:visitor_detail", args=[self.pk])


class DutyRoster(SchoolScopedModel):
    """值班表 of one holiday."""

    name = models.CharField(_("name"), max_length=100)
    holiday = models.ForeignKey(
        Holiday,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("holiday"),
    )
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    leader_phone = models.CharField(_("duty phone"), max_length=30, blank=True)

    access = Access(view=ALL_ROLES, manage=BOSSES)

    class Meta:
        verbose_name = _("duty roster")
        verbose_name_plural = _("duty rosters")
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="safety_roster_unique_name"),
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="safety_roster_end_not_before_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("safety:dutyroster_detail", args=[self.pk])


class DutyShift(SchoolScopedModel):
    roster = models.ForeignKey(
        DutyRoster, on_delete=models.CASCADE, related_name="shifts", verbose_name=_("roster")
    )
    date = models.DateField(_("date"))
    person = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("on duty")
    )
    is_leader = models.BooleanField(_("leader on duty"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    access = Access(view=ALL_ROLES, manage=BOSSES)

    class Meta:
        verbose_name = _("duty shift")
        verbose_name_plural = _("duty shifts")
        ordering = ["date", "-is_leader", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["roster", "date", "person"], name="safety_shift_unique_person_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.person}"

    def get_absolute_url(self) -> str:
        return reverse("safety:dutyshift_detail", args=[self.pk])
