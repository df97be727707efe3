"""The window's pages: what each role sees, forms with errors naming the field, no 500."""

import datetime as dt
import io

import pytest

from tests.factories import create_person, pdf_bytes
from zhihui.core.roles import Role
from zhihui.window import actions
from zhihui.window.models import Application, Status

pytestmark = pytest.mark.django_db


def test_a_citizen_applies_online_with_an_attachment(fake_engine, citizen, client_for, service):
    c = client_for(citizen)
    assert "我要申请" in c.get("/window/apply/").content.decode()
    pdf = io.BytesIO(pdf_bytes())
    pdf.name = "毕业证.pdf"
    r = c.post("/window/apply/", {"service": service.code, "note": "申请", "idempotency_key": "abc", "attachments": pdf})
    app = Application.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/window/a/{app.number}/"
    assert app.attachments.count() == 1
    # the same form sent again (double click) lands on the same application
    r2 = c.post("/window/apply/", {"service": service.code, "note": "申请", "idempotency_key": "abc"})
    assert r2["Location"] == r["Location"] and Application.objects.count() == 1
    page = c.get(r["Location"]).content.decode()
    assert "符合" in page and "测试规则：符合" in page and "已提交" in page


def test_the_apply_form_names_the_field_at_fault(fake_engine, citizen, client_for, service):
    c = client_for(citizen)
    r = c.post("/window/apply/", {"service": "", "idempotency_key": "x1"})
    assert r.status_code == 422 and "请选择申请事项" in r.content.decode()
    r = c.post("/window/apply/", {"service": service.code, "note": "长" * 2001, "idempotency_key": "x2"})
    assert r.status_code == 422 and "申请说明：不能超过 2000 字" in r.content.decode()
    exe = io.BytesIO(b"MZ\x90")
    exe.name = "virus.pdf"
    r = c.post("/window/apply/", {"service": service.code, "idempotency_key": "x3", "attachments": exe})
    assert r.status_code == 422 and "只接受 PDF" in r.content.decode()
    assert Application.objects.count() == 0


def test_a_clerk_files_on_behalf_by_identity_number(fake_engine, clerk, client_for, service):
    c = client_for(clerk)
    r = c.post("/window/apply/", {"service": service.code, "id_number": "419001199001019999", "idempotency_key": "c1"})
    assert r.status_code == 422 and "未找到该身份证号码" in r.content.decode()
    p = create_person("王五", dt.date(1990, 1, 1), id_number="41900119900101777X")
    r = c.post("/window/apply/", {"service": service.code, "id_number": "41900119900101777x", "idempotency_key": "c2"})
    assert r.status_code == 302
    app = Application.objects.get()
    assert app.person == p and app.channel == "window"


def test_the_clerk_accepts_and_the_citizen_cannot(fake_engine, citizen, clerk, client_for, service):
    app, _ = actions.submit(citizen, service, person=citizen.person)
    r = client_for(citizen).post(f"/window/a/{app.number}/accept/")
    assert r.status_code == 403
    r = client_for(clerk).post(f"/window/a/{app.number}/accept/", {"reason": "齐全"})
    assert r.status_code == 302
    assert Application.objects.get().status == Status.ACCEPTED


def test_an_action_in_the_wrong_state_shows_a_message_not_an_error(fake_engine, citizen, reviewer, client_for, service):
    app, _ = actions.submit(citizen, service, person=citizen.person)
    c = client_for(reviewer)
    r = c.post(f"/window/a/{app.number}/approve/", follow=True)
    assert r.status_code == 200 and "当前状态为“已提交”，不能执行“批准”" in r.content.decode()


def test_someone_elses_application_is_not_found(fake_engine, citizen, make_user, make_person, client_for, service):
    """Out of scope is 404, not 403 (issue 12): a 403 would confirm the number exists."""
    app, _ = actions.submit(citizen, service, person=citizen.person)
    other = make_user(Role.CITIZEN, "other_c", person=make_person())
    assert client_for(other).get(f"/window/a/{app.number}/").status_code == 404
    assert client_for(other).get(f"/api/v1/window/applications/{app.number}").status_code == 404


def test_the_desk_lists_overdue_and_due_soon(fake_engine, citizen, clerk, client_for, service, make_person, make_user):
    import datetime as dt

    app, _ = actions.submit(citizen, service, person=citizen.person)
    actions.accept(clerk, app, today=dt.date(2024, 3, 1))  # long overdue
    c = client_for(clerk)
    page = c.get("/window/desk/?tab=overdue").content.decode()
    assert app.number in page and "逾期" in page
    assert app.number not in c.get("/window/desk/?tab=due_soon").content.decode()
    # htmx requests get only the table
    part = c.get("/window/desk/?tab=all&q=" + app.number, HTTP_HX_REQUEST="true").content.decode()
    assert part.startswith('<div id="app-table">') and app.number in part


def test_the_reviewer_queue_is_ordered_by_due_date(fake_engine, clerk, reviewer, client_for, service, make_person):
    import datetime as dt

    late, _ = actions.submit(clerk, service, person=make_person())
    early, _ = actions.submit(clerk, service, person=make_person())
    actions.accept(clerk, late, today=dt.date(2026, 3, 2))
    actions.accept(clerk, early, today=dt.date(2026, 2, 2))
    page = client_for(reviewer).get("/window/queue/").content.decode()
    assert page.index(early.number) < page.index(late.number)


