"""One audit trail for every app (django-auditlog's single LogEntry table).

Models are registered in their app's `apps.py`; services add a named workflow event with
:func:`record_event`, and bulk writes that bypass signals must call it explicitly.
"""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy

# Timestamps change on every save and say nothing the log entry's own time does not.
NOT_WORTH_LOGGING = ["created_at", "updated_at"]


# Labels of the workflow events services record; apps add theirs with register_event_labels().
EVENT_LABELS: dict[str, object] = {
    "archived": gettext_lazy("Archived"),
    "restored": gettext_lazy("Restored"),
    "roles_changed": gettext_lazy("Roles changed"),
    "stock_in": gettext_lazy("Stock received"),
    "stock_issued": gettext_lazy("Stock issued"),
}


def register_event_labels(labels: dict[str, object]) -> None:
    """Call from AppConfig.ready(): {"accepted": _("Accepted"), ...} shown in every history list."""
    EVENT_LABELS.update(labels)


def register(*models: type[Model]) -> None:
    for model in models:
        if not auditlog.contains(model):
            auditlog.register(model, exclude_fields=NOT_WORTH_LOGGING)


def record_event(
    instance: Model, *, event: str, actor=None, changes: dict | None = None, **data: Any
) -> LogEntry:
    """Add a named event (e.g. 'archived', 'assigned') to the instance's history."""
    return LogEntry.objects.log_create(
        instance,
        action=LogEntry.Action.UPDATE,
        changes=changes or {},
        actor=actor,
        additional_data={"event": event, **data},
        force_log=True,
    )


def history_for(instance: Model) -> QuerySet[LogEntry]:
    return LogEntry.objects.get_for_object(instance).select_related("actor").order_by("-timestamp")
