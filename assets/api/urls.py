"""/api/v1/assets/<resource>/"""

from rest_framework.routers import DefaultRouter

from assets.api import views

router = DefaultRouter()
router.register("assets", views.AssetViewSet, basename="asset")
router.register("movements", views.MovementViewSet, basename="assetmovement")
router.register("disposals", views.DisposalRequestViewSet, basename="disposalrequest")
router.register("consumables", views.ConsumableViewSet, basename="consumable")
router.register("stocktakes", views.StocktakeViewSet, basename="stocktake")

urlpatterns = router.urls
