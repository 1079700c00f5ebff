from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = _("Planning")

    def ready(self) -> None:
        from planning import admin, metrics, navigation, todo  # noqa: F401  (menu, to-do, admin)

        metrics.register()  # the module's figures in core.metrics (dashboards, reports, KPIs)

        # ---- part: plans (begin) ----
        pass
        # ---- part: plans (end) ----

        # ---- part: calendar (begin) ----
        from core import audit, resources
        from planning.models import WorkItem, WorkTask
        from planning.views_calendar import ALL as CALENDAR_RESOURCES

        audit.register(WorkItem, WorkTask)
        resources.register(CALENDAR_RESOURCES)  # menu entries (items, tasks)
        # ---- part: calendar (end) ----

        # ---- part: surveys (begin) ----
        from planning import apps_surveys

        apps_surveys.ready()
        # ---- part: surveys (end) ----
