"""Issue 13, found item 4 on PostgreSQL: migrations by an owner role, the application as a
runtime role that is no superuser and can do no DDL nor delete audit rows; a populated database
backed up with `zhihui backup` and restored with `zhihui restore` into a fresh one, then read."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db]


@pytest.fixture
def cluster():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://…")
    s = connection.settings_dict
    admin = {"host": s["HOST"] or "127.0.0.1", "port": s["PORT"] or 5432, "user": s["USER"], "password": s["PASSWORD"] or None}
    tag = secrets.token_hex(4)
    made = {"dbs": [], "roles": []}

    def url(user, db):
        return f"postgres://{user}@{admin['host']}:{admin['port']}/{db}"

    def sql(statements, db="postgres", user=None):
        with psycopg.connect(dbname=db, autocommit=True, **{**admin, **({"user": user} if user else {})}) as c:
            for st in statements:
                c.execute(st)

    yield {"tag": tag, "url": url, "sql": sql, "made": made, "admin": admin}
    for db in made["dbs"]:
        sql([f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'])
    for role in made["roles"]:
        sql([f'DROP ROLE IF EXISTS "{role}"'])


def _zhihui(*args, env):
    out = subprocess.run([sys.executable, "-m", "zhihui.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    return out.stdout


def _shell(code, env):
    out = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    return out.stdout


def test_roles_migrate_run_back_up_and_restore(cluster, tmp_path):
    from zhihui.core.dbops import role_statements

    tag, url, sql, made = cluster["tag"], cluster["url"], cluster["sql"], cluster["made"]
    db, owner, app = f"zh_roles_{tag}", f"zh_owner_{tag}", f"zh_app_{tag}"
    sql([f'CREATE DATABASE "{db}"'])
    made["dbs"].append(db)
    made["roles"] += [app, owner]  # dropped after the databases
    sql(role_statements(db, owner, app), db=db)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZHIHUI_", "DATABASE_URL"))}
    env.update({"ZHIHUI_VAR_DIR": str(tmp_path / "var"), "DATABASE_URL": url(app, db),
                "ZHIHUI_MIGRATE_DATABASE_URL": url(owner, db)})
    assert f"grants given to {app}" in _zhihui("db", "migrate", env=env)

    # the roles: neither may create roles or databases, neither is a superuser
    with psycopg.connect(dbname=db, **cluster["admin"]) as c:
        rows = c.execute("SELECT rolname, rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname IN (%s, %s)",
                         (owner, app)).fetchall()
        assert sorted(rows) == [(app, False, False, False), (owner, False, False, False)]
        assert c.execute("SELECT tableowner FROM pg_tables WHERE tablename = 'core_auditevent'").fetchone() == (owner,)

    # the application works as the runtime role: an account created, its audit row written, a person
    _shell("from zhihui.core.actions import create_user; from tests.factories import create_person; import datetime as dt;"
           "p = create_person('王五', dt.date(1988, 5, 6));"
           "create_user(None, username='restore_me', password='Correct-Horse-42', role='citizen', person=p)", env)
    # … but can do no DDL and cannot delete audit rows
    with psycopg.connect(dbname=db, autocommit=True, **{**cluster["admin"], "user": app}) as c:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("CREATE TABLE intruder (id int)")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("DELETE FROM core_auditevent")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("DROP TABLE registry_person")
        assert c.execute("SELECT count(*) FROM core_auditevent").fetchone()[0] >= 1

    # backup as the owner, restore into a fresh database, read it back
    archive = tmp_path / "backup" / "zhihui.dump"
    out = _zhihui("backup", str(archive), "--database-url", url(owner, db), env=env)
    assert "tables" in out and archive.exists() and (archive.parent / "zhihui.dump.manifest.json").exists()
    fresh = f"zh_restored_{tag}"
    sql([f'CREATE DATABASE "{fresh}"'])
    made["dbs"].append(fresh)
    out = _zhihui("restore", str(archive), "--target", url(cluster["admin"]["user"], fresh), env=env)
    assert "every count matches the manifest" in out
    env_restored = {**env, "DATABASE_URL": url(cluster["admin"]["user"], fresh)}
    got = _shell("from zhihui.core.models import User; from zhihui.core.crypto import decrypt;"
                 "u = User.objects.get(username='restore_me'); print(u.person.name, decrypt(u.person.id_number_encrypted)[:14])",
                 env_restored)
    assert got.strip().splitlines()[-1] == "王五 41900119880506"
    # a second restore into the same (now full) database is refused
    fail = subprocess.run([sys.executable, "-m", "zhihui.cli", "restore", str(archive), "--target",
                           url(cluster["admin"]["user"], fresh)], cwd=ROOT, env=env, capture_output=True, text=True)
    assert fail.returncode == 1 and "not empty" in fail.stderr
