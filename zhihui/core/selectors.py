"""Searching the audit log (auditor's page and API share this)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from .models import AuditEvent


@dataclass
class AuditFilter:
    actor: str = ""  # username or display label, contains
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    since: dt.date | None = None
    until: dt.date | None = None


# Dates at the ends of the calendar (0001-01-01, 9999-12-31) overflowed when converted to UTC
# or moved by a day (OverflowError → HTTP 500 on /audit/ and /api/v1/audit/events). No event
# is older than EARLIEST, so earlier bounds are the same filter.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(9999, 12, 30)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(max(day, EARLIEST), dt.time.min))


def _clean(value: str) -> str:
    return "".join(ch for ch in (value or "") if ch.isprintable()).strip()


def search_events(f: AuditFilter) -> QuerySet[AuditEvent]:
    f = AuditFilter(_clean(f.actor), _clean(f.action), _clean(f.object_type), _clean(f.object_id), f.since, f.until)
    qs = AuditEvent.objects.select_related("actor").order_by("-at", "-id")
    if f.actor:
        from django.db.models import Q

        qs = qs.filter(Q(actor_label__icontains=f.actor) | Q(actor__username__iexact=f.actor))
    if f.action:
        qs = qs.filter(action=f.action)
    if f.object_type:
        qs = qs.filter(object_type=f.object_type)
    if f.object_id:
        qs = qs.filter(object_id=f.object_id)
    if f.since:
        qs = qs.filter(at__gte=_day_start(f.since))
    if f.until and f.until < LATEST:  # a later bound excludes nothing
        qs = qs.filter(at__lt=_day_start(f.until + dt.timedelta(days=1)))
    return qs


def object_types() -> list[str]:
    return list(AuditEvent.objects.order_by().values_list("object_type", flat=True).distinct()[:200])


def record_audit_view(user, f: AuditFilter, where: str) -> None:
    """Reading the audit log is itself audited (who looked at whose trail)."""
    from . import audit

    names = {"actor": "操作人", "action": "操作", "object_type": "对象类型", "object_id": "对象编号",
             "since": "起", "until": "止"}
    actions = dict(audit.Action.choices)  # the action in words, not its code ("操作=拒绝", not "操作=denied")
    terms = "，".join(f"{names.get(k, k)}={actions.get(v, v) if k == 'action' else v}" for k, v in f.__dict__.items() if v)
    channel = {"page": "页面", "api": "接口"}.get(where, where)
    audit.record(user, audit.Action.SEARCH, object_type="core.auditevent", summary=f"查询审计日志（{channel}）：{terms or '全部'}"[:255])
