"""Background work under faults, with real Celery, Redis, PostgreSQL and a local SMTP sink.

`make bench ARGS=faults` (about 6 minutes). Everything listens on 127.0.0.1 only: a redis-server
of its own on a free port (never the shared 6379), two workers and two beats
(`python -m celery -A config ...`, production settings, sweeps every 5 s), tests.smtp_sink.

1. Worker killed mid-export: a 60,000-row export starts on the only worker, which is killed
   (SIGKILL, whole process group) once rows are written; the job must become "failed" (no
   heartbeat), and its retry must finish it. Jobs left running at the end: 0.
2. A steady stream of notifications (2 a second, one recipient each) for ~3 minutes while the
   mail server is down for 60 s, then hung for 20 s, then Redis is stopped for 60 s (restarted
   empty: every queued message is lost) and an export is started during that outage. Then wait
   until the outbox is empty. Counted from what the SMTP sink received: each e-mail once, none
   lost; the slowest request (notify + commit) while Redis was down; the job queued then.
"""

from __future__ import annotations

import collections
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from core import jobs, services
from core.choices import ExportStatus, Role
from core.models import ExportJob, Notification, Room
from tests.bench.report import Report
from tests.factories import BuildingFactory, SchoolFactory, UserFactory
from tests.smtp_sink import SmtpSink, free_port

ROOT = Path(__file__).resolve().parents[2]
EXPORT_ROWS = 60_000
HEARTBEAT_TIMEOUT = 20  # seconds without a heartbeat before the sweep fails a job
STREAM_SECONDS = 200
RATE_PER_SECOND = 2


class Stack:
    """Redis, workers and beats as subprocesses; logs in a temporary folder."""

    def __init__(self, smtp_port: int):
        self.redis_port = 6390 if _port_free(6390) else free_port()
        self.redis_url = f"redis://127.0.0.1:{self.redis_port}/0"
        self.logs = Path(tempfile.mkdtemp(prefix="zongwu-faults-"))
        self.redis: subprocess.Popen | None = None
        self.workers: dict[str, subprocess.Popen] = {}
        self.beats: list[subprocess.Popen] = []
        db = connection.settings_dict
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SECRET_KEY": "bench-only-secret-key-that-is-long-enough-0123456789",
            "DEBUG": "false",
            "DATABASE_URL": "postgres://{USER}@{host}:{port}/{NAME}".format(
                host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, **db
            ),
            "REDIS_URL": self.redis_url,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_TIMEOUT": "5",
            "JOB_HEARTBEAT_TIMEOUT_SECONDS": str(HEARTBEAT_TIMEOUT),
            "JOB_REQUEUE_SECONDS": "15",
            "LOG_LEVEL": "WARNING",
        }

    def start_redis(self) -> None:
        self.redis = subprocess.Popen(
            [
                *("redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no"),
            ],
            stdout=(self.logs / "redis.log").open("a"),
            stderr=subprocess.STDOUT,
        )
        _wait_port(self.redis_port)

    def stop_redis(self) -> None:
        if self.redis is not None:
            self.redis.terminate()
            self.redis.wait(timeout=10)
            self.redis = None

    def start_worker(self, name: str) -> None:
        self.workers[name] = self._celery(
            name,
            ["worker", "-n", f"{name}@bench", "-c", "2", "--without-mingle", "--without-gossip"],
        )

    def kill_worker(self, name: str) -> None:
        """kill -9 the worker and its pool processes (what the OOM killer or a crash does)."""
        process = self.workers.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def start_beat(self, name: str) -> None:
        schedule = self.logs / f"{name}.schedule"
        self.beats.append(self._celery(name, ["beat", "-s", str(schedule)]))

    def _celery(self, name: str, args: list[str]) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", *args, "--loglevel", "WARNING"],
            cwd=ROOT,
            env=self.env,
            stdout=(self.logs / f"{name}.log").open("a"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killed as a whole
        )

    def stop(self) -> None:
        for process in [*self.workers.values(), *self.beats]:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in [*self.workers.values(), *self.beats]:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        self.stop_redis()


