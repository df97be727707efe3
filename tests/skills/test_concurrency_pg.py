"""The voucher's invariants under concurrency on PostgreSQL: threads, each with its own
connection, started together. Skipped on SQLite (no row locks). Run with
DATABASE_URL=postgres://postgres@127.0.0.1:5432/zh_skills."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection

from tests.factories import create_person
from tests.window.test_concurrency_pg import run_concurrently
from zhihui.skills import actions
from zhihui.skills.actions import SkillsError
from zhihui.skills.models import Voucher
from zhihui.window.models import Budget, PaymentInstruction

from .conftest import DAY, at

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks): set DATABASE_URL=postgres://…")


def _certified(world, clerk, person, user):
    v = actions.issue_voucher(clerk, person, kind="general", group="rural", today=DAY - dt.timedelta(days=10))
    e = actions.enrol(user, world["session"], person, voucher=v, today=DAY - dt.timedelta(days=5))
    for i in range(5):
        actions.check_in(world["trainer"], e, method="clerk", at=at(DAY + dt.timedelta(days=i), 9))
    return v


def test_twenty_concurrent_redemptions_pay_one_voucher_once(world, clerk):
    v = _certified(world, clerk, world["worker"], world["citizen"])
    actions.complete_session(world["trainer"], world["session"], today=DAY + dt.timedelta(days=4))
    actions.record_certificate(clerk, person=world["worker"], kind="skill_level", level="intermediate_worker", name="焊工",
                               number="C-1", obtained_on=DAY + dt.timedelta(days=10), evaluator=world["evaluator"])

    results = run_concurrently(20, lambda i: actions.redeem(world["trainer"], Voucher.objects.get(pk=v.pk),
                                                            today=DAY + dt.timedelta(days=30)).status)

    assert sum(1 for r in results if r[0] == "ok") == 1
    assert all(isinstance(r[1], SkillsError) for r in results if r[0] == "error"), results
    assert PaymentInstruction.objects.filter(application__period=v.number).count() == 1
    assert Voucher.objects.get(pk=v.pk).transitions.filter(name="redeem").count() == 1
    assert Budget.objects.get(line="skill_voucher").committed == Decimal("1200.00")


def test_concurrent_issues_never_exceed_the_budget_line(world, clerk):
    people = [create_person(f"学员{i}", dt.date(1990, 1, 1 + i)) for i in range(12)]

    results = run_concurrently(12, lambda i: actions.issue_voucher(clerk, people[i], kind="general", group="rural", today=DAY).number)

    assert sum(1 for r in results if r[0] == "ok") == 6  # 10,000 / 1,500
    assert all(isinstance(r[1], SkillsError) and r[1].field == "budget" for r in results if r[0] == "error"), results
    b = Budget.objects.get(line="skill_voucher")
    assert b.committed == Decimal("9000.00") == sum(x.value for x in Voucher.objects.all())


def test_a_redemption_racing_the_expiry_task_is_one_or_the_other(world, clerk):
    v = _certified(world, clerk, world["worker"], world["citizen"])
    actions.complete_session(world["trainer"], world["session"], today=DAY + dt.timedelta(days=4))
    actions.record_certificate(clerk, person=world["worker"], kind="skill_level", level="intermediate_worker", name="焊工",
                               number="C-2", obtained_on=DAY + dt.timedelta(days=10), evaluator=world["evaluator"])
    Voucher.objects.filter(pk=v.pk).update(expires_on=DAY + dt.timedelta(days=29))
    day = DAY + dt.timedelta(days=29)  # the last valid day for the provider, already past for the task's "tomorrow"

    def go(i):
        if i % 2:
            return actions.lapse_expired(None, today=day + dt.timedelta(days=1))
        return actions.redeem(world["trainer"], Voucher.objects.get(pk=v.pk), today=day).status

    run_concurrently(6, go)
    v.refresh_from_db()
    b = Budget.objects.get(line="skill_voucher")
    if v.status == "redeemed":
        assert b.committed == Decimal("1200.00") and PaymentInstruction.objects.count() == 1
    else:
        assert v.status == "lapsed" and b.committed == Decimal("0.00") and PaymentInstruction.objects.count() == 0
