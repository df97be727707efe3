"""The audit log: who did what, when, to which object, with the state before and after.

Every write goes through a domain action that calls `record()` inside the same transaction,
so that a rolled-back write leaves no audit row and a committed one always has one. Reads of a
person's file and exports of personal data are recorded too (`Action.VIEW`, `Action.EXPORT`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction

from .middleware import current_request
from .models import AuditEvent

Action = AuditEvent.Action
Outcome = AuditEvent.Outcome

# The key of the PostgreSQL advisory lock that serialises appends to the chain (any constant;
# "ZHIHUIAU" in ASCII). Held until the appending transaction ends, so ids follow chain order.
_CHAIN_LOCK_KEY = 0x5A48494855494155 & 0x7FFFFFFFFFFFFFFF

# Fields never copied into before/after snapshots: they hold secrets or identity numbers, or
# (birth_date) the part of the number the masked form hides: beside `id_number_masked` it
# would give the full number back. Phone numbers are kept masked.
_SECRET_FIELDS = {"password", "id_number_encrypted", "id_number_hash", "id_number", "birth_date"}
_MASKED_FIELDS = {"phone"}


_PLAIN = frozenset({str, int, bool, float, type(None)})


def _jsonable(value: Any) -> Any:
    if type(value) in _PLAIN:  # most values: nothing to convert
        return value
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
        value = getattr(obj, field.attname)
        if field.name in _MASKED_FIELDS and isinstance(value, str):
            from zhihui.registry.ids import mask_phone

            value = mask_phone(value)
        out[field.name] = _jsonable(value)
    return out


# The words the audit log shows for actions taken by the platform itself, not a user (the code
# names "setup", "cli"… showed on the auditor's Chinese page).
SYSTEM_ACTORS = {"setup": "系统初始化", "cli": "命令行", "demo": "演示数据", "system": "系统", "sweep": "免申即享筛查"}


def _event(actor, action, obj, object_type, object_id, summary, before, after, outcome) -> AuditEvent:
    """The unsaved row `record` writes (not yet chained)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk if object_id is None else object_id
    request = current_request()
    ip = None
    request_id = ""
    if request is not None:
        ip = request.META.get("REMOTE_ADDR") or None
        request_id = getattr(request, "request_id", "")
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent(
        actor=actor if is_user else None,
        actor_label=(str(actor) if is_user else (SYSTEM_ACTORS.get(actor, actor) if isinstance(actor, str) else "系统"))[:150],
        actor_role=getattr(actor, "role", "") if is_user else "",
        action=action,
        object_type=object_type or "",
        object_id="" if object_id is None else str(object_id),
        summary=summary[:255],
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        ip=ip,
        outcome=outcome,
        request_id=request_id[:64],
    )


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
    outcome: str = Outcome.OK,
) -> AuditEvent:
    """Write one audit row. `actor` is a User, or None for the system (batch jobs, CLI).

    The row is chained to the one before it (see `row_digest`). On PostgreSQL an advisory
    lock held to the end of the transaction serialises appends: two transactions never chain
    to the same predecessor. Cost: one indexed read of the last row and one insert.
    """
    event = _event(actor, action, obj, object_type, object_id, summary, before, after, outcome)
    # savepoint=False: inside a caller's transaction this adds no SAVEPOINT/RELEASE round trips.
    with transaction.atomic(savepoint=False):
        _chain([event])
        event.save(force_insert=True)
    return event


