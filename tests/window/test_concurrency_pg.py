"""Concurrency guarantees on PostgreSQL: threads, each with its own database connection.

Skipped on SQLite (no row locks; it serialises writers anyway). Run with
DATABASE_URL=postgres://postgres@127.0.0.1:5432/zh_window.
"""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from zhihui.core.roles import Role
from zhihui.window import actions
from zhihui.window.models import Application, Budget, Quota, QuotaUse, Service, Status

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks): set DATABASE_URL=postgres://…")
    # transactional tests flush the tables between tests, data migrations included
    from zhihui.window.catalogue import seed
    from zhihui.window.models import TalentPool

    seed(Service, Quota, TalentPool)


def run_concurrently(n, fn):
    """Start n threads at once (a barrier), each calling fn(i) on its own connection."""
    barrier = threading.Barrier(n)
    results = [None] * n

    def worker(i):
        try:
            barrier.wait()
            results[i] = ("ok", fn(i))
        except Exception as exc:  # collected and checked by the test
            results[i] = ("error", exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_fifty_concurrent_approvals_against_a_hard_quota_of_ten(fake_engine, make_person, clerk, reviewer, approver):
    svc = Service.objects.get(code="wangwu_professional_selection")
    Quota.objects.filter(pk=svc.quota_id).update(limit=10, mode="hard", first_year=2021, last_year=2030, used=0)
    apps = []
    for _ in range(50):
        app, _ = actions.submit(clerk, svc, person=make_person(), period="2026")
        actions.accept(clerk, app)
        actions.review(reviewer, app)
        apps.append(app.pk)

    results = run_concurrently(50, lambda i: actions.approve(approver, apps[i]).status)

    ok = [r for r in results if r and r[0] == "ok"]
    errors = [r[1] for r in results if r and r[0] == "error"]
    assert len(ok) == 10
    assert len(errors) == 40 and all(isinstance(e, actions.QuotaExceeded) for e in errors), errors[:3]
    assert Quota.objects.get(pk=svc.quota_id).used == 10
    assert QuotaUse.objects.count() == 10
    assert Application.objects.filter(status=Status.APPROVED).count() == 10


def test_concurrent_approvals_never_exceed_a_budget(fake_engine, make_person, make_user, clerk, reviewer, admin_user, approver):
    svc = Service.objects.get(code="youth_talent_living")
    fake_engine["payments"] = [{"year": 2026, "amount": "10000.00"}]
    actions.set_budget(admin_user, 2026, "talent_living", "50000")
    apps = []
    for _ in range(20):
        app, _ = actions.submit(clerk, svc, person=make_person())
        actions.accept(clerk, app)
        actions.review(reviewer, app)
        apps.append(app.pk)

    results = run_concurrently(20, lambda i: actions.approve(approver, apps[i]).status)

    assert sum(1 for r in results if r[0] == "ok") == 5
    assert all(isinstance(r[1], actions.BudgetExceeded) for r in results if r[0] == "error")
    assert Budget.objects.get(year=2026).committed == Decimal("50000.00")


def test_a_double_submission_racing_itself_creates_one_application(fake_engine, citizen):
    svc = Service.objects.get(code="youth_talent_living")
    results = run_concurrently(
        10, lambda i: actions.submit(citizen, svc, person=citizen.person, idempotency_key="same-click")[0].pk
    )
    pks = {r[1] for r in results if r[0] == "ok"}
    assert all(r[0] == "ok" for r in results), [r for r in results if r[0] == "error"][:2]
    assert len(pks) == 1 and Application.objects.count() == 1


def test_racing_submissions_without_a_key_still_leave_one_open_application(fake_engine, make_person, make_user):
    svc = Service.objects.get(code="youth_talent_living")
    person = make_person()
    users = [make_user(Role.CLERK, f"clerk_race{i}") for i in range(10)]
    results = run_concurrently(10, lambda i: actions.submit(users[i], svc, person=person)[0].pk)
    assert sum(1 for r in results if r[0] == "ok") == 1
    assert all(isinstance(r[1], actions.DuplicateApplication) for r in results if r[0] == "error")
    assert Application.objects.filter(person=person).count() == 1
