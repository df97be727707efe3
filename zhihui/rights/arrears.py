"""Wage arrears (根治欠薪): reading the bank's payroll files, finding real-name workers who were
not paid for a month, and warning projects before their payday is missed.

A payroll file is the bank's record of one month's wages paid for a project (总包代发): one row a
worker, columns 身份证号码 | 姓名 | 实发金额 (CSV in UTF-8, or XLSX). It is checked whole before
anything is written; every error names its row and column.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

HEADERS = ["身份证号码", "姓名", "实发金额"]
MAX_UNCOMPRESSED = 20 * 1024 * 1024  # an XLSX whose parts inflate beyond this is refused unread


class PayrollFileError(ValueError):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("；".join(errors[:20]) + (f"……共 {len(errors)} 处错误" if len(errors) > 20 else ""))


@dataclass
class ParsedLine:
    row: int
    worker: object  # ProjectWorker
    amount: Decimal


@dataclass
class ParsedPayroll:
    lines: list[ParsedLine]
    unpaid: list = field(default_factory=list)  # roster workers of the month with no line
    total: Decimal = Decimal("0")


def month_start(d: dt.date) -> dt.date:
    return d.replace(day=1)


def month_end(d: dt.date) -> dt.date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def next_month(d: dt.date) -> dt.date:
    return (month_end(d) + dt.timedelta(days=1)).replace(day=1)


def payday_of(project, month: dt.date) -> dt.date:
    """The day the wages of `month` are due: the project's payday in the following month."""
    nxt = next_month(month)
    return nxt.replace(day=min(project.payday, calendar.monthrange(nxt.year, nxt.month)[1]))


def roster_in_month(project, month: dt.date):
    first, last = month_start(month), month_end(month)
    return project.workers.filter(joined_on__lte=last).exclude(left_on__lt=first).select_related("person")


def _rows(data: bytes, filename: str, max_rows: int) -> list[list[str]]:
    name = (filename or "").lower()
    if name.endswith(".xlsx") or data[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                if sum(i.file_size for i in zf.infolist()) > MAX_UNCOMPRESSED:
                    raise PayrollFileError([f"文件解压后超过 {MAX_UNCOMPRESSED // 1024 // 1024} MB，拒绝读取"])
        except zipfile.BadZipFile:
            raise PayrollFileError(["文件不是有效的 XLSX"])
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        rows = []
        for i, row in enumerate(wb.worksheets[0].iter_rows(values_only=True)):
            if i > max_rows:
                raise PayrollFileError([f"超过 {max_rows} 行，请分批导入"])
            rows.append(["" if v is None else str(v).strip() for v in row[:3]])
        return rows
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PayrollFileError(["CSV 须为 UTF-8 编码"])
    rows = []
    for i, row in enumerate(csv.reader(io.StringIO(text))):
        if i > max_rows:
            raise PayrollFileError([f"超过 {max_rows} 行，请分批导入"])
        rows.append([c.strip() for c in row[:3]])
    return rows


def parse_payroll(project, month: dt.date, data: bytes, filename: str, max_rows: int) -> ParsedPayroll:
    """Check a payroll file against the project's roster for `month`; raise PayrollFileError
    listing every bad cell (row and column), or return the lines and the workers left unpaid."""
    from zhihui.core.crypto import lookup_hash
    from zhihui.registry.ids import InvalidIdentifier, validate_id_number

    rows = _rows(data, filename, max_rows)
    if not rows or [c for c in rows[0][:3]] != HEADERS:
        raise PayrollFileError([f"第1行：表头须为 {' | '.join(HEADERS)}"])
    roster = {w.person.id_number_hash: w for w in roster_in_month(project, month)}
    errors, lines, seen = [], [], {}
    for n, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        row = (row + ["", "", ""])[:3]
        id_text, name, amount_text = row
        try:
            validate_id_number(id_text, "A")
        except InvalidIdentifier as exc:
            errors.append(f"第{n}行 A列 身份证号码：{exc}".replace("A: ", ""))
            continue
        worker = roster.get(lookup_hash(id_text.upper()))
        if worker is None:
            errors.append(f"第{n}行 A列 身份证号码：该人员不在本项目 {month:%Y-%m} 的实名花名册中")
            continue
        if name != worker.person.name:
            errors.append(f"第{n}行 B列 姓名：与花名册不符（应为“{worker.person.name}”）")
        try:
            amount = Decimal(amount_text.replace(",", ""))
            if not amount.is_finite() or amount <= 0 or amount > Decimal("1000000"):
                raise InvalidOperation
        except InvalidOperation:
            errors.append(f"第{n}行 C列 实发金额：{amount_text!r} 不是 0 至 100 万元之间的金额")
            continue
        if worker.pk in seen:
            errors.append(f"第{n}行 A列 身份证号码：与第{seen[worker.pk]}行重复")
            continue
        seen[worker.pk] = n
        lines.append(ParsedLine(n, worker, amount.quantize(Decimal("0.01"))))
    if errors:
        raise PayrollFileError(errors)
    paid = {line.worker.pk for line in lines}
    unpaid = [w for w in roster.values() if w.pk not in paid]
    return ParsedPayroll(lines, unpaid, sum((line.amount for line in lines), Decimal("0")))


@dataclass(frozen=True)
class UnpaidMonth:
    worker: object  # ProjectWorker
    month: dt.date
    payday: dt.date


def unpaid_months(project, today: dt.date) -> list[UnpaidMonth]:
    """Every (real-name worker, month) whose payday has passed with no wage paid to them."""
    from .models import PayrollLine

    paid = set(
        PayrollLine.objects.filter(payroll__project=project, amount__gt=0)
        .values_list("worker_id", "payroll__month")
    )
    out = []
    month = month_start(project.starts_on)
    last = month_start(min(project.ends_on or today, today))
    while month <= last:
        due = payday_of(project, month)
        if due < today:
            for worker in roster_in_month(project, month):
                if (worker.pk, month) not in paid:
                    out.append(UnpaidMonth(worker, month, due))
        month = next_month(month)
    return out


@dataclass(frozen=True)
class PayrollWarning:
    project: object
    month: dt.date
    payday: dt.date
    missed: bool  # the payday has passed (else it is near)


def payroll_warnings(projects, today: dt.date, days_before: int) -> list[PayrollWarning]:
    """Projects whose payroll for last month has not come in, from `days_before` the payday on."""
    from .models import Payroll

    out = []
    for project in projects:
        month = month_start(today.replace(day=1) - dt.timedelta(days=1))
        if month < month_start(project.starts_on) or (project.ends_on and month > month_start(project.ends_on)):
            continue
        due = payday_of(project, month)
        if today < due - dt.timedelta(days=days_before):
            continue
        if not roster_in_month(project, month).exists():
            continue
        if Payroll.objects.filter(project=project, month=month).exists():
            continue
        out.append(PayrollWarning(project, month, due, missed=today > due))
    return out
