"""The JSON API at /api/v1/ (OpenAPI document at /api/v1/openapi.json).

Each domain contributes `zhihui/<app>/api.py` with a django-ninja `router`; this module mounts
the ones that exist, so adding a domain needs no edit here beyond the list below.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.security import django_auth

from zhihui.optional import import_optional
from zhihui.registry.ids import InvalidIdentifier

api = NinjaAPI(
    title="智汇 Zhihui API",
    version="1",
    description="人才发展、人力资源开发和就业促进服务平台 — talent, HR and employment services.",
    urls_namespace="api",
)

# (URL prefix, module providing `router`), in the order they appear in the OpenAPI document.
ROUTERS = [
    ("registry", "zhihui.registry.api"),
    ("benefits", "zhihui.benefits.api"),
    ("window", "zhihui.window.api"),
    ("talent", "zhihui.talent.api"),
    ("plan", "zhihui.plan.api"),
    ("employment", "zhihui.employment.api"),
    ("regulation", "zhihui.regulation.api"),
    ("audit", "zhihui.core.api"),
]

for prefix, module_name in ROUTERS:
    module = import_optional(module_name)
    if module is not None:
        api.add_router(prefix, module.router)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or "forbidden"}, status=403)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return api.create_response(request, {"detail": "请先登录 (authentication required)"}, status=401)


@api.exception_handler(ObjectDoesNotExist)
def _not_found(request, exc):
    return api.create_response(request, {"detail": "not found"}, status=404)


@api.exception_handler(InvalidIdentifier)
def _invalid_identifier(request, exc):
    return api.create_response(
        request, {"detail": [{"loc": ["body", exc.field], "msg": str(exc)}]}, status=422
    )


__all__ = ["api", "django_auth"]
