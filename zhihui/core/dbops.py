"""Database operations: the two PostgreSQL roles, backups and restores.

Roles (docs/operations.md, "Database roles"):
- the *owner* role runs migrations and owns the tables: LOGIN, no superuser, cannot create
  roles or databases;
- the *runtime* role is what the web processes and workers connect as: it may read and write
  rows (SELECT, INSERT, UPDATE, DELETE; sequences), nothing else — no CREATE on the schema, no
  DDL, no TRUNCATE, and no DELETE on the audit log.

Backups: `zhihui backup` writes a pg_dump custom-format archive plus a manifest (row count of
every table, SHA-256 of the archive); `zhihui restore` restores an archive into an EMPTY
database with pg_restore in one transaction and checks every count against the manifest.
Continuous archiving (pgBackRest) is configured by the operator: docs/operations.md.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil

# pg_dump/pg_restore run with argument lists, never through a shell.
import subprocess  # nosec B404
from pathlib import Path

_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

# Tables whose rows the runtime role may add and read but never delete.
APPEND_ONLY_TABLES = ["core_auditevent"]


class DbOpsError(RuntimeError):
    pass


def _ident(name: str) -> str:
    if not _NAME.match(name):
        raise DbOpsError(f"not a plain role or database name: {name!r}")
    return f'"{name}"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def role_statements(database: str, owner: str, runtime: str,
                    owner_password: str | None = None, runtime_password: str | None = None) -> list[str]:
    """SQL (run once by a superuser, connected to `database`) creating the two roles."""
    db, o, r = _ident(database), _ident(owner), _ident(runtime)
    limits = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
    out = []
    for role, pw in ((o, owner_password), (r, runtime_password)):
        out.append(f"CREATE ROLE {role} {limits}" + (f" PASSWORD {_literal(pw)}" if pw else ""))
    out += [
        f"REVOKE ALL ON DATABASE {db} FROM PUBLIC",
        f"GRANT CONNECT, TEMPORARY ON DATABASE {db} TO {o}, {r}",
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        f"GRANT USAGE, CREATE ON SCHEMA public TO {o}",
        f"GRANT USAGE ON SCHEMA public TO {r}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {r}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {r}",
    ]
    return out


def grant_statements(runtime: str) -> list[str]:
    """SQL run by the owner after every migration: rights on every table, the audit log
    append-only (SELECT and INSERT only: an account's deletion leaves its events untouched,
    the actor column has no constraint, so nothing ever needs UPDATE there)."""
    r = _ident(runtime)
    out = [
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {r}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {r}",
    ]
    out += [f"REVOKE UPDATE, DELETE, TRUNCATE ON {_ident(t)} FROM {r}" for t in APPEND_ONLY_TABLES]
    return out


# --- Backups ---------------------------------------------------------------------------------


def _pg_env(url: str) -> dict:
    """libpq environment for a database URL (the password never on a command line)."""
    import dj_database_url

    cfg = dj_database_url.parse(url)
    if not cfg["ENGINE"].endswith("postgresql"):
        raise DbOpsError("backup and restore need a PostgreSQL DATABASE_URL")
    env = dict(os.environ)
    env.update({"PGHOST": cfg.get("HOST") or "127.0.0.1", "PGPORT": str(cfg.get("PORT") or 5432),
                "PGUSER": cfg.get("USER") or "", "PGDATABASE": cfg["NAME"]})
    if cfg.get("PASSWORD"):
        env["PGPASSWORD"] = cfg["PASSWORD"]
    sslmode = (cfg.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise DbOpsError(f"{name} not found: install postgresql-client (scripts/system-deps.sh)")
    return path


def table_counts(url: str) -> dict[str, int]:
    import psycopg

    env = _pg_env(url)
    with psycopg.connect(host=env["PGHOST"], port=env["PGPORT"], user=env["PGUSER"], dbname=env["PGDATABASE"],
                         password=env.get("PGPASSWORD"), sslmode=env.get("PGSSLMODE", "prefer")) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")]
        out = {}
        for t in tables:
            # the table name comes from pg_tables and is checked by _ident
            out[t] = conn.execute(f"SELECT count(*) FROM {_ident(t)}").fetchone()[0]  # nosec B608
        return out


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def backup(url: str, output: str | Path) -> dict:
    """pg_dump (custom format) of the database at `url` into `output`, and its manifest."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    counts = table_counts(url)
    subprocess.run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(output)],
                   env=_pg_env(url), check=True, capture_output=True)
    output.chmod(0o600)
    manifest = {"format": "pg_dump-custom", "sha256": _sha256(output), "tables": counts}
    manifest_path = output.with_name(output.name + ".manifest.json")
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
    return manifest


def restore(archive: str | Path, target_url: str) -> dict:
    """Restore `archive` into the EMPTY database at `target_url`; check counts against the manifest."""
    archive = Path(archive)
    manifest_path = archive.with_name(archive.name + ".manifest.json")
    if not manifest_path.exists():
        raise DbOpsError(f"{manifest_path}: manifest missing (was the archive made by `zhihui backup`?)")
    manifest = json.loads(manifest_path.read_text())
    if _sha256(archive) != manifest["sha256"]:
        raise DbOpsError(f"{archive}: SHA-256 differs from the manifest (damaged or altered archive)")
    if table_counts(target_url):
        raise DbOpsError("the target database is not empty: restore only into a freshly created database")
    proc = subprocess.run([_tool("pg_restore"), "--exit-on-error", "--single-transaction", "--no-owner",
                           "--no-privileges", "--dbname", _pg_env(target_url)["PGDATABASE"], str(archive)],
                          env=_pg_env(target_url), capture_output=True, text=True)
    if proc.returncode != 0:
        raise DbOpsError(f"pg_restore failed: {proc.stderr.strip()[-2000:]}")
    got = table_counts(target_url)
    differ = {t: (n, got.get(t)) for t, n in manifest["tables"].items() if got.get(t) != n}
    if differ:
        raise DbOpsError(f"restored row counts differ from the manifest: {differ}")
    return {"tables": len(got), "rows": sum(got.values())}
