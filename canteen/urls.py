"""/canteen/... pages. Each part of the module adds its patterns inside its own section."""

from django.urls import path  # noqa: F401

app_name = "canteen"

urlpatterns: list = []

# ---- part: menus (begin) ----
# urlpatterns += [...]  (menus)
# ---- part: menus (end) ----

# ---- part: samples (begin) ----
# urlpatterns += [...]  (samples)
# ---- part: samples (end) ----

# ---- part: acceptance (begin) ----
# urlpatterns += [...]  (acceptance)
# ---- part: acceptance (end) ----

# ---- part: hygiene (begin) ----
from canteen.views import hygiene as hygiene_views  # noqa: E402

urlpatterns += hygiene_views.urlpatterns()
# ---- part: hygiene (end) ----
