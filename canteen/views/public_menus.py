"""The menu's open pages: the public page of a school (no login) and the teacher's menu entry.

Kept apart from the other menus views: tests/core/test_guard.py lists this module as open (no
role check, no school scope) and nothing else of the school may be read here.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from canteen import selectors_menus
from core.models import School

MENUS_CSS = "css/canteen-menus.css"

PUBLIC_RATE = 60  # requests a minute per client address: enough for a class of parents


class PublicMenuView(View):
    """/canteen/menu/<school code>/: this and next week's published menus, nothing else.

    No login. It shows the school's name and, per day and meal, the dish names: never drafts,
    past weeks, notes, who submitted or approved, ingredients or record ids. Bounded: two
    weeks at most (≤ 14 days × 3 meals × 12 dishes), four queries whatever the dishes, and a
    per-address rate (429).
    """

    http_method_names = ["get", "head"]

    def get(self, request, code: str):
        if self._over_rate(request):
            return HttpResponse(_("Too many requests; try again in a minute."), status=429)
        school = School.objects.filter(code=code).only("pk", "name", "code").first()
        if school is None:
            raise Http404
        context = {
            "school": school,
            "weeks": selectors_menus.public_weeks(school),
            "css": MENUS_CSS,
        }
        response = TemplateResponse(request, "canteen/menus/public.html", context)
        # A signed-in teacher's copy carries their name and a CSRF token: never a shared cache's.
        shared = not request.user.is_authenticated
        response["Cache-Control"] = "public, max-age=300" if shared else "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        return response

    def _over_rate(self, request) -> bool:
        key = (
            f"canteen-public-menu:{request.META.get('REMOTE_ADDR', '')}:{timezone.now():%Y%m%d%H%M}"
        )
        cache.add(key, 0, timeout=70)
        try:
            return cache.incr(key) > PUBLIC_RATE
        except ValueError:  # evicted between add and incr
            return False


class MyMenuView(View):
    """A teacher's menu entry: the public page of their own school."""

    def get(self, request):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('login')}?next={request.path}")
        if request.user.school is None:
            raise Http404
        return redirect("canteen:menu_public", code=request.user.school.code)
