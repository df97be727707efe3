"""Deployment checks of our own, run by `manage.py check --deploy` (and so `make check-deploy`)
beside Django's: what a level-3 assessor asks of the database, the broker and the uploads."""

from __future__ import annotations

from urllib.parse import urlparse

from django.conf import settings
from django.core.checks import Tags, Warning, register

TLS_MODES = {"require", "verify-ca", "verify-full"}


@register(Tags.security, deploy=True)
def check_deployment(app_configs=None, db: dict | None = None, **kwargs):
    out = []
    db = db if db is not None else settings.DATABASES["default"]
    if not db["ENGINE"].endswith("postgresql"):
        out.append(Warning("the database is not PostgreSQL", hint="set DATABASE_URL=postgres://… (docs/operations.md)",
                           id="zhihui.W001"))
    else:
        if (db.get("USER") or "") in settings.ZHIHUI_DB_SUPERUSERS or not db.get("USER"):
            out.append(Warning(f"the application connects to the database as {db.get('USER') or '(default user)'!r}",
                               hint="connect as the runtime role (zhihui db roles; docs/operations.md, Database roles)",
                               id="zhihui.W002"))
        host = db.get("HOST") or ""
        local_socket = host == "" or host.startswith("/")
        if not local_socket and (db.get("OPTIONS") or {}).get("sslmode") not in TLS_MODES:
            out.append(Warning("the database connection is not required to use TLS",
                               hint="add ?sslmode=verify-full&sslrootcert=… to DATABASE_URL (docs/operations.md, TLS)",
                               id="zhihui.W003"))
    for name in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
        url = getattr(settings, name, "") or ""
        if url.startswith(("redis://", "rediss://")) and not urlparse(url).password:
            out.append(Warning(f"{name} reaches Redis without a password",
                               hint="redis://:PASSWORD@host:6379/0 with requirepass in redis.conf (docs/operations.md, Redis)",
                               id="zhihui.W004"))
    if not settings.ZHIHUI_CLAMD:
        out.append(Warning("uploaded files are not scanned for malware (ZHIHUI_CLAMD is not set)",
                           hint="install clamav-daemon and set ZHIHUI_CLAMD=unix:/run/clamav/clamd.ctl",
                           id="zhihui.W005"))
    return out