def test_the_citizen_sees_payments_and_messages(fake_engine, citizen, clerk, reviewer, client_for, service, budgets, approver):
    app, _ = actions.submit(citizen, service, person=citizen.person)
    actions.accept(clerk, app)
    actions.review(reviewer, app)
    actions.approve(approver, app)
    page = client_for(citizen).get("/window/mine/").content.decode()
    assert "2026 年 20000.00 元" in page and "2027 年 20000.00 元" in page
    assert "已安排支付" in page


def test_finance_pages_export_and_reconcile(fake_engine, citizen, clerk, reviewer, admin_user, client_for, service, budgets,
                                            approver, make_user):
    from openpyxl import load_workbook

    fake_engine["payments"] = [{"year": 2026, "amount": "20000.00"}]
    app, _ = actions.submit(citizen, service, person=citizen.person)
    actions.accept(clerk, app)
    actions.review(reviewer, app)
    actions.approve(approver, app)
    c = client_for(admin_user)
    c.post("/window/payments/batches/", {"year": "2026"})
    from zhihui.window.models import PaymentBatch

    batch = PaymentBatch.objects.get()
    page = c.get("/window/payments/").content.decode()
    assert "待他人复核放行" in page and f"release-{batch.number}" not in page  # not by its creator
    assert c.post(f"/window/payments/batches/{batch.number}.xlsx").status_code == 302  # not released yet
    second = client_for(make_user(Role.ADMIN, "admin2_t"))
    assert f"release-{batch.number}" in second.get("/window/payments/").content.decode()
    second.post(f"/window/payments/batches/{batch.number}/release/")
    xlsx = c.post(f"/window/payments/batches/{batch.number}.xlsx")
    assert xlsx.status_code == 200
    wb = load_workbook(io.BytesIO(xlsx.content))
    ws = wb.worksheets[0]
    ws["I2"], ws["J2"] = "成功", "2026-12-01"
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "return.xlsx"
    r = c.post(f"/window/payments/batches/{batch.number}/reconcile/", {"file": out}, follow=True)
    assert "对账完成：成功 1 笔" in r.content.decode()
    assert Application.objects.get().status == Status.PAID
    assert client_for(citizen).get("/window/payments/").status_code == 403


def test_an_administrator_loads_a_holiday_notice_on_the_calendar_page(admin_user, clerk, client_for):
    c = client_for(clerk)
    assert c.post("/window/calendar/", {"text": "year: 2027\nholidays: []\n"}).status_code == 403
    c = client_for(admin_user)
    r = c.post("/window/calendar/", {"text": "year: 2027\nholidays: [2027-13-01]\n"}, follow=True)
    assert "holidays[0]" in r.content.decode()
    r = c.post("/window/calendar/", {"text": "year: 2027\nsource: 测试通知\nholidays: [2027-01-01]\n"}, follow=True)
    page = r.content.decode()
    assert "已导入 2027 年" in page and "测试通知" in page


def test_the_ledger_per_payee_and_line(fake_engine, citizen, clerk, reviewer, admin_user, client_for, service, budgets, approver):
    app, _ = actions.submit(citizen, service, person=citizen.person)
    actions.accept(clerk, app)
    actions.review(reviewer, app)
    actions.approve(approver, app)
    c = client_for(admin_user)
    page = c.get("/window/payments/", {"who": "张三", "line": "talent_living"}).content.decode()
    assert app.number in page and "待支付 40000.00 元" in page
    assert app.number not in c.get("/window/payments/", {"who": "李四"}).content.decode()


def test_the_engine_reasons_on_an_application_read_like_the_explanation_pages(fake_engine, citizen, clerk, client_for,
                                                                                service):
    """One wording of the engine's reasons: the window's page draws the policy pages' condition
    table (a ✓/✗/? mark, the Chinese field name, the requirement, what the applicant has),
    rendered from the reason's template in the reader's language."""
    import re

    from zhihui.window.decisions import package

    package()  # the package's reason templates

    def text(html):
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))

    fake_engine["reasons"] = ["pension.continuous_months: required at least 12 months; profile: 14"]
    fake_engine["reason_items"] = [{
        "kind": "required", "field": "pension.continuous_months", "label": None, "type": "number",
        "required": {"id": "at_least", "values": {"n": "12", "unit": {"id": "unit.months_on_time", "values": {}}}},
        "had": {"id": "value", "values": {"code": "14"}},
    }]
    app, _ = actions.submit(citizen, service, person=citizen.person)
    page = text(client_for(clerk).get(f"/window/a/{app.number}/").content.decode())
    assert "✓ 按时连续缴纳养老保险月数(不含补缴) 至少 12 个月（按时缴纳，补缴月份不计入） 14" in page
    english = client_for(clerk)
    english.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = text(english.get(f"/window/a/{app.number}/").content.decode())
    assert "at least 12 months (on time, back-paid months not counted) 14" in html
    assert "按时连续缴纳养老保险月数" not in html
