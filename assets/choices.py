from django.db import models
from django.utils.translation import gettext_lazy as _


class AssetStatus(models.TextChoices):
    IN_STOCK = "in_stock", _("In stock")
    IN_USE = "in_use", _("In use")
    LENT = "lent", _("Lent out")
    UNDER_REPAIR = "under_repair", _("Under repair")
    IDLE = "idle", _("Idle")
    DISPOSED = "disposed", _("Disposed")
    MISSING = "missing", _("Missing (stocktake)")


class AssetSource(models.TextChoices):
    PURCHASE = "purchase", _("Purchase")
    DONATION = "donation", _("Donation")
    TRANSFER_IN = "transfer_in", _("Transfer in")


class FundingSource(models.TextChoices):
    BUDGET = "budget", _("Government budget")
    SELF_RAISED = "self_raised", _("Self-raised funds")
    SPECIAL = "special", _("Special grant")
    DONATED = "donated", _("Donation")
    OTHER = "other", _("Other")


class MovementKind(models.TextChoices):
    STOCK_IN = "stock_in", _("Stock-in")
    ISSUE = "issue", _("Issue")
    LEND = "lend", _("Lend")
    RETURN = "return", _("Return")
    TRANSFER = "transfer", _("Transfer")
    REPAIR_OUT = "repair_out", _("Sent to repair")
    REPAIR_BACK = "repair_back", _("Back from repair")
    DISPOSAL = "disposal", _("Disposal")
    STOCKTAKE = "stocktake", _("Stocktake adjustment")


class StockSlipKind(models.TextChoices):
    IN = "in", _("Stock-in slip")
    OUT = "out", _("Issue slip")


class DisposalStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class StocktakeStatus(models.TextChoices):
    OPEN = "open", _("In progress")
    CONFIRMED = "confirmed", _("Confirmed")


class StocktakeResult(models.TextChoices):
    PENDING = "pending", _("Not checked yet")
    FOUND = "found", _("Found")
    MISSING = "missing", _("Missing")
    DAMAGED = "damaged", _("Damaged")
    WRONG_ROOM = "wrong_room", _("Found in another room")
    UNREGISTERED = "unregistered", _("Not on the ledger")


class CheckKind(models.TextChoices):
    MID_TERM = "mid_term", _("Mid-term check")
    END_OF_TERM = "end_of_term", _("End-of-term check")


class CompensationStatus(models.TextChoices):
    DUE = "due", _("Due")
    PAID = "paid", _("Paid")
    WAIVED = "waived", _("Waived")
