"""The actual-values workbook: a template per year to download, and its strict parser.

Sheet “实际值”, header row 1, one row per indicator:
  A 编号 | B 指标 | C 单位 | D 口径 | E 年份 | F 实际值 | G 数据来源说明
Level indicators take the year-end value; cumulative ones ([ ]) the year's own flow; indicators
computed from the registry are listed greyed and must be left blank. Empty 实际值 = no change.
"""

from __future__ import annotations

import zipfile
from decimal import Decimal, InvalidOperation

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from zhihui.core import spreadsheets as sheets

SHEET = "实际值"
HEADERS = ["编号", "指标", "单位", "口径", "年份", "实际值", "数据来源说明"]
MEASURE_ZH = {"level": "年末数", "cumulative": "当年新增(累计指标)", "annual": "当年数"}
MAX_ROWS = 500


def template(year: int) -> bytes:
    from zhihui.plan.models import ActualValue, Indicator

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(HEADERS)
    for c in ws[1]:
        c.font = Font(bold=True)
    grey = PatternFill("solid", fgColor="DDDDDD")
    current = {
        a.indicator_id: a.value for a in ActualValue.objects.filter(year=year, is_current=True)
    }
    for ind in Indicator.objects.all():
        value = current.get(ind.pk)
        ws.append(
            [
                ind.code,
                ind.name,
                ind.unit,
                MEASURE_ZH.get(ind.measure, ind.measure),
                year,
                None if ind.is_computed or value is None else value,
                "库内计算,请留空" if ind.is_computed else "",
            ]
        )
        if ind.is_computed:
            for c in ws[ws.max_row]:
                c.fill = grey
    for i, width in enumerate([10, 44, 14, 18, 8, 12, 30], start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    help_ws = wb.create_sheet("说明")
    for line in [
        f"{year}年度规划指标实际值填报模板。",
        "年末数:填该年末的存量或比率;当年新增:只填该年新增数(累计指标由系统加总)。",
        "灰色行由库内数据计算,不接受填报。实际值留空表示不修改。",
        "单位与“单位”列一致(如3.2万人填3.2;95%填95)。整份文件任何一处有误,全部不导入。",
    ]:
        help_ws.append([line])
    return sheets.save_workbook(wb)


def _cell_decimal(value) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise InvalidOperation
    if isinstance(value, float):
        # Excel stores numbers as binary floats; repr gives the shortest decimal that was typed
        return Decimal(repr(value))
    d = Decimal(str(value).strip().replace(",", ""))
    if not d.is_finite():
        raise InvalidOperation
    return d


def parse_actuals(content: bytes, expected_year: int | None = None) -> tuple[list[dict], int]:
    """Rows to apply, or PlanInputError with every problem ("第5行 F列(实际值): …")."""
    from zhihui.plan.actions import PlanInputError
    from zhihui.plan.models import Indicator

    try:
        wb = sheets.open_xlsx(content)
    except sheets.NotAWorkbook as exc:
        raise PlanInputError([f"文件: 不是有效的 Excel (.xlsx) 工作簿 ({exc})"])
    except sheets.SpreadsheetTooLarge as exc:
        raise PlanInputError([str(exc)])
    if SHEET not in wb.sheetnames:
        raise PlanInputError([f"文件: 缺少工作表“{SHEET}” (download the template from the page)"])
    ws = wb[SHEET]
    try:
        rows = [values for _, values in sheets.rows(ws, MAX_ROWS, len(HEADERS))]
    except sheets.SpreadsheetTooLarge as exc:
        raise PlanInputError([str(exc)])
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise PlanInputError([f"文件: 不是有效的 Excel (.xlsx) 工作簿 ({type(exc).__name__})"])
    if not rows:
        raise PlanInputError(["文件: 工作表为空"])
    header = [("" if v is None else str(v).strip()) for v in rows[0][: len(HEADERS)]]
    errors: list[str] = []
    for i, name in enumerate(HEADERS):
        got = header[i] if i < len(header) else ""
        if got != name:
            errors.append(f"第1行 {get_column_letter(i + 1)}列: 表头应为“{name}”,实为“{got}”")
    if errors:
        raise PlanInputError(errors)

    indicators = {i.code: i for i in Indicator.objects.all()}
    out: list[dict] = []
    seen: dict[str, int] = {}
    years: set[int] = set()
    for n, raw in enumerate(rows[1:], start=2):
        cells = list(raw[: len(HEADERS)]) + [None] * (len(HEADERS) - len(raw[: len(HEADERS)]))
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        code, name, _unit, _measure, year, value, note = cells

        def err(col: int, msg: str, n=n):
            errors.append(f"第{n}行 {get_column_letter(col)}列({HEADERS[col - 1]}): {msg}")

        code = "" if code is None else str(code).strip()
        ind = indicators.get(code)
        if ind is None:
            err(1, f"未知指标编号“{code}”")
            continue
        if name is not None and str(name).strip() and str(name).strip() != ind.name:
            err(2, f"指标名称与编号{code}不符(应为“{ind.name}”),请勿移动行")
        try:
            y = int(str(year).strip()) if year is not None else None
            if isinstance(year, float) and year != int(year):
                raise ValueError
        except (TypeError, ValueError):
            y = None
            err(5, f"“{year}”不是年份")
        if y is not None:
            if not 2021 <= y <= 2025:
                err(5, f"{y}不在规划期2021–2025内")
            elif expected_year is not None and y != expected_year:
                err(5, f"应为{expected_year}")
            years.add(y)
        try:
            d = _cell_decimal(value)
        except (InvalidOperation, ValueError):
            err(6, f"“{value}”不是数字")
            continue
        if d is None:
            continue
        if ind.is_computed:
            err(6, f"{code}由库内数据计算,请留空")
            continue
        growth = "增长" in ind.name
        if d < 0 and not growth:
            err(6, "不能为负数")
        elif ind.unit == "%" and d > 100 and not growth:
            err(6, "百分比不能超过100")
        elif abs(d) >= Decimal(10) ** 12 or d != d.quantize(Decimal("0.000001")):
            err(6, "数值过大或小数位超过6位")
        if code in seen:
            err(1, f"编号{code}重复(已在第{seen[code]}行)")
        seen[code] = n
        if y is not None:
            out.append(
                {
                    "code": code,
                    "year": y,
                    "value": d,
                    "note": ("" if note is None else str(note).strip()),
                }
            )
    if len(years) > 1:
        errors.append(f"E列(年份): 一份文件只能填一个年度,实有{sorted(years)}")
    if errors:
        raise PlanInputError(errors)
    if not out:
        raise PlanInputError(["文件: 没有任何实际值 (no value to import)"])
    return out, (expected_year or next(iter(years)))
