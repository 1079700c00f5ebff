from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = _("Finance")

    def ready(self) -> None:
        from finance import admin, metrics, navigation, todo  # noqa: F401  (menu, to-do, admin)

        metrics.register()  # the module's figures in core.metrics (dashboards, reports, KPIs)
        from core import audit, robots

        robots.register_event("budget_line_exhausted", _("Budget line exhausted"))
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
        from finance import admin_budget, workflow_budget  # noqa: F401  (admin, adjustment steps)
        from finance.views import budget as budget_views

        audit.register_event_labels(
            {
                "budget_year_closed": _("Budget year closed"),
                "budget_year_reopened": _("Budget year reopened"),
                "adjustment_requested": _("Adjustment requested"),
            }
        )
        from core import resources as budget_resources

        budget_resources.register(budget_views.ALL)  # menu entries of years and lines
        # ---- part: budget (end) ----

        # ---- part: requests (begin) ----
        pass
        # ---- part: requests (end) ----

        # ---- part: purchasing (begin) ----
        from finance.services import purchasing as _purchasing

        audit.register_event_labels(_purchasing.EVENT_LABELS)
        # ---- part: purchasing (end) ----

        # ---- part: delivery (begin) ----
        from finance import related_delivery

        audit.register(models.ExcessApproval)
        audit.register_event_labels(
            {"purchase_excess_approved": _("Invoice above the estimate approved")}
        )
        related_delivery.register()  # an asset card lists the purchase it came from
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
