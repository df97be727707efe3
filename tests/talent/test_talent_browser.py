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


def test_reviewer_recognises_a_talent_and_issues_the_card_from_the_form(page, make_person, make_user):
    person = make_person("韩愈才")
    make_user(Role.REVIEWER, "reviewer_b")
    browser_login(page, "reviewer_b")
    page.goto(page.base + "/talent/recognitions/new/")
    page.fill("input[name=person]", str(person.pk))
    page.select_option("select[name=category]", "E")
    page.fill("input[name=basis]", "济人才〔2026〕12号")
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/talent/cards/WY*/")
    text = page.inner_text("main")
    assert "韩愈才" in text and "E类" in text and "有效" in text
    if os.environ.get("ZHIHUI_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["ZHIHUI_SCREENSHOTS"], "talent-card-detail.png"), full_page=True)
    page.fill("form[action$='/revoke/'] input[name=reason]", "本人申请注销")
    page.click("form[action$='/revoke/'] button")
    page.wait_for_load_state("networkidle")
    assert "已注销" in page.inner_text("main")
    page.goto(page.base + "/talent/cards/")
    if os.environ.get("ZHIHUI_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["ZHIHUI_SCREENSHOTS"], "talent-cards.png"), full_page=True)
    assert "韩愈才" in page.inner_text("table")
