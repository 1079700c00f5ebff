"""Survey tasks: close the surveys whose deadline has passed (answers are refused past the
deadline anyway; this sets the status the pages show)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="planning.surveys_close_past_deadline", acks_late=True)
def surveys_close_past_deadline() -> int:
    from planning.services_surveys import surveys_close_past_deadline as close

    return close()
