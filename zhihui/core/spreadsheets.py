"""Spreadsheets in and out, safely.

In: `open_xlsx` looks at the archive before openpyxl parses anything — number of members and
their declared uncompressed sizes (a zip member cannot inflate past its declared size: Python's
zipfile stops there), so a "zip bomb" is refused in milliseconds — and opens the workbook in
read-only (streaming) mode; `rows` yields at most `max_rows` data rows and `max_cols` columns
and stops with an error at the first row past the limit, without reading the rest.

Out: `save_workbook` is the ONE way an export is written. It neutralises every text cell that
a spreadsheet program would run as a formula or treat as one (starting with ``=``, ``+``,
``-``, ``@``, tab or carriage return) by prefixing a single quote, so a person named
``=HYPERLINK("http://…"&A1,"点击")`` stays text in the finance bureau's payment export.
`tests/core/test_spreadsheets.py` checks that no module writes a workbook another way.
"""

from __future__ import annotations

import io
import zipfile

from django.conf import settings

DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r")


class SpreadsheetTooLarge(ValueError):
    """The file exceeds a limit; the message says which."""


class NotAWorkbook(ValueError):
    pass


def neutralise(value):
    """A text that cannot be read as a formula; other values unchanged."""
    if isinstance(value, str) and value.startswith(DANGEROUS_FIRST):
        return "'" + value
    return value


def save_workbook(wb) -> bytes:
    """Every text cell neutralised, then the workbook's bytes."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                v = cell.value
                if isinstance(v, str) and v.startswith(DANGEROUS_FIRST):
                    cell.value = "'" + v
                    cell.data_type = "s"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def check_archive(content: bytes, max_uncompressed: int | None = None, max_members: int = 200) -> None:
    """Refuse before parsing: too many members or too many declared uncompressed bytes."""
    limit = max_uncompressed or settings.ZHIHUI_XLSX_MAX_UNCOMPRESSED_BYTES
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise NotAWorkbook(type(exc).__name__)
    if len(infos) > max_members:
        raise SpreadsheetTooLarge(f"文件: 压缩包内有 {len(infos)} 个部件，超过 {max_members} 个")
    total = sum(i.file_size for i in infos)
    if total > limit:
        raise SpreadsheetTooLarge(
            f"文件: 解压后 {total / 1048576:.1f} MB，超过 {limit / 1048576:.0f} MB 上限（未解析）"
        )


def open_xlsx(content: bytes, max_uncompressed: int | None = None):
    """An openpyxl workbook in read-only mode, after the archive checks."""
    from openpyxl import load_workbook

    check_archive(content, max_uncompressed)
    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise NotAWorkbook(type(exc).__name__)


def rows(ws, max_rows: int, max_cols: int):
    """(row number, values) for the header and at most `max_rows` data rows, `max_cols` wide.

    Reading stops at the first row past the limit (SpreadsheetTooLarge): the rest of the
    sheet is never parsed."""
    for n, values in enumerate(ws.iter_rows(max_col=max_cols, values_only=True), start=1):
        if n > max_rows + 1:
            raise SpreadsheetTooLarge(f"文件: 超过{max_rows}行（第{n}行起未读取）")
        yield n, values
