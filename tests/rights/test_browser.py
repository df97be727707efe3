"""In a real browser: a worker files for arbitration on her phone, the office accepts it and
assigns an arbitrator, the arbitrator awards, and the worker reads the award."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import create_org, create_person
from zhihui.core.roles import Role
from zhihui.rights.models import Case

try:
    from conftest import browser_login
except ImportError:  # pragma: no cover - tests/ not on the path
    from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_dispute_from_online_intake_to_award(page, make_user):
    firm = create_org("济源钢构工程公司")
    make_user(Role.CITIZEN, "worker_b", person=create_person("赵女士", dt.date(1988, 8, 8)))
    make_user(Role.CLERK, "office_b")
    make_user(Role.REVIEWER, "arbitrator_b", display_name="仲裁员甲")

    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, "worker_b")
    page.goto(page.base + "/rights/new/")
    page.select_option("select[name=kind]", "arbitration")
    page.fill("input[name=respondent_uscc]", firm.uscc)
    page.fill("textarea[name=facts]", "2026年9月至10月工资未发放")
    page.fill("input[name=claimed_amount]", "9800")
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/rights/ZC*/")
    assert "受理决定期限" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # no sideways scrolling
    number = Case.objects.get().number
    page.context.clear_cookies()

    page.set_viewport_size({"width": 1366, "height": 900})
    browser_login(page, "office_b")
    page.goto(page.base + f"/rights/{number}/")
    accept = page.locator("form", has=page.locator("button", has_text="受理")).filter(has=page.locator("select[name=handler]"))
    accept.locator("select[name=handler]").select_option(label="仲裁员甲")
    accept.locator("button").click()
    page.wait_for_load_state("networkidle")
    assert "办结期限" in page.inner_text("main")
    page.context.clear_cookies()

    browser_login(page, "arbitrator_b")
    page.goto(page.base + f"/rights/{number}/")
    award = page.locator("form", has=page.locator("button", has_text="作出裁决"))
    award.locator("textarea[name=reason]").fill("裁决被申请人支付工资9800元")
    award.locator("input[name=recovered_amount]").fill("9800")
    award.locator("button").click()
    page.wait_for_load_state("networkidle")
    assert "已裁决" in page.inner_text("main")
    page.context.clear_cookies()

    browser_login(page, "worker_b")
    page.goto(page.base + f"/rights/{number}/")
    assert "裁决被申请人支付工资9800元" in page.inner_text("main")
