"""Writes on the ledger. Views, the API and other modules (repairs) call these, never the ORM.

Every function is atomic and refuses bad input with a ValidationError (a sentence and a code),
changing nothing. One module per part of the ledger; the public names are all here.
"""

from assets.selectors import below_reorder_level, never_stocktaken, overdue_loans
from assets.services.cards import (
    ASSET_FIELDS,
    asset_attach,
    asset_create,
    categories_seed_defaults,
    is_fixed_asset,
    next_asset_code,
    validate_asset_values,
)
from assets.services.common import record_movement, settings_for
from assets.services.movements import (
    asset_issue,
    asset_lend,
    asset_return,
    asset_transfer,
    disposal_approve,
    disposal_decide,
    disposal_reject,
    disposal_request,
    remind_overdue_loans,
)
from assets.services.property import compensation_settle, property_check_record
from assets.services.repair import asset_back_from_repair, asset_send_to_repair
from assets.services.stock import consumable_issue, consumable_stock_in
from assets.services.stocktake import (
    stocktake_confirm,
    stocktake_mark,
    stocktake_record_surplus,
    stocktake_report,
    stocktake_start,
)

__all__ = [
    "ASSET_FIELDS",
    "asset_attach",
    "asset_back_from_repair",
    "asset_create",
    "asset_issue",
    "asset_lend",
    "asset_return",
    "asset_send_to_repair",
    "asset_transfer",
    "below_reorder_level",
    "categories_seed_defaults",
    "compensation_settle",
    "consumable_issue",
    "consumable_stock_in",
    "disposal_approve",
    "disposal_decide",
    "disposal_reject",
    "disposal_request",
    "is_fixed_asset",
    "never_stocktaken",
    "next_asset_code",
    "overdue_loans",
    "property_check_record",
    "record_movement",
    "remind_overdue_loans",
    "settings_for",
    "stocktake_confirm",
    "stocktake_mark",
    "stocktake_record_surplus",
    "stocktake_report",
    "stocktake_start",
    "validate_asset_values",
]

# The service of each declared disposal step (assets.workflow), for the page and the API alike.
DISPOSAL_STEPS = {"approve": disposal_approve, "reject": disposal_reject}