def measure(report: Report) -> None:
    if not shutil.which("redis-server"):
        report.add("faults", "skipped", "redis-server is not installed")
        return
    school = SchoolFactory()
    office = UserFactory(school=school, roles=[Role.LOGISTICS], username="bench-faults")
    _fast_sweeps()
    sink = SmtpSink().start()
    stack = Stack(sink.port)
    try:
        stack.start_redis()
        _point_app_at(stack.redis_url)
        stack.start_worker("w1")  # alone, so that the export surely runs on it
        for name in ("beat1", "beat2"):
            stack.start_beat(name)
        time.sleep(8)  # workers connected, beats loaded the schedule
        _killed_export(report, stack, school, office)
        _stream(report, stack, sink, school, office)
        left = ExportJob.objects.filter(status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING])
        report.add("faults: jobs left queued or running", str(left.count()), "want 0")
    finally:
        stack.stop()
        sink.stop()
        print(f"  (worker, beat and redis logs: {stack.logs})", flush=True)


def _killed_export(report: Report, stack: Stack, school, office) -> None:
    building: Any = BuildingFactory(school=school, campus__school=school)
    Room.objects.bulk_create(
        [
            Room(school=school, building=building, code=f"{i:05d}", name=f"教室{i}")
            for i in range(EXPORT_ROWS)
        ],
        batch_size=5000,
    )
    job = _start_export(school, office)
    job = _wait_job(job, lambda j: j.status == ExportStatus.RUNNING and j.done_rows > 0, 120)
    stack.kill_worker("w1")
    killed_at = time.monotonic()
    report.add("faults: export killed at", f"{job.done_rows:,} rows", "worker w1: kill -9")
    stack.start_worker("w2")  # the other worker (it runs the sweeps beat sends)
    job = _wait_job(job, lambda j: j.status == ExportStatus.FAILED, HEARTBEAT_TIMEOUT + 90)
    report.add(
        "faults: killed export shown failed after",
        f"{time.monotonic() - killed_at:.0f} s",
        f"(heartbeat timeout {HEARTBEAT_TIMEOUT} s + sweep every 5 s) → 失败，请重试",
    )
    stack.start_worker("w1")  # the service manager restarts the killed one
    started = time.monotonic()
    with transaction.atomic():
        retried = jobs.job_retry(job=job, actor=office)
    job = _wait_job(job, lambda j: j.status in {ExportStatus.DONE, ExportStatus.FAILED}, 180)
    report.add(
        "faults: retried export",
        f"{job.status} {job.done_rows:,} rows",
        f"in {time.monotonic() - started:.0f} s, retry accepted: {retried}, runs: {job.attempts}",
    )


