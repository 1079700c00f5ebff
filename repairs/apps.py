from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RepairsConfig(AppConfig):
    name = "repairs"
    verbose_name = _("Repairs")

    def ready(self) -> None:
        from repairs import notables

        notables.register()  # the monthly report's list of this module (core.reports)
        from core import audit
        from repairs import (  # noqa: F401  (menu, step events)
            metrics,
            models,
            navigation,
            related,
            todo,
            workflow,
        )

        metrics.register()  # the module's figures in core.metrics (dashboards, reports)
        related.register()  # report-a-repair buttons and lists on core's and assets' pages
        from repairs import signals

        signals.connect()  # calendar edits recompute the stored working hours (durations)

        audit.register_event_labels(
            {
                "repair_submitted": pgettext_lazy("repair event", "Submitted"),
                "repair_sla_breached": pgettext_lazy("repair event", "Time limit exceeded"),
            }
        )
        audit.register(
            models.RepairSettings,
            models.RepairRequest,
            models.PublicRepairRequest,
            models.RepairJob,
            models.RepairEvent,
            models.WorkRecord,
            models.RepairPhoto,
        )
