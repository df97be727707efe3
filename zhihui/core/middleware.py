"""Keeps the current request reachable by the audit log (IP address, request id), and records
refused requests (403, 429) in the audit log."""

import contextvars
import re
import uuid

_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

_current_request = contextvars.ContextVar("zhihui_current_request", default=None)


def current_request():
    return _current_request.get()


class CurrentRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A request id from the proxy is kept when it is well-formed; otherwise one is made.
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        request.request_id = given if _REQUEST_ID_RE.match(given) else uuid.uuid4().hex
        token = _current_request.set(request)
        try:
            response = self.get_response(request)
            if response.status_code in (403, 429):
                _record_denial(request, response.status_code)
            response.headers.setdefault("X-Request-ID", request.request_id)
            return response
        finally:
            _current_request.reset(token)


def _record_denial(request, status: int) -> None:
    """Every refused request is an audit row (outcome "denied"): who tried what."""
    from . import audit
    from .logging import mask_identity_numbers

    user = getattr(request, "user", None)
    path = mask_identity_numbers(request.path)
    audit.record(
        user if user is not None and user.is_authenticated else None,
        audit.Action.DENIED,
        object_type="http",
        object_id=path[:64],
        summary=f"{status} {request.method} {path}"[:255],
        outcome=audit.Outcome.DENIED,
    )


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


class RejectNulMiddleware:
    """No input field may contain a NUL character (U+0000).

    PostgreSQL text columns cannot store NUL, so a NUL anywhere a view filters or saves by used
    to end in DataError → HTTP 500 (found by tests/robustness/). NUL is never valid in any of
    our fields, so it is handled here once:
    * query parameters are filters and searches: NULs are removed (a search for "%00abc" is a
      search for "abc", as the registry already did);
    * submitted data (form fields, JSON bodies) is refused, naming the field: 400 on pages,
      422 with the usual {"detail": [{"loc": [...], "msg": ...}]} on the API;
    * a NUL in the URL path is a 404.
    """

    MESSAGE = "不能包含空字符 (NUL)"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        api = request.path.startswith("/api/")
        if "\x00" in request.path:
            if api:
                from django.http import JsonResponse

                return JsonResponse({"detail": "not found"}, status=404)
            from django.http import Http404

            raise Http404("NUL in path")
        loc = self._find(request, api)
        if loc is not None:
            message = f"{loc[-1]}: {self.MESSAGE}"
            if api:
                from django.http import JsonResponse

                return JsonResponse({"detail": [{"loc": loc, "msg": message}]}, status=422)
            from django.http import HttpResponseBadRequest
            from django.utils.html import escape

            return HttpResponseBadRequest(f"<p>{escape(message)}</p>", content_type="text/html; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _find(request, api: bool) -> list | None:
        if any("\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()):
            from django.http import QueryDict

            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        content_type = request.content_type or ""
        if request.method in ("POST", "PUT", "PATCH"):
            if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
                for key, values in request.POST.lists():
                    if "\x00" in key or any("\x00" in v for v in values):
                        return ["form" if not api else "body", key.replace("\x00", "\\0")]
            elif api and "json" in content_type and b"\\u0000" in request.body:
                import json

                try:
                    path = _nul_path(json.loads(request.body))
                except ValueError:
                    return None  # not JSON: the API answers 422 for that itself
                if path is not None:
                    return ["body", *path]
        return None


def _nul_path(value, path=()):
    """Path (keys/indexes) to the first string containing NUL in decoded JSON, else None."""
    if isinstance(value, str):
        return list(path) if "\x00" in value else None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        if isinstance(key, str) and "\x00" in key:
            return [*path, key.replace("\x00", "\\0")]
        found = _nul_path(item, (*path, key))
        if found is not None:
            return found if found else [*path, key]
    return None
