"""Admin of the canteen's records (core.admin.ScopedAdmin: other schools' rows are 404)."""

from django.contrib import admin  # noqa: F401

from core.admin import SchoolSettingsAdmin, ScopedAdmin  # noqa: F401

# ---- part: menus (begin) ----
# @admin.register(...)  (menus)
# ---- part: menus (end) ----

# ---- part: samples (begin) ----
# @admin.register(...)  (samples)
# ---- part: samples (end) ----


# ---- part: acceptance (begin) ----
def _acceptance_admin() -> None:
    from canteen import admin_acceptance  # noqa: F401  (registers the acceptance admins)


_acceptance_admin()
# ---- part: acceptance (end) ----

# ---- part: hygiene (begin) ----
# @admin.register(...)  (hygiene)
# ---- part: hygiene (end) ----
