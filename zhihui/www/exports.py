"""List exports (issue 15, found 10): the rows a list page shows, with its filters, as an Excel
workbook (`?format=xlsx`) or CSV (`?format=csv`). Text cells are neutralised against formula
injection (zhihui.core.spreadsheets.save_workbook; the same rule for CSV); identity numbers stay
masked as on the page; each export is audited with what and how many rows."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.http import HttpResponse

from zhihui.core import audit
from zhihui.core.spreadsheets import DANGEROUS_FIRST

MAX_ROWS = 10_000
FORMATS = ("xlsx", "csv")


def wanted(request) -> str:
    fmt = request.GET.get("format", "")
    return fmt if fmt in FORMATS else ""


def _safe(v):
    if isinstance(v, str) and v.startswith(DANGEROUS_FIRST):
        return "'" + v
    return v


def response(request, *, name: str, title: str, headers: list[str], rows, what: str) -> HttpResponse:
    """At most MAX_ROWS rows (the header says so when cut); audited as an EXPORT."""
    fmt = wanted(request) or "xlsx"
    data = []
    for n, row in enumerate(rows):
        if n >= MAX_ROWS:
            break
        data.append(["" if v is None else v for v in row])
    query = request.GET.copy()
    query.pop("format", None)  # said as 表格/CSV below, not as "format=xlsx"
    where = f"，条件 {query.urlencode()}" if query else ""
    audit.record(request.user, audit.Action.EXPORT, object_type=what,
                 summary=f"导出{title} {len(data)} 行（{'CSV' if fmt == 'csv' else 'Excel'}）{where}"[:255])
    if fmt == "csv":
        out = io.StringIO()
        out.write("\ufeff")  # Excel opens UTF-8 CSV with Chinese text correctly only with a BOM
        w = csv.writer(out)
        w.writerow(headers)
        for row in data:
            w.writerow([_safe(str(v)) for v in row])
        resp = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook
        from openpyxl.styles import Font

        from zhihui.core.spreadsheets import save_workbook

        wb = Workbook()
        ws = wb.active
        ws.title = title[:31]
        ws.append(headers)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in data:
            ws.append([float(v) if isinstance(v, Decimal) else v if isinstance(v, (int, float)) else str(v) for v in row])
        resp = HttpResponse(save_workbook(wb),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return resp
