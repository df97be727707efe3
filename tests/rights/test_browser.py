"""In a real browser: a worker files for arbitration on her phone, the office accepts it and
assigns an arbitrator, the arbitrator awards, and the worker reads the award."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import create_org, create_person
from zhihui.core.roles import Role
from zhihui.rights.models import Case

try:
    from conftest import browser_login
except ImportError:  # pragma: no cover - tests/ not on the path
    from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_dispute_from_online_intake_to_award(page, make_user):
    firm = create_org("济源钢构工程公司")
    make_user(Role.CITIZEN, "worker_b", person=create_person("赵女士", dt.date(1988, 8, 8)))
    make_user(Role.CLERK, "office_b")
    make_user(Role.REVIEWER, "arbitrator_b", display_name="仲裁员甲")

    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, "worker_b")
    page.goto(page.base + "/rights/new/")
    page.select_option("select[name=kind]", "arbitration")
    page.fill("input[name=respondent_uscc]", firm.uscc)
    page.fill("textarea[name=facts]", "2026年9月至10月工资未发放")
    page.fill("input[name=claimed_amount]", "9800")
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/rights/ZC*/")
    assert "受理决定期限" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # no sideways scrolling
    number = Case.objects.get().number
    page.context.clear_cookies()

    page.set_viewport_size({"width": 1366, "height": 900})
    browser_login(page, "office_b")
    page.goto(page.base + f"/rights/{number}/")
    accept = page.locator("form", has=page.locator("button", has_text="受理")).filter(has=page.locator("select[name=handler]"))
    accept.locator("select[name=handler]").select_option(label="仲裁员甲")
    accept.locator("button").click()
    page.wait_for_load_state("networkidle")
    assert "办结期限" in page.inner_text("main")
    page.context.clear_cookies()

    browser_login(page, "arbitrator_b")
    page.goto(page.base + f"/rights/{number}/")
    award = page.locator("form", has=page.locator("button", has_text="作出裁决"))
    award.locator("textarea[name=reason]").fill("裁决被申请人支付工资9800元")
    award.locator("input[name=recovered_amount]").fill("9800")
    award.locator("button").click()
    page.wait_for_load_state("networkidle")
    assert "已裁决" in page.inner_text("main")
    page.context.clear_cookies()

    browser_login(page, "worker_b")
    page.goto(page.base + f"/rights/{number}/")
    assert "裁决被申请人支付工资9800元" in page.inner_text("main")


def test_a_wage_arrears_complaint_to_recovery(page, make_user):
    from zhihui.core.crypto import decrypt

    firm = create_org("济源某劳务公司")
    worker = create_person("孙师傅", dt.date(1979, 9, 9))
    make_user(Role.CITIZEN, "worker_w", person=worker)
    make_user(Role.CLERK, "office_w")
    make_user(Role.REVIEWER, "inspector_w", display_name="监察员乙")

    browser_login(page, "worker_w")
    page.goto(page.base + "/rights/new/")
    page.select_option("select[name=kind]", "inspection")
    page.fill("input[name=respondent_uscc]", firm.uscc)
    page.fill("textarea[name=facts]", "拖欠2026年10月工资6200元")
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/rights/JC*/")
    number = Case.objects.get().number
    page.context.clear_cookies()

    browser_login(page, "office_w")
    page.goto(page.base + f"/rights/{number}/")
    accept = page.locator("form").filter(has=page.locator("select[name=handler]"))
    accept.locator("select[name=handler]").select_option(label="监察员乙")
    accept.locator("button").click()
    page.wait_for_load_state("networkidle")
    page.fill("input[name=id_number]", decrypt(worker.id_number_encrypted))
    page.fill("input[name=owed]", "6200")
    page.locator("button", has_text="登记欠薪明细").click()
    page.wait_for_load_state("networkidle")
    page.fill("input[name=amount]", "6200")
    page.locator("button", has_text="登记追回").click()
    page.wait_for_load_state("networkidle")
    order = page.locator("form", has=page.locator("button", has_text="责令改正"))
    order.locator("textarea[name=reason]").fill("责令支付拖欠工资，已全额追回")
    order.locator("input[name=recovered_amount]").fill("6200")
    order.locator("button").click()
    page.wait_for_load_state("networkidle")
    text = page.inner_text("main")
    assert "责令改正/处理决定" in text and "6200.00" in text
    case = Case.objects.get()
    assert case.recovered_amount == 6200 and case.arrears_lines.get().recovered == 6200


def test_evidence_upload_on_a_case(page, make_user):
    """The worker attaches a PDF and a photo to her arbitration case; a file that only claims to
    be a PDF is refused with a message naming it; the arbitrator downloads the evidence."""
    from tests.factories import pdf_bytes, png_bytes
    from zhihui.rights import actions

    firm = create_org("济源某物流公司")
    worker = make_user(Role.CITIZEN, "worker_e", person=create_person("钱女士", dt.date(1990, 3, 3)))
    clerk = make_user(Role.CLERK, "office_e")
    arbitrator = make_user(Role.REVIEWER, "arbitrator_e", display_name="仲裁员丙")
    case = actions.file_case(worker, kind="arbitration", respondent=firm, facts="加班费未支付",
                             applicant=worker.person, claimed_amount="4200")
    actions.accept(clerk, case, handler=arbitrator)

    browser_login(page, "worker_e")
    page.goto(page.base + f"/rights/{case.number}/")
    assert "尚无证据材料" in page.inner_text("#evidence")
    page.fill("input[name=label]", "工资条与考勤照片")
    page.set_input_files("input[name=files]", [
        {"name": "工资条.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()},
        {"name": "考勤.png", "mimeType": "image/png", "buffer": png_bytes()},
    ])
    page.locator("button", has_text="提交证据").click()
    page.wait_for_load_state("networkidle")
    assert "已提交证据 2 件" in page.inner_text("main")
    rows = page.locator("#evidence tbody tr")
    assert rows.count() == 2 and "工资条与考勤照片" in rows.first.inner_text()

    page.fill("input[name=label]", "伪装的文件")
    page.set_input_files("input[name=files]", {"name": "合同.pdf", "mimeType": "application/pdf",
                                                 "buffer": b"MZ\x90\x00 not a pdf at all"})
    page.locator("button", has_text="提交证据").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#evidence tbody tr").count() == 2  # nothing kept
    assert "合同.pdf" in page.inner_text("main")  # the message names the refused file
    page.context.clear_cookies()

    browser_login(page, "arbitrator_e")
    page.goto(page.base + f"/rights/{case.number}/")
    with page.expect_download() as dl:
        page.locator("#evidence a", has_text="下载").first.click()
    assert dl.value.suggested_filename.startswith(case.number)
