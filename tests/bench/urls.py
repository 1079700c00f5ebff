"""The app's URLs plus the bare baselines the bench compares the asset list and API with."""

from django.urls import path

from config.urls import urlpatterns as app_urlpatterns
from tests.bench import baseline

urlpatterns = [
    path("bench/bare/assets/", baseline.bare_list, name="bench_bare_list"),
    path("bench/bare/api/assets/", baseline.BareAssetList.as_view(), name="bench_bare_api"),
    *app_urlpatterns,
]
