"""The property ledger (资产台账): categories, asset cards, movements, consumable stock.

Split by part of the ledger like ``assets.services``; every model is re-exported here so
``from assets.models import X`` keeps working.
"""

from assets.models.cards import (
    Asset,
    AssetAttachment,
    AssetCategory,
    DisposalRequest,
    _teacher_assets,
)
from assets.models.common import (
    ASSET_MANAGERS,
    ASSET_READERS,
)
from assets.models.movements import (
    AssetMovement,
)
from assets.models.property import (
    Compensation,
    PropertyCheck,
    _homeroom_rows,
)
from assets.models.settings import (
    AssetSettings,
)
from assets.models.stock import (
    Consumable,
    StockSlip,
    StockSlipLine,
)
from assets.models.stocktake import (
    Stocktake,
    StocktakeLine,
)

__all__ = [
    "ASSET_MANAGERS",
    "ASSET_READERS",
    "Asset",
    "AssetAttachment",
    "AssetCategory",
    "AssetMovement",
    "AssetSettings",
    "Compensation",
    "Consumable",
    "DisposalRequest",
    "PropertyCheck",
    "StockSlip",
    "StockSlipLine",
    "Stocktake",
    "StocktakeLine",
    "_homeroom_rows",
    "_teacher_assets",
]
