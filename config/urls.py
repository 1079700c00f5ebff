from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from assets.views import AssetQrScanView
from core.views import files, pages

urlpatterns = [
    path("", include("core.urls")),
    # Printed on asset labels (next to core's /q/room/<token>/): this address must never change.
    path("q/asset/<uuid:token>/", AssetQrScanView.as_view(), name="asset_qr_scan"),
    path("healthz", pages.healthz, name="healthz"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("core.api.urls")),
    path("api/v1/assets/", include(("assets.api.urls", "assets-api"))),
    path("api/v1/repairs/", include(("repairs.api.urls", "repairs-api"))),
    path("api/v1/safety/", include(("safety.api.urls", "safety-api"))),
    path("api/v1/canteen/", include(("canteen.api.urls", "canteen-api"))),
    path("api/v1/finance/", include(("finance.api.urls", "finance-api"))),
    path("api/v1/planning/", include(("planning.api.urls", "planning-api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("assets/", include("assets.urls")),
    path("repairs/", include("repairs.urls")),
    path("safety/", include("safety.urls")),
    path("canteen/", include("canteen.urls")),
    path("finance/", include("finance.urls")),
    path("planning/", include("planning.urls")),
]

# Photos through their record's access rule (core.files); documents through their records' views.
urlpatterns += [
    path(
        "files/<str:label>/<int:pk>/<str:field>/",
        files.StoredFileView.as_view(),
        name="stored_file",
    ),
    path(
        f"{settings.MEDIA_URL.strip('/')}/<path:path>",
        files.LegacyMediaView.as_view(),
        name="media_photo",
    ),
]
