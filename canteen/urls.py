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
# urlpatterns += [...]  (acceptance)
# ---- part: acceptance (end) ----

# ---- part: hygiene (begin) ----
# urlpatterns += [...]  (hygiene)
# ---- part: hygiene (end) ----
