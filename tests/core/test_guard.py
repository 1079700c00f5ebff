"""Forgetting the permission mechanism must be impossible: every URL goes through it."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from core.api.base import ScopedViewSet
from core.views.generic import ScopedViewMixin

# Views that are not about a school's records, each for a stated reason.
OPEN_VIEWS = {
    "core.views.pages.home": "landing page, shows only the user's own menu",
    "core.views.pages.healthz": "health check, no data",
    "core.views.dashboard.dashboard": "role-checked; ?school= among user.school_ids; figures via visible_to",
    "core.views.pages.notification_list": "a user's own notifications",
    "core.views.pages.notification_open": "a user's own notifications",
    "core.views.pages.notifications_read_all": "a user's own notifications",
    "core.views.pages.export_detail": "filtered to the requester",
    "core.views.pages.export_download": "filtered to the requester",
    "core.views.pages.export_retry": "filtered to the requester",
    "core.views.pages.room_qr_scan": "uses access.scope",
    "core.views.pages.room_qr_svg": "uses access.scope",
    # The published menu of a school, public by law; the module holds only that page and the
    # teacher's redirect to it (tests/canteen/test_menus_views.py: what it shows and hides).
    "canteen.views.public_menus.view": "published menus only, no login, rate-bounded",
    # A published disclosure its school made public, by its unguessable address
    # (tests/finance/test_disclosure_public.py: drafts and non-public ones are 404).
    "finance.views.disclosure_public.view": "one published public disclosure, no login, rate-bounded",
}
FRAMEWORK_PREFIXES = ("django.", "rest_framework.", "drf_spectacular.", "auditlog.")


def walk(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue  # the admin is scoped by core.admin.ScopedAdmin (tested separately)
            yield from walk(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def describe(callback):
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    return view_class, f"{callback.__module__}.{callback.__name__}"


def test_every_view_is_role_checked_and_school_scoped():
    unguarded = []
    for route, callback in walk(get_resolver()):
        view_class, dotted = describe(callback)
        if dotted.startswith(FRAMEWORK_PREFIXES) or dotted in OPEN_VIEWS:
            continue
        if view_class is not None and issubclass(view_class, (ScopedViewMixin, ScopedViewSet)):
            continue
        if view_class is not None and view_class.__module__.startswith(FRAMEWORK_PREFIXES):
            continue  # API root, schema views
        unguarded.append(f"{route} → {dotted}")
    assert unguarded == []


@pytest.mark.django_db
def test_scoped_viewsets_never_return_other_schools_rows(school, other_school, make_user):
    from tests.factories import RoomFactory

    user = make_user("logistics")
    RoomFactory(
        school=other_school, building__school=other_school, building__campus__school=other_school
    )
    from core.api.views import RoomViewSet

    view = RoomViewSet()
    view.request = type("R", (), {"user": user})()
    view.action = "list"
    assert list(view.get_queryset()) == []
