"""The disclosure's public page: no login, reached only by its unguessable address.

Kept apart from the other disclosure views: tests/core/test_guard.py lists this module as open
(no role check, no school scope). It shows one published disclosure its school made public and
nothing else: never a draft, a submitted one, a non-public one (404 alike), names of staff other
than the approver's, or record ids.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from finance.services.disclosure import labelled, published_by_token

PUBLIC_RATE = 60  # requests a minute per client address, as the canteen's public menu


class PublicDisclosureView(View):
    """/finance/public/disclosures/<token>/: the published notice, read-only, rate-bounded (429)."""

    http_method_names = ["get", "head"]

    def get(self, request, token: str):
        if self._over_rate(request):
            return HttpResponse(_("Too many requests; try again in a minute."), status=429)
        disclosure = published_by_token(token)
        if disclosure is None:
            raise Http404
        context = {
            "object": disclosure,
            "school": disclosure.school,
            "content": labelled(disclosure.content),
        }
        response = TemplateResponse(request, "finance/disclosure_public.html", context)
        shared = not request.user.is_authenticated
        response["Cache-Control"] = "public, max-age=300" if shared else "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        return response

    def _over_rate(self, request) -> bool:
        key = f"finance-public-disclosure:{request.META.get('REMOTE_ADDR', '')}:{timezone.now():%Y%m%d%H%M}"
        cache.add(key, 0, timeout=70)
        try:
            return cache.incr(key) > PUBLIC_RATE
        except ValueError:  # evicted between add and incr
            return False
