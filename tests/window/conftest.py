"""Window fixtures: registry records, services with budgets, and a stand-in policy engine
(most tests check the window, not the rules; tests/window/test_engine_integration.py uses the
real Jiyuan package)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import create_org, create_person
from zhihui.core.roles import Role
from zhihui.window import decisions as engine


@pytest.fixture
def make_person(db):
    def _make(name="张三", birth_date=dt.date(1990, 1, 1), **extra):
        return create_person(name, birth_date, phone=extra.pop("phone", "13800000000"), **extra)

    return _make


@pytest.fixture
def make_org(db):
    def _make(name="济源某科技有限公司", **extra):
        return create_org(name, kind=extra.pop("kind", "enterprise"), **extra)

    return _make


@pytest.fixture
def citizen(make_user, make_person):
    person = make_person()
    return make_user(Role.CITIZEN, "citizen_t", person=person)


@pytest.fixture
def employer(make_user, make_org):
    return make_user(Role.EMPLOYER, "employer_t", organisation=make_org())


SCHEDULE = [{"year": 2026, "amount": "20000.00"}, {"year": 2027, "amount": "20000.00"}]


@pytest.fixture
def fake_engine(monkeypatch):
    """engine.decide → eligible, 40,000 over 2026–2027 (or whatever the test sets)."""
    state = {"status": "eligible", "payments": SCHEDULE, "reasons": ["测试规则：符合"], "raw": {}}

    def decide(application, as_of=None):
        if application.service.kind != "benefit":
            return engine.Decision(status="", version="test@1")
        total = sum((Decimal(p["amount"]) for p in state["payments"]), Decimal("0.00")) if state["status"] == "eligible" else Decimal("0.00")
        return engine.Decision(
            status=state["status"], total=total, payments=list(state["payments"]) if state["status"] == "eligible" else [],
            reasons=state["reasons"], reason_items=list(state.get("reason_items") or []),
            clause="L131", version="test@1", raw=state["raw"],
        )

    monkeypatch.setattr(engine, "decide", decide)
    return state


@pytest.fixture
def service(db):
    from zhihui.window.models import Service

    return Service.objects.get(code="youth_talent_living")


@pytest.fixture
def budgets(admin_user):
    from zhihui.window import actions

    return [actions.set_budget(admin_user, y, "talent_living", "1000000") for y in (2026, 2027, 2028)]


@pytest.fixture(autouse=True)
def _quiet_sms(settings, tmp_path):
    """Texts go to the in-memory outbox in tests (console is the default backend); uploaded
    attachments go to a temporary directory, not var/media."""
    from zhihui.window import notify

    settings.ZHIHUI_SMS_BACKEND = "locmem"
    settings.MEDIA_ROOT = str(tmp_path / "media")
    notify.outbox.clear()


@pytest.fixture
def frozen_today(monkeypatch):
    """Freeze the bureau's calendar day: `timezone.localdate()` (what actions, selectors and pages
    call for "today") answers the given date; times of day (`timezone.now`, model defaults) run
    on. Process-wide, so the live server of a browser test sees it too.
    Use: `frozen_today(dt.date(2026, 12, 15))`."""
    from django.utils import timezone

    real_localdate = timezone.localdate

    def freeze(day: dt.date):
        def localdate(value=None, timezone=None):
            return day if value is None else real_localdate(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)
        return day

    return freeze
