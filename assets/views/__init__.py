"""Screens of the property ledger: the generic views of core plus the workflow pages.

Every view subclasses core.views.generic (role check + access.scope); writes call assets.services.
One module per part of the ledger; the names the URLconf uses are all here.
"""

from assets.views.cards import (
    AssetAttachView,
    AssetImportView,
    AssetMoveView,
    AssetQrScanView,
    AssetQrSheetView,
    AssetQrSvgView,
    AttachmentDownloadView,
    asset,
)
from assets.views.movements import (
    DisposalDecideView,
    DisposalDetailView,
    DisposalListView,
    MovementDetailView,
    MovementListView,
    OverdueLoansView,
)
from assets.views.property import (
    CompensationDetailView,
    CompensationListView,
    CompensationSettleView,
    PropertyCheckCreateView,
    PropertyCheckDetailView,
    PropertyCheckListView,
)
from assets.views.stock import (
    LowStockView,
    StockSlipView,
    category,
    consumable,
)
from assets.views.stocktakes import (
    StocktakeConfirmView,
    StocktakeDetailView,
    StocktakeLineDetailView,
    StocktakeLineListView,
    StocktakeListView,
    StocktakeRoomView,
    StocktakeStartView,
)

__all__ = [
    "AssetAttachView",
    "AssetImportView",
    "AssetMoveView",
    "AssetQrScanView",
    "AssetQrSheetView",
    "AssetQrSvgView",
    "AttachmentDownloadView",
    "CompensationDetailView",
    "CompensationListView",
    "CompensationSettleView",
    "DisposalDecideView",
    "DisposalDetailView",
    "DisposalListView",
    "LowStockView",
    "MovementDetailView",
    "MovementListView",
    "OverdueLoansView",
    "PropertyCheckCreateView",
    "PropertyCheckDetailView",
    "PropertyCheckListView",
    "StockSlipView",
    "StocktakeConfirmView",
    "StocktakeDetailView",
    "StocktakeLineDetailView",
    "StocktakeLineListView",
    "StocktakeListView",
    "StocktakeRoomView",
    "StocktakeStartView",
    "asset",
    "category",
    "consumable",
]
