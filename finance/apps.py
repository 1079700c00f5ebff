from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = _("Finance")

    def ready(self) -> None:
        from finance import admin, metrics, navigation, todo  # noqa: F401  (menu, to-do, admin)

        metrics.register()  # the module's figures in core.metrics (dashboards, reports, KPIs)
        from core import audit
        from finance import models, workflow  # noqa: F401  (the purchase chain's steps)

        audit.register(
            models.FinanceSettings,
            models.BudgetYear,
            models.BudgetLine,
            models.BudgetMovement,
            models.BudgetAdjustment,
            models.PurchaseRequest,
            models.PurchaseItem,
            models.RequestAttachment,
            models.Approval,
            models.Quote,
            models.PurchaseOrder,
            models.Acceptance,
            models.AcceptanceLine,
            models.Payment,
            models.SupplierContract,
            models.SupplierEvaluation,
            models.ExpenditureDisclosure,
        )

        # ---- part: budget (begin) ----
        pass
        # ---- part: budget (end) ----

        # ---- part: requests (begin) ----
        pass
        # ---- part: requests (end) ----

        # ---- part: purchasing (begin) ----
        pass
        # ---- part: purchasing (end) ----

        # ---- part: delivery (begin) ----
        pass
        # ---- part: delivery (end) ----

        # ---- part: suppliers (begin) ----
        from core import related, resources
        from core.related import RelatedList
        from finance.views import suppliers as supplier_views

        resources.register(supplier_views.ALL)
        related.register_list(
            RelatedList(
                target="core.Supplier",
                title=_("Contracts"),
                model="finance.SupplierContract",
                rows=lambda rows, supplier: rows.filter(supplier=supplier).select_related(
                    "supplier"
                ),
                empty=_("No contract recorded."),
            )
        )
        related.register_list(
            RelatedList(
                target="core.Supplier",
                title=_("Yearly evaluations"),
                model="finance.SupplierEvaluation",
                rows=lambda rows, supplier: rows.filter(supplier=supplier).select_related(
                    "supplier"
                ),
                empty=_("Not evaluated yet."),
            )
        )
        from finance import workflow_disclosure  # noqa: F401  (the disclosure's steps)
        # ---- part: suppliers (end) ----
