"""`zhihui backup`, `zhihui restore`, `zhihui db roles|grants` (docs/operations.md)."""

from __future__ import annotations

import os
import sys


def register(subparsers) -> None:
    b = subparsers.add_parser("backup", help="pg_dump archive of the database and its manifest (row counts, SHA-256)")
    b.add_argument("output", help="archive file to write, e.g. /backup/zhihui-2026-12-07.dump")
    b.add_argument("--database-url", default=None, help="default: DATABASE_URL")
    b.set_defaults(func=_backup, needs_django=False)

    r = subparsers.add_parser("restore", help="restore an archive into an EMPTY database and check every table's row count")
    r.add_argument("archive")
    r.add_argument("--target", required=True, help="URL of the freshly created database to restore into")
    r.set_defaults(func=_restore, needs_django=False)

    db = subparsers.add_parser("db", help="PostgreSQL roles: the migration owner and the runtime role")
    db_sub = db.add_subparsers(dest="db_command", metavar="SUBCOMMAND")
    roles = db_sub.add_parser("roles", help="print the SQL a superuser runs once to create both roles")
    roles.add_argument("--database", required=True)
    roles.add_argument("--owner", default="zhihui_owner")
    roles.add_argument("--runtime", default="zhihui_app")
    roles.set_defaults(func=_roles, needs_django=False)
    mig = db_sub.add_parser("migrate", help="apply migrations as the owner role (ZHIHUI_MIGRATE_DATABASE_URL), then the runtime role's grants")
    mig.add_argument("--runtime", default=None, help="runtime role (default: the user of DATABASE_URL)")
    mig.set_defaults(func=_migrate, needs_django=False)
    grants = db_sub.add_parser("grants", help="print the SQL the owner runs after each migration")
    grants.add_argument("--runtime", default="zhihui_app")
    grants.set_defaults(func=_grants, needs_django=False)


def _url(args) -> str:
    url = getattr(args, "database_url", None) or os.environ.get("DATABASE_URL", "")
    if not url:
        print("DATABASE_URL is not set", file=sys.stderr)
        raise SystemExit(2)
    return url


def _backup(args) -> int:
    from zhihui.core.dbops import DbOpsError, backup

    try:
        m = backup(_url(args), args.output)
    except DbOpsError as exc:
        print(f"backup failed: {exc}", file=sys.stderr)
        return 1
    print(f"{args.output}: {len(m['tables'])} tables, {sum(m['tables'].values())} rows, sha256 {m['sha256']}")
    return 0


def _restore(args) -> int:
    from zhihui.core.dbops import DbOpsError, restore

    try:
        r = restore(args.archive, args.target)
    except DbOpsError as exc:
        print(f"restore failed: {exc}", file=sys.stderr)
        return 1
    print(f"restored {r['tables']} tables, {r['rows']} rows; every count matches the manifest")
    return 0


def _roles(args) -> int:
    from zhihui.core.dbops import role_statements

    print("-- run as a superuser, connected to the database; then set the passwords:")
    print(f"--   ALTER ROLE {args.owner} PASSWORD '…'; ALTER ROLE {args.runtime} PASSWORD '…';")
    for s in role_statements(args.database, args.owner, args.runtime):
        print(s + ";")
    return 0


def _grants(args) -> int:
    from zhihui.core.dbops import grant_statements

    for s in grant_statements(args.runtime):
        print(s + ";")
    return 0


def _migrate(args) -> int:
    import dj_database_url

    owner_url = os.environ.get("ZHIHUI_MIGRATE_DATABASE_URL", "")
    if not owner_url:
        print("ZHIHUI_MIGRATE_DATABASE_URL is not set (the owner role's URL)", file=sys.stderr)
        return 2
    runtime = args.runtime or dj_database_url.parse(_url(args)).get("USER") or ""
    os.environ["DATABASE_URL"] = owner_url  # this process only: Django connects as the owner
    from zhihui.cli import setup_django

    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from zhihui.core.dbops import grant_statements

    call_command("migrate", interactive=False, verbosity=0)
    with connection.cursor() as cur:
        for stmt in grant_statements(runtime):
            cur.execute(stmt)
    print(f"migrated as {connection.settings_dict['USER']}; grants given to {runtime}")
    return 0
