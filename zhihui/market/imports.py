"""Importing an employer's postings from Excel: parse → preview → confirm, all or nothing.

The sheet's first row holds the headers (Chinese, `COLUMNS`; order free, unknown headers are an
error naming the column). Each data row is checked with the same `actions.clean_posting` as the
form, so an error names the row, the column letter and the header ("第 3 行 F 列(月薪上限)：月薪上限不能
低于下限"). With any error nothing is imported; the preview lists every error. Without errors the
preview shows the rows and the employer confirms; confirming saves every row as a draft (and, if
asked, submits each to review, which runs the screen) in ONE transaction: a row that fails then
(e.g. the validity date passed since the preview) rolls back all of them.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from zhihui.core.perms import require

from . import perms

MAX_ROWS = 500
# header (Chinese) → posting field; the template file has them in this order
COLUMNS = {
    "岗位名称": "title", "职业代码": "occupation_code", "行业代码": "industry_code", "工作地点代码": "town_code",
    "详细地址": "address", "月薪下限": "salary_min", "月薪上限": "salary_max", "学历要求": "education",
    "技能要求": "skills", "证书要求": "certificates", "工作经验(年)": "experience_years", "招聘人数": "vacancies",
    "工作时间": "working_hours", "岗位职责与任职要求": "text", "联系人": "contact_name", "联系电话": "contact_phone",
    "有效期至": "valid_until",
}
REQUIRED = ("title", "town_code", "salary_min", "salary_max", "text", "contact_name", "contact_phone", "valid_until")


class ImportErrors(ValueError):
    def __init__(self, errors: list[dict]):
        super().__init__("; ".join(e["message"] for e in errors[:5]))
        self.errors = errors


def _letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i + 1)


def _cell(v):
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _education(value: str) -> str:
    """Education by its code or its Chinese label (本科, 大专…)."""
    from django.utils import translation

    from .enums import Education

    with translation.override("zh-hans"):
        for code, label in Education.choices:
            if value in (code, str(label)):
                return code
    return value


def parse(content: bytes) -> list[dict]:
    """Rows as dicts of posting fields, each with `row_no`. Raises ImportErrors naming row and column."""
    from zhihui.core import spreadsheets

    from .actions import MarketError, clean_posting

    try:
        wb = spreadsheets.open_xlsx(content)
    except (spreadsheets.NotAWorkbook, spreadsheets.SpreadsheetTooLarge) as exc:
        msg = str(exc) if isinstance(exc, spreadsheets.SpreadsheetTooLarge) else _("文件：不是有效的 Excel (.xlsx) 文件")
        raise ImportErrors([{"row": None, "column": None, "message": msg}]) from None
    ws = wb.worksheets[0]
    errors: list[dict] = []
    out: list[dict] = []
    fields: list[str | None] = []
    try:
        for n, values in spreadsheets.rows(ws, MAX_ROWS, len(COLUMNS) + 5):
            if n == 1:
                for i, h in enumerate(values):
                    h = _cell(h)
                    if not h:
                        fields.append(None)
                    elif h in COLUMNS:
                        fields.append(COLUMNS[h])
                    else:
                        errors.append({"row": 1, "column": _letter(i), "message": _("第 1 行 %(c)s 列：未知的表头“%(h)s”")
                                       % {"c": _letter(i), "h": h[:40]}})
                        fields.append(None)
                missing = [h for h, f in COLUMNS.items() if f in REQUIRED and f not in fields]
                for h in missing:
                    errors.append({"row": 1, "column": None, "message": _("第 1 行：缺少必需的列“%(h)s”") % {"h": h}})
                if errors:
                    break
                continue
            if all(v is None or _cell(v) == "" for v in values):
                continue
            data = {f: _cell(values[i]) if i < len(values) else "" for i, f in enumerate(fields) if f}
            if data.get("education"):
                data["education"] = _education(data["education"])
            try:
                clean_posting(data)
            except MarketError as exc:
                col = fields.index(exc.field) if exc.field in fields else None
                where = (_("第 %(r)d 行 %(c)s 列(%(h)s)") % {"r": n, "c": _letter(col), "h": _header(exc.field)}
                         if col is not None else _("第 %(r)d 行") % {"r": n})
                errors.append({"row": n, "column": _letter(col) if col is not None else None,
                               "message": f"{where}：{exc.message}"})
                continue
            data["row_no"] = n
            out.append(data)
    except spreadsheets.SpreadsheetTooLarge as exc:
        errors.append({"row": None, "column": None, "message": str(exc)})
    if not errors and not out:
        errors.append({"row": None, "column": None, "message": _("文件中没有岗位数据行")})
    if errors:
        raise ImportErrors(errors)
    return out


def _header(field: str) -> str:
    return next((h for h, f in COLUMNS.items() if f == field), field)


def confirm(user, rows: list[dict], submit: bool = False) -> list:
    """Save every row as a draft (and submit each if asked): one transaction, all or nothing."""
    from .actions import MarketError, save_posting, submit_posting

    require(perms.can_create_posting(user), _("只有用人单位账户可以导入岗位"))
    saved = []
    with transaction.atomic():
        for data in rows:
            clean = {k: v for k, v in data.items() if k != "row_no"}
            try:
                p = save_posting(user, clean)
            except MarketError as exc:
                raise ImportErrors([{"row": data.get("row_no"), "column": None,
                                     "message": _("第 %(r)s 行：%(m)s(未导入任何岗位)") % {"r": data.get("row_no"), "m": exc.message}}]) from None
            if submit:
                p = submit_posting(user, p)
            saved.append(p)
    return saved


def template() -> bytes:
    """An empty workbook with the headers and one example row."""
    from openpyxl import Workbook

    from zhihui.core.spreadsheets import save_workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "岗位"
    ws.append(list(COLUMNS))
    ws.append(["叉车司机", "", "34", "419001001", "虎岭产业集聚区", 4500, 6500, "高中/中专/技校", "叉车驾驶", "叉车证", 1, 3,
               "8:00-17:00", "负责车间物料的叉车转运与装卸。持叉车证，男女不限。", "王女士", "0391-6600000",
               (dt.date.today() + dt.timedelta(days=60)).isoformat()])
    return save_workbook(wb)
