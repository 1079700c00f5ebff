from django.urls import path

from assets import views

app_name = "assets"

urlpatterns = [
    path("assets/import/", views.AssetImportView.as_view(), name="asset_import"),
    path("assets/qr-labels.pdf", views.AssetQrSheetView.as_view(), name="asset_qr_sheet"),
    path("assets/<int:pk>/qr.svg", views.AssetQrSvgView.as_view(), name="asset_qr_svg"),
    path("assets/<int:pk>/move/<slug:kind>/", views.AssetMoveView.as_view(), name="asset_move"),
    path("assets/<int:pk>/attach/", views.AssetAttachView.as_view(), name="asset_attach"),
    path(
        "attachments/<int:pk>/",
        views.AttachmentDownloadView.as_view(),
        name="assetattachment_download",
    ),
    path("movements/", views.MovementListView.as_view(), name="assetmovement_list"),
    path("movements/<int:pk>/", views.MovementDetailView.as_view(), name="assetmovement_detail"),
    path("loans/overdue/", views.OverdueLoansView.as_view(), name="loans_overdue"),
    path("disposals/", views.DisposalListView.as_view(), name="disposalrequest_list"),
    path("disposals/<int:pk>/", views.DisposalDetailView.as_view(), name="disposalrequest_detail"),
    path(
        "disposals/<int:pk>/decide/",
        views.DisposalDecideView.as_view(),
        name="disposalrequest_decide",
    ),
    path("consumables/low/", views.LowStockView.as_view(), name="consumables_low"),
    path(
        "consumables/<int:pk>/slip/<slug:kind>/",
        views.StockSlipView.as_view(),
        name="consumable_slip",
    ),
    path("stocktakes/", views.StocktakeListView.as_view(), name="stocktake_list"),
    path("stocktakes/add/", views.StocktakeStartView.as_view(), name="stocktake_add"),
    path("stocktakes/<int:pk>/", views.StocktakeDetailView.as_view(), name="stocktake_detail"),
    path(
        "stocktakes/<int:pk>/rooms/<int:room>/",
        views.StocktakeRoomView.as_view(),
        name="stocktake_room",
    ),
    path(
        "stocktakes/<int:pk>/confirm/",
        views.StocktakeConfirmView.as_view(),
        name="stocktake_confirm",
    ),
    path("stocktake-lines/", views.StocktakeLineListView.as_view(), name="stocktakeline_list"),
    path(
        "stocktake-lines/<int:pk>/",
        views.StocktakeLineDetailView.as_view(),
        name="stocktakeline_detail",
    ),
    path("class-checks/", views.PropertyCheckListView.as_view(), name="propertycheck_list"),
    path("class-checks/add/", views.PropertyCheckCreateView.as_view(), name="propertycheck_add"),
    path(
        "class-checks/<int:pk>/",
        views.PropertyCheckDetailView.as_view(),
        name="propertycheck_detail",
    ),
    path("compensations/", views.CompensationListView.as_view(), name="compensation_list"),
    path(
        "compensations/<int:pk>/",
        views.CompensationDetailView.as_view(),
        name="compensation_detail",
    ),
    path(
        "compensations/<int:pk>/settle/",
        views.CompensationSettleView.as_view(),
        name="compensation_settle",
    ),
]
urlpatterns += views.asset.urlpatterns()
urlpatterns += views.consumable.urlpatterns()
urlpatterns += views.category.urlpatterns()
