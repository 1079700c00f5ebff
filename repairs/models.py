"""Repair requests (报修单), their photos, timeline, work records and per-school SLA settings."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.access import ALL_ROLES, MANAGERS, READERS, Access
from core.choices import Role
from core.fields import PhotoField
from core.models import SchoolScopedModel
from repairs.choices import OPEN_WORK, Category, PhotoKind, Priority, Source, Status

DISPATCHERS = frozenset({Role.LOGISTICS, Role.DIRECTOR, Role.ADMIN})
WORKERS = DISPATCHERS | {Role.WORKER}
# Everybody else may file requests and read the ones they filed, reported or were assigned.
FILERS = frozenset(ALL_ROLES - MANAGERS - {Role.DISTRICT})


def own_requests(user) -> Q:
    return Q(reporter=user) | Q(filed_by=user) | Q(assignee=user)


def own_request_children(user) -> Q:
    return Q(request__reporter=user) | Q(request__filed_by=user) | Q(request__assignee=user)


class RepairSettings(SchoolScopedModel):
    """Per-school service commitments (服务承诺): SLA targets in working time, auto-confirm, reopen."""

    workday_start = models.TimeField(_("working day starts"), default=dt.time(8, 0))
    workday_end = models.TimeField(_("working day ends"), default=dt.time(17, 0))
    urgent_respond_hours = models.PositiveSmallIntegerField(
        _("urgent: respond within (working hours)"), default=1
    )
    urgent_finish_days = models.PositiveSmallIntegerField(
        _("urgent: finish within (working days, 0 = same day)"), default=0
    )
    normal_respond_hours = models.PositiveSmallIntegerField(
        _("normal: respond within (working hours)"), default=4
    )
    normal_finish_days = models.PositiveSmallIntegerField(
        _("normal: finish within (working days)"), default=3
    )
    low_respond_hours = models.PositiveSmallIntegerField(
        _("low: respond within (working hours)"), default=8
    )
    low_finish_days = models.PositiveSmallIntegerField(
        _("low: finish within (working days)"), default=7
    )
    warn_before_hours = models.PositiveSmallIntegerField(
        _("warn this many working hours before a breach"), default=2
    )
    auto_confirm_days = models.PositiveSmallIntegerField(
        _("auto-confirm done requests after (days)"), default=3
    )
    reopen_days = models.PositiveSmallIntegerField(
        _("reporter may reopen within (days)"), default=7
    )

    access = Access(view=READERS, manage=frozenset({Role.ADMIN, Role.DIRECTOR}))

    class Meta:
        verbose_name = _("repair settings")
        verbose_name_plural = _("repair settings")
        constraints = [
            models.UniqueConstraint(fields=["school"], name="repairs_settings_one_per_school"),
            models.CheckConstraint(
                condition=Q(workday_end__gt=models.F("workday_start")),
                name="repairs_settings_workday_order",
            ),
            models.CheckConstraint(
                condition=Q(urgent_respond_hours__gte=1)
                & Q(normal_respond_hours__gte=1)
                & Q(low_respond_hours__gte=1)
                & Q(auto_confirm_days__gte=1),
                name="repairs_settings_positive_targets",
            ),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    def respond_hours(self, priority: str) -> int:
        return getattr(self, f"{priority}_respond_hours")

    def finish_days(self, priority: str) -> int:
        return getattr(self, f"{priority}_finish_days")


class RepairCounter(models.Model):
    """The last request number given per school and day (locked row: numbers never collide)."""

    school = models.ForeignKey("core.School", on_delete=models.CASCADE)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school", "day"], name="repairs_counter_unique_day")
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.last}"


class RepairRequest(SchoolScopedModel):
    number = models.CharField(_("number"), max_length=20, editable=False)
    category = models.CharField(_("category"), max_length=20, choices=Category)
    description = models.TextField(_("what is wrong"), max_length=2000)
    priority = models.CharField(
        _("urgency"), max_length=10, choices=Priority, default=Priority.NORMAL
    )
    room = models.ForeignKey(
        "core.Room",
        on_delete=models.PROTECT,
        related_name="repair_requests",
        verbose_name=_("room"),
    )
    asset = models.ForeignKey(
        "assets.Asset",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repair_requests",
        verbose_name=_("asset"),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="repair_requests",
        verbose_name=_("reporter"),
    )
    # Differs from the reporter when staff enter a phone call for them.
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="repair_requests_filed",
        verbose_name=_("filed by"),
    )
    source = models.CharField(_("channel"), max_length=10, choices=Source, default=Source.WEB)
    client_token = models.UUIDField(_("form token"), null=True, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.SUBMITTED)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repair_requests_owned",
        verbose_name=_("owner (first responder)"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repair_jobs",
        verbose_name=_("assigned to"),
    )
    respond_due_at = models.DateTimeField(_("respond by"))
    finish_due_at = models.DateTimeField(_("finish by"))
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # Working hours (school calendar) from filing to the response / the finish, stored when the
    # step is taken (repairs.durations) so the statistics are SQL aggregates over one column.
    respond_working_hours = models.FloatField(
        _("working hours to respond"), null=True, blank=True, editable=False
    )
    finish_working_hours = models.FloatField(
        _("working hours to finish"), null=True, blank=True, editable=False
    )
    auto_confirmed = models.BooleanField(_("confirmed automatically"), default=False)
    rating = models.PositiveSmallIntegerField(_("rating (1–5)"), null=True, blank=True)
    rating_comment = models.TextField(_("comment"), blank=True, max_length=1000)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    reject_reason = models.TextField(_("reason for rejection"), blank=True, max_length=1000)
    reopened_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    staff_note = models.TextField(_("internal note"), blank=True, max_length=2000)
    # SLA alerts: set once by the periodic task (a conditional update), so each is sent once.
    respond_warned_at = models.DateTimeField(null=True, blank=True, editable=False)
    respond_breached_at = models.DateTimeField(null=True, blank=True, editable=False)
    finish_warned_at = models.DateTimeField(null=True, blank=True, editable=False)
    finish_breached_at = models.DateTimeField(null=True, blank=True, editable=False)

    access = Access(
        view=READERS,
        manage=DISPATCHERS,
        own=FILERS,
        own_rows=own_requests,
        own_manage=FILERS,
        extra_actions={"dispatch": DISPATCHERS, "work": WORKERS},
    )

    class Meta:
        verbose_name = _("repair request")
        verbose_name_plural = _("repair requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["school", "number"], name="repairs_request_number"),
            models.UniqueConstraint(
                fields=["filed_by", "client_token"],
                condition=Q(client_token__isnull=False),
                name="repairs_request_one_per_form",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | (Q(rating__gte=1) & Q(rating__lte=5)),
                name="repairs_request_rating_1_5",
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="repairs_request_known_status"
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.DUPLICATE) | Q(duplicate_of__isnull=False),
                name="repairs_request_duplicate_linked",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.REJECTED) | ~Q(reject_reason=""),
                name="repairs_request_rejection_reason",
            ),
            models.CheckConstraint(
                condition=~Q(duplicate_of=models.F("pk")), name="repairs_request_not_own_duplicate"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[Status.SUBMITTED, Status.REJECTED, Status.DUPLICATE])
                | Q(owner__isnull=False),
                name="repairs_request_accepted_has_owner",
            ),
        ]
        indexes = [
            models.Index(fields=["school", "status", "-created_at"], name="repairs_req_board"),
            models.Index(fields=["school", "-created_at"], name="repairs_req_recent"),
            # A worker's open jobs, by due time (the "my jobs" page).
            models.Index(
                fields=["assignee", "finish_due_at"],
                condition=Q(status__in=sorted(OPEN_WORK)),
                name="repairs_req_open_jobs",
            ),
            # What the SLA scan reads every few minutes: open requests by due time.
            models.Index(
                fields=["finish_due_at"],
                condition=Q(status__in=sorted(OPEN_WORK)),
                name="repairs_req_open_due",
            ),
            models.Index(fields=["reporter", "-created_at"], name="repairs_req_mine"),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("repairs:repairrequest_detail", args=[self.pk])


class PublicRepairRequest(RepairRequest):
    """The public face of requests: status only, for everyone who uses a room (no notes, no names)."""

    access = Access(view=ALL_ROLES, manage=frozenset())

    class Meta:
        proxy = True
        verbose_name = _("repair status")
        verbose_name_plural = _("repair status board")


class RepairJob(RepairRequest):
    """A request seen as a worker's job: the "my jobs" queue and its menu entry."""

    access = Access(
        view=DISPATCHERS,
        manage=frozenset(),
        own=frozenset({Role.WORKER}),
        own_rows=lambda user: Q(assignee=user),
    )

    class Meta:
        proxy = True
        verbose_name = _("repair job")
        verbose_name_plural = _("repair jobs")


