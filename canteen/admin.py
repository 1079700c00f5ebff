"""Admin of the canteen's records (core.admin.ScopedAdmin: other schools' rows are 404)."""

from django.contrib import admin  # noqa: F401

from core.admin import SchoolSettingsAdmin, ScopedAdmin  # noqa: F401

# ---- part: menus (begin) ----
# @admin.register(...)  (menus)
# ---- part: menus (end) ----

# ---- part: samples (begin) ----
# canteen/admin_samples.py (imported from CanteenConfig.ready())  (samples)
# ---- part: samples (end) ----

# ---- part: acceptance (begin) ----
# @admin.register(...)  (acceptance)
# ---- part: acceptance (end) ----

# ---- part: hygiene (begin) ----
# @admin.register(...)  (hygiene)
# ---- part: hygiene (end) ----
