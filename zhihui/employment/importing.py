"""Reading employers' and other departments' status files (CSV or Excel .xlsx).

The first row names the columns, in Chinese (as the template) or by field name; the order is
free. Every row is validated the same way as a clerk's entry (`actions.clean_event`); every
problem is reported as {"row", "column", "message"} with the spreadsheet's row number and the
column's letter and name. A file with any error is refused whole.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

from zhihui.registry.ids import InvalidIdentifier

MAX_ROWS = 20_000

# (field, header in the template) — the template's column order.
COLUMNS = [
    ("id_number", "身份证号码"),
    ("kind", "就业状态"),
    ("effective_on", "生效日期"),
    ("employer", "用人单位统一社会信用代码"),
    ("employer_name", "用人单位名称"),
    ("occupation", "职业代码"),
    ("industry", "行业代码"),
    ("contract_type", "劳动合同类型"),
    ("contract_end", "合同到期日"),
    ("unemployment_reason", "失业原因"),
    ("urban", "城镇就业"),
    ("rural_transfer", "农村劳动力转移就业"),
    ("note", "备注"),
]
REQUIRED = ("id_number", "kind", "effective_on")
_BY_HEADER = {h: f for f, h in COLUMNS} | {f: f for f, _ in COLUMNS}
_HEADER = dict(COLUMNS)


def _letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _table(file_name: str, content: bytes) -> list[list[str]]:
    from .actions import ImportRejected

    name = (file_name or "").lower()
    if name.endswith(".xlsx") or content[:2] == b"PK":
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise ImportRejected([{"row": None, "column": None,
                                   "message": f"不是有效的 Excel (.xlsx) 工作簿 ({type(exc).__name__})"}]) from None
        ws = wb.worksheets[0]
        return [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportRejected([{"row": None, "column": None, "message": "文件编码无法识别（请用 UTF-8 或 GBK 的 CSV）"}])
    if "\x00" in text:
        raise ImportRejected([{"row": None, "column": None, "message": "文件含有 NUL 字符，不是文本文件"}])
    return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]


def _row_person(number: str, n: int, names: dict, user, errors: list):
    """The registry person a row's ID number names, or None with the row's error appended (empty,
    malformed, not in the registry, or — with `user`, a town clerk — outside the user's town)."""
    from zhihui.registry.selectors import person_by_id_number

    from . import perms

    column = names["id_number"]
    if not number:
        errors.append({"row": n, "column": column, "message": "不能为空"})
        return None
    try:
        person = person_by_id_number(number)
    except InvalidIdentifier as e:
        errors.append({"row": n, "column": column, "message": str(e)})
        return None
    if person is None:
        errors.append({"row": n, "column": column, "message": "此身份证号码不在人员库中（请先登记人员）"})
        return None
    if user is not None and not perms.can_import_for_person(user, person):
        errors.append({"row": n, "column": column, "message": "此人不在本镇（街道），无权导入"})
        return None
    return person


def parse_status_file(file_name: str, content: bytes, user=None) -> list[dict]:
    """Validate a status-event file whole; with `user`, a row for a person outside that
    user's town (a town clerk) is an error of its row, like any other."""
    from .actions import EmploymentInputError, ImportRejected, clean_event

    table = _table(file_name, content)
    fields, names = _header(table, _BY_HEADER, _HEADER, REQUIRED)
    errors: list[dict] = []
    rows: list[dict] = []
    seen: dict[tuple, int] = {}
    for n, raw in enumerate(table[1:], start=2):
        if not any(raw):
            continue
        data = {f: (raw[i] if i < len(raw) else "") for i, f in enumerate(fields) if f}
        person = _row_person(data.pop("id_number", ""), n, names, user, errors)
        if person is None:
            continue
        try:
            clean = clean_event(person, data, names=names)
        except EmploymentInputError as e:
            errors.append({"row": n, "column": e.field, "message": e.message})
            continue
        key = (person.pk, clean["kind"], clean["effective_on"])
        if key in seen:
            errors.append({"row": n, "column": names["id_number"], "message": f"与第{seen[key]}行重复（同一人、同一状态、同一日期）"})
            continue
        seen[key] = n
        rows.append({"row": n, "person": person.pk, "name": person.name, "masked": person.id_number_masked,
                     "data": data, "columns": names,
                     "kind": clean["kind"], "effective_on": clean["effective_on"].isoformat(),
                     "employer_name": clean["employer_name"]})
    if errors:
        raise ImportRejected(errors)
    if not rows:
        raise ImportRejected([{"row": None, "column": None, "message": "文件没有数据行"}])
    return rows


def template_csv() -> bytes:
    """The template: the header row and one example row."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow([h for _, h in COLUMNS])
    w.writerow(["（身份证号码）", "单位就业", "2026-03-01", "（统一社会信用代码）", "", "2-02-01-01", "", "固定期限劳动合同",
                "2029-02-28", "", "是", "否", ""])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# --- enterprises' monthly reports (用工监测月报 Excel/CSV) -----------------------------------------

REPORT_COLUMNS = [
    ("uscc", "统一社会信用代码"),
    ("month", "月份"),
    ("headcount", "月末在岗人数"),
    ("hires", "本月新招用"),
    ("separations", "本月减员"),
    ("vacancies", "岗位空缺"),
    ("planned_layoffs", "计划裁员人数"),
]
REPORT_REQUIRED = ("uscc", "month", "headcount", "hires", "separations", "vacancies")
_REPORT_BY_HEADER = {h: f for f, h in REPORT_COLUMNS} | {f: f for f, _ in REPORT_COLUMNS}
_REPORT_HEADER = dict(REPORT_COLUMNS)


def parse_report_file(file_name: str, content: bytes, on: dt.date, user=None) -> list[dict]:
    """Validate a file of monthly reports, whole: each row must name an enterprise under
    monitoring (with `user`, one that user may import for: a town clerk's town), a month it may
    report for and not reported yet (in the database or earlier in the file), and valid
    numbers; every problem is reported by row and column letter/name."""
    from . import perms
    from .actions import REPORT_NUMBERS, EmploymentInputError, ImportRejected, _count, _month
    from .models import MonitoredEnterprise, MonthlyReport

    table = _table(file_name, content)
    fields, names = _header(table, _REPORT_BY_HEADER, _REPORT_HEADER, REPORT_REQUIRED)
    errors: list[dict] = []
    body = table[1:]
    enterprises = {e.organisation.uscc: e for e in
                   MonitoredEnterprise.objects.filter(active=True).select_related("organisation__division")}
    done = set(MonthlyReport.objects.values_list("enterprise_id", "month"))
    rows: list[dict] = []
    seen: dict[tuple, int] = {}
    for n, raw in enumerate(body, start=2):
        if not any(raw):
            continue
        data = {f: (raw[i] if i < len(raw) else "") for i, f in enumerate(fields) if f}
        code = data["uscc"].strip().upper()
        ent = enterprises.get(code)
        if not code:
            errors.append({"row": n, "column": names["uscc"], "message": "不能为空"})
            continue
        if ent is None:
            errors.append({"row": n, "column": names["uscc"], "message": f"“{code}”不是在监测的企业"})
            continue
        if user is not None and not perms.can_import_for_enterprise(user, ent):
            errors.append({"row": n, "column": names["uscc"], "message": f"“{code}”不在本镇（街道），无权导入"})
            continue
        try:
            month = _month(data["month"], "month")
            if month > on.replace(day=1):
                raise EmploymentInputError("month", "不能报送未来月份")
            if month < ent.since.replace(day=1):
                raise EmploymentInputError("month", "早于纳入监测的月份")
            if (ent.pk, month) in done:
                raise EmploymentInputError("month", f"{month:%Y-%m} 的月报已报送")
            numbers = {f: _count(data.get(f), f, required=f != "planned_layoffs") for f in REPORT_NUMBERS}
            if numbers["planned_layoffs"] > numbers["headcount"]:
                raise EmploymentInputError("planned_layoffs", "计划裁员人数不能超过在岗人数")
        except EmploymentInputError as e:
            errors.append({"row": n, "column": names.get(e.field, e.field), "message": e.message})
            continue
        key = (ent.pk, month)
        if key in seen:
            errors.append({"row": n, "column": names["month"], "message": f"与第{seen[key]}行重复（同一企业、同一月份）"})
            continue
        seen[key] = n
        rows.append({"row": n, "enterprise": ent.pk, "name": ent.organisation.name, "uscc": code,
                     "month": month.isoformat(), **numbers})
    if errors:
        raise ImportRejected(errors)
    if not rows:
        raise ImportRejected([{"row": None, "column": None, "message": "文件没有数据行"}])
    return rows


def report_template_csv() -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow([h for _, h in REPORT_COLUMNS])
    w.writerow(["（统一社会信用代码）", "2026-03", "500", "12", "8", "5", "0"])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# --- colleges' graduate files (高校毕业生名册, C10-D01) ------------------------------------------------

GRADUATE_COLUMNS = [
    ("id_number", "身份证号码"),
    ("name", "姓名"),
    ("college", "学校国标代码"),
    ("major", "专业"),
    ("degree", "学历"),
    ("graduated_on", "毕业日期"),
    ("destination", "毕业去向"),
    ("employer", "就业单位统一社会信用代码"),
    ("employer_name", "就业单位名称"),
    ("place", "就业地点"),
]
GRADUATE_REQUIRED = ("id_number", "college", "major", "degree", "graduated_on", "destination")
_GRADUATE_BY_HEADER = {h: f for f, h in GRADUATE_COLUMNS} | {f: f for f, _ in GRADUATE_COLUMNS}
_GRADUATE_HEADER = dict(GRADUATE_COLUMNS)


def _header(table, by_header: dict, header: dict, required) -> tuple[list, dict]:
    from .actions import ImportRejected

    if not table or not any(table[0]):
        raise ImportRejected([{"row": 1, "column": None, "message": "缺少表头行"}])
    errors: list[dict] = []
    fields: list[str | None] = []
    for i, h in enumerate(table[0]):
        f = by_header.get(h)
        if h and f is None:
            errors.append({"row": 1, "column": f"{_letter(i)}列", "message": f"未知的列“{h}”"})
        if f is not None and f in fields:
            errors.append({"row": 1, "column": f"{_letter(i)}列", "message": f"列“{h}”重复"})
        fields.append(f)
    for f in required:
        if f not in fields:
            errors.append({"row": 1, "column": None, "message": f"缺少必需的列“{header[f]}”"})
    if errors:
        raise ImportRejected(errors)
    if len(table) - 1 > MAX_ROWS:
        raise ImportRejected([{"row": None, "column": None, "message": f"超过{MAX_ROWS}行，请分批导入"}])
    return fields, {f: f"{_letter(i)}列({header[f]})" for i, f in enumerate(fields) if f}


def parse_graduate_file(file_name: str, content: bytes, user=None) -> list[dict]:
    """Validate a college's graduate file whole: each row names a person of the registry (by
    identity number; with `user`, one that user may import for), a known college, and a
    graduation checked as `actions.clean_graduate` checks a clerk's entry; a graduation already
    in the registry or twice in the file is an error of its row. Every problem by row and column."""

    from .actions import EmploymentInputError, ImportRejected, clean_graduate
    from .graduate_models import College, Graduate

    table = _table(file_name, content)
    fields, names = _header(table, _GRADUATE_BY_HEADER, _GRADUATE_HEADER, GRADUATE_REQUIRED)
    colleges = {c.code: c for c in College.objects.all()}
    errors: list[dict] = []
    rows: list[dict] = []
    seen: dict[tuple, int] = {}
    for n, raw in enumerate(table[1:], start=2):
        if not any(raw):
            continue
        data = {f: (raw[i] if i < len(raw) else "") for i, f in enumerate(fields) if f}
        person = _row_person(data.pop("id_number", ""), n, names, user, errors)
        if person is None:
            continue
        given = data.pop("name", "").strip()
        if given and given != person.name:
            errors.append({"row": n, "column": names["name"], "message": "姓名与人员库中此身份证号码的姓名不一致"})
            continue
        try:
            clean = clean_graduate(person, data, colleges=colleges)
        except EmploymentInputError as e:
            errors.append({"row": n, "column": names.get(e.field, e.field), "message": e.message})
            continue
        key = (person.pk, clean["college"].pk, clean["degree"])
        if key in seen:
            errors.append({"row": n, "column": names["id_number"], "message": f"与第{seen[key]}行重复（同一人、同一院校、同一学历）"})
            continue
        if Graduate.objects.filter(person=person, college=clean["college"], degree=clean["degree"]).exists():
            errors.append({"row": n, "column": names["id_number"], "message": "此人此学历已在毕业生名册中"})
            continue
        seen[key] = n
        rows.append({"row": n, "person": person.pk, "name": person.name, "masked": person.id_number_masked,
                     "data": data, "college_name": clean["college"].name, "destination": clean["destination"],
                     "graduated_on": clean["graduated_on"].isoformat(), "employer_name": clean["employer_name"],
                     "place": clean["place"]})
    if errors:
        raise ImportRejected(errors)
    if not rows:
        raise ImportRejected([{"row": None, "column": None, "message": "文件没有数据行"}])
    return rows


def graduate_template_csv() -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow([h for _, h in GRADUATE_COLUMNS])
    w.writerow(["（身份证号码）", "（姓名）", "12768", "机电一体化技术", "专科（高职）", "2026-06-30", "就业",
                "（统一社会信用代码）", "", "济源"])
    w.writerow(["（身份证号码）", "（姓名）", "12768", "护理", "专科（高职）", "2026-06-30", "未就业", "", "", ""])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
