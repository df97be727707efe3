"""The audit log: who did what, when, to which object, with the state before and after.

Every write goes through a domain action that calls `record()` inside the same transaction,
so that a rolled-back write leaves no audit row and a committed one always has one. Reads of a
person's file and exports of personal data are recorded too (`Action.VIEW`, `Action.EXPORT`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models

from .middleware import current_request
from .models import AuditEvent

Action = AuditEvent.Action

# Fields never copied into before/after snapshots: they hold secrets or identity numbers.
_SECRET_FIELDS = {"password", "id_number_encrypted", "id_number_hash", "id_number"}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return None
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """A JSON-able dict of a model's concrete fields (secrets left out), for before/after."""
    out = {}
    for field in obj._meta.concrete_fields:
        if field.name in _SECRET_FIELDS or (fields is not None and field.name not in fields):
            continue
        out[field.name] = _jsonable(getattr(obj, field.attname))
    return out


def record(
    actor,
    action: str,
    obj: models.Model | None = None,
    *,
    object_type: str | None = None,
    object_id: Any = None,
    summary: str = "",
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    """Write one audit row. `actor` is a User, or None for the system (batch jobs, CLI)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk if object_id is None else object_id
    request = current_request()
    ip = None
    if request is not None:
        ip = request.META.get("REMOTE_ADDR") or None
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_label=(str(actor) if is_user else (actor if isinstance(actor, str) else "system"))[:150],
        actor_role=getattr(actor, "role", "") if is_user else "",
        action=action,
        object_type=object_type or "",
        object_id="" if object_id is None else str(object_id),
        summary=summary[:255],
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        ip=ip,
    )
