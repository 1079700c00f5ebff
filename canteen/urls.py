"""/canteen/... pages. Each part of the module adds its patterns inside its own section."""

from django.urls import path

app_name = "canteen"

urlpatterns: list = []

# ---- part: menus (begin) ----
from canteen.views.menus import menus_urlpatterns  # noqa: E402

urlpatterns += menus_urlpatterns()
# ---- part: menus (end) ----

# ---- part: samples (begin) ----
from canteen.views import samples as sample_views  # noqa: E402
from core import resources  # noqa: E402

urlpatterns += [
    # Before the resources' "samples/<pk>/" routes: fixed words first.
    path("samples/meal/", sample_views.MealSamplesView.as_view(), name="sample_meal"),
    path("samples/labels/", sample_views.SampleLabelsView.as_view(), name="sample_labels"),
    path(
        "samples/temperatures/today/",
        sample_views.TemperatureTodayView.as_view(),
        name="temperature_today",
    ),
    path("samples/flags/", sample_views.SampleFlagListView.as_view(), name="sampleflag_list"),
    path(
        "samples/flags/<int:pk>/",
        sample_views.SampleFlagDetailView.as_view(),
        name="sampleflag_detail",
    ),
    path(
        "samples/<int:pk>/dispose/",
        sample_views.SampleDisposeView.as_view(),
        name="foodsample_dispose",
    ),
]
urlpatterns += resources.urlpatterns(sample_views.ALL)
# ---- part: samples (end) ----

# ---- part: acceptance (begin) ----
from canteen.views import acceptance as acceptance_views  # noqa: E402
from core import resources as acceptance_resources  # noqa: E402

urlpatterns += [
    path("deliveries/", acceptance_views.DeliveryListView.as_view(), name="delivery_list"),
    path("deliveries/add/", acceptance_views.DeliveryCreateView.as_view(), name="delivery_add"),
    path(
        "deliveries/<int:pk>/",
        acceptance_views.DeliveryDetailView.as_view(),
        name="delivery_detail",
    ),
    path(
        "deliveries/<int:pk>/attach/",
        acceptance_views.DeliveryAttachView.as_view(),
        name="delivery_attach",
    ),
    path(
        "deliveries/<int:pk>/archive/",
        acceptance_views.DeliveryArchiveView.as_view(),
        name="delivery_delete",
    ),
    path(
        "deliveries/documents/<int:pk>/",
        acceptance_views.DocumentDownloadView.as_view(),
        name="deliverydocument_download",
    ),
    path("ledger/", acceptance_views.LedgerListView.as_view(), name="deliveryline_list"),
    path("ledger/<int:pk>/", acceptance_views.LineDetailView.as_view(), name="deliveryline_detail"),
    path("costs/", acceptance_views.MonthCostsView.as_view(), name="month_costs"),
    path("disclosures/", acceptance_views.DisclosureListView.as_view(), name="costdisclosure_list"),
    path(
        "disclosures/add/",
        acceptance_views.DisclosureCreateView.as_view(),
        name="costdisclosure_add",
    ),
    path(
        "disclosures/<int:pk>/",
        acceptance_views.DisclosureDetailView.as_view(),
        name="costdisclosure_detail",
    ),
    path(
        "disclosures/<int:pk>/notice.pdf",
        acceptance_views.DisclosureNoticeView.as_view(),
        name="costdisclosure_notice",
    ),
    path(
        "disclosures/<int:pk>/<slug:step>/",
        acceptance_views.DisclosureStepView.as_view(),
        name="costdisclosure_step",
    ),
]
urlpatterns += acceptance_resources.urlpatterns(acceptance_views.ALL)
# ---- part: acceptance (end) ----

# ---- part: hygiene (begin) ----
from canteen.views import hygiene as hygiene_views  # noqa: E402

urlpatterns += hygiene_views.urlpatterns()
# ---- part: hygiene (end) ----
