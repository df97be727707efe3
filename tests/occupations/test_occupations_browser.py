"""In a real browser, at a phone's width: a clerk types a title, sees the code and why, and
corrects it."""

from __future__ import annotations

import pytest

from zhihui.core.roles import Role
from zhihui.occupations.models import OccupationCorrection

try:
    from conftest import browser_login
except ImportError:  # pragma: no cover - tests/ not on the path
    from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_codes_a_title_on_a_phone_and_corrects_it(page, make_user):
    make_user(Role.CLERK, "clerk_occ")
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, "clerk_occ")
    page.goto(page.base + "/occupations/")
    page.fill("input[name=title]", "🔥急招电焊工（包吃住）8-12K")
    page.click("form.form button[type=submit]")
    page.wait_for_selector("#coding-result")
    result = page.inner_text("#coding-result")
    assert "6-18-02-04" in result and "焊工" in result
    assert "电焊工" in result  # the cleaned text the coder read
    # Nothing wider than the phone: the table scrolls inside its box.
    assert page.evaluate("document.documentElement.scrollWidth") <= 392

    page.fill("input[name=code]", "6-18-02-04")
    page.click("text=保存更正")
    page.wait_for_load_state("networkidle")
    assert "已记录更正" in page.inner_text("body")
    assert OccupationCorrection.objects.get().code == "6-18-02-04"
