"""Language: Simplified Chinese unless the user picked another language with the footer switch.

Django's LocaleMiddleware would follow the browser's Accept-Language, so a school PC set up in
English would show English; the office wants Chinese by default and English only on request.
"""

import secrets

from django.conf import settings
from django.utils import translation


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class ContentSecurityPolicyMiddleware:
    """A strict Content-Security-Policy on every response: the app loads nothing from outside.

    Scripts and styles come from the app's own static files; the few inline <script> and
    <style> blocks carry the request's nonce (`{{ request.csp_nonce }}`), so an injected tag runs
    nothing. Photos are served by the app; `data:` images are for the QR codes and Swagger's icons.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(18)
        response = self.get_response(request)
        if settings.DEBUG and response.status_code >= 400:
            return response  # Django's debug pages have inline styles and scripts, no nonce
        response.headers.setdefault("Content-Security-Policy", policy(request.csp_nonce))
        return response


def policy(nonce: str) -> str:
    directives = {
        "default-src": "'self'",
        "script-src": f"'self' 'nonce-{nonce}'",
        "style-src": f"'self' 'nonce-{nonce}'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())
