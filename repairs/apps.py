from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RepairsConfig(AppConfig):
    name = "repairs"
    verbose_name = _("Repairs")

    def ready(self) -> None:
        from core import audit
        from repairs import models, navigation  # noqa: F401  (registers the menu entries)

        audit.register_event_labels(
            {
                "repair_submitted": pgettext_lazy("repair event", "Submitted"),
                "repair_accepted": pgettext_lazy("repair event", "Accepted"),
                "repair_assigned": pgettext_lazy("repair event", "Assigned"),
                "repair_handed_over": pgettext_lazy("repair event", "Handed over"),
                "repair_started": pgettext_lazy("repair event", "Work started"),
                "repair_work_recorded": pgettext_lazy("repair event", "Work recorded"),
                "repair_done": pgettext_lazy("repair event", "Done"),
                "repair_confirmed": pgettext_lazy("repair event", "Confirmed"),
                "repair_auto_confirmed": pgettext_lazy("repair event", "Confirmed automatically"),
                "repair_rejected": pgettext_lazy("repair event", "Rejected"),
                "repair_marked_duplicate": pgettext_lazy("repair event", "Marked as duplicate"),
                "repair_reopened": pgettext_lazy("repair event", "Reopened"),
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
