"""The shared foundation: schools, places, people, roles, calendar, notifications, export jobs."""

from __future__ import annotations

import datetime as dt
import uuid
from functools import cached_property
from typing import ClassVar, Self

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.access import ALL_ROLES, MANAGERS, READERS, Access
from core.choices import ExportStatus, HolidayKind, Role, RoomType, SchoolKind


class PermanentRecordError(Exception):
    """Raised when code tries to hard-delete a record that must be kept (ledger, money, places)."""


class ArchivableQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)

    def delete(self):
        raise PermanentRecordError(f"{self.model.__name__} records are archived, never deleted.")


class ArchivableModel(models.Model):
    """A record that is kept forever: 'deleting' it archives it (see core.services.record_archive)."""

    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, editable=False)

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def delete(self, *args, **kwargs):
        raise PermanentRecordError(f"{type(self).__name__} records are archived, never deleted.")


class School(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.SlugField(_("code"), max_length=30, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=SchoolKind, default=SchoolKind.PRIMARY
    )
    district = models.CharField(_("district"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SchoolScopedModel(models.Model):
    """Every domain record belongs to one school; `access` says which roles may read and write it."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, verbose_name=_("school"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    access: Access = Access(view=READERS, manage=MANAGERS)

    class Meta:
        abstract = True


class User(AbstractUser):
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("school"),
    )
    # A district viewer reads several schools; everybody else has exactly one (`school`).
    district_schools = models.ManyToManyField(
        School, blank=True, related_name="district_viewers", verbose_name=_("district schools")
    )
    department = models.ForeignKey(
        "core.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("department"),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    objects: ClassVar[UserManager[Self]] = UserManager()

    access = Access(
        view=frozenset({Role.ADMIN, Role.DIRECTOR, Role.PRINCIPAL}), manage=frozenset({Role.ADMIN})
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        # Chinese names are written family name first, without a space.
        return f"{self.last_name}{self.first_name}".strip()

    @cached_property
    def role_codes(self) -> frozenset[str]:
        if not self.pk:
            return frozenset()
        return frozenset(self.user_roles.values_list("role", flat=True))

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_codes.intersection(roles))

    @cached_property
    def school_ids(self) -> frozenset[int]:
        """The schools whose records this user may read."""
        ids = {self.school_id} if self.school_id else set()
        if Role.DISTRICT in self.role_codes:
            ids.update(self.district_schools.values_list("id", flat=True))
        return frozenset(ids)


class UserRole(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="user_roles")
    role = models.CharField(_("role"), max_length=20, choices=Role)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="core_userrole_unique"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="core_userrole_known"),
        ]

    def __str__(self) -> str:
        return self.get_role_display()


class Campus(ArchivableModel, SchoolScopedModel):
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)

    access = Access(view=ALL_ROLES, manage=MANAGERS)

    class Meta:
        verbose_name = _("campus")
        verbose_name_plural = _("campuses")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="core_campus_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:campus_detail", args=[self.pk])


class Building(ArchivableModel, SchoolScopedModel):
    campus = models.ForeignKey(
        Campus, on_delete=models.PROTECT, related_name="buildings", verbose_name=_("campus")
    )
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("code"), max_length=20)
    floors = models.PositiveSmallIntegerField(_("floors above ground"), default=1)
    year_built = models.PositiveSmallIntegerField(_("year built"), null=True, blank=True)

    access = Access(view=ALL_ROLES, manage=MANAGERS)

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["campus__name", "code"]
        constraints = [
            models.UniqueConstraint(fields=["school", "code"], name="core_building_unique_code"),
            models.CheckConstraint(
                condition=Q(floors__gte=1) & Q(floors__lte=100), name="core_building_floors_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:building_detail", args=[self.pk])


class Room(ArchivableModel, SchoolScopedModel):
    building = models.ForeignKey(
        Building, on_delete=models.PROTECT, related_name="rooms", verbose_name=_("building")
    )
    code = models.CharField(_("room number"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    floor = models.SmallIntegerField(_("floor"), default=1)
    room_type = models.CharField(
        _("room type"), max_length=20, choices=RoomType, default=RoomType.CLASSROOM
    )
    area = models.DecimalField(
        _("area (m²)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    # Printed on labels that stay on walls for years: never regenerated, never reused.
    qr_token = models.UUIDField(_("QR label code"), default=uuid.uuid4, unique=True, editable=False)

    access = Access(view=ALL_ROLES, manage=MANAGERS)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["building__code", "code"]
        constraints = [
            models.UniqueConstraint(fields=["building", "code"], name="core_room_unique_code"),
            models.CheckConstraint(
                condition=Q(floor__gte=-5) & Q(floor__lte=100), name="core_room_floor_range"
            ),
            models.CheckConstraint(condition=Q(area__gte=0), name="core_room_area_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.building.name} {self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("core:room_detail", args=[self.pk])

    def get_qr_path(self) -> str:
        return reverse("core:room_qr_scan", args=[self.qr_token])


class Department(ArchivableModel, SchoolScopedModel):
    name = models.CharField(_("name"), max_length=100)
    head = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_departments",
        verbose_name=_("head of department"),
    )

    access = Access(view=ALL_ROLES, manage=frozenset({Role.ADMIN, Role.DIRECTOR}))

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="core_department_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:department_detail", args=[self.pk])


class SchoolClass(ArchivableModel, SchoolScopedModel):
    grade = models.PositiveSmallIntegerField(_("grade"))
    number = models.PositiveSmallIntegerField(_("class number"))
    homeroom_teacher = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="homeroom_classes",
        verbose_name=_("homeroom teacher"),
    )
    room = models.ForeignKey(
        Room,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="classes",
        verbose_name=_("classroom"),
    )

    access = Access(view=ALL_ROLES, manage=frozenset({Role.ADMIN, Role.DIRECTOR}))

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["grade", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "grade", "number"], name="core_schoolclass_unique"
            ),
            models.CheckConstraint(
                condition=Q(grade__gte=1) & Q(grade__lte=12), name="core_schoolclass_grade_range"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1) & Q(number__lte=99), name="core_schoolclass_number_range"
            ),
        ]

    def __str__(self) -> str:
        return _("Grade %(grade)s Class %(number)s") % {"grade": self.grade, "number": self.number}

    def get_absolute_url(self) -> str:
        return reverse("core:schoolclass_detail", args=[self.pk])


# What a school calendar can hold: the database refuses dates outside these years, forms and the
# API refuse dates more than CALENDAR_YEARS_AROUND years from today, holidays longer than
# MAX_HOLIDAY_DAYS (a summer break is about 60 days) and terms longer than MAX_TERM_DAYS.
CALENDAR_FIRST_DAY = dt.date(2000, 1, 1)
CALENDAR_LAST_DAY = dt.date(2099, 12, 31)
CALENDAR_YEARS_AROUND = 5
MAX_HOLIDAY_DAYS = 100
MAX_TERM_DAYS = 200


class Term(SchoolScopedModel):
    name = models.CharField(_("name"), max_length=100)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))

    access = Access(view=ALL_ROLES, manage=frozenset({Role.ADMIN, Role.DIRECTOR}))

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="core_term_unique_name"),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="core_term_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(start__gte=CALENDAR_FIRST_DAY, end__lte=CALENDAR_LAST_DAY),
                name="core_term_dates_in_range",
                violation_error_message=_("Enter dates between 2000-01-01 and 2099-12-31."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:term_detail", args=[self.pk])

    def clean(self) -> None:
        """Refuse terms no school calendar holds: far-off dates, longer than MAX_TERM_DAYS."""
        super().clean()
        if self.start is not None and self.end is not None and self.end >= self.start:
            _check_span(
                self.start,
                self.end,
                max_days=MAX_TERM_DAYS,
                too_long=_("A term lasts at most %(n)s days."),
            )


class Holiday(SchoolScopedModel):
    """A span of the school calendar: days off (放假), or weekend days that are working days (调休)."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(
        _("kind of day"), max_length=10, choices=HolidayKind, default=HolidayKind.HOLIDAY
    )
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))

    access = Access(view=ALL_ROLES, manage=frozenset({Role.ADMIN, Role.DIRECTOR}))

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="core_holiday_end_not_before_start"
            ),
            models.CheckConstraint(
                condition=Q(start__gte=CALENDAR_FIRST_DAY, end__lte=CALENDAR_LAST_DAY),
                name="core_holiday_dates_in_range",
                violation_error_message=_("Enter dates between 2000-01-01 and 2099-12-31."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=HolidayKind.values), name="core_holiday_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:holiday_detail", args=[self.pk])

    @property
    def is_make_up(self) -> bool:
        return self.kind == HolidayKind.MAKE_UP

    def clean(self) -> None:
        """Refuse what no school calendar holds: far-off or overlong spans, a 调休 day that is
        not a weekend day, a span overlapping another entry of the same school."""
        super().clean()
        if self.start is None or self.end is None or self.end < self.start:
            return  # the field errors (or the end-before-start check) say it already
        _check_span(
            self.start,
            self.end,
            max_days=MAX_HOLIDAY_DAYS,
            too_long=_("A holiday lasts at most %(n)s days."),
        )
        if self.is_make_up and any(
            (self.start + dt.timedelta(days=i)).weekday() < 5
            for i in range((self.end - self.start).days + 1)
        ):
            raise ValidationError(
                {"start": _("A make-up working day (调休) must be a Saturday or a Sunday.")},
                code="make_up_weekday",
            )
        if self.school_id is not None:
            self._check_no_overlap()

    def _check_no_overlap(self) -> None:
        clash = (
            Holiday.objects.filter(
                school_id=self.school_id, start__lte=self.end, end__gte=self.start
            )
            .exclude(pk=self.pk)
            .order_by("start")
            .first()
        )
        if clash is not None:
            raise ValidationError(
                _(
                    "These dates overlap “%(name)s” (%(start)s – %(end)s); change or delete it first."
                )
                % {"name": clash.name, "start": clash.start, "end": clash.end},
                code="overlap",
            )


