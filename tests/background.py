"""Faults for the background-work tests: a broker that is down, a mail server (tests.smtp_sink)."""

from __future__ import annotations

from contextlib import contextmanager

from config.celery import app
from tests.smtp_sink import free_port


def _reset_pools() -> None:
    # The producer pools hold connections to the broker configured when they were made.
    app._pool = None  # type: ignore[attr-defined]
    app.amqp._producer_pool = None  # type: ignore[attr-defined]


@contextmanager
def broker_down():
    """Tasks are really sent (not run eagerly) to a Redis address nobody listens on."""
    saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=f"redis://127.0.0.1:{free_port()}/0", task_always_eager=False)
    _reset_pools()
    try:
        yield
    finally:
        app.conf.update(saved)
        _reset_pools()


def use_smtp(settings, port: int, *, timeout: int = 10) -> None:
    """Send e-mail by SMTP to 127.0.0.1:port (a tests.smtp_sink.SmtpSink, up, hung or down)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = timeout
