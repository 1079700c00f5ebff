"""Serve the app with gunicorn against the bench database and hit it with concurrent clients.

with serve() as base_url:
    cookie = session_cookie(user)
    stats = hammer(base_url, ["/places/rooms/"], clients=10, requests=200, cookie=cookie)
    report.add("rooms list, 10 clients", f"{stats.p95:.0f} ms p95", stats.summary())
"""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve(
    workers: int = 5, threads: int = 1, extra_env: dict[str, str] | None = None
) -> Iterator[str]:
    """gunicorn on 127.0.0.1 (loopback only) using the bench database; stopped on exit."""
    port = free_port()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "tests.bench.settings"),
        "DATABASE_URL": "postgres://{USER}@{host}:{port}/{NAME}".format(
            host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, **db
        ),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        **(extra_env or {}),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        _wait_for(port)
        yield f"127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_for(port: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status in (200, 503):
                return
        time.sleep(0.3)
    raise RuntimeError("gunicorn did not start")


def session_cookie(user) -> str:
    """A logged-in session for `user`, as a Cookie header value."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


@dataclass
class Stats:
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    @property
    def p95(self) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] if ordered else 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else 0.0

    @property
    def throughput(self) -> float:
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0

    def summary(self) -> str:
        return (
            f"median {self.median:.0f} ms, p95 {self.p95:.0f} ms, "
            f"{self.throughput:.0f} req/s, {self.errors} errors"
        )


Request = Callable[[http.client.HTTPConnection], int]  # sends one request, returns the status


def get(path: str, cookie: str = "", headers: dict | None = None) -> Request:
    def send(conn: http.client.HTTPConnection) -> int:
        conn.request("GET", path, headers={"Cookie": cookie, **(headers or {})})
        response = conn.getresponse()
        response.read()
        return response.status

    return send


def hammer(
    address: str,
    request: Request,
    *,
    clients: int,
    requests: int,
    ok: Callable[[int], bool] = lambda status: status < 400,
) -> Stats:
    """`clients` threads, each with its own keep-alive connection, share `requests` requests."""
    host, port = address.split(":")
    stats = Stats()
    lock = threading.Lock()
    remaining = [requests]

    def client() -> None:
        conn = http.client.HTTPConnection(host, int(port), timeout=60)
        while True:
            with lock:
                if remaining[0] <= 0:
                    break
                remaining[0] -= 1
            start = time.perf_counter()
            try:
                status = request(conn)
                failed = not ok(status)
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(host, int(port), timeout=60)
                failed = True
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                stats.latencies_ms.append(elapsed)
                stats.errors += int(failed)
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stats.seconds = time.perf_counter() - started
    return stats
