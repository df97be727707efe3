"""Phones (issue 15, found 7): at 390 px the main pages do not scroll sideways, the side menu
folds behind a menu button that opens it (static app.js, no inline script), and the citizen's
王屋英才卡 shows its QR code inside the screen."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import PASSWORD, browser_login
from tests.factories import create_person
from zhihui.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _phone(browser, live_server):
    ctx = browser.new_context(locale="zh-CN", viewport=PHONE, device_scale_factor=1, is_mobile=True)
    pg = ctx.new_page()
    pg.set_default_timeout(15000)
    pg.base = live_server.url
    return ctx, pg


def _overflow(pg) -> int:
    """How many pixels the document is wider than the screen (0 = no sideways scrolling)."""
    return pg.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_main_pages_fit_a_phone_and_the_menu_opens(browser, live_server, make_user):
    ctx, pg = _phone(browser, live_server)
    try:
        for url in ["/", "/login/", "/policy/check/"]:
            pg.goto(pg.base + url)
            assert _overflow(pg) <= 0, url
        make_user(Role.CLERK, "phone_clerk")
        make_user(Role.ADMIN, "phone_admin")
        browser_login(pg, "phone_clerk", PASSWORD)
        for url in ["/", "/window/desk/", "/registry/persons/"]:
            pg.goto(pg.base + url)
            assert _overflow(pg) <= 0, url
        # the menu is folded: its links are hidden until the button opens it
        link = pg.locator("#sidenav a").first
        assert not link.is_visible()
        pg.click("[data-menu-toggle]")
        assert link.is_visible()
        assert pg.get_attribute("[data-menu-toggle]", "aria-expanded") == "true"
        ctx.clear_cookies()
        browser_login(pg, "phone_admin", PASSWORD)
        for url in ["/window/payments/", "/window/offers/"]:
            pg.goto(pg.base + url)
            assert _overflow(pg) <= 0, url
    finally:
        ctx.close()


def test_the_talent_card_fits_a_phone_with_its_qr_on_screen(browser, live_server, make_user, settings, tmp_path,
                                                           monkeypatch):
    from zhihui.talent import actions
    from zhihui.talent.verify import today_in_city

    monkeypatch.delenv("ZHIHUI_CARD_SIGNING_KEY", raising=False)
    settings.KEY_DIR = tmp_path / "keys"
    person = create_person("秦王屋", dt.date(1990, 1, 1))
    actions.record_recognition(None, person, category="C", recognised_on=today_in_city() - dt.timedelta(days=1),
                               basis="济人才〔2026〕1号")
    actions.issue_card(None, person)
    make_user(Role.CITIZEN, "phone_holder", person=person)
    ctx, pg = _phone(browser, live_server)
    try:
        browser_login(pg, "phone_holder", PASSWORD)
        pg.goto(pg.base + "/talent/my-card/")
        assert _overflow(pg) <= 0
        box = pg.locator(".wwcard .qr svg").bounding_box()
        assert box is not None and box["width"] >= 150  # big enough to scan
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]
    finally:
        ctx.close()
