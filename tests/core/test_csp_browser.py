"""The Content-Security-Policy in a real browser: the pages' own scripts run (charts draw, the
language and year switches submit, the card check page loads, Swagger UI renders from this
origin) and the browser reports no violation."""

import pytest

from tests.conftest import browser_login
from zhihui.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_work_under_the_policy_without_violations(page, make_user):
    from zhihui.plan.actions import load_registry
    from zhihui.plan.loader import load_indicators

    load_indicators(verbose=False)
    load_registry(None)
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    leader = make_user(Role.LEADER, "csp_leader_b")
    browser_login(page, leader.username)
    page.goto(page.base + "/plan/?year=2022")
    page.wait_for_selector("#chart-talent svg")
    page.wait_for_selector("#chart-trend-0 svg")  # one trend chart per unit
    page.select_option("select[name=year]", "2021")
    page.wait_for_url("**/plan/?year=2021")
    page.select_option("select[name=language]", "en")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto(page.base + "/api/v1/docs")
    page.wait_for_selector(".swagger-ui .info")
    assert page.locator(".opblock").count() > 5
    assert violations == []
