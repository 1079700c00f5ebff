"""/canteen/... pages. Each part of the module adds its patterns inside its own section."""

from django.urls import path  # noqa: F401

app_name = "canteen"

urlpatterns: list = []

# ---- part: menus (begin) ----
from canteen.views.menus import menus_urlpatterns  # noqa: E402

urlpatterns += menus_urlpatterns()
# ---- part: menus (end) ----

# ---- part: samples (begin) ----
# urlpatterns += [...]  (samples)
# ---- part: samples (end) ----

# ---- part: acceptance (begin) ----
# urlpatterns += [...]  (acceptance)
# ---- part: acceptance (end) ----

# ---- part: hygiene (begin) ----
# urlpatterns += [...]  (hygiene)
# ---- part: hygiene (end) ----
