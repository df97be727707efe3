"""JSON API of plan indicators: /api/v1/plan/…"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from ninja import Router
from ninja.errors import HttpError
from ninja.security import django_auth

from zhihui.plan import indicators as reg
from zhihui.plan import perms

router = Router(tags=["plan"], auth=django_auth)


@router.get("/indicators")
def indicators(request):
    """The registry: every indicator with its statements, and every conflict of the plan."""
    if not perms.can_view(request.user):
        raise PermissionDenied("只有领导和管理员可以查看规划指标")
    return reg.registry_json()


@router.get("/progress")
def progress(request, year: int):
    """Progress of every indicator in `year` (2021–2025)."""
    if not perms.can_view(request.user):
        raise PermissionDenied("只有领导和管理员可以查看规划指标")
    if not 2021 <= year <= 2025:
        raise HttpError(422, "year: 规划期为2021–2025 (the plan period is 2021–2025)")
    from zhihui.plan.models import Indicator
    from zhihui.plan.selectors import progress_rows, row_json

    if not Indicator.objects.exists():
        from zhihui.plan.actions import load_registry

        load_registry(None)
    return {"year": year, "indicators": [row_json(r) for r in progress_rows(year)]}
