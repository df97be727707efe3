"""Audit API: GET /api/v1/audit/events (auditors and department administrators)."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema
from ninja.security import django_auth

from .models import AuditEvent
from .perms import can_search_audit, require
from .selectors import AuditFilter, record_audit_view, search_events

# Upper bound for list offsets: past PostgreSQL's bigint range the query failed (HTTP 500);
# now such an offset is a 422 naming the field.
OFFSET_MAX = 10**9

router = Router(auth=django_auth, tags=["audit"])


class AuditEventOut(Schema):
    id: int
    at: dt.datetime
    actor: str
    actor_role: str
    action: str
    object_type: str
    object_id: str
    summary: str
    before: dict | list | None
    after: dict | list | None
    ip: str | None
    outcome: str
    request_id: str


class AuditPage(Schema):
    count: int
    items: list[AuditEventOut]


@router.get("/events", response=AuditPage, summary="Search the audit log")
def list_events(
    request,
    actor: str = Query("", max_length=150),
    action: AuditEvent.Action | None = None,
    object_type: str = Query("", max_length=64),
    object_id: str = Query("", max_length=64),
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=OFFSET_MAX),
):
    require(can_search_audit(request.user), "只有审计员可以查询审计日志")
    f = AuditFilter(actor, action or "", object_type, object_id, since, until)
    record_audit_view(request.user, f, "api")
    qs = search_events(f)
    items = [
        {"id": e.id, "at": e.at, "actor": e.actor_label, "actor_role": e.actor_role, "action": e.action,
         "object_type": e.object_type, "object_id": e.object_id, "summary": e.summary, "before": e.before,
         "after": e.after, "ip": e.ip,
         "outcome": e.outcome, "request_id": e.request_id}
        for e in qs[offset : offset + limit]
    ]
    return {"count": qs.count(), "items": items}
