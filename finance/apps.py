from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = _("Finance")

    def ready(self) -> None:
        from finance import admin, metrics, navigation, todo  # noqa: F401  (menu, to-do, admin)

        metrics.register()  # the module's figures in core.metrics (dashboards, reports, KPIs)

        # ---- part: budget (begin) ----
        pass
        # ---- part: budget (end) ----

        # ---- part: requests (begin) ----
        pass
        # ---- part: requests (end) ----

        # ---- part: purchasing (begin) ----
        pass
        # ---- part: purchasing (end) ----

        # ---- part: suppliers (begin) ----
        pass
        # ---- part: suppliers (end) ----