def _check_span(start: dt.date, end: dt.date, *, max_days: int, too_long) -> None:
    today = timezone.localdate()
    earliest = max(
        CALENDAR_FIRST_DAY, today.replace(year=today.year - CALENDAR_YEARS_AROUND, day=1)
    )
    latest = min(CALENDAR_LAST_DAY, today.replace(year=today.year + CALENDAR_YEARS_AROUND, day=28))
    if start < earliest or end > latest:
        raise ValidationError(
            _("Enter dates between %(first)s and %(last)s.") % {"first": earliest, "last": latest},
            code="out_of_range",
        )
    if (end - start).days + 1 > max_days:
        raise ValidationError({"end": too_long % {"n": max_days}}, code="too_long")


class Notification(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, verbose_name=_("school"))
    recipient = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # The e-mail copy is an outbox (core.outbox): the row, not a queued task, says what is still
    # to send. emailed_at is set only once the mail server accepted the message.
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    email_next_at = models.DateTimeField(_("next e-mail attempt"), null=True, blank=True)
    email_claimed_at = models.DateTimeField(_("e-mail claimed at"), null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(_("e-mail attempts"), default=0)
    email_failed_at = models.DateTimeField(_("e-mail given up at"), null=True, blank=True)
    email_error = models.CharField(_("last e-mail error"), max_length=300, blank=True)
    # The e-mail carries this report's PDF (read when sent, so a regenerated report sends the new).
    report = models.ForeignKey(
        "core.MonthlyReport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("attached report"),
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="core_notif_unread"),
            models.Index(
                fields=["email_next_at"],
                name="core_notif_email_due",
                condition=Q(email_next_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ExportJob(models.Model):
    """A background job of one user: a large list export, or a kind registered in core.jobs
    (e.g. an asset ledger import). Its worker claims it, beats a heartbeat while it runs, and
    core.jobs.sweep_jobs fails it when the worker is gone, so nothing stays "running" forever."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, null=True, blank=True)
    requested_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="export_jobs")
    kind = models.CharField(
        pgettext_lazy("background job", "kind"), max_length=40, default="export"
    )
    view_name = models.CharField(max_length=100)
    query_string = models.CharField(max_length=2000, blank=True)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus, default=ExportStatus.QUEUED
    )
    total_rows = models.PositiveIntegerField(_("total rows"), default=0)
    done_rows = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True)
    error = models.TextField(blank=True)
    # What a job kind reports back (an import's created count or its per-row problems).
    result = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    enqueued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    started_at = models.DateTimeField(
        pgettext_lazy("background job", "started at"), null=True, blank=True
    )
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="core_job_sweep")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("core:export_detail", args=[self.pk])

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        if not self.total_rows:
            return 0
        return min(99, int(self.done_rows * 100 / self.total_rows))


REPORT_READERS = frozenset({Role.PRINCIPAL, Role.DIRECTOR, Role.ADMIN, Role.DISTRICT})


class MonthlyReport(SchoolScopedModel):
    """One school's report of one month (core.reports builds it): one row per school and month,
    whatever the number of beats, retries or regenerations; its files are replaced in place."""

    class Status(models.TextChoices):
        BUILDING = "building", _("Being generated")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    month = models.DateField(_("month"))  # its first day
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.BUILDING)
    pdf = models.FileField(_("PDF"), upload_to="reports/%Y/", blank=True, max_length=200)
    xlsx = models.FileField(_("workbook"), upload_to="reports/%Y/", blank=True, max_length=200)
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True)
    generated_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("generated by"),
    )

    access = Access(
        view=REPORT_READERS, manage=frozenset({Role.PRINCIPAL, Role.DIRECTOR, Role.ADMIN})
    )

    class Meta:
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        ordering = ["-month", "school"]
        constraints = [
            models.UniqueConstraint(fields=["school", "month"], name="core_report_one_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="core_report_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.school} {self.month:%Y-%m}"

    @property
    def code(self) -> str:
        return f"{self.month:%Y-%m}"


# Group robots live in their own module; imported here so Django registers them.
from core.models_robots import Robot, RobotMessage  # noqa: E402, F401
from core.models_suppliers import Supplier  # noqa: E402, F401
