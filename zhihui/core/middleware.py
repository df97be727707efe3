"""Keeps the current request reachable by the audit log (for the client's IP address)."""

import contextvars

_current_request = contextvars.ContextVar("zhihui_current_request", default=None)


def current_request():
    return _current_request.get()


class CurrentRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


class ChosenLanguageMiddleware:
    """Chinese by default; English only when the user picked it (the language switch sets a
    cookie). Unlike Django's LocaleMiddleware, the browser's Accept-Language is ignored: a
    bureau's Chinese platform must not turn English because a clerk's browser is set so."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
