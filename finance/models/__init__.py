"""Finance records: budget, purchase requests and approvals, quotes, orders, acceptance, payment,
supplier contracts and evaluations, the monthly disclosure."""

from finance.models.budget import BudgetAdjustment, BudgetLine, BudgetMovement, BudgetYear
from finance.models.disclosure import ExpenditureDisclosure
from finance.models.purchasing import (
    Acceptance,
    AcceptanceLine,
    Payment,
    PurchaseOrder,
    Quote,
)
from finance.models.requests import Approval, PurchaseItem, PurchaseRequest, RequestAttachment
from finance.models.settings import FinanceSettings, ProcurementLimit
from finance.models.suppliers import SupplierContract, SupplierEvaluation

__all__ = [
    "Acceptance",
    "AcceptanceLine",
    "Approval",
    "BudgetAdjustment",
    "BudgetLine",
    "BudgetMovement",
    "BudgetYear",
    "ExpenditureDisclosure",
    "FinanceSettings",
    "Payment",
    "ProcurementLimit",
    "PurchaseItem",
    "PurchaseOrder",
    "PurchaseRequest",
    "Quote",
    "RequestAttachment",
    "SupplierContract",
    "SupplierEvaluation",
]

# ---- part: budget (begin) ----
# ---- part: budget (end) ----

# ---- part: requests (begin) ----
# ---- part: requests (end) ----

# ---- part: purchasing (begin) ----
# ---- part: purchasing (end) ----

# ---- part: delivery (begin) ----
from finance.models.delivery import ExcessApproval

__all__ += ["ExcessApproval"]
# ---- part: delivery (end) ----

# ---- part: suppliers (begin) ----
# ---- part: suppliers (end) ----
