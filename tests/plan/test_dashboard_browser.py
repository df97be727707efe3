"""The leaders' dashboard in a real browser: ECharts draws every group, lights show, it prints."""

from decimal import Decimal

import pytest

from tests.conftest import browser_login
from zhihui.plan.actions import load_registry, set_actual, store_computed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_sees_charts_lights_and_a_printable_page(page, leader, admin_user):
    load_registry(None)
    # T1-19 is computed from the employment app's status events: stored as computed values.
    store_computed(None, 2021, {"T1-19": Decimal("1.6")})
    store_computed(None, 2022, {"T1-19": Decimal("1.6")})
    set_actual(admin_user, "T1-22", 2022, "5.9")
    browser_login(page, leader.username)
    page.goto(page.base + "/plan/?year=2022")
    for group in ("talent", "hrd", "employment"):
        page.wait_for_selector(f"#chart-{group} svg")
    assert page.locator("#chart-employment svg rect, #chart-employment svg path").count() > 0
    assert page.locator('tr[data-code="T1-22"] .light.red').count() == 1
    assert page.locator('tr[data-code="T1-19"] .light.green').count() == 1
    assert page.locator("#conflicts").inner_text().count("X0") >= 5
    page.wait_for_selector("#chart-trend-0 svg")
    page.emulate_media(media="print")
    assert page.locator(".sidenav").is_hidden()
    assert page.locator(".plan-toolbar").is_hidden()
    assert page.locator("#chart-talent svg").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF"
    # the year switch reloads the page for another year
    page.emulate_media(media="screen")
    page.select_option("select[name=year]", "2021")
    page.wait_for_url("**/plan/?year=2021")
    assert "2021年" in page.locator("h1").inner_text()
