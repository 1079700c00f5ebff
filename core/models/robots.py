"""Group robots (企业微信 / 钉钉 webhooks) of a school, and their outbox of messages (core.robots)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import Access
from core.choices import Role
from core.models.base import SchoolScopedModel

ROBOT_MANAGERS = frozenset({Role.ADMIN, Role.DIRECTOR})


class RobotKind(models.TextChoices):
    WECOM = "wecom", _("WeCom group robot")
    DINGTALK = "dingtalk", _("DingTalk group robot")


def _valid_webhook(value: str) -> None:
    from core.robots import check_webhook_url

    check_webhook_url(value)


class Robot(SchoolScopedModel):
    """A webhook the school added. The URL and the signing secret are secrets: shown masked,
    never logged, never in the audit trail (core.apps excludes them)."""

    kind = models.CharField(_("kind"), max_length=10, choices=RobotKind)
    name = models.CharField(_("name"), max_length=60)
    webhook_url = models.CharField(
        _("webhook address"), max_length=500, validators=[_valid_webhook]
    )
    secret = models.CharField(_("signing secret"), max_length=200, blank=True)
    keyword = models.CharField(_("keyword"), max_length=40, blank=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    events = models.JSONField(_("events"), default=list, blank=True)
    # The sender's claim of this robot (core.robots): one sender at a time keeps the rate limit.
    sending_since = models.DateTimeField(null=True, blank=True, editable=False)
    # When the last requests went out (at most ROBOT_MAX_PER_MINUTE kept): the rolling minute.
    recent_sends = models.JSONField(default=list, blank=True, editable=False)

    access = Access(view=ROBOT_MANAGERS, manage=ROBOT_MANAGERS)

    class Meta:
        verbose_name = _("group robot")
        verbose_name_plural = _("group robots")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="core_robot_unique_name"),
            models.CheckConstraint(
                condition=Q(kind__in=RobotKind.values), name="core_robot_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:robot_detail", args=[self.pk])

    @property
    def masked_url(self) -> str:
        from core.robots import mask

        return mask(self.webhook_url)

    @property
    def event_labels(self) -> list[str]:
        from core.robots import EVENTS

        return [str(EVENTS.get(key, key)) for key in self.events]


class RobotMessage(models.Model):
    """One message for one robot: stored first, sent by core.robots, marked sent only once the
    robot answered errcode 0. `digest_of` > 1: it went out in one digest with others."""

    robot = models.ForeignKey(
        Robot, on_delete=models.CASCADE, related_name="messages", verbose_name=_("group robot")
    )
    event = models.CharField(_("event"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    markdown = models.TextField(_("message"))
    url = models.CharField(_("link"), max_length=500, blank=True)
    # Set for an event that must be announced once only (e.g. "hazard_overdue:12").
    once_key = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    next_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    digest_of = models.PositiveSmallIntegerField(_("sent with"), default=0)
    failed_at = models.DateTimeField(_("given up at"), null=True, blank=True)
    errcode = models.IntegerField(_("robot's answer code"), null=True, blank=True)
    error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("robot message")
        verbose_name_plural = _("robot messages")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["robot", "once_key"],
                condition=~Q(once_key=""),
                name="core_robotmessage_once",
            )
        ]
        indexes = [
            models.Index(
                fields=["next_at"],
                name="core_robotmsg_due",
                condition=Q(next_at__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def state(self) -> str:
        if self.sent_at:
            return str(_("sent"))
        if self.failed_at:
            return str(_("given up"))
        return str(_("failed, will retry")) if self.attempts else str(_("waiting"))
