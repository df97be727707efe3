"""File imports given bad files: a clear error naming the row and column (or the field), and
nothing written (counts of every affected table unchanged, no audit row).

Imports covered: plan monitoring actuals (/plan/actuals/upload/), the payment batch return file
(/window/payments/batches/<n>/reconcile/) and the holiday notice (/window/calendar/).
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from tests.factories import create_person
from zhihui.core.roles import Role

pytestmark = pytest.mark.django_db

HUGE = "济" * 32767  # Excel's limit for one cell
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ZIP_NOT_XLSX = b"PK\x05\x06" + b"\x00" * 18  # an empty zip archive


def _upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _xlsx(rows, title="Sheet") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _counts(*models) -> dict:
    from zhihui.core.models import AuditEvent

    return {m.__name__: m.objects.count() for m in (*models, AuditEvent)}


def _page_errors(response) -> str:
    from django.contrib.messages import get_messages

    text = response.content.decode() if response.status_code in (200, 400) else ""
    return text + " ".join(str(m) for m in get_messages(response.wsgi_request))


# --------------------------------------------------------------------------- plan actuals


@pytest.fixture
def plan_admin(make_user, settings):
    from zhihui.plan.loader import load_indicators

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_indicators(verbose=False)
    return make_user(Role.ADMIN, "plan_admin")


def _plan_workbook(fill) -> bytes:
    from zhihui.plan.xlsx import template

    wb = load_workbook(io.BytesIO(template(2024)))
    fill(wb["实际值"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _first_enterable_row(ws) -> int:
    from zhihui.plan.models import Indicator

    enterable = {i.code for i in Indicator.objects.all() if not i.is_computed}
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value in enterable)


def _fill_value(value, note=None, extra_bad=False):
    def fill(ws):
        r = _first_enterable_row(ws)
        ws.cell(r, 6).value = value
        if note is not None:
            ws.cell(r, 7).value = note
        if extra_bad:  # a second, bad row: the good first row must not be written either
            r2 = next(x for x in range(r + 1, ws.max_row + 1) if ws.cell(x, 6).value is None and ws.cell(x, 1).value)
            ws.cell(r2, 6).value = "很多"
    return fill


PLAN_CASES = {
    "not_excel": ("notes.txt", b"this is not a workbook", "文件"),
    "empty": ("empty.xlsx", b"", "文件"),
    "png_named_xlsx": ("photo.xlsx", PNG, "文件"),
    "zip_not_xlsx": ("archive.xlsx", ZIP_NOT_XLSX, "文件"),
    "wrong_sheet": ("x.xlsx", _xlsx([["a", "b"]]), "工作表"),
    "wrong_headers": ("x.xlsx", _xlsx([["code", "name", "unit", "measure", "year", "value", "note"], ["X", "", "", "", 2024, 1, ""]], "实际值"), "第1行 A列"),
    "empty_sheet": ("x.xlsx", _xlsx([], "实际值"), "文件"),
}


@pytest.mark.parametrize("case", PLAN_CASES)
def test_plan_import_refuses_bad_files_and_writes_nothing(case, plan_admin, client_for):
    from zhihui.plan.models import ActualValue, ImportBatch

    name, content, expected = PLAN_CASES[case]
    before = _counts(ActualValue, ImportBatch)
    r = client_for(plan_admin).post("/plan/actuals/upload/", {"file": _upload(name, content)})
    assert r.status_code == 400  # the upload page again, with the errors
    assert expected in _page_errors(r)
    assert _counts(ActualValue, ImportBatch) == before


@pytest.mark.parametrize(
    "fill, expected",
    [
        (_fill_value(HUGE), "F列"),
        (_fill_value("1e999999"), "F列"),
        (_fill_value("NaN"), "F列"),
        (_fill_value(12, note="说明" + HUGE), None),  # a huge note is cut, not a crash
        (_fill_value(12, extra_bad=True), "F列"),
    ],
    ids=["huge_value_cell", "overflowing_number", "nan", "huge_note", "good_row_then_bad_row"],
)
def test_plan_import_bad_cells_name_row_and_column(fill, expected, plan_admin, client_for):
    from zhihui.plan.models import ActualValue, ImportBatch

    before = _counts(ActualValue, ImportBatch)
    r = client_for(plan_admin).post("/plan/actuals/upload/", {"file": _upload("a.xlsx", _plan_workbook(fill))})
    if expected is None:
        assert r.status_code == 302  # accepted
        return
    assert r.status_code == 400  # the upload page again, with the errors
    page = _page_errors(r)
    assert "行" in page and expected in page
    assert _counts(ActualValue, ImportBatch) == before


# --------------------------------------------------------------------------- payment return


@pytest.fixture
def batch(make_user, monkeypatch, settings, tmp_path, approver):
    """One payment batch with one instruction of 20000.00 (engine stubbed: eligible)."""
    from zhihui.window import actions
    from zhihui.window import decisions as engine
    from zhihui.window.models import Service

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ZHIHUI_SMS_BACKEND = "locmem"
    settings.MEDIA_ROOT = str(tmp_path)
    monkeypatch.setattr(engine, "decide", lambda application, as_of=None: engine.Decision(
        status="eligible", total=Decimal("20000.00"), payments=[{"year": 2026, "amount": "20000.00"}],
        reasons=["测试"], clause="L131", version="test@1"))
    person = create_person("王五", dt.date(1990, 1, 1))
    citizen = make_user(Role.CITIZEN, "pay_citizen", person=person)
    clerk, reviewer, admin = make_user(Role.CLERK, "pay_clerk"), make_user(Role.REVIEWER, "pay_rev"), make_user(Role.ADMIN, "pay_admin")
    for y in (2026, 2027):
        actions.set_budget(admin, y, "talent_living", "1000000")
    app, _ = actions.submit(citizen, Service.objects.get(code="youth_talent_living"), person=person)
    actions.accept(clerk, app)
    actions.review(reviewer, app)
    actions.approve(approver, app)
    b = actions.create_payment_batch(admin, 2026)
    actions.release_batch(make_user(Role.ADMIN, "pay_admin2"), b)  # a second person releases
    actions.export_batch(admin, b)
    b.admin = admin
    return b


def _return_file(batch, fill) -> bytes:
    from zhihui.window.payments import export_batch

    wb = load_workbook(io.BytesIO(export_batch(batch)))
    fill(wb.worksheets[0])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _set(**cells):
    def fill(ws):
        for ref, value in cells.items():
            ws[ref] = value
    return fill


RETURN_CASES = {
    "not_excel": (lambda b: b"id,amount\n1,2\n", "Excel"),
    "empty": (lambda b: b"", "Excel"),
    "png": (lambda b: PNG, "Excel"),
    "zip_not_xlsx": (lambda b: ZIP_NOT_XLSX, "Excel"),
    "wrong_headers": (lambda b: _xlsx([["a", "b", "c"], [1, 2, 3]]), "第1行"),
    "only_header": (lambda b: _return_file(b, lambda ws: ws.delete_rows(2, 10)), "没有数据行"),
    "huge_cell": (lambda b: _return_file(b, _set(I2="成功", J2="2026-12-01", K2=HUGE)), None),
    "huge_result_cell": (lambda b: _return_file(b, _set(I2=HUGE)), "第2行 I列"),
    "bad_amount": (lambda b: _return_file(b, _set(I2="成功", J2="2026-12-01", H2="1e999999")), "第2行 H列"),
    "bad_date": (lambda b: _return_file(b, _set(I2="成功", J2="9999-99-99")), "第2行 J列"),
    "huge_id": (lambda b: _return_file(b, _set(I2="成功", J2="2026-12-01", B2="9" * 40)), "第2行 B列"),
}


@pytest.mark.parametrize("case", RETURN_CASES)
def test_payment_return_file_refused_by_row_and_column_nothing_written(case, batch, client_for):
    from zhihui.window.models import Budget, PaymentBatch, PaymentInstruction, PaymentStatus

    make, expected = RETURN_CASES[case]
    content = make(batch)
    before = _counts(PaymentInstruction, PaymentBatch)
    paid_before = list(Budget.objects.values_list("paid", flat=True))
    r = client_for(batch.admin).post(f"/window/payments/batches/{batch.number}/reconcile/", {"file": _upload("r.xlsx", content)})
    assert r.status_code == 302
    errors = _page_errors(r)
    if expected is None:  # a huge bank reference is cut to the column's size, and accepted
        assert PaymentInstruction.objects.get().status == PaymentStatus.PAID
        return
    assert expected in errors, errors
    assert _counts(PaymentInstruction, PaymentBatch) == before
    assert list(Budget.objects.values_list("paid", flat=True)) == paid_before
    assert PaymentInstruction.objects.get().status == PaymentStatus.IN_BATCH


# --------------------------------------------------------------------------- holiday notice

NOTICE_CASES = {
    "not_text": (PNG, None),
    "empty": (b"", None),
    "excel_instead_of_yaml": (_xlsx([["year", 2030]]), None),
    "wrong_fields": (b"year: 2030\nfeiertage: []\n", "feiertage"),
    "bad_date": (b"year: 2030\nholidays:\n  - {name: x, date: 2030-02-30}\n", "holidays[0]"),
    "huge_name": (("year: 2030\nholidays:\n  - {name: '" + HUGE + "', date: 2030-01-01}\n").encode(), None),
    "nul_in_name": (b'{"year": 2030, "holidays": [{"name": "a\\u0000b", "date": "2030-01-01"}]}', "holidays[0]"),
    "deep_json": (b"[" * 200000 + b"]" * 200000, None),
    "deep_yaml": (b"a: " + b"[" * 50000 + b"]" * 50000, None),
    "huge_range": (b"year: 2030\nholidays:\n  - {name: x, start: 1900-01-01, end: 2030-12-31}\n", "holidays[0]"),
}


@pytest.mark.parametrize("case", NOTICE_CASES)
def test_holiday_notice_refused_naming_the_field_nothing_written(case, make_user, client_for, settings):
    from zhihui.window.models import HolidayNotice

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    admin = make_user(Role.ADMIN, "cal_admin")
    content, expected = NOTICE_CASES[case]
    before = _counts(HolidayNotice)
    r = client_for(admin).post("/window/calendar/", {"file": _upload("notice.yaml", content)})
    assert r.status_code == 302
    errors = _page_errors(r)
    if case == "huge_name":  # a long holiday name is not an error
        assert HolidayNotice.objects.count() == before["HolidayNotice"] + 1
        return
    assert "节假日安排有误" in errors, errors
    if expected:
        assert expected in errors, errors
    assert _counts(HolidayNotice) == before


# --------------------------------------------------------------------------- attachments


def test_a_nul_in_an_uploaded_file_name_is_harmless(make_user, client_for, settings, tmp_path):
    """A crafted multipart file name with NUL: Django's parser drops the NUL, so the name
    stored in Attachment.original_name (a PostgreSQL text column) is safe."""
    from zhihui.window.models import Application, Attachment

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = str(tmp_path)

    person = create_person("赵六", dt.date(1990, 1, 1), sex="F")
    citizen = make_user(Role.CITIZEN, "att_citizen", person=person)
    boundary = "ZHIHUIBOUNDARY"
    from tests.factories import pdf_bytes

    body = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"service\"\r\n\r\nyouth_talent_living\r\n"
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"a\x00b.pdf\"\r\n"
        f"Content-Type: application/pdf\r\n\r\n"
    ).encode() + pdf_bytes() + f"\r\n--{boundary}--\r\n".encode()
    r = client_for(citizen).post("/window/apply/", data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert r.status_code == 302
    assert Application.objects.count() == 1
    assert list(Attachment.objects.values_list("original_name", flat=True)) == ["ab.pdf"]
