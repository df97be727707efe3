"""In a browser: a town clerk opens an assistance case from a person's employment file, plans a
public-welfare post, follows up and closes the case with its outcome."""

import datetime as dt

import pytest

from tests.conftest import browser_login
from tests.factories import create_person
from zhihui.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_assistance_case_from_opening_to_closure(page, make_user):
    from zhihui.employment.models import AssistanceCase, StaffAssignment
    from zhihui.registry.models import Division

    town = Division.objects.create(code="419001100", name="克井镇", level="town")
    person = create_person("卫红梅", dt.date(1979, 4, 2), residence=town)
    clerk = make_user(Role.CLERK, "kejing1")
    StaffAssignment.objects.create(user=clerk, division=town)

    browser_login(page, "kejing1")
    page.goto(page.base + f"/employment/persons/{person.pk}/")
    assert person.id_number_masked in page.content()
    page.click("text=建立援助个案")
    page.select_option("select[name=source]", "zero_household")
    page.fill("input[name=needs]", "希望就近就业")
    page.click("form button[type=submit]")
    page.wait_for_selector("dd.case-state")
    assert page.inner_text("dd.case-state") == "已建档"

    # plan: a public-welfare post without its subsidy is refused, naming the field
    page.select_option("#plan-form select[name=s-kind]", "public_welfare_post")
    page.fill("#plan-form input[name=s-detail]", "社区保洁公益性岗位")
    page.fill("#plan-form input[name=s-starts_on]", "2026-12-01")
    page.fill("#plan-form input[name=s-ends_on]", "2027-11-30")
    page.click("#plan-form button[type=submit]")
    page.wait_for_selector("#plan-form .errorlist")
    assert "公益性岗位须填写岗位补贴" in page.inner_text("#plan-form")
    page.fill("#plan-form input[name=s-monthly_subsidy]", "1500")
    page.click("#plan-form button[type=submit]")
    page.wait_for_selector("table.services")
    assert page.inner_text("dd.case-state") == "帮扶中"
    assert "社区保洁公益性岗位" in page.inner_text("table.services")

    page.fill("#step-form textarea[name=note]", "已上岗，工作稳定")
    page.click("#step-form button[value=follow_up]")
    page.wait_for_selector("ul.case-log")
    assert "已上岗，工作稳定" in page.inner_text("ul.case-log")

    # closing needs an outcome
    page.fill("#step-form textarea[name=note]", "公益性岗位安置")
    page.click("#step-form button[value=close]")
    page.wait_for_selector("#step-form .errorlist")
    page.select_option("#step-form select[name=outcome]", "public_welfare_post")
    page.fill("#step-form textarea[name=note]", "公益性岗位安置")
    page.click("#step-form button[value=close]")
    page.wait_for_selector("dd.case-outcome")
    assert page.inner_text("dd.case-state") == "已结案"
    assert page.inner_text("dd.case-outcome") == "公益性岗位安置"
    assert page.locator("#step-form").count() == 0  # a clerk cannot reopen
    case = AssistanceCase.objects.get()
    assert case.state == "closed" and case.outcome == "public_welfare_post"

    # phone width: the case page still shows its facts
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.locator("dd.case-state").is_visible()


def test_an_enterprises_monthly_report_raises_an_alert(page, browser, live_server, make_user):
    from tests.factories import create_org
    from zhihui.employment import actions
    from zhihui.employment.models import Alert

    admin = make_user(Role.ADMIN, "admin_m")
    org = create_org("济源某冶炼公司")
    ent = actions.enrol_enterprise(admin, org, kind="key", since="2025-01-01")
    make_user(Role.EMPLOYER, "firm1", organisation=org)
    make_user(Role.REVIEWER, "rev1")
    actions.submit_report(admin, ent, month="2026-10", channel="window", headcount=800, hires=10,
                          separations=8, vacancies=5)

    browser_login(page, "firm1")
    page.goto(page.base + "/employment/monitoring/report/")
    page.fill("input[name=month]", "2026-11")
    page.fill("input[name=headcount]", "690")
    page.fill("input[name=hires]", "2")
    page.fill("input[name=separations]", "112")
    page.fill("input[name=vacancies]", "0")
    page.click("#report-form button[type=submit]")
    page.wait_for_selector("table.reports")
    assert "690" in page.inner_text("table.reports")
    assert Alert.objects.filter(enterprise=ent).count() == 2

    ctx = browser.new_context(locale="zh-CN")
    staff = ctx.new_page()
    staff.set_default_timeout(15000)
    staff.base = live_server.url
    browser_login(staff, "rev1")
    staff.goto(staff.base + "/employment/monitoring/")
    text = staff.inner_text("table.alerts")
    assert "济源某冶炼公司" in text and "800人降至690人" in text and "13.8%" in text
    staff.click("table.alerts a >> nth=0")
    staff.wait_for_selector("dd.alert-rule")
    assert staff.inner_text("dd.alert-state") == "待处置"
    staff.select_option("#alert-form select[name=assignee]", label="rev1")
    staff.click("#alert-form button[value=assign]")
    staff.wait_for_selector("dd.alert-state")
    assert staff.inner_text("dd.alert-state") == "处置中"
    staff.fill("#alert-form textarea[name=note]", "已上门走访，企业减产，组织转岗培训")
    staff.click("#alert-form button[value=close]")
    staff.wait_for_function("document.querySelector('dd.alert-state').innerText === '已关闭'")
    ctx.close()
