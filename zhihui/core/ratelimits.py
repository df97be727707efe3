"""Rate limits (django-ratelimit counters in the cache), answering 429.

One table: which requests, counted per what, how many. `settings.ZHIHUI_RATE_LIMITS` may change
a rate by group name ("reveal": "10/d"). Reaching a limit that guards personal data (file
reads, reveals) raises a security alert: a row for the security administrator's page and a
line in the `zhihui.security` log. Every 429 is also an audit row (CurrentRequestMiddleware).
Logins are also limited per account by django-axes (settings.AXES_*).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

log = logging.getLogger("zhihui.security")


@dataclass(frozen=True)
class Limit:
    group: str
    methods: tuple[str, ...]
    path: re.Pattern
    key: str  # django-ratelimit key: "ip", "user", "user_or_ip"
    rate: str
    alert: bool = False
    staff_only: bool = False


LIMITS = (
    # Password guessing from one address, whichever accounts it tries (axes counts per account).
    Limit("login", ("POST",), re.compile(r"^/(admin/)?login/$"), "ip", "30/10m"),
    Limit("otp", ("POST",), re.compile(r"^/account/otp/(verify|setup)/$"), "user_or_ip", "10/10m", alert=True),
    # Public, costly pages and APIs: the policy check and the screening/occupation APIs.
    Limit("policy-check", ("GET", "POST"), re.compile(r"^/policy/(check|explain)/$"), "user_or_ip", "30/m"),
    Limit("screening-api", ("GET", "POST"), re.compile(r"^/api/v1/benefits/screen$"), "user_or_ip", "30/m"),
    Limit("catalogue-api", ("GET",), re.compile(r"^/api/v1/registry/catalogues/"), "user_or_ip", "120/m"),
    # Personal data, per staff member: reveals of full numbers/phones, file reads, searches.
    Limit("reveal", ("POST",), re.compile(r"^(/registry/persons/\d+/reveal/|/api/v1/registry/persons/[^/]+/reveal)$"),
          "user", "20/d", alert=True, staff_only=True),
    Limit("person-file-burst", ("GET",), re.compile(r"^(/registry/persons/\d+/|/api/v1/registry/persons/\d+)$"),
          "user", "30/m", alert=True, staff_only=True),
    Limit("person-file", ("GET",), re.compile(r"^(/registry/persons/\d+/|/api/v1/registry/persons/\d+)$"),
          "user", "300/d", alert=True, staff_only=True),
    Limit("person-search", ("GET", "POST"), re.compile(r"^(/registry/persons/|/api/v1/registry/persons(/lookup)?)$"),
          "user", "600/d", alert=True, staff_only=True),
)


def _ip(request) -> str:
    # REMOTE_ADDR as the WSGI server gives it (behind a proxy, the proxy sets it: gunicorn's
    # forwarded_allow_ips); a request without one (some test transports) counts as one address.
    return request.META.get("REMOTE_ADDR") or "unknown"


def _key(kind: str):
    def key(group, request):
        user = getattr(request, "user", None)
        if kind in ("user", "user_or_ip") and user is not None and user.is_authenticated:
            return f"u{user.pk}"
        return _ip(request)

    return key


def rate_of(limit: Limit) -> str:
    return getattr(settings, "ZHIHUI_RATE_LIMITS", {}).get(limit.group, limit.rate)


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for limit in LIMITS:
            if request.method not in limit.methods or not limit.path.match(request.path):
                continue
            user = getattr(request, "user", None)
            authenticated = user is not None and user.is_authenticated
            if limit.staff_only and not (authenticated and getattr(user, "is_bureau_staff", False)):
                continue
            if limit.key == "user" and not authenticated:
                continue
            from django_ratelimit.core import get_usage

            usage = get_usage(request, group=limit.group, key=_key(limit.key), rate=rate_of(limit), method=limit.methods, increment=True)
            if usage is None or not usage["should_limit"]:
                continue
            if limit.alert and usage["count"] == usage["limit"] + 1:
                raise_alert(request, limit, usage["limit"])
            return too_many(request)
        return self.get_response(request)


def too_many(request):
    message = _("请求过于频繁，请稍后再试。")
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429)
    from django.shortcuts import render

    try:
        return render(request, "www/too_many.html", {"message": message}, status=429)
    except Exception:  # noqa: BLE001 — the answer must stay a 429 even without the template
        return HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")


def raise_alert(request, limit: Limit, allowed: int) -> None:
    """In-app alert for the security administrator, and a log line (no personal data)."""
    from .models import SecurityAlert

    user = getattr(request, "user", None)
    who = user if user is not None and user.is_authenticated else None
    label = who.username if who else _ip(request)
    summary = f"{limit.group}: more than {allowed} requests ({rate_of(limit)}) by {label}"
    SecurityAlert.objects.create(kind=limit.group, actor=who, actor_label=label[:150], summary=summary[:255])
    log.warning("security alert: %s", summary)
    from . import audit

    audit.record(who, audit.Action.ALERT, object_type="security.alert", object_id=limit.group, summary=summary, outcome=audit.Outcome.DENIED)
