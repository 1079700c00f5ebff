"""/api/v1/assets/<resource>/"""

from rest_framework.routers import DefaultRouter

from assets.api import views
from assets.views import cards, stock
from core import resources

router = DefaultRouter()
resources.register([cards.asset], router=router)
router.register("movements", views.MovementViewSet, basename="assetmovement")
router.register("disposals", views.DisposalRequestViewSet, basename="disposalrequest")
resources.register([stock.consumable], router=router)
router.register("stocktakes", views.StocktakeViewSet, basename="stocktake")

urlpatterns = router.urls
