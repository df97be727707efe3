"""Payment batches for the finance bureau (Excel out) and their return files (Excel in).

The exported workbook has one row per payment instruction; the finance bureau fills the
result columns (I–L) and sends the same workbook back. Reconciliation is all-or-nothing: every
bad cell is reported with its row and column, and nothing is written until the file is clean.
Identity numbers are masked: the bureau pays to the social-security card account it already
holds, matched by the instruction number (指令号), so the clear number never leaves the system.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# A return file has one row per instruction of a batch; more than this is not a return file.
MAX_RETURN_ROWS = 50_000
HEADERS = ["序号", "指令号", "申请编号", "收款人", "证件号码/统一社会信用代码", "预算科目", "待遇年度",
           "金额(元)", "支付结果(成功/失败)", "支付日期", "银行流水号", "失败原因"]
PAID_WORDS = {"成功", "已支付", "paid", "success"}
FAILED_WORDS = {"失败", "failed", "fail"}


class ReconciliationError(ValueError):
    def __init__(self, errors: list[str]):
        self.errors = errors
        shown = "；".join(errors[:20]) + (f"；另有 {len(errors) - 20} 处错误" if len(errors) > 20 else "")
        super().__init__(f"回盘文件有 {len(errors)} 处错误，未做任何更改：{shown}")


@dataclass
class ReturnRow:
    row: int
    instruction_id: int
    amount: Decimal
    paid: bool
    paid_on: dt.date | None
    reference: str
    failure_reason: str


def export_batch(batch, watermark: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from zhihui.core.spreadsheets import save_workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "支付清单"
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    rows = batch.instructions.select_related("application", "person", "organisation", "budget").order_by("id")
    total = Decimal("0.00")
    for n, ins in enumerate(rows, start=1):
        payee = ins.person.name if ins.person_id else ins.organisation.name
        ident = ins.person.id_number_masked if ins.person_id else ins.organisation.uscc
        ws.append([n, ins.pk, ins.application.number, payee, ident, ins.budget.line, ins.entitlement_year,
                   ins.amount, None, None, None, None])
        ws.cell(row=n + 1, column=8).number_format = "0.00"
        total += ins.amount
    for col, width in zip("ABCDEFGHIJKL", [6, 10, 20, 16, 22, 14, 10, 14, 18, 12, 20, 24], strict=True):
        ws.column_dimensions[col].width = width
    info = wb.create_sheet("批次信息")
    info.append(["批次号", batch.number])
    info.append(["支付年度", batch.year])
    info.append(["笔数", batch.count])
    info.append(["合计金额(元)", total])
    if watermark:
        # who exported it and why, on the sheet and in every printed page's header
        info.append(["导出登记", watermark])
        for sheet in wb.worksheets:
            sheet.oddHeader.center.text = watermark
            sheet.evenHeader.center.text = watermark
    return save_workbook(wb)


def _text(v) -> str:
    return "" if v is None else str(v).strip()


def parse_return_file(data: bytes) -> list[ReturnRow]:
    from zhihui.core import spreadsheets as sheets

    try:
        wb = sheets.open_xlsx(data)
        ws = wb.worksheets[0]
    except sheets.SpreadsheetTooLarge as exc:
        raise ReconciliationError([str(exc)])
    except (sheets.NotAWorkbook, IndexError):
        raise ReconciliationError(["文件不是有效的 Excel 工作簿(.xlsx)"])
    try:
        all_rows = [values for _, values in sheets.rows(ws, MAX_RETURN_ROWS, len(HEADERS))]
    except sheets.SpreadsheetTooLarge as exc:
        raise ReconciliationError([str(exc)])
    except Exception:
        raise ReconciliationError(["文件不是有效的 Excel 工作簿(.xlsx)"])
    rows = iter(all_rows)
    header = [_text(v) for v in (next(rows, None) or [])]
    errors: list[str] = []
    for i, expected in enumerate(HEADERS):
        got = header[i] if i < len(header) else ""
        if got != expected:
            errors.append(f"第1行 {'ABCDEFGHIJKL'[i]}列: 表头应为“{expected}”，实为“{got}”")
    if errors:
        raise ReconciliationError(errors)
    out: list[ReturnRow] = []
    seen: dict[int, int] = {}
    for r, values in enumerate(rows, start=2):
        values = list(values) + [None] * (12 - len(values))
        if all(_text(v) == "" for v in values):
            continue
        b, h, i, j, k, l_ = values[1], values[7], _text(values[8]), values[9], _text(values[10]), _text(values[11])
        try:
            ins_id = int(str(b).strip())
        except (TypeError, ValueError):
            errors.append(f"第{r}行 B列(指令号): “{_text(b)}”不是指令号")
            continue
        if ins_id in seen:
            errors.append(f"第{r}行 B列(指令号): {ins_id} 与第{seen[ins_id]}行重复")
        seen[ins_id] = r
        try:
            amount = Decimal(str(h).strip()).quantize(Decimal("0.01"))
        except (InvalidOperation, TypeError, ValueError):
            errors.append(f"第{r}行 H列(金额): “{_text(h)}”不是金额")
            amount = Decimal("0")
        paid_on = None
        if i in PAID_WORDS:
            if isinstance(j, dt.datetime):
                paid_on = j.date()
            elif isinstance(j, dt.date):
                paid_on = j
            else:
                try:
                    paid_on = dt.date.fromisoformat(_text(j))
                except ValueError:
                    errors.append(f"第{r}行 J列(支付日期): “{_text(j)}”不是日期(YYYY-MM-DD)")
        elif i in FAILED_WORDS:
            if not l_:
                errors.append(f"第{r}行 L列(失败原因): 支付失败须填写原因")
        else:
            errors.append(f"第{r}行 I列(支付结果): “{i}”应为“成功”或“失败”")
        out.append(ReturnRow(r, ins_id, amount, i in PAID_WORDS, paid_on, k[:64], l_[:200]))
    if errors:
        raise ReconciliationError(errors)
    if not out:
        raise ReconciliationError(["回盘文件没有数据行"])
    return out


# The finance bureau's payment file (issue 15, found 6): what a real transfer needs. Only the
# FINANCE role builds it (zhihui.window.actions.export_payment_file), audited as a read of
# personal data; identity and account numbers appear in full here and nowhere else.
FINANCE_HEADERS = ["序号", "批次号", "指令号", "申请编号", "收款人全名", "证件号码/统一社会信用代码", "开户银行",
                   "银行账号", "账户核实状态", "金额(元)", "待遇项目", "待遇所属年度", "支付年度", "预算科目"]


def finance_workbook(batch, watermark: str = "") -> tuple[bytes, int]:
    """The payment file of one batch and the number of its rows that have no bank account."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from zhihui.core import crypto
    from zhihui.core.spreadsheets import save_workbook

    from .models import BankAccount

    wb = Workbook()
    ws = wb.active
    ws.title = "付款清单"
    ws.append(FINANCE_HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    rows = list(batch.instructions.select_related("application__service", "person", "organisation", "budget").order_by("id"))
    accounts = {("p", a.person_id) if a.person_id else ("o", a.organisation_id): a
                for a in BankAccount.objects.filter(person_id__in=[r.person_id for r in rows if r.person_id])
                | BankAccount.objects.filter(organisation_id__in=[r.organisation_id for r in rows if r.organisation_id])}
    missing = 0
    total = Decimal("0.00")
    for n, ins in enumerate(rows, start=1):
        if ins.person_id:
            payee, ident, acc = ins.person.name, crypto.decrypt(ins.person.id_number_encrypted), accounts.get(("p", ins.person_id))
        else:
            payee, ident, acc = ins.organisation.name, ins.organisation.uscc, accounts.get(("o", ins.organisation_id))
        if acc is None:
            missing += 1
        ws.append([n, batch.number, ins.pk, ins.application.number, payee, ident,
                   acc.bank_name if acc else "", acc.account_number() if acc else "",
                   acc.get_status_display() if acc else "未登记收款账户，暂不能支付",
                   ins.amount, ins.application.service.name, ins.entitlement_year, ins.year, ins.budget.line])
        # identity and account numbers are text: Excel must not round them to 1.2E+17
        ws.cell(row=n + 1, column=6).number_format = "@"
        ws.cell(row=n + 1, column=8).number_format = "@"
        ws.cell(row=n + 1, column=10).number_format = "0.00"
        total += ins.amount
    for col, width in zip("ABCDEFGHIJKLMN", [6, 16, 8, 20, 14, 22, 22, 24, 22, 12, 24, 10, 10, 14], strict=True):
        ws.column_dimensions[col].width = width
    info = wb.create_sheet("批次信息")
    for row in (["批次号", batch.number], ["支付年度", batch.year], ["笔数", len(rows)], ["合计金额(元)", total],
                ["缺少收款账户的笔数", missing]):
        info.append(row)
    if watermark:
        info.append(["导出登记", watermark])
        for sheet in wb.worksheets:
            sheet.oddHeader.center.text = watermark
            sheet.evenHeader.center.text = watermark
    return save_workbook(wb), missing
