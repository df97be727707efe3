"""Robustness fixtures: one account per role (citizen with a registry person, employer with an
organisation), a few real records so path converters can be filled with ids that exist, and a
collector of server errors (Django's got_request_exception) so a 500 shows its traceback."""

from __future__ import annotations

import datetime as dt
import traceback

import pytest

from tests.factories import create_org, create_person
from zhihui.core.roles import Role

ROLES = ["anonymous", Role.CITIZEN, Role.EMPLOYER, Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.LEADER, Role.AUDITOR]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ZHIHUI_SMS_BACKEND = "locmem"


@pytest.fixture
def world(db, make_user, tmp_path, settings):
    """Real records of each kind plus one user per role; returns a dict."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    person = create_person("张三", dt.date(1990, 1, 1), phone="13800000000")
    org = create_org("济源某科技有限公司")
    users = {
        Role.CITIZEN: make_user(Role.CITIZEN, "rb_citizen", person=person),
        Role.EMPLOYER: make_user(Role.EMPLOYER, "rb_employer", organisation=org),
    }
    for role in (Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.LEADER, Role.AUDITOR):
        users[role] = make_user(role, f"rb_{role}")
    return {"person": person, "org": org, "users": users}


@pytest.fixture
def server_errors():
    """Tracebacks of exceptions that reached Django's handler (i.e. would be a 500)."""
    from django.core.signals import got_request_exception

    seen: list[str] = []

    def _record(sender, request=None, **kwargs):
        path = getattr(request, "get_full_path", lambda: "?")()
        seen.append(f"{getattr(request, 'method', '?')} {path}\n{traceback.format_exc()}")

    got_request_exception.connect(_record, weak=False)
    yield seen
    got_request_exception.disconnect(_record)
