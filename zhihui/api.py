"""The JSON API at /api/v1/ (OpenAPI document at /api/v1/openapi.json).

Each domain contributes `zhihui/<app>/api.py` with a django-ninja `router`, mounted under the
prefix its line in `zhihui/domains.py` gives (adding a domain needs no edit here).
"""

from __future__ import annotations

import importlib

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.security import django_auth

from zhihui.core.params import ParameterMissing
from zhihui.domains import DOMAINS
from zhihui.registry.ids import InvalidIdentifier

api = NinjaAPI(
    title="智汇 Zhihui API",
    version="1",
    description="人才发展、人力资源开发和就业促进服务平台 — talent, HR and employment services.",
    urls_namespace="api",
)

for domain in DOMAINS:  # in the order of the OpenAPI document
    if domain.api:
        api.add_router(domain.api, importlib.import_module(f"{domain.module}.api").router)
    for prefix, module_name in domain.extra_api:
        api.add_router(prefix, importlib.import_module(module_name).router)


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


@api.exception_handler(ParameterMissing)
def _no_parameter_on_that_day(request, exc):
    """A date before a dated parameter's first value (e.g. ?as_of=2000-01-01): the city's rules
    say nothing for that day, which is the caller's date to change, not a server fault."""
    import logging

    logging.getLogger(__name__).warning("dated parameter missing: %s", exc)
    return api.create_response(
        request, {"detail": [{"loc": ["query", "as_of"], "msg": f"该日期没有有效的政策参数：{exc}"}]}, status=422
    )


__all__ = ["api", "django_auth"]
