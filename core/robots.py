"""Group robots: WeCom (企业微信) and DingTalk (钉钉) webhooks told of a school's events.

Modules call :func:`announce` where an event happens; it stores one RobotMessage per robot of the
school subscribed to that event and queues the send after commit. The stored row is the truth,
as in core.outbox: a sender claims a robot with one conditional UPDATE (so one sender at a time
keeps its rate limit), posts its due rows, and marks a row sent only once the robot answered
errcode 0. A refusal or a network error is recorded on the row (the robot's page shows it) and
retried with core.outbox's backoff; the sweep beat runs every minute sends what is left (missed
by a broker outage, deferred by the rate limit, or claimed by a worker that died).

At most ROBOT_MAX_PER_MINUTE requests per robot in any minute: when more rows wait than the
minute allows, the last request is one digest carrying the rest, so nothing is dropped.

The webhook address and the secret never reach a log line, an error text or a page in full.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
import time
import urllib.parse
import urllib.request
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from core import outbox
from core.models import Robot, RobotKind, RobotMessage, School

logger = logging.getLogger(__name__)

# Event keys a robot may subscribe to; later modules add theirs with register_event().
EVENTS: dict[str, str | Promise] = {}
DIGEST_TITLES = 30  # titles listed in a digest; the rest are counted
CLAIM_LEASE_SECONDS = 5 * 60  # longer than 20 slow requests (5 s timeout each)


def register_event(key: str, label: str | Promise) -> None:
    """Call from AppConfig.ready() (or at import): a new event robots can be told of."""
    EVENTS[key] = label


def event_choices() -> list[tuple[str, str | Promise]]:
    return list(EVENTS.items())


register_event("urgent_repair", gettext_lazy("Urgent repair filed"))
register_event("sla_breached", gettext_lazy("Repair SLA breached"))
register_event("serious_hazard", gettext_lazy("Serious hazard found"))
register_event("hazard_overdue", gettext_lazy("Hazard overdue"))
register_event("report_ready", gettext_lazy("Monthly report ready"))


# ---- secrets and addresses ----------------------------------------------------------------


def mask(url: str) -> str:
    """The address with its token cut to two characters each side: ``...?access_token=ab…9f``."""
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    shown = "&".join(f"{key}={_cut(value)}" for key, value in query)
    base = f"{parts.scheme}://{parts.netloc}{parts.path}"
    return f"{base}?{shown}" if shown else base


def _cut(value: str) -> str:
    return f"{value[:2]}…{value[-2:]}" if len(value) > 6 else "…"


def check_webhook_url(url: str) -> None:
    """Refuse an address that is not https on one of ROBOT_ALLOWED_HOSTS (a clear message)."""
    try:
        parts = urllib.parse.urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        raise ValidationError(_("Enter the robot's webhook address."), code="malformed") from None
    if _local_test_server(parts.scheme, host):
        return
    if parts.scheme != "https":
        raise ValidationError(_("The webhook address must start with https://."), code="not_https")
    allowed = [h.lower() for h in settings.ROBOT_ALLOWED_HOSTS]
    if host not in allowed or port not in (None, 443) or parts.username or parts.password:
        raise ValidationError(
            _("Robots may only post to %(hosts)s.") % {"hosts": "、".join(allowed)},
            code="host_not_allowed",
        )


def _local_test_server(scheme: str, host: str) -> bool:
    return settings.ROBOT_ALLOW_INSECURE_LOCAL and scheme == "http" and host == "127.0.0.1"


# ---- announcing -------------------------------------------------------------------------------


@transaction.atomic
def announce(
    *,
    school: School,
    event: str,
    title: str,
    markdown: str = "",
    url: str = "",
    once_key: str = "",
) -> list[RobotMessage]:
    """Store one message per enabled robot of the school subscribed to `event`, and queue their
    sending after commit. With `once_key` a robot that was already told under that key is not
    told again (also under a race: a unique constraint). Returns the rows stored."""
    if event not in EVENTS:
        raise ValueError(f"unknown robot event {event!r}; register it with register_event()")
    robots = [r for r in Robot.objects.filter(school=school, enabled=True) if event in r.events]
    if once_key:
        told = set(
            RobotMessage.objects.filter(robot__in=robots, once_key=once_key).values_list(
                "robot_id", flat=True
            )
        )
        robots = [r for r in robots if r.pk not in told]
    if not robots:
        return []
    link = _absolute(url)
    text = _compose(title, markdown, link)
    now = timezone.now()
    rows = [
        RobotMessage(
            robot=robot,
            event=event,
            title=title[:200],
            markdown=text,
            url=link[:500],
            once_key=once_key,
            created_at=now,
            next_at=now,
        )
        for robot in robots
    ]
    RobotMessage.objects.bulk_create(rows, ignore_conflicts=bool(once_key))
    from core import tasks

    tasks.enqueue_on_commit(tasks.send_robot_messages, [robot.pk for robot in robots])
    return rows


def _absolute(url: str) -> str:
    from core.qr import absolute

    return absolute(url) if url.startswith("/") else url


def _compose(title: str, markdown: str, link: str) -> str:
    parts = [f"### {title}"]
    if markdown:
        parts.append(markdown)
    if link:
        parts.append(f"[{_('Open in Zongwu')}]({link})")
    return "\n\n".join(parts)


# ---- sending ------------------------------------------------------------------------------


def send_due(*, robot_ids: Sequence[int] | None = None, now: dt.datetime | None = None) -> int:
    """Send the due messages of these robots (all robots if None); returns how many were sent.

    `now` is the sweep's clock (tests move it on); a robot's requests are paced on it."""
    now = now or timezone.now()
    pending = RobotMessage.objects.filter(_due(now))
    if robot_ids is not None:
        pending = pending.filter(robot_id__in=robot_ids)
    ids = sorted(set(pending.values_list("robot_id", flat=True)))
    return sum(_send_robot(robot_id, now) for robot_id in ids)


def _due(now: dt.datetime):
    from django.db.models import Q

    return Q(sent_at__isnull=True, failed_at__isnull=True, next_at__lte=now)


def _send_robot(robot_id: int, now: dt.datetime) -> int:
    if not _claim(robot_id, now):
        return 0  # another sender has this robot now; it sends these rows too
    try:
        return _send_claimed(Robot.objects.get(pk=robot_id), now)
    finally:
        Robot.objects.filter(pk=robot_id).update(sending_since=None)


def _claim(robot_id: int, now: dt.datetime) -> bool:
    """Take the robot for this sender; a claim older than the lease (a killed worker) is taken."""
    from django.db.models import Q

    stale = now - dt.timedelta(seconds=CLAIM_LEASE_SECONDS)
    free = Q(sending_since__isnull=True) | Q(sending_since__lt=stale)
    return Robot.objects.filter(free, pk=robot_id, enabled=True).update(sending_since=now) == 1


def _send_claimed(robot: Robot, now: dt.datetime) -> int:
    pending = list(robot.messages.filter(_due(now)).order_by("created_at", "pk")[:500])
    minute_ago = now.timestamp() - 60
    recent = [t for t in robot.recent_sends if t > minute_ago]
    free = settings.ROBOT_MAX_PER_MINUTE - len(recent)
    sent = 0
    if free <= 0:
        _defer(pending, until=min(recent) + 60)
    else:
        for batch in _batches(pending, free):
            recent.append(now.timestamp())
            if not _deliver(robot, batch, now):
                break  # the robot refuses or is away: the rest waits for the sweep
            sent += len(batch)
    Robot.objects.filter(pk=robot.pk).update(recent_sends=recent[-settings.ROBOT_MAX_PER_MINUTE :])
    return sent


def _batches(pending: list[RobotMessage], free: int) -> list[list[RobotMessage]]:
    """One request per row while the minute allows; else the last request is a digest."""
    if len(pending) <= free:
        return [[row] for row in pending]
    return [[row] for row in pending[: free - 1]] + [pending[free - 1 :]]


def _defer(rows: list[RobotMessage], *, until: float) -> None:
    """The minute is used up: the rows wait (not a failure) until a request is free again."""
    at = dt.datetime.fromtimestamp(until, tz=dt.UTC)
    RobotMessage.objects.filter(pk__in=[r.pk for r in rows]).update(next_at=at)


def _deliver(robot: Robot, batch: list[RobotMessage], now: dt.datetime) -> bool:
    title, text = _digest(batch) if len(batch) > 1 else (batch[0].title, batch[0].markdown)
    try:
        check_webhook_url(robot.webhook_url)
        code, answer = _post(robot, title, text)
    except (OSError, ValueError, ValidationError) as exc:
        code, answer = None, _scrub(robot, f"{type(exc).__name__}: {exc}")
    ids = [row.pk for row in batch]
    if code == 0:
        # Marked only now: the robot has accepted the message.
        RobotMessage.objects.filter(pk__in=ids, sent_at__isnull=True).update(
            sent_at=timezone.now(), next_at=None, errcode=0, error="", digest_of=len(batch)
        )
        return True
    logger.warning(
        "group robot %s refused %s message(s): errcode %s %s", robot.pk, len(ids), code, answer
    )
    for row in batch:
        _failed(row, code, answer, now)
    return False


def _failed(row: RobotMessage, code: int | None, answer: str, now: dt.datetime) -> None:
    attempts = row.attempts + 1
    gave_up = now - row.created_at >= dt.timedelta(hours=settings.ROBOT_GIVE_UP_HOURS)
    RobotMessage.objects.filter(pk=row.pk, sent_at__isnull=True).update(
        attempts=attempts,
        errcode=code,
        error=answer[:300],
        next_at=None if gave_up else now + outbox.backoff(attempts),
        failed_at=now if gave_up else None,
    )


def _digest(batch: list[RobotMessage]) -> tuple[str, str]:
    title = _("%(n)s notices") % {"n": len(batch)}
    lines = [f"### {title}"]
    for row in batch[:DIGEST_TITLES]:
        lines.append(f"- [{row.title}]({row.url})" if row.url else f"- {row.title}")
    if len(batch) > DIGEST_TITLES:
        lines.append(_("and %(n)s more notices") % {"n": len(batch) - DIGEST_TITLES})
    return title, "\n".join(lines)


def _scrub(robot: Robot, text: str) -> str:
    """An error text never carries the address or the secret."""
    for secret in (robot.webhook_url, robot.secret):
        if secret:
            text = text.replace(secret, "…")
    return text


# ---- the two services' wire formats ---------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A robot never redirects: a 3xx is an error, not a post to another (unchecked) host."""

    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _post(robot: Robot, title: str, text: str) -> tuple[int, str]:
    """POST the markdown; (errcode, errmsg) of the robot's answer. The caller has checked the
    address (https on an allowed host) just before."""
    body = json.dumps(_payload(robot, title, text), ensure_ascii=False).encode()
    request = urllib.request.Request(  # noqa: S310 (scheme checked by check_webhook_url)
        _signed_url(robot), data=body, headers={"Content-Type": "application/json"}
    )
    with _OPENER.open(request, timeout=settings.ROBOT_TIMEOUT_SECONDS) as response:
        answer = json.loads(response.read(65536) or b"{}")
    return int(answer.get("errcode", -1)), str(answer.get("errmsg", ""))[:200]


