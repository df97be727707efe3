"""In a real browser: the office issues a voucher, the worker enrols and checks in on a
390-px phone page, the provider completes the session, the evaluation body's certificate is
recorded, the provider redeems, and the worker sees the voucher redeemed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import create_org, create_person
from zhihui.core.roles import Role
from zhihui.skills import actions
from zhihui.skills.models import Voucher

try:
    from conftest import browser_login
except ImportError:  # pragma: no cover - tests/ not on the path
    from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_voucher_from_issue_to_redemption(page, make_user):
    from zhihui.core.crypto import decrypt
    from zhihui.window import actions as window

    today = timezone.localdate()
    clerk = make_user(Role.CLERK, "office_s")
    window.set_budget(make_user(Role.ADMIN, "admin_s"), today.year, "skill_voucher", "10000")
    org = create_org("济源市电工培训学校")
    make_user(Role.EMPLOYER, "school_s", organisation=org)
    provider = actions.register_provider(clerk, org, kind="social", approved_on=dt.date(2025, 1, 1))
    prog = actions.add_programme(clerk, provider, code="DG-B1", name="电工（初级工）", level="junior_worker", hours=8,
                                 price_cap="900", subsidy="800", capacity=20)
    session = actions.open_session(clerk, prog, starts_on=today, ends_on=today, day_start=dt.time(0, 0), day_end=dt.time(23, 59))
    worker = create_person("钱师傅", dt.date(1990, 6, 6))
    make_user(Role.CITIZEN, "worker_s", person=worker)
    evaluator = create_org("济源市职业技能鉴定中心", kind="institution")

    # the office issues the voucher
    browser_login(page, "office_s")
    page.goto(page.base + "/skills/vouchers/")
    page.click("summary")
    page.fill("input[name=id_number]", decrypt(worker.id_number_encrypted))
    page.select_option("select[name=group]", "unemployed")
    page.click("form[action$='/issue/'] button[type=submit]")
    page.wait_for_url("**/skills/vouchers/PX*/")
    number = Voucher.objects.get().number
    page.context.clear_cookies()

    # the worker, on the phone, enrols and checks in
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, "worker_s")
    page.goto(page.base + f"/skills/vouchers/{number}/")
    page.select_option("select[name=session]", session.number)
    page.click("text=报名培训")
    page.wait_for_load_state("networkidle")
    assert "已报名" in page.inner_text("#voucher-status")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # no sideways scrolling
    page.goto(page.base + f"/skills/checkin/{session.checkin_token}/")
    page.click("text=本人签到")
    page.wait_for_selector("#checked-in")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    page.context.clear_cookies()

    # the provider completes the session
    page.set_viewport_size({"width": 1366, "height": 900})
    browser_login(page, "school_s")
    page.goto(page.base + f"/skills/sessions/{session.number}/")
    page.click("text=办理结业")
    page.wait_for_load_state("networkidle")
    assert "结业 1 人" in page.inner_text("main")

    # the evaluation body's certificate is recorded (its file import is tested in test_certificates.py)
    actions.record_certificate(clerk, person=worker, kind="skill_level", level="junior_worker", name="电工", number="B-1",
                               obtained_on=today, evaluator=evaluator)

    page.goto(page.base + f"/skills/vouchers/{number}/")
    page.click("form[action$='/do/redeem/'] button")
    page.wait_for_load_state("networkidle")
    assert "已兑现" in page.inner_text("#voucher-status")
    page.context.clear_cookies()

    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, "worker_s")
    page.goto(page.base + f"/skills/vouchers/{number}/")
    assert "已兑现" in page.inner_text("#voucher-status") and "800.00" in page.inner_text("main")
