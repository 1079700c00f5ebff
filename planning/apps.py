from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = _("Planning")

    def ready(self) -> None:
        from planning import admin, metrics, navigation, todo  # noqa: F401  (menu, to-do, admin)

        metrics.register()  # the module's figures in core.metrics (dashboards, reports, KPIs)

        # ---- part: plans (begin) ----
        from core import audit, robots
        from planning import models as plan_models
        from planning import workflow  # noqa: F401  (the plan's steps and their event labels)
        from planning.services.plans import MILESTONE_OVERDUE_EVENT, PLAN_APPROVED_EVENT

        audit.register(
            plan_models.Plan,
            plan_models.PlanArea,
            plan_models.Goal,
            plan_models.Kpi,
            plan_models.KpiValue,
            plan_models.Milestone,
            plan_models.PlanRevision,
            plan_models.KpiSnapshot,
        )
        audit.register_event_labels(
            {
                "plan_revised": _("Plan revised"),
                "kpi_value_entered": _("KPI value entered"),
                "milestone_done": _("Milestone done"),
            }
        )
        robots.register_event(PLAN_APPROVED_EVENT, _("Three-year plan approved"))
        robots.register_event(MILESTONE_OVERDUE_EVENT, _("Plan milestone overdue"))
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
