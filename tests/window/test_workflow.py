"""The window's workflow is one table (zhihui/window/workflows.py): actions enforce it, the
detail page draws its buttons from it, docs/window.md prints it (issue 11), and it carries the
separation of duties of issue 12 (nobody approves what they accepted or reviewed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from zhihui.core.roles import Role
from zhihui.window import actions
from zhihui.window.models import Application, Status
from zhihui.window.workflows import APPLICATION, PAYMENT_BATCH

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_whoever_accepted_may_not_approve(fake_engine, citizen, make_user, service, budgets, reviewer):
    admin = make_user(Role.ADMIN, "admin_sod")
    app, _ = actions.submit(citizen, service, person=citizen.person)
    actions.accept(admin, app)
    actions.review(reviewer, app)
    with pytest.raises(PermissionDenied, match="职责分离"):
        actions.approve(admin, app)
    with pytest.raises(PermissionDenied, match="职责分离"):
        actions.approve(reviewer, app)
    assert Application.objects.get(pk=app.pk).status == Status.REVIEWED


def test_the_page_draws_the_tables_buttons_and_says_why_approve_is_missing(
        fake_engine, citizen, clerk, reviewer, approver, client_for, service, budgets):
    app, _ = actions.submit(citizen, service, person=citizen.person)
    page = client_for(clerk).get(f"/window/a/{app.number}/").content.decode()
    for t in APPLICATION.available(Status.SUBMITTED, clerk):
        assert f'id="do-{t.name}"' in page and str(t.label) in page
    assert 'id="do-approve"' not in page
    actions.accept(clerk, app)
    actions.review(reviewer, app)
    mine = client_for(reviewer).get(f"/window/a/{app.number}/").content.decode()
    assert 'id="do-approve"' not in mine and "职责分离" in mine
    theirs = client_for(approver).get(f"/window/a/{app.number}/").content.decode()
    assert 'id="do-approve"' in theirs and 'id="do-refuse"' in theirs


def test_the_citizen_sees_only_the_owner_transitions(fake_engine, citizen, client_for, service):
    app, _ = actions.submit(citizen, service, person=citizen.person)
    page = client_for(citizen).get(f"/window/a/{app.number}/").content.decode()
    assert 'id="do-withdraw"' in page and 'id="do-accept"' not in page


def test_docs_print_the_tables():
    doc = (ROOT / "docs/window.md").read_text(encoding="utf-8")
    for wf in (APPLICATION, PAYMENT_BATCH):
        assert wf.as_markdown() in doc, f"docs/window.md is out of date: run `zhihui workflows show {wf.name}`"
