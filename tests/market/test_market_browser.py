"""In a real browser: an employer posts → the screen flags a discriminatory phrase on the clerk's
review page → the clerk returns it → the employer corrects it → it is published → a seeker finds
it by search and applies → the employer sees the application."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from tests.factories import create_person
from zhihui.core.roles import Role

try:
    from conftest import browser_login
except ImportError:  # pragma: no cover - tests/ not on the path
    from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, name):
    if os.environ.get("ZHIHUI_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["ZHIHUI_SCREENSHOTS"], f"market-{name}.png"), full_page=True)


def test_post_screen_return_correct_publish_search_apply(page, catalogues, org, make_user):
    make_user(Role.EMPLOYER, "employer_b", organisation=org)
    make_user(Role.CLERK, "clerk_b")
    make_user(Role.CITIZEN, "seeker_b", person=create_person("赵求职", dt.date(1996, 3, 2)))

    # 1. the employer posts, with a discriminatory requirement
    browser_login(page, "employer_b")
    page.goto(page.base + "/market/employer/new/")
    page.fill("input[name=title]", "叉车司机")
    page.select_option("select[name=town_code]", "419001001")
    page.fill("input[name=salary_min]", "4500")
    page.fill("input[name=salary_max]", "6500")
    page.fill("input[name=certificates]", "叉车证")
    page.fill("textarea[name=text]", "岗位职责：负责车间物料转运。任职要求：限男性，持叉车证。")
    page.fill("input[name=contact_name]", "王女士")
    page.fill("input[name=contact_phone]", "0391-6600000")
    page.fill("input[name=valid_until]", (dt.date.today() + dt.timedelta(days=30)).isoformat())
    page.click("button[value=submit]")
    page.wait_for_url("**/market/postings/*/")
    assert "待审核" in page.inner_text("main")
    page.context.clear_cookies()

    # 2. the clerk sees the flagged phrase highlighted with its reason and basis, and returns it
    browser_login(page, "clerk_b")
    page.goto(page.base + "/market/review/")
    page.click("text=叉车司机")
    mark = page.locator(".review-text mark.flag-unlawful")
    assert mark.first.inner_text() == "限男性"
    assert "性别歧视" in mark.first.get_attribute("title")
    assert "就业促进法》第二十七条" in page.inner_text("table.flags")
    shot(page, "review")
    page.click("button[value=return]")
    page.wait_for_url("**/market/review/")
    page.context.clear_cookies()

    # 3. the employer sees why and corrects it
    browser_login(page, "employer_b")
    page.goto(page.base + "/market/employer/")
    page.click("text=叉车司机")
    assert "限男性" in page.inner_text(".error")
    page.click("main a[href$=\"/edit/\"]")
    page.fill("textarea[name=text]", "岗位职责：负责车间物料转运。任职要求：男女不限，持叉车证。")
    page.click("button[value=submit]")
    page.wait_for_url("**/market/postings/*/")
    page.context.clear_cookies()

    # 4. the clerk publishes (nothing flagged now)
    browser_login(page, "clerk_b")
    page.goto(page.base + "/market/review/")
    page.click("text=叉车司机")
    assert "筛查未发现问题" in page.inner_text("main")
    page.click("button[value=publish]")
    page.wait_for_url("**/market/review/")
    page.context.clear_cookies()

    # 5. a seeker registers, finds it by search and applies
    browser_login(page, "seeker_b")
    page.goto(page.base + "/market/me/")
    page.fill("input[name=desired_title]", "叉车司机")
    page.fill("input[name=certificates]", "叉车证")
    page.fill("input[name=expected_salary]", "5000")
    page.click("main form.form button[type=submit]")
    page.goto(page.base + "/market/")
    page.fill("input[name=q]", "叉车")
    page.click("form.market-filters button[type=submit]")
    page.click("ul.cards >> text=叉车司机")
    assert "0391-6600000" in page.inner_text(".contact")
    page.fill("input[name=note]", "持证五年")
    page.click("text=申请该岗位")
    page.wait_for_selector("text=您已申请")
    shot(page, "applied")
    page.context.clear_cookies()

    # 6. the employer sees the application
    browser_login(page, "employer_b")
    page.goto(page.base + "/market/employer/")
    main = page.inner_text("main")
    assert "赵求职" in main and "持证五年" in main and "已投递" in main


def test_gig_from_posting_to_paid_on_a_phone(browser, live_server, catalogues, org, make_user):
    make_user(Role.EMPLOYER, "poster_b", organisation=org)
    make_user(Role.CITIZEN, "worker_b", person=create_person("钱零工", dt.date(1988, 8, 8)))
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base = live_server.url
    try:
        browser_login(page, "poster_b")
        page.goto(page.base + "/market/gigs/new/")
        page.fill("input[name=task]", "装卸搬运")
        page.select_option("select[name=town_code]", "419001001")
        page.fill("input[name=work_date]", (dt.date.today() + dt.timedelta(days=1)).isoformat())
        page.fill("input[name=pay_amount]", "200")
        page.fill("input[name=contact_phone]", "13800000000")
        page.click("main form button[type=submit]")
        page.wait_for_url("**/market/gigs/*/")
        gig_url = page.url
        page.context.clear_cookies()

        browser_login(page, "worker_b")
        page.goto(page.base + "/market/gigs/")
        page.click("ul.cards >> text=装卸搬运")
        page.click("text=报名")
        page.wait_for_selector("text=已报名")
        page.context.clear_cookies()

        def press(user, name):
            browser_login(page, user)
            page.goto(gig_url)
            page.click(f"button[value={name}]")
            page.wait_for_load_state("networkidle")
            page.context.clear_cookies()

        press("poster_b", "hire")
        press("worker_b", "check_in")
        press("worker_b", "finish")
        press("worker_b", "worker_confirms")
        press("poster_b", "poster_confirms_last")
        browser_login(page, "poster_b")
        page.goto(gig_url)
        page.fill("input[name=units]", "2")
        page.click("button[value=pay]")
        page.wait_for_load_state("networkidle")
        assert "已支付" in page.inner_text("td.gig-status") and "400.00" in page.inner_text("main")
        shot(page, "gig-paid")
        page.context.clear_cookies()
        browser_login(page, "worker_b")
        page.goto(page.base + "/market/gigs/history/")
        assert "400.00" in page.inner_text("main")
        assert page.evaluate("document.documentElement.scrollWidth") <= 400
    finally:
        context.close()
