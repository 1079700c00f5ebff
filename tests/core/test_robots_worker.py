"""Group-robot messages with a real Celery worker and Redis (tests.core.test_celery_worker's):
a refused message is retried by two beats sweeping at once and reaches the robot exactly once."""

from __future__ import annotations

import pytest
from django.utils import timezone

from core import robots
from core.models import Robot, RobotMessage
from core.tasks import send_pending_robot_messages
from tests.core.test_celery_worker import published_ids, real_worker, require_broker
from tests.robot_server import RobotServer

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_two_beats_sweeping_at_once_post_a_refused_message_once(school, settings):
    require_broker()
    settings.ROBOT_ALLOW_INSECURE_LOCAL = True
    with RobotServer(secret="SECright0123456789") as server, real_worker() as finished:
        robot = Robot.objects.create(
            school=school,
            kind="dingtalk",
            name="总务群",
            webhook_url=server.url(),
            secret="SECwrong0123456789",
            events=["urgent_repair"],
        )
        with published_ids("core.send_robot_messages") as sent:
            robots.announce(school=school, event="urgent_repair", title="停电", url="/repairs/")
        finished.wait(sent[0])
        assert [r["errcode"] for r in server.requests] == [310000]  # refused, kept

        Robot.objects.filter(pk=robot.pk).update(secret="SECright0123456789")
        RobotMessage.objects.update(next_at=timezone.now())
        first, second = send_pending_robot_messages.delay(), send_pending_robot_messages.delay()
        finished.wait(first.id)
        finished.wait(second.id)
    assert first.get() + second.get() == 1
    assert [r["errcode"] for r in server.requests] == [310000, 0]
    assert RobotMessage.objects.get().sent_at is not None
