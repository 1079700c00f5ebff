"""Test helpers shared by every app's tests (factories are in tests/factories.py)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url: str, params: dict | None = None, **extra) -> int:
    """Queries one GET runs (a streamed body is read to the end); the page must answer 200."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {**(params or {}), **extra})
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)