def _payload(robot: Robot, title: str, text: str) -> dict:
    if robot.kind == RobotKind.WECOM:
        return {"msgtype": "markdown", "markdown": {"content": text}}
    if robot.keyword and robot.keyword not in text:
        text = f"{text}\n\n{robot.keyword}"  # keyword mode: the robot drops texts without it
    return {"msgtype": "markdown", "markdown": {"title": title, "text": text}}


def _signed_url(robot: Robot) -> str:
    """DingTalk's signing: timestamp (ms) and base64(HMAC-SHA256(secret, "ts\\nsecret"))."""
    if robot.kind != RobotKind.DINGTALK or not robot.secret:
        return robot.webhook_url
    timestamp = str(round(time.time() * 1000))
    return (
        robot.webhook_url
        + ("&" if "?" in robot.webhook_url else "?")
        + sign_query(robot.secret, timestamp)
    )


def sign_query(secret: str, timestamp: str) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    return f"timestamp={timestamp}&sign={sign}"


def announce_report(sender: Any, report: Any, **kwargs: Any) -> None:
    """core.reports.report_ready: the robots subscribed to it are told once per build (a retry of
    the same build tells nobody twice; a regenerated report is a new build)."""
    built = report.generated_at.isoformat() if report.generated_at else ""
    announce(
        school=report.school,
        event="report_ready",
        title=gettext("The monthly report of %(month)s is ready") % {"month": report.code},
        markdown=gettext("PDF and Excel are on the reports page."),
        url=reverse("core:report_list"),
        once_key=f"report:{report.pk}:{built}",
    )
