"""Found 7 (issue 12): the audit log could be edited and missed reads.

Now: rows are append-only (ORM, and a PostgreSQL trigger for any client), chained by hash
(`zhihui audit verify` finds a changed or removed row), and carry an outcome and the request
id; denials, logouts and views of the audit log itself are rows.
"""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from zhihui.cli import main as zhihui_main
from zhihui.core import audit
from zhihui.core.models import AuditEvent, AuditLogIsAppendOnly


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _rows(n=3):
    return [audit.record(None, audit.Action.VIEW, object_type="registry.person", object_id=i, summary=f"v{i}") for i in range(n)]


@pytest.mark.django_db
def test_rows_cannot_be_updated_or_deleted_through_the_orm():
    row = _rows(1)[0]
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=row.pk).update(summary="edited")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=row.pk).delete()
    row.summary = "edited"
    with pytest.raises(AuditLogIsAppendOnly):
        row.save()
    assert AuditEvent.objects.get(pk=row.pk).summary == "v0"


@pytest.mark.django_db
def test_each_row_is_chained_to_the_one_before():
    a, b, c = _rows(3)
    assert b.prev_hash == a.row_hash and c.prev_hash == b.row_hash and len(c.row_hash) == 64
    assert audit.verify_chain() == (AuditEvent.objects.count(), None, "")


@pytest.mark.django_db
def test_many_rows_at_once_read_back_as_record_writes_them_and_stay_chained():
    """`record_rows` (batch actions: a COPY on PostgreSQL) writes each row as `record` would,
    chained in order, ids following the chain: the rows read back equal `record`'s."""
    first = _rows(1)[0]
    items = [(7, "失业预警 一级（红色）: 在岗人数由300人降至250人", None,
              {"rule": "headcount_drop_pct", "numbers": {"previous_month": "2026-01", "drop": 50, "drop_pct": "16.7"}}),
             (8, "x" * 300, {"state": "open", "at": dt.date(2026, 1, 2)}, None)]
    assert audit.record_rows(None, audit.Action.CREATE, "employment.alert", items) == 2
    last = audit.record(None, audit.Action.CREATE, object_type="employment.alert", object_id=9, summary="s",
                        after={"rule": "mass_layoff"})
    rows = list(AuditEvent.objects.filter(id__gte=first.id).order_by("id"))
    assert [r.id for r in rows] == sorted(r.id for r in rows) and len(rows) == 4
    assert [r.prev_hash for r in rows[1:]] == [r.row_hash for r in rows[:-1]] and rows[-1].id == last.id
    got = [(r.actor_id, r.actor_label, r.action, r.object_type, r.object_id, r.summary, r.before, r.after, r.outcome)
           for r in rows[1:3]]
    assert got == [(None, "系统", "create", "employment.alert", "7", items[0][1], None, items[0][3], "ok"),
                   (None, "系统", "create", "employment.alert", "8", "x" * 255,
                    {"state": "open", "at": "2026-01-02"}, None, "ok")]
    assert all(r.row_hash == audit.row_digest(r) for r in rows)
    assert audit.verify_chain() == (AuditEvent.objects.count(), None, "")


def _raw(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.django_db
def test_verify_finds_a_changed_row_and_the_command_exits_1(capsys):
    if connection.vendor == "postgresql":
        pytest.skip("the database trigger refuses the edit itself on this backend (test below)")
    a, b, c = _rows(3)
    assert zhihui_main(["audit", "verify"]) == 0
    assert "intact" in capsys.readouterr().out
    _raw("UPDATE core_auditevent SET summary = %s WHERE id = %s", ["nothing to see", b.pk])
    assert audit.verify_chain()[1] == b.pk
    assert zhihui_main(["audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert "BROKEN" in out and f"row id {b.pk}" in out


@pytest.mark.django_db
def test_verify_finds_a_removed_row():
    if connection.vendor == "postgresql":
        pytest.skip("the database trigger refuses the delete itself on this backend (test below)")
    a, b, c = _rows(3)
    _raw("DELETE FROM core_auditevent WHERE id = %s", [b.pk])
    checked, broken, why = audit.verify_chain()
    assert broken == c.pk and "removed" in why


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_postgresql_trigger_refuses_update_and_delete_from_any_client():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://…")
    from django.db import DatabaseError, transaction

    row = _rows(1)[0]
    for sql in ("UPDATE core_auditevent SET summary = 'x' WHERE id = %s", "DELETE FROM core_auditevent WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            _raw(sql, [row.pk])
    assert AuditEvent.objects.get(pk=row.pk).summary == "v0"


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_on_postgresql_keep_one_chain():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://…")
    n = 8
    barrier = threading.Barrier(n)
    errors = []

    def worker(i):
        try:
            barrier.wait()
            for j in range(5):
                audit.record(None, audit.Action.VIEW, object_type="t", object_id=f"{i}-{j}")
        except Exception as exc:  # collected and checked below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    checked, broken, why = audit.verify_chain()
    assert broken is None and checked == AuditEvent.objects.count() >= n * 5


def test_a_refused_request_is_recorded_with_outcome_and_request_id(client_for, clerk):
    c = client_for(clerk)
    r = c.get("/api/v1/audit/events", HTTP_X_REQUEST_ID="req-test-0001")
    assert r.status_code == 403 and r["X-Request-ID"] == "req-test-0001"
    row = AuditEvent.objects.filter(action="denied").latest("id")
    assert (row.actor_id, row.outcome, row.request_id) == (clerk.pk, "denied", "req-test-0001")
    assert row.object_id == "/api/v1/audit/events"


def test_logout_and_reading_the_audit_log_are_recorded(client_for, auditor):
    c = client_for(auditor)
    r = c.get("/audit/", {"action": "view"})
    assert r.status_code == 200
    seen = AuditEvent.objects.filter(action="search", object_type="core.auditevent").latest("id")
    assert seen.actor_id == auditor.pk and "操作=查看" in seen.summary and seen.request_id == r["X-Request-ID"]
    c.get("/api/v1/audit/events", {"object_id": "7"})
    assert AuditEvent.objects.filter(action="search", object_type="core.auditevent", summary__contains="对象编号=7").exists()
    c.post("/logout/")
    assert AuditEvent.objects.filter(action="logout", actor=auditor).count() == 1
