"""The training voucher's closed loop 发券—培训—评价持证—兑现 and its invariants (single-threaded;
the same invariants under concurrency are in test_concurrency_pg.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import create_person
from zhihui.skills import actions
from zhihui.skills.actions import SkillsError
from zhihui.skills.models import Voucher
from zhihui.window.models import Application, Budget, PaymentInstruction

from .conftest import DAY, at

pytestmark = pytest.mark.django_db


def _budget():
    return Budget.objects.get(year=2026, line="skill_voucher")


def _attend(world, enrolment, days=5):
    for i in range(days):
        actions.check_in(world["citizen"], enrolment, method="qr", token=world["session"].checkin_token,
                         at=at(DAY + dt.timedelta(days=i), 8, 40), device="phone-zhao")


def _certify(world, clerk, person=None):
    return actions.record_certificate(clerk, person=person or world["worker"], kind="skill_level", level="intermediate_worker",
                                      name="焊工", number="S000041900000263000123", obtained_on=DAY + dt.timedelta(days=20),
                                      evaluator=world["evaluator"])


def _to_certified(world, clerk, kind="general"):
    v = actions.issue_voucher(clerk, world["worker"], kind=kind, group="unemployed", today=DAY - dt.timedelta(days=10))
    enrolment = actions.enrol(world["citizen"], world["session"], world["worker"], voucher=v, today=DAY - dt.timedelta(days=5))
    _attend(world, enrolment)
    actions.complete_session(world["trainer"], world["session"], today=DAY + dt.timedelta(days=4))
    _certify(world, clerk)
    return Voucher.objects.get(pk=v.pk)


def test_the_closed_loop_from_issue_to_payment_through_the_window(world, clerk, admin_user, make_user):
    v = actions.issue_voucher(clerk, world["worker"], kind="general", group="unemployed", today=DAY - dt.timedelta(days=10))
    assert (v.status, v.value, v.expires_on) == ("issued", Decimal("1500.00"), DAY - dt.timedelta(days=10) + dt.timedelta(days=365))
    assert _budget().committed == Decimal("1500.00")

    enrolment = actions.enrol(world["citizen"], world["session"], world["worker"], voucher=v, today=DAY - dt.timedelta(days=5))
    v.refresh_from_db()
    assert (v.status, v.provider, v.programme) == ("enrolled", world["provider"], world["programme"])

    _attend(world, enrolment, days=4)  # 4 of 5 days: the dated minimum is 80 %
    assert actions.complete_session(world["trainer"], world["session"], today=DAY + dt.timedelta(days=4))["completed"] == 1
    v.refresh_from_db()
    assert (v.status, v.completed_on) == ("completed", DAY + dt.timedelta(days=4))

    with pytest.raises(SkillsError, match="当前状态"):
        actions.redeem(world["trainer"], v, today=DAY + dt.timedelta(days=30))  # no certificate yet
    cert = _certify(world, clerk)
    v.refresh_from_db()
    assert (v.status, v.certificate) == ("certified", cert)

    v = actions.redeem(world["trainer"], v, today=DAY + dt.timedelta(days=30))
    assert (v.status, v.redeemed_amount) == ("redeemed", Decimal("1200.00"))  # the programme's subsidy standard
    app = Application.objects.get(pk=v.payment_id)
    assert (app.status, app.organisation, app.period) == ("scheduled", world["provider"].organisation, v.number)
    ins = PaymentInstruction.objects.get(application=app)
    assert (ins.amount, ins.budget) == (Decimal("1200.00"), _budget())
    assert _budget().committed == Decimal("1200.00")  # the 300 not used went back
    assert [t.name for t in v.transitions.all()] == ["issue", "enrol", "complete", "certify", "redeem"]
    assert all(t.actor_id for t in v.transitions.all())

    # paid by the ordinary batches: created by one administrator, released by a second
    from zhihui.core.roles import Role
    from zhihui.window import actions as window

    batch = window.create_payment_batch(admin_user, 2026, "skill_voucher")
    assert batch.count == 1 and batch.total == Decimal("1200.00")
    window.release_batch(make_user(Role.ADMIN, "admin_second"), batch)


def test_a_session_too_little_attended_does_not_complete(world, clerk):
    v = actions.issue_voucher(clerk, world["worker"], kind="general", group="rural", today=DAY - dt.timedelta(days=3))
    enrolment = actions.enrol(clerk, world["session"], world["worker"], voucher=v, today=DAY - dt.timedelta(days=1))
    _attend(world, enrolment, days=3)
    result = actions.complete_session(world["trainer"], world["session"], today=DAY + dt.timedelta(days=4))
    assert result == {"completed": 0, "not_completed": 1, "days_needed": 4}
    v.refresh_from_db()
    assert v.status == "enrolled"


def test_eligibility_comes_from_the_dated_rule_and_says_why(world, clerk):
    with pytest.raises(SkillsError, match="不在就业技能培训券") as exc:
        actions.issue_voucher(clerk, world["worker"], kind="employment", group="small_firm", today=DAY)
    assert exc.value.field == "group"
    ok, why = actions.eligible("general", "small_firm", DAY)
    assert ok and "小微企业" in why


def test_the_budget_line_is_never_exceeded(world, clerk):
    for i in range(6):
        actions.issue_voucher(clerk, create_person(f"学员{i}", dt.date(1990, 1, 1 + i)), kind="general", group="rural", today=DAY)
    with pytest.raises(SkillsError, match="余额 1000.00 元，不足 1500.00 元") as exc:
        actions.issue_voucher(clerk, world["worker"], kind="general", group="rural", today=DAY)
    assert exc.value.field == "budget"
    assert _budget().committed == Decimal("9000.00")


def test_the_voucher_is_locked_to_its_provider(world, clerk):
    v = _to_certified(world, clerk)
    with pytest.raises(Voucher.DoesNotExist):
        actions.redeem(world["other_provider_user"], v, today=DAY + dt.timedelta(days=30))
    assert Voucher.objects.get(pk=v.pk).status == "certified"


def test_no_redemption_after_expiry_and_expiry_returns_the_value(world, clerk):
    v = _to_certified(world, clerk)
    late = v.expires_on + dt.timedelta(days=1)
    with pytest.raises(SkillsError, match="过期"):
        actions.redeem(world["trainer"], v, today=late)
    assert actions.lapse_expired(None, today=late) == 1
    v.refresh_from_db()
    assert v.status == "lapsed" and _budget().committed == Decimal("0.00")
    assert v.transitions.last().actor_id is None  # the system


def test_no_voucher_is_redeemed_twice(world, clerk):
    v = _to_certified(world, clerk)
    actions.redeem(world["trainer"], v, today=DAY + dt.timedelta(days=30))
    with pytest.raises(SkillsError, match="已兑现"):
        actions.redeem(world["trainer"], v, today=DAY + dt.timedelta(days=31))
    assert PaymentInstruction.objects.filter(application__period=v.number).count() == 1


def test_an_employment_linked_voucher_waits_for_a_job_within_the_dated_months(world, clerk):
    from zhihui.registry.models import EmploymentRecord

    v = _to_certified(world, clerk, kind="employment")
    with pytest.raises(SkillsError, match="6 个月内") as exc:
        actions.redeem(world["trainer"], v, today=DAY + dt.timedelta(days=40))
    assert exc.value.field == "employment"
    EmploymentRecord.objects.create(person=world["worker"], start_date=DAY + dt.timedelta(days=35))
    v = actions.redeem(world["trainer"], v, today=DAY + dt.timedelta(days=40))
    assert v.status == "redeemed" and "起就业" in v.transitions.last().note


def test_cancel_needs_a_reason_and_returns_the_value(world, clerk):
    v = actions.issue_voucher(clerk, world["worker"], kind="general", group="flexible", today=DAY)
    with pytest.raises(SkillsError, match="理由"):
        actions.cancel(world["citizen"], v, "")
    actions.cancel(world["citizen"], v, "已找到工作，不参加培训")
    assert Voucher.objects.get(pk=v.pk).status == "cancelled" and _budget().committed == Decimal("0.00")


def test_a_worker_cannot_issue_and_a_full_session_refuses(world, clerk):
    with pytest.raises(PermissionDenied):
        actions.issue_voucher(world["citizen"], world["worker"], kind="general", group="rural", today=DAY)
    for i in range(3):
        actions.enrol(clerk, world["session"], create_person(f"学员{i}", dt.date(1991, 2, 1 + i)), today=DAY)
    with pytest.raises(SkillsError, match="已满"):
        actions.enrol(clerk, world["session"], world["worker"], today=DAY)


def test_check_ins_only_in_ones_own_name_and_on_session_days(world, clerk):
    enrolment = actions.enrol(clerk, world["session"], world["worker"], today=DAY)
    with pytest.raises(SkillsError, match="签到码无效"):
        actions.check_in(world["citizen"], enrolment, method="qr", token="wrong", at=at(DAY, 9))
    with pytest.raises(SkillsError, match="不是班次") as exc:
        actions.check_in(world["citizen"], enrolment, method="qr", token=world["session"].checkin_token, at=at(DAY - dt.timedelta(days=1), 9))
    assert exc.value.field == "at"
    with pytest.raises(PermissionDenied):
        actions.check_in(world["other_provider_user"], enrolment, method="clerk", at=at(DAY, 9))
    actions.check_in(world["trainer"], enrolment, method="clerk", at=at(DAY, 9))
    actions.check_in(world["trainer"], enrolment, method="clerk", at=at(DAY, 14))
    enrolment.refresh_from_db()
    assert enrolment.days_attended == 1


def test_programme_subsidy_cannot_exceed_its_price_cap(world, clerk):
    with pytest.raises(SkillsError) as exc:
        actions.add_programme(clerk, world["provider"], code="X-1", name="电工", level="junior_worker", hours=40,
                              price_cap="800", subsidy="900", capacity=30)
    assert exc.value.field == "subsidy"


def test_the_docs_embed_the_workflow_table_as_declared():
    from pathlib import Path

    from zhihui.skills.workflows import VOUCHER

    docs = Path(__file__).resolve().parents[2] / "docs" / "skills.md"
    assert VOUCHER.as_markdown().strip() in docs.read_text(encoding="utf-8")
