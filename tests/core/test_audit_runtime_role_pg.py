"""Issue 12, the audit log on PostgreSQL: the application's runtime role can append audit rows
but cannot get around the append-only trigger — not drop or disable it, not replace its
function, not switch triggers off for its session, not delete, truncate or change rows.

CI connects as a superuser, so the test makes a runtime role inside its own transaction (rolled
back with it) with exactly the documented grants (`zhihui.core.dbops.grant_statements`, as
`zhihui db migrate` gives them after every migration; docs/operations.md and docs/security.md)
and acts as that role with `SET LOCAL ROLE`."""

from __future__ import annotations

import secrets

import pytest
from django.db import DatabaseError, connection, transaction

from zhihui.core import audit
from zhihui.core.models import AuditEvent

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db]

# What an intruder with the runtime role's password would try, each refused by PostgreSQL.
ATTEMPTS = {
    "drop the trigger": "DROP TRIGGER zhihui_audit_append_only ON core_auditevent",
    "disable the trigger": "ALTER TABLE core_auditevent DISABLE TRIGGER zhihui_audit_append_only",
    "disable all triggers": "ALTER TABLE core_auditevent DISABLE TRIGGER ALL",
    "drop the trigger function": "DROP FUNCTION zhihui_audit_append_only() CASCADE",
    "replace the trigger function": (
        "CREATE OR REPLACE FUNCTION zhihui_audit_append_only() RETURNS trigger AS $$ "
        "BEGIN RETURN OLD; END; $$ LANGUAGE plpgsql"
    ),
    "switch triggers off for the session": "SET session_replication_role = replica",
    "delete rows": "DELETE FROM core_auditevent",
    "truncate the table": "TRUNCATE core_auditevent",
    "change a row": "UPDATE core_auditevent SET summary = 'edited'",
    "drop the table": "DROP TABLE core_auditevent",
    "take the table over": "ALTER TABLE core_auditevent OWNER TO CURRENT_USER",
}


@pytest.fixture
def runtime_role():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://…")
    from zhihui.core.dbops import grant_statements

    with connection.cursor() as c:
        c.execute("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")
        if not c.fetchone()[0]:
            pytest.skip("the test database user may not create roles (CI connects as the PostgreSQL superuser)")
        name = f"zh_runtime_{secrets.token_hex(4)}"
        # all inside the test's transaction: the role and its grants vanish with the rollback
        c.execute(f'CREATE ROLE "{name}" NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS')
        c.execute(f'GRANT USAGE ON SCHEMA public TO "{name}"')
        for statement in grant_statements(name):
            c.execute(statement)
    return name


def _as(role: str, sql: str) -> None:
    with transaction.atomic(), connection.cursor() as c:
        c.execute(f'SET LOCAL ROLE "{role}"')
        c.execute(sql)


@pytest.mark.parametrize("what", list(ATTEMPTS))
def test_the_runtime_role_cannot_get_around_the_audit_trigger(runtime_role, what):
    row = audit.record(None, audit.Action.VIEW, object_type="registry.person", object_id=1, summary="kept")
    with pytest.raises(DatabaseError) as refused:
        _as(runtime_role, ATTEMPTS[what])
    # refused for want of privilege (ownership, superuser) or by the trigger itself
    assert getattr(refused.value.__cause__, "sqlstate", "") == "42501", refused.value
    # the trigger is still there and enabled, the row unchanged
    with connection.cursor() as c:
        c.execute("SELECT tgenabled FROM pg_trigger WHERE tgname = 'zhihui_audit_append_only'")
        assert c.fetchone() == ("O",)
    assert AuditEvent.objects.get(pk=row.pk).summary == "kept"


def test_the_runtime_role_appends_and_reads_the_audit_log(runtime_role):
    before = AuditEvent.objects.count()
    with transaction.atomic():
        with connection.cursor() as c:
            c.execute(f'SET LOCAL ROLE "{runtime_role}"')
            c.execute("SELECT current_user")
            assert c.fetchone()[0] == runtime_role
        audit.record(None, audit.Action.VIEW, object_type="registry.person", object_id=2, summary="appended")
        assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.filter(summary="appended").exists()


def test_the_runtime_role_is_granted_only_reading_and_appending_the_audit_log(runtime_role):
    """The grants themselves, as docs/security.md states them, not only the trigger behind them."""
    with connection.cursor() as c:
        granted = {}
        for privilege in ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE"):
            c.execute("SELECT has_table_privilege(%s, 'core_auditevent', %s)", [runtime_role, privilege])
            granted[privilege] = c.fetchone()[0]
        c.execute("SELECT has_table_privilege(%s, 'registry_person', 'UPDATE')", [runtime_role])
        other_tables_writable = c.fetchone()[0]
    assert granted == {"SELECT": True, "INSERT": True, "UPDATE": False, "DELETE": False, "TRUNCATE": False}
    assert other_tables_writable
