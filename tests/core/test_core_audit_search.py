"""The auditor searches the audit log by actor, action, object and dates, on a page and
through GET /api/v1/audit/events; nobody else but a department administrator may."""

import datetime as dt

import pytest
from django.utils import timezone

from zhihui.core import audit
from zhihui.core.models import AuditEvent
from zhihui.core.roles import Role


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def events(clerk, reviewer, monkeypatch):
    # The log is append-only (no back-dating by update): the old row is written "40 days ago".
    at_field = AuditEvent._meta.get_field("at")
    monkeypatch.setattr(at_field, "_get_default", lambda: timezone.now() - dt.timedelta(days=40))
    old = audit.record(clerk, audit.Action.UPDATE, object_type="registry.person", object_id=7, summary="修改人员 old",
                       before={"phone": ""}, after={"phone": "13900000000"})
    monkeypatch.undo()
    audit.record(clerk, audit.Action.VIEW, object_type="registry.person", object_id=7, summary="查看人员档案")
    audit.record(reviewer, audit.Action.VIEW, object_type="registry.person", object_id=8, summary="查看人员档案")
    audit.record(reviewer, audit.Action.EXPORT, object_type="registry.person", object_id=8, summary="export-of-8")
    return old


def test_auditor_filters_by_actor_action_and_object(client_for, auditor, events):
    c = client_for(auditor)
    page = c.get("/audit/", {"actor": "reviewer_t", "action": "view"}).content.decode()
    assert page.count("查看人员档案") == 1 and "export-of-8" not in page
    body = c.get("/api/v1/audit/events", {"object_type": "registry.person", "object_id": "7"}).json()
    assert body["count"] == 2
    assert {e["action"] for e in body["items"]} == {"update", "view"}


def test_auditor_filters_by_date_range(client_for, auditor, events):
    today = timezone.localdate()
    body = client_for(auditor).get("/api/v1/audit/events", {"since": (today - dt.timedelta(days=1)).isoformat(),
                                                            "object_type": "registry.person"}).json()
    assert body["count"] == 3
    body = client_for(auditor).get("/api/v1/audit/events", {"until": (today - dt.timedelta(days=30)).isoformat()}).json()
    assert body["count"] == 1 and body["items"][0]["before"] == {"phone": ""}


def test_the_page_paginates(client_for, auditor, clerk):
    for i in range(120):
        audit.record(clerk, audit.Action.VIEW, object_type="registry.person", object_id=i, summary=f"v{i}")
    c = client_for(auditor)
    first = c.get("/audit/", {"action": "view"}).content.decode()
    assert "第 1 / 3 页" in first
    third = c.get("/audit/", {"action": "view", "page": 3}).content.decode()
    assert "第 3 / 3 页" in third


def test_inverted_date_range_is_a_form_error(client_for, auditor, events):
    r = client_for(auditor).get("/audit/", {"since": "2025-02-01", "until": "2025-01-01"})
    assert r.status_code == 400 and "截止日期早于起始日期" in r.content.decode()


@pytest.mark.parametrize("role", [Role.CLERK, Role.REVIEWER, Role.LEADER, Role.CITIZEN, Role.EMPLOYER])
def test_other_roles_are_refused(client_for, make_user, role, events):
    c = client_for(make_user(role, f"no_audit_{role}"))
    assert c.get("/audit/").status_code == 403
    assert c.get("/api/v1/audit/events").status_code == 403


def test_viewing_and_revealing_a_file_shows_up_for_the_auditor(client_for, make_user, auditor):
    from zhihui.registry import actions
    from zhihui.registry.catalogues import load_all

    load_all(only="divisions")
    clerk = make_user(Role.CLERK, "audited_clerk")
    person = actions.create_person(clerk, name="被查看人", id_number="41900119900101123" + _check("41900119900101123"))
    c = client_for(clerk)
    c.get(f"/registry/persons/{person.pk}/")
    c.post(f"/registry/persons/{person.pk}/reveal/", {"reason": "核对"})
    c.logout()
    body = client_for(auditor).get("/api/v1/audit/events", {"actor": "audited_clerk", "object_type": "registry.person"}).json()
    actions_seen = sorted(e["action"] for e in body["items"])
    assert actions_seen == ["create", "reveal", "view", "view"]  # create, open, reveal (+ page shown again)


def _check(body17):
    from stdnum.iso7064 import mod_11_2

    return mod_11_2.calc_check_digit(body17)
