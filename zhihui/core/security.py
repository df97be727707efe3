"""Staff sessions: the second factor, and the forced change of issued or expired passwords.

Runs after authentication on every request. A logged-in staff member whose session has not
passed the second factor reaches only the account pages (enrolment, code, logout): pages
redirect there, the API answers 401. Then an account whose password was issued by someone else
or has expired reaches only the change-password page.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.http import urlencode

from .roles import STAFF_ROLES

# Reachable before the second factor / the password change.
EXEMPT_PREFIXES = ("/account/", "/logout/", "/login/", "/static/", "/i18n/", "/favicon")


def needs_second_factor(user) -> bool:
    return user.role in STAFF_ROLES and not user.is_verified()


class StaffSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith(EXEMPT_PREFIXES):
            return self.get_response(request)
        api = request.path.startswith("/api/")
        if needs_second_factor(user):
            from .otp import is_enrolled

            if api:
                return JsonResponse({"detail": "需要完成双因素认证 (second factor required): /account/otp/"}, status=401)
            target = "/account/otp/verify/" if is_enrolled(user) else "/account/otp/setup/"
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        from .actions import password_expired

        if user.must_change_password or password_expired(user):
            if api:
                return JsonResponse({"detail": "必须先修改密码 (password change required): /account/password/"}, status=403)
            return redirect(f"/account/password/?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