def _chain_head() -> str:
    """The hash of the last row of the log, the lock taken first: on PostgreSQL the advisory
    lock (held to the transaction's end) keeps two transactions from chaining to the same
    predecessor."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
    return AuditEvent.objects.order_by("-id").values_list("row_hash", flat=True).first() or ""


def _chain(events: list[AuditEvent]) -> None:
    """Chain unsaved rows, in order, to the last row of the log; the caller inserts them in the
    same transaction (`_chain_head` takes the lock)."""
    prev = _chain_head()
    for e in events:
        e.prev_hash = prev
        e.row_hash = prev = row_digest(e)


_ROW_FIELDS = ("at", "actor_id", "actor_label", "actor_role", "action", "object_type", "object_id", "summary",
               "before", "after", "ip", "outcome", "request_id", "prev_hash", "row_hash")


def record_rows(actor, action: str, object_type: str, rows, *, outcome: str = Outcome.OK) -> int:
    """Many audit rows about objects of one type, each as `record` would write it (same
    content, chained in the given order, inside the caller's transaction), without a model
    instance per row: `rows` are (object id, summary, before, after); they are written in one
    `COPY` on PostgreSQL (`core.bulk.insert_rows`), so their ids follow the chain; they share one
    time (`at`), taken when the batch starts. For batch actions writing thousands of rows (the
    employment early warning's alerts). Returns the count."""
    from .bulk import insert_rows

    rows = list(rows)
    if not rows:
        return 0
    t = _event(actor, action, None, object_type, None, "", None, None, outcome)  # who, from where, when
    head = (t.at, t.actor_id, t.actor_label, t.actor_role, t.action, t.object_type)
    tail = (t.ip, t.outcome, t.request_id)
    values = []
    at = _at_text(t.at)
    with transaction.atomic(savepoint=False):
        prev = _chain_head()
        for object_id, summary, before, after in rows:
            body = ("" if object_id is None else str(object_id), summary[:255],
                    _jsonable(before) if before is not None else None, _jsonable(after) if after is not None else None)
            row_hash = _digest(at, *head[1:], *body, *tail, prev)
            values.append((*head, *body, *tail, prev, row_hash))
            prev = row_hash
        insert_rows(AuditEvent, _ROW_FIELDS, values)
    return len(values)


# json.dumps(…, sort_keys=True, ensure_ascii=False, default=str) and the digest's compact form,
# each one encoder made once (json.dumps with options makes a new one per call).
_canonical_text = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str).encode
_blob_text = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode


def _canonical(value: Any) -> Any:
    """Values as they come back from the database, so that a re-read row hashes the same."""
    return json.loads(_canonical_text(value)) if value is not None else None


def _at_text(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")


def row_digest(event: AuditEvent) -> str:
    """SHA-256 over the row's content and the previous row's hash."""
    return _digest(_at_text(event.at), event.actor_id, event.actor_label, event.actor_role, event.action, event.object_type,
                   event.object_id, event.summary, event.before, event.after, event.ip, event.outcome,
                   event.request_id, event.prev_hash)


def _digest(at: str, actor_id, actor_label, actor_role, action, object_type, object_id, summary, before, after, ip,
            outcome, request_id, prev_hash) -> str:
    """`row_digest` of a row given as values (`at` as `_at_text` writes it)."""
    content = [
        at,
        actor_id,
        actor_label,
        actor_role,
        action,
        object_type,
        object_id,
        summary,
        _canonical(before),
        _canonical(after),
        ip or None,
        outcome,
        request_id,
        prev_hash,
    ]
    blob = _blob_text(content)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def verify_chain(batch: int = 5000):
    """Walk the log in id order; return (rows checked, first broken row id or None, why)."""
    previous = ""
    checked = 0
    last_id = 0
    while True:
        rows = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch])
        if not rows:
            return checked, None, ""
        for row in rows:
            if row.prev_hash != previous:
                return checked, row.id, "prev_hash does not match the row before (a row was removed or reordered)"
            if row.row_hash != row_digest(row):
                return checked, row.id, "row_hash does not match the row's content (the row was changed)"
            previous = row.row_hash
            checked += 1
            last_id = row.id


# Channels and views named in audit summaries, in words (the audit page is read by people).
WORDS = {
    "web": "网页", "api": "接口", "cli": "命令行", "form": "表单", "import": "导入",
    "policy-explain": "政策判定", "service_point": "服务网点", "window": "窗口",
    "file": "档案", "own file": "本人档案",
}


def words(code: str) -> str:
    """A channel or view code of an audit summary in words ("web" → 网页); unknown ones as is."""
    return WORDS.get(code, code)