class RepairEvent(models.Model):
    """One step of a request's timeline: every transition, hand-over and work record."""

    request = models.ForeignKey(
        RepairRequest, on_delete=models.CASCADE, related_name="events", verbose_name=_("request")
    )
    school = models.ForeignKey("core.School", on_delete=models.PROTECT)
    kind = models.CharField(_("event"), max_length=30)
    from_status = models.CharField(_("from"), max_length=20, choices=Status, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"))
    note = models.TextField(_("note"), blank=True)

    access = Access(
        view=READERS,
        manage=frozenset(),
        own=FILERS,
        own_rows=own_request_children,
    )

    class Meta:
        verbose_name = _("repair event")
        verbose_name_plural = _("repair events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.kind}"


class WorkRecord(models.Model):
    """What a worker did on a request: time spent, cost, parts taken from stock (an issue slip)."""

    request = models.ForeignKey(
        RepairRequest, on_delete=models.PROTECT, related_name="work", verbose_name=_("request")
    )
    school = models.ForeignKey("core.School", on_delete=models.PROTECT)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("worker"),
    )
    description = models.TextField(_("work done"), max_length=2000)
    minutes = models.PositiveIntegerField(_("time spent (minutes)"))
    cost = models.DecimalField(
        _("labour and other cost (yuan)"), max_digits=12, decimal_places=2, default=0
    )
    parts_cost = models.DecimalField(
        _("parts cost (yuan)"), max_digits=12, decimal_places=2, default=0
    )
    stock_slip = models.OneToOneField(
        "assets.StockSlip",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repair_work",
        verbose_name=_("parts issue slip"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    access = Access(view=READERS, manage=frozenset(), own=FILERS, own_rows=own_request_children)

    class Meta:
        verbose_name = _("work record")
        verbose_name_plural = _("work records")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cost__gte=0) & Q(parts_cost__gte=0), name="repairs_work_cost_positive"
            ),
            models.CheckConstraint(
                condition=Q(minutes__gte=1) & Q(minutes__lte=10000),
                name="repairs_work_minutes_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.description[:30]}"


class RepairPhoto(models.Model):
    request = models.ForeignKey(
        RepairRequest, on_delete=models.CASCADE, related_name="photos", verbose_name=_("request")
    )
    school = models.ForeignKey("core.School", on_delete=models.PROTECT)
    kind = models.CharField(_("kind"), max_length=10, choices=PhotoKind, default=PhotoKind.REPORT)
    image = PhotoField(_("photo"), upload_to="repairs/%Y/%m/")
    work_record = models.ForeignKey(
        WorkRecord, on_delete=models.SET_NULL, null=True, blank=True, related_name="photos"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    access = Access(view=READERS, manage=frozenset(), own=FILERS, own_rows=own_request_children)

    class Meta:
        verbose_name = _("repair photo")
        verbose_name_plural = _("repair photos")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=PhotoKind.values), name="repairs_photo_known_kind"
            )
        ]

    def __str__(self) -> str:
        return self.image.name
