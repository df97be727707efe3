"""The whole path in a real browser, with the real Jiyuan policy package:
a citizen applies → a clerk accepts → a reviewer approves → payments are scheduled →
the citizen sees them."""

import datetime as dt

import pytest

from tests.conftest import browser_login
from tests.factories import pdf_bytes
from zhihui.core.roles import Role

PASSWORD = "Correct-Horse-42"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(browser, base, username):
    ctx = browser.new_context(locale="zh-CN")
    pg = ctx.new_page()
    pg.set_default_timeout(15000)
    pg.base = base
    browser_login(pg, username, PASSWORD)  # the shared helper passes the staff second factor
    return ctx, pg


@pytest.fixture
def world(make_user, make_person, admin_user):
    from zhihui.window import actions
    from zhihui.window.catalogue import seed
    from zhihui.window.models import Application, Quota, Selection, Service, TalentPool

    seed(Service, Quota, TalentPool)  # transactional tests flush data migrations
    person = make_person(name="赵六")
    year = dt.date.today().year
    # selected 王屋英才·专业技术拔尖人才 this year (a decision the window took earlier)
    sel_svc = Service.objects.get(code="wangwu_professional_selection")
    Selection.objects.create(
        program="wangwu_professional", year=year, person=person,
        application=Application.objects.create(
            number="SQSEL0001", service=sel_svc, person=person, subject_key=f"p:{person.pk}", period=str(year),
            status="approved", submitted_by=admin_user,
        ),
    )
    actions.set_budget(admin_user, year, "wangwu", "1000000")
    return {
        "citizen": make_user(Role.CITIZEN, "zhaoliu", person=person),
        "clerk": make_user(Role.CLERK, "window_clerk"),
        "reviewer": make_user(Role.REVIEWER, "window_reviewer"),
        "approver": make_user(Role.REVIEWER, "window_approver"),
        "year": year,
    }


def test_citizen_applies_clerk_accepts_reviewer_approves_citizen_sees_payments(browser, live_server, world, tmp_path):
    from zhihui.window.models import Application

    base = live_server.url
    year = world["year"]

    # 1. the citizen applies online with an attachment
    ctx, pg = login(browser, base, "zhaoliu")
    pg.click("text=我的申请")
    pg.click("text=我要申请")
    pg.select_option("select[name=service]", "wangwu_professional")
    pg.click("text=下一步")  # the form then asks what this service needs (issue 15)
    pg.fill("textarea[name=note]", "申请王屋英才政府津贴")
    pdf = tmp_path / "入选文件.pdf"
    pdf.write_bytes(pdf_bytes())
    pg.set_input_files("input[name=attachments]", str(pdf))
    pg.click("text=提交申请")
    pg.wait_for_selector("[data-status=submitted]")
    assert "符合" in pg.inner_text("#engine-status") and "20000.00" in pg.inner_text("#engine-status")
    number = Application.objects.get(service__code="wangwu_professional").number
    ctx.close()

    # 2. the clerk finds it among the applications waiting for acceptance and accepts it
    ctx, pg = login(browser, base, "window_clerk")
    pg.click("text=一窗受理")
    pg.click("text=待受理")
    pg.click(f"text={number}")
    pg.click("#do-accept")
    pg.wait_for_selector("[data-status=accepted]")
    assert pg.inner_text("#due-date")[:4].isdigit()  # a due date in working days
    ctx.close()

    # 3. the reviewer takes it from the queue and reviews; a second reviewer approves
    ctx, pg = login(browser, base, "window_reviewer")
    pg.click("text=审核队列")
    pg.click(f"text={number}")
    pg.click("#do-review")
    pg.wait_for_selector("[data-status=reviewed]")
    assert pg.locator("#do-approve").count() == 0 and pg.locator("#separation-of-duties").count() == 1
    ctx.close()
    ctx, pg = login(browser, base, "window_approver")
    pg.goto(f"{base}/window/a/{number}/")
    pg.click("#do-approve")
    pg.wait_for_selector("[data-status=scheduled]")
    assert "20000.00" in pg.inner_text("#payments")
    ctx.close()

    # 4. the citizen sees the scheduled payment and the messages
    ctx, pg = login(browser, base, "zhaoliu")
    pg.click("text=我的申请")
    row = pg.inner_text("td.payments")
    assert f"{year} 年 20000.00 元" in row and "待支付" in row
    assert "已安排支付" in pg.inner_text("body")
    ctx.close()