def _stream(report: Report, stack: Stack, sink: SmtpSink, school, office) -> None:
    total = STREAM_SECONDS * RATE_PER_SECOND
    people: list[Any] = [
        UserFactory(school=school, roles=[Role.WORKER], email=f"w{i}@bench.example.edu.cn")
        for i in range(total)
    ]
    timeline = collections.OrderedDict(
        [
            (15, ("mail server down", sink.stop)),
            (75, ("mail server up", sink.start)),
            (85, ("mail server hung", lambda: setattr(sink, "hang", True))),
            (105, ("mail server answers again", lambda: setattr(sink, "hang", False))),
            (115, ("Redis stopped", stack.stop_redis)),
            (125, ("export started while Redis is down", None)),
            (175, ("Redis started (empty)", stack.start_redis)),
        ]
    )
    latencies: dict[str, list[float]] = collections.defaultdict(list)
    errors: list[str] = []
    state: dict[str, Any] = {"phase": "normal", "job": None}
    stop = threading.Event()

    def produce() -> None:
        for i, person in enumerate(people):
            if stop.is_set():
                return
            started = time.monotonic()
            try:
                with transaction.atomic():
                    services.notify(recipients=[person], school=school, title=f"bench-{i}")
            except Exception as exc:  # the point is that there are none
                errors.append(repr(exc))
            latencies[state["phase"]].append(time.monotonic() - started)
            time.sleep(max(0, 1 / RATE_PER_SECOND - (time.monotonic() - started)))
        connection.close()

    producer = threading.Thread(target=produce)
    begin = time.monotonic()
    producer.start()
    for at, (label, action) in timeline.items():
        time.sleep(max(0, at - (time.monotonic() - begin)))
        print(f"  t={at:>3} s {label}", flush=True)
        if action is not None:
            action()
        else:
            state["job"] = _start_export(school, office)
        state["phase"] = label
    producer.join()
    created = Notification.objects.filter(title__startswith="bench-").count()
    drained = _wait_outbox(600)
    counts = collections.Counter(m.subject for m in sink.received if m.subject.startswith("bench-"))
    twice = sum(1 for n in counts.values() if n > 1)
    lost = created - len(counts)
    report.add("faults: notifications created", str(created), f"{len(errors)} request errors")
    report.add(
        "faults: e-mails received",
        f"{sum(counts.values())}",
        f"distinct {len(counts)}, sent twice {twice}, lost {lost}; "
        f"outbox drained {drained:.0f} s after the last one",
    )
    slowest = max(
        latencies.get("Redis stopped", [0])
        + latencies.get("export started while Redis is down", [0])
    )
    report.add("faults: slowest notify+commit while Redis is down", f"{slowest * 1000:.0f} ms")
    gave_up = Notification.objects.filter(email_failed_at__isnull=False).count()
    most = max(Notification.objects.values_list("email_attempts", flat=True), default=0)
    report.add("faults: e-mails given up / most attempts", f"{gave_up} / {most}")
    job = _wait_job(
        state["job"], lambda j: j.status in {ExportStatus.DONE, ExportStatus.FAILED}, 180
    )
    report.add(
        "faults: export queued while Redis was down",
        f"{job.status}",
        f"{job.done_rows:,} rows, attempts {job.attempts} (re-queued by the sweep)",
    )
    if errors:
        print("  first request error:", errors[0], flush=True)


def _start_export(school, office) -> ExportJob:
    with transaction.atomic():
        job = ExportJob.objects.create(
            school=school,
            requested_by=office,
            view_name="core:room_list",
            title="rooms",
            total_rows=EXPORT_ROWS,
        )
        jobs.enqueue(job)
    return job


def _wait_job(job: ExportJob, done, timeout: float) -> ExportJob:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if done(job):
            return job
        time.sleep(0.5)
    raise RuntimeError(f"job {job.pk} still {job.status} ({job.done_rows} rows) after {timeout}s")


def _wait_outbox(timeout: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        pending = Notification.objects.filter(emailed_at__isnull=True, email_next_at__isnull=False)
        if not pending.exists():
            return time.monotonic() - started
        time.sleep(1)
    raise RuntimeError(f"{pending.count()} e-mails still unsent after {timeout}s")


def _fast_sweeps() -> None:
    """The data migration schedules the sweeps every minute; the bench runs them every 5 s."""
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    every, _ = IntervalSchedule.objects.get_or_create(every=5, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.filter(task__in=["core.send_pending_emails", "core.sweep_jobs"]).update(
        interval=every, crontab=None
    )
    PeriodicTask.objects.exclude(task__startswith="core.").update(enabled=False)


def _point_app_at(redis_url: str) -> None:
    """This process files notifications and exports as the web app does: tasks go to Redis."""
    from config.celery import app

    app.conf.update(
        broker_url=redis_url,
        task_always_eager=False,
        broker_transport_options={"visibility_timeout": 35 * 60, "socket_connect_timeout": 3},
    )
    app._pool = None  # type: ignore[attr-defined]
    app.amqp._producer_pool = None  # type: ignore[attr-defined]


def _port_free(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def _wait_port(port: int, timeout: float = 10) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")
