"""Group robots (core.robots) against a local fake robot server (tests.robot_server): delivered
once, signed, refusals logged and retried, a broker outage survived, 20 a minute with a digest,
secrets never shown, bad addresses refused."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from core import robots
from core.choices import Role
from core.models import Robot, RobotMessage
from core.tasks import send_pending_robot_messages
from repairs.choices import Priority
from safety import services as safety_services
from safety.choices import Severity
from safety.generation import hazards_announce_overdue
from safety.models import Hazard
from tests.background import broker_down
from tests.repairs.factories import file_request, people
from tests.robot_server import RobotServer

pytestmark = pytest.mark.django_db

SECRET = "SECd9f1c0ffee0123456789abcdef"
TOKEN = "tok3n5ecretabcdef9f"
ALL_EVENTS = ["urgent_repair", "sla_breached", "serious_hazard", "hazard_overdue", "report_ready"]


@pytest.fixture
def local_robots(settings):
    settings.ROBOT_ALLOW_INSECURE_LOCAL = True


@pytest.fixture
def server(local_robots):
    with RobotServer(secret=SECRET) as fake:
        yield fake


def robot_for(school, server, *, secret=SECRET, kind="dingtalk", **extra) -> Robot:
    robot = Robot(
        school=school,
        kind=kind,
        name=extra.pop("name", "总务群"),
        webhook_url=server.url(),
        secret=secret,
        events=extra.pop("events", ALL_EVENTS),
        **extra,
    )
    robot.full_clean()
    robot.save()
    return robot


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a block as a committed transaction: the send task queued on commit runs (eagerly)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def announce(school, title="水管漏水", **extra):
    return robots.announce(
        school=school, event="urgent_repair", title=title, markdown="三楼", url="/repairs/1/"
    )


def test_an_urgent_repair_reaches_the_robot_once_signed_with_a_link(school, server, committed):
    robot = robot_for(school, server)
    crew = people(school)
    with committed():
        request = file_request(school, crew["teacher"], urgency=Priority.URGENT)
    with committed():
        file_request(school, crew["teacher"], urgency=Priority.NORMAL)  # not an event

    assert len(server.requests) == 1 and server.requests[0]["errcode"] == 0
    assert "sign" in server.requests[0]["query"]
    text = server.requests[0]["body"]["markdown"]["text"]
    assert request.number in text
    assert f"http://127.0.0.1:8000{request.get_absolute_url()}" in text
    (row,) = RobotMessage.objects.filter(robot=robot)
    assert row.sent_at is not None and row.errcode == 0 and row.next_at is None

    assert send_pending_robot_messages() == 0  # the sweep finds nothing left: never twice
    assert len(server.requests) == 1


def test_a_wrong_secret_is_refused_logged_on_the_page_and_retried(
    school, server, committed, client, make_user
):
    robot = robot_for(school, server, secret="SECwrongwrongwrong")
    with committed():
        announce(school)
    (row,) = RobotMessage.objects.all()
    assert row.sent_at is None and row.errcode == 310000 and row.attempts == 1
    assert "sign not match" in row.error
    assert row.next_at > timezone.now()  # backoff, not given up

    client.force_login(make_user(Role.DIRECTOR))
    page = client.get(robot.get_absolute_url()).content.decode()
    assert "310000" in page and "sign not match" in page

    # The admin enters the right secret; the address field left blank keeps the stored one.
    form = {"kind": "dingtalk", "name": "总务群", "secret": SECRET, "enabled": "on"}
    response = client.post(f"/settings/robots/{robot.pk}/edit/", {**form, "events": ALL_EVENTS})
    assert response.status_code == 302
    robot.refresh_from_db()
    assert robot.webhook_url == server.url() and robot.secret == SECRET
    assert send_pending_robot_messages() == 0  # not due yet: backoff
    RobotMessage.objects.update(next_at=timezone.now())
    assert send_pending_robot_messages() == 1
    row.refresh_from_db()
    assert row.sent_at is not None and row.errcode == 0 and row.attempts == 1
    assert len(server.accepted) == 1


def test_a_broker_outage_keeps_the_row_and_the_sweep_sends_it(school, server, committed):
    robot_for(school, server)
    with broker_down(), committed():
        announce(school)
    assert server.requests == []
    (row,) = RobotMessage.objects.all()
    assert row.sent_at is None
    assert send_pending_robot_messages() == 1
    row.refresh_from_db()
    assert row.sent_at is not None and len(server.accepted) == 1


def test_25_events_in_a_minute_make_at_most_20_requests_and_lose_none(school, server, committed):
    robot_for(school, server)
    for n in range(25):
        with committed():
            announce(school, title=f"报修 {n}")
    assert len(server.requests) == 20 and len(server.accepted) == 20
    waiting = RobotMessage.objects.filter(sent_at__isnull=True)
    assert waiting.count() == 5 and all(r.next_at > timezone.now() for r in waiting)
    assert send_pending_robot_messages() == 0  # still the same minute: nothing goes out

    a_minute_on = timezone.now() + dt.timedelta(seconds=61)
    server.requests.clear()  # the fake server's minute has passed too
    assert robots.send_due(now=a_minute_on) == 5
    assert RobotMessage.objects.filter(sent_at__isnull=True).count() == 0
    assert len(server.accepted) == 5


def test_a_burst_is_merged_into_one_digest_within_20_requests(school, server, committed):
    robot_for(school, server)
    with committed():
        for n in range(25):
            announce(school, title=f"报修 {n}")
    assert len(server.requests) == 20 and len(server.accepted) == 20
    digest = server.requests[-1]["body"]["markdown"]["text"]
    assert "6" in server.requests[-1]["body"]["markdown"]["title"]
    assert all(f"报修 {n}" in digest for n in range(19, 25))
    assert RobotMessage.objects.filter(sent_at__isnull=True).count() == 0
    assert RobotMessage.objects.filter(digest_of=6).count() == 6


def test_wecom_markdown_and_dingtalk_keyword_mode(school, local_robots, committed):
    with RobotServer() as wecom, RobotServer(keyword="报修") as dingtalk:
        robot_for(school, wecom, kind="wecom", secret="", name="企业微信群")
        robot_for(school, dingtalk, secret="", keyword="报修", name="钉钉群")
        with committed():
            announce(school, title="水管漏水")
    assert wecom.requests[0]["body"]["msgtype"] == "markdown"
    assert "水管漏水" in wecom.requests[0]["body"]["markdown"]["content"]
    assert dingtalk.requests[0]["errcode"] == 0


def test_secrets_never_in_pages_history_or_logs(
    school, server, committed, client, make_user, caplog
):
    robot = robot_for(school, server, secret="SECwrongwrongwrong")
    caplog.set_level(logging.DEBUG)
    with committed():
        announce(school)
    assert "refused" in caplog.text
    client.force_login(make_user(Role.ADMIN))
    pages = [
        client.get(url).content.decode()
        for url in (
            "/settings/robots/",
            robot.get_absolute_url(),
            f"/settings/robots/{robot.pk}/edit/",
        )
    ]
    assert f"access_token={TOKEN[:2]}…{TOKEN[-2:]}" in pages[1]  # masked, as on the page
    assert client.get("/api/v1/core/robots/").status_code == 404  # no API for robots at all
    history = str(list(LogEntry.objects.values_list("changes", flat=True)))
    for text in [*pages, history, caplog.text]:
        assert TOKEN not in text and "SECwrongwrongwrong" not in text


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("http://oapi.dingtalk.com/robot/send?access_token=abc", "必须以 https:// 开头"),
        ("https://evil.example.com/robot/send?access_token=abc", "机器人只能发送到"),
        ("https://oapi.dingtalk.com.evil.example/robot/send", "机器人只能发送到"),
        ("https://oapi.dingtalk.com:8443/robot/send", "机器人只能发送到"),
        ("http://127.0.0.1:9/robot/send", "必须以 https:// 开头"),  # not outside tests
        ("not a url at all", "必须以 https:// 开头"),
    ],
)
def test_a_bad_address_is_refused_in_chinese_and_nothing_stored(
    address, message, client, make_user
):
    client.force_login(make_user(Role.ADMIN))
    response = client.post(
        "/settings/robots/add/",
        {"kind": "dingtalk", "name": "群", "webhook_url": address, "secret": SECRET},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert not Robot.objects.exists()


def test_a_dingtalk_robot_needs_a_secret_or_a_keyword(client, make_user):
    client.force_login(make_user(Role.DIRECTOR))
    response = client.post(
        "/settings/robots/add/",
        {
            "kind": "dingtalk",
            "name": "群",
            "webhook_url": f"https://oapi.dingtalk.com/robot/send?access_token={TOKEN}",
        },
    )
    assert response.status_code == 400 and "加签" in response.content.decode()
    assert not Robot.objects.exists()


def test_only_the_admin_and_the_director_manage_robots(client, make_user):
    client.force_login(make_user(Role.LOGISTICS))
    assert client.get("/settings/robots/").status_code == 403
    client.force_login(make_user(Role.DIRECTOR))
    assert client.get("/settings/robots/").status_code == 200


def test_a_serious_hazard_is_announced_a_general_one_is_not(school, server, committed):
    robot_for(school, server)
    director = people(school)["director"]
    for severity in (Severity.GENERAL, Severity.SERIOUS):
        with committed():
            safety_services.hazard_report(
                school=school, reporter=director, description="配电箱门锁损坏", severity=severity
            )
    assert [m.event for m in RobotMessage.objects.all()] == ["serious_hazard"]
    assert len(server.accepted) == 1


def test_an_overdue_hazard_is_announced_once(school, server, committed):
    robot_for(school, server)
    director = people(school)["director"]
    hazard = safety_services.hazard_report(
        school=school, reporter=director, description="楼梯扶手松动"
    )
    Hazard.objects.filter(pk=hazard.pk).update(deadline=timezone.localdate() - dt.timedelta(days=1))
    with committed():
        assert hazards_announce_overdue() == 1
    with committed():
        assert hazards_announce_overdue() == 0
    assert len(server.accepted) == 1
    assert "楼梯扶手松动" in server.accepted[0]["body"]["markdown"]["text"]


def test_an_sla_breach_is_announced(school, server, committed):
    from repairs import escalation

    robot_for(school, server, events=["sla_breached"])
    crew = people(school)
    request = file_request(school, crew["teacher"], urgency=Priority.URGENT)
    with committed():
        escalation.repair_sla_scan(now=request.respond_due_at + dt.timedelta(minutes=5))
    assert [m.event for m in RobotMessage.objects.all()] == ["sla_breached"]
    assert request.number in server.accepted[0]["body"]["markdown"]["text"]


def test_the_report_ready_event_is_registered_for_the_report_module():
    assert "report_ready" in robots.EVENTS


def test_a_ready_monthly_report_is_announced_once_per_build(school, server, committed):
    from core import reports
    from core.metrics import Period

    robot_for(school, server, events=["report_ready"])
    with committed():
        report = reports.report_generate(school=school, period=Period.month(2026, 10))
    assert len(server.requests) == 1 and server.requests[0]["errcode"] == 0
    assert "2026-10" in server.requests[0]["body"]["markdown"]["text"]
    with committed():
        reports.on_report_ready(report)  # a retry of the same build tells nobody again
    assert len(server.requests) == 1
