"""In a real browser: a citizen opens their card, a clerk pastes its code and sees the verdict."""

from __future__ import annotations

import os

import pytest

from zhihui.core.roles import Role
from zhihui.talent import actions

try:
    from conftest import browser_login
except ImportError:  # pragma: no cover - tests/ not on the path
    from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_card_then_clerk_verifies_it_and_sees_a_revocation(page, recognised, make_user):
    person = recognised("C", name="秦王屋")
    card = actions.issue_card(None, person)
    make_user(Role.CITIZEN, "holder_b", person=person)
    make_user(Role.CLERK, "clerk_b")

    browser_login(page, "holder_b")
    page.goto(page.base + "/talent/my-card/")
    assert page.locator(".wwcard svg").count() == 1
    assert card.number in page.inner_text("main")
    if os.environ.get("ZHIHUI_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["ZHIHUI_SCREENSHOTS"], "talent-my-card.png"), full_page=True)
    page.context.clear_cookies()

    browser_login(page, "clerk_b")
    page.goto(page.base + "/talent/verify/")
    page.fill("textarea[name=token]", card.token)
    page.click("form.form button[type=submit]")
    page.wait_for_selector(".verify-result")
    result = page.inner_text("#verify-result")
    assert "有效" in result and "秦王屋" in result
    if os.environ.get("ZHIHUI_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["ZHIHUI_SCREENSHOTS"], "talent-verify.png"), full_page=True)

    actions.revoke_card(None, card, "证件遗失已挂失")
    page.click("form.form button[type=submit]")
    page.wait_for_selector(".verify-result.refused")
    assert "证件遗失已挂失" in page.inner_text("#verify-result")
