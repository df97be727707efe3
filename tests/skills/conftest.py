"""A small training world: a provider with an approved programme, a session, a worker with a
voucher, the voucher budget line of 2026, and the accounts that act on them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import create_org, create_person
from zhihui.core.roles import Role

DAY = dt.date(2026, 3, 2)  # a Monday


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Accounts are made in every test here: a fast hasher keeps each test within seconds."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db, make_user, clerk, admin_user):
    from zhihui.skills import actions
    from zhihui.window import actions as window

    window.set_budget(admin_user, 2026, "skill_voucher", "10000", "职业技能提升专账（培训券）")
    org = create_org("济源市焊工职业培训学校")
    provider = actions.register_provider(clerk, org, kind="social", approved_on=dt.date(2025, 6, 1), site="济源示范区济水大街", teachers=6)
    prog = actions.add_programme(clerk, provider, code="HG-2026-01", name="焊工（四级/中级工）", level="intermediate_worker",
                                 hours=80, price_cap="1800", subsidy="1200", capacity=3)
    session = actions.open_session(clerk, prog, starts_on=DAY, ends_on=DAY + dt.timedelta(days=4),
                                   day_start=dt.time(8, 30), day_end=dt.time(17, 0), teacher="李老师")
    worker = create_person("赵铁柱", dt.date(1995, 4, 4))
    return {
        "provider": provider, "programme": prog, "session": session, "worker": worker,
        "citizen": make_user(Role.CITIZEN, person=worker),
        "trainer": make_user(Role.EMPLOYER, organisation=org),
        "evaluator": create_org("济源市职业技能鉴定中心", kind="institution"),
        "other_provider_user": make_user(Role.EMPLOYER, organisation=create_org("另一家培训学校")),
    }
