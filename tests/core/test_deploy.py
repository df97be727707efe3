"""Issue 13, found item 4: DEBUG off by default, `make check-deploy` clean with the documented
production environment and failing without it, and our own deployment checks (database role
and TLS, Redis password, malware scanning)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import dj_database_url
import pytest

ROOT = Path(__file__).resolve().parents[2]


def _env(**extra) -> dict:
    # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests' fixture in this process; a
    # production environment never has it, and Django's deploy check rightly refuses it.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ZHIHUI_", "DATABASE_URL", "CELERY_", "DJANGO_ALLOW_ASYNC_UNSAFE"))}
    env.update(extra)
    return env


def test_debug_is_off_unless_asked_for(tmp_path):
    code = "import config.settings as s; print(s.DEBUG)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=_env(ZHIHUI_VAR_DIR=str(tmp_path)),
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=_env(ZHIHUI_VAR_DIR=str(tmp_path), ZHIHUI_DEBUG="1"),
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
    assert "ZHIHUI_DEBUG=1 $(PY) manage.py runserver" in (ROOT / "Makefile").read_text()


@pytest.mark.django_db
def test_the_404_page_does_not_print_the_url_map(client):
    r = client.get("/no-such-page/")
    assert r.status_code == 404 and "URLconf" not in r.content.decode()


def test_check_deploy_passes_with_the_documented_production_environment():
    out = subprocess.run(["bash", "scripts/check-deploy.sh"], cwd=ROOT, env=_env(PY=sys.executable),
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no issues" in out.stdout + out.stderr


def test_check_deploy_fails_on_the_developer_defaults(tmp_path):
    out = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT,
                         env=_env(ZHIHUI_VAR_DIR=str(tmp_path)), capture_output=True, text=True)
    assert out.returncode != 0
    text = out.stdout + out.stderr
    # (Cookies are Secure whenever DEBUG is off, so W012/W016 no longer fire on these defaults.)
    for check in ("security.W004", "security.W008", "zhihui.W001", "zhihui.W005"):
        assert check in text, check


def _ids(db) -> set[str]:
    from zhihui.core.checks import check_deployment

    return {w.id for w in check_deployment(db=db)}


def test_our_deployment_checks(settings):
    base = dj_database_url.parse("postgres://zhihui_app:pw@db.internal:5432/zhihui?sslmode=verify-full")
    settings.CELERY_BROKER_URL = "redis://:secret@redis.internal:6379/0"
    settings.CELERY_RESULT_BACKEND = settings.CELERY_BROKER_URL
    settings.ZHIHUI_CLAMD = "unix:/run/clamav/clamd.ctl"
    assert _ids(base) == set()
    assert _ids(dj_database_url.parse("postgres://postgres@db.internal:5432/zhihui")) == {"zhihui.W002", "zhihui.W003"}
    assert _ids(dj_database_url.parse("postgres://zhihui_app@/zhihui")) == set()  # local socket: no TLS needed
    assert _ids(dj_database_url.parse("sqlite:///x.sqlite3")) == {"zhihui.W001"}
    settings.CELERY_BROKER_URL = "redis://redis.internal:6379/0"
    settings.ZHIHUI_CLAMD = ""
    assert _ids(base) == {"zhihui.W004", "zhihui.W005"}


def test_the_database_tls_settings_reach_libpq():
    env = {}
    for line in (ROOT / "config" / "production.env.example").read_text().splitlines():
        if "=" in line and not line.startswith("#"):
            k, v = line.split("=", 1)
            env[k] = v.strip("'")
    cfg = dj_database_url.parse(env["DATABASE_URL"])
    assert cfg["OPTIONS"] == {"sslmode": "verify-full", "sslrootcert": "/etc/zhihui/db-ca.pem"}
    assert cfg["USER"] == "zhihui_app"
    assert dj_database_url.parse(env["ZHIHUI_MIGRATE_DATABASE_URL"])["USER"] == "zhihui_owner"
