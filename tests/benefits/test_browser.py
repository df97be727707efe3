"""In a real browser: a clerk reads the policy library; a visitor fills in the check form."""

from __future__ import annotations

import pytest

from zhihui.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, username):
    try:
        from conftest import browser_login
    except ImportError:  # pragma: no cover - the 5 lines of tests/conftest.py
        from tests.conftest import browser_login
    browser_login(page, username)


def test_a_clerk_opens_the_policy_library_and_a_benefit(page, make_user):
    make_user(Role.CLERK, "clerk_browser")
    _login(page, "clerk_browser")
    page.click("text=政策库")
    page.wait_for_selector("#benefit-library")
    page.click("#benefit-library >> text=高校毕业生生活补贴")
    page.wait_for_selector("#parameters")
    assert "L131" in page.inner_text("#clause")
    assert "30,000.00 元" in page.inner_text("#parameters")


def test_a_visitor_checks_what_they_can_get_and_fixes_a_bad_date(page):
    page.goto(page.base + "/policy/check/")
    # A date the browser's date picker cannot hold is typed through the form's script-free
    # fallback: switch the field to text, as an old browser would show it.
    page.eval_on_selector("input[name=birth_date]", "e => e.type = 'text'")
    page.fill("input[name=birth_date]", "1993-02-30")
    page.select_option("select[name=degree]", "master")
    page.click("#check-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "出生日期：请输入有效日期" in page.inner_text("#check-form")
    page.eval_on_selector("input[name=birth_date]", "e => e.type = 'text'")
    page.fill("input[name=birth_date]", "1995-03-01")
    page.fill("input[name=graduation_date]", "2023-07-01")
    page.select_option("select[name=full_time]", "yes")
    page.select_option("select[name=hukou_settled]", "yes")
    page.click("#check-form button[type=submit]")
    page.wait_for_selector("#check-result")
    text = page.inner_text("#check-result")
    assert "高校毕业生生活补贴" in text
    assert "回答以下问题" in text  # missing facts asked as questions
