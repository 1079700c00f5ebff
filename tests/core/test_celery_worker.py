"""A real Celery worker (not eager) takes tasks from the configured broker and stores results.

Locally without REDIS_URL the broker is the folder-based transport, which needs no server, so this
runs everywhere. With REDIS_URL it needs Redis: skipped locally when Redis is down, failed in CI.

The worker runs in a thread of this process (solo pool) and consumes only a queue named for this
run, so two test runs sharing a broker (a machine with several checkouts, one Redis database in
CI) cannot take each other's tasks.
"""

from __future__ import annotations

import threading
import uuid
from contextlib import contextmanager

import pytest
from celery.contrib.testing.worker import start_worker
from celery.result import AsyncResult
from celery.signals import after_task_publish, task_postrun
from django.conf import settings
from django.db import connections
from django_celery_results.models import TaskResult

from config.celery import app
from core import services
from core.models import Notification
from core.tasks import ping, send_notification_emails
from tests.conftest import require_service

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

TIMEOUT = 20


def require_broker() -> None:
    url = settings.CELERY_BROKER_URL
    if not url.startswith("redis"):
        return  # filesystem:// needs no server
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
    except redis.exceptions.RedisError as exc:
        require_service(f"Redis at {url} is not reachable ({exc})")


class FinishedTasks:
    """task_postrun receiver: runs in the worker thread once a task's result is stored.

    Waiting for it before reading results keeps the test thread off the database while the worker
    writes: the local test database is SQLite in memory with a shared cache, where a concurrent
    read fails at once with "database table is locked" instead of waiting.
    """

    def __init__(self) -> None:
        self._done: set[str] = set()
        self._changed = threading.Condition()

    def __call__(self, sender=None, task_id=None, **kwargs) -> None:
        # With CONN_MAX_AGE the worker thread's PostgreSQL connection would stay open until the
        # thread is garbage-collected; close it so it cannot keep the test database from being
        # dropped. (SQLite in memory ignores close().)
        connections.close_all()
        with self._changed:
            self._done.add(task_id)
            self._changed.notify_all()

    def wait(self, task_id: str, timeout: float = TIMEOUT) -> None:
        with self._changed:
            if not self._changed.wait_for(lambda: task_id in self._done, timeout):
                pytest.fail(f"the worker did not finish task {task_id} within {timeout}s")


@contextmanager
def real_worker():
    """Turn eager mode off and run a worker on a queue of its own for the block."""
    queues = app.amqp.queues
    queue = queues.add(
        f"zongwu-test-{uuid.uuid4().hex[:12]}",
        exchange=app.conf.task_default_exchange,
        routing_key=None,  # the queue's name
    )
    saved_conf = {
        key: app.conf[key]
        for key in (
            "task_always_eager",
            "task_eager_propagates",
            "task_default_queue",
            "worker_hijack_root_logger",
            "worker_enable_remote_control",
        )
    }
    saved_consume_from = queues._consume_from  # start_worker(queues=...) narrows it in place
    finished = FinishedTasks()
    app.conf.update(
        task_always_eager=False,
        task_eager_propagates=False,
        task_default_queue=queue.name,
        worker_hijack_root_logger=False,  # leave pytest's log capture alone
        worker_enable_remote_control=False,  # no pidbox queue left behind in the broker
    )
    task_postrun.connect(finished, weak=False, dispatch_uid="zongwu-test-finished")
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, shutdown_timeout=30, queues=[queue.name]
        ):
            yield finished
    finally:
        task_postrun.disconnect(dispatch_uid="zongwu-test-finished")
        app.conf.update(saved_conf)
        queues._consume_from = saved_consume_from
        queues.pop(queue.name, None)
        with app.connection_for_write() as conn:
            bound = queue.bind(conn.default_channel)
            bound.declare()  # a channel only unbinds the bindings it knows of
            bound.delete()


@contextmanager
def published_ids(task_name: str):
    """Collect the ids of the tasks of this name sent to the broker during the block."""
    ids: list[str] = []

    def collect(sender=None, headers=None, **kwargs):
        if sender == task_name and headers:
            ids.append(headers["id"])

    after_task_publish.connect(collect, weak=False, dispatch_uid=f"zongwu-test-{task_name}")
    try:
        yield ids
    finally:
        after_task_publish.disconnect(dispatch_uid=f"zongwu-test-{task_name}")


def test_worker_runs_tasks_through_the_broker(make_user, school, mailoutbox):
    require_broker()
    teacher = make_user("teacher", email="liu.fang@example.edu.cn")
    no_email = make_user("teacher", email="")

    with real_worker() as finished:
        result = ping.delay()
        finished.wait(result.id)
        assert result.get(timeout=TIMEOUT) == "pong"

        with published_ids(send_notification_emails.name) as sent_ids:
            notes = services.notify(
                recipients=[teacher, no_email],
                school=school,
                title="报修单已受理",
                body="明德楼 101 的灯已安排维修。",
                url="/repairs/",
            )
        assert len(sent_ids) == 1, "notify() should queue exactly one e-mail task"
        finished.wait(sent_ids[0])
        assert AsyncResult(sent_ids[0], app=app).get(timeout=TIMEOUT) == 1

    # Not eager: the worker ran the task and stored the result (CELERY_RESULT_EXTENDED=True).
    stored = TaskResult.objects.get(task_id=result.id)
    assert stored.task_name == "core.ping"
    assert stored.status == "SUCCESS"
    assert stored.result == '"pong"'
    assert stored.worker  # the worker's node name: written by a worker, not by an eager apply()

    by_recipient = {
        note.recipient_id: note
        for note in Notification.objects.filter(pk__in=[n.pk for n in notes])
    }
    assert by_recipient[teacher.pk].emailed_at is not None
    assert by_recipient[no_email.pk].emailed_at is None
    assert [message.to for message in mailoutbox] == [["liu.fang@example.edu.cn"]]
    assert mailoutbox[0].subject == "报修单已受理"
    assert f"{settings.SITE_URL}/repairs/" in mailoutbox[0].body
