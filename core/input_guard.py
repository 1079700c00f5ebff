"""Refuse a NUL character in any query or form value, for every page and the API at once.

PostgreSQL cannot store or even compare text containing NUL ("A string literal cannot contain
NUL"), so a `?q=%00` in a search reached the database and answered 500. Django's form fields
refuse NUL, but searches, filters and admin lookups read raw parameters; no person types NUL.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

NUL = "\x00"


def _has_nul(query_dict) -> bool:
    return any(NUL in key or any(NUL in v for v in values) for key, values in query_dict.lists())


class NulCharacterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request.GET) or (self._is_form(request) and _has_nul(request.POST)):
            return self.refuse(request)
        return self.get_response(request)

    @staticmethod
    def _is_form(request) -> bool:
        # Multipart bodies are left to the form fields (which refuse NUL): reading them here
        # would fix the upload handlers before the view may choose its own.
        return request.content_type == "application/x-www-form-urlencoded"

    @staticmethod
    def refuse(request):
        message = _("The request contains a NUL character, which no field accepts.")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message, "code": "null_character"}, status=400)
        return render(request, "400.html", {"reason": message}, status=400)
