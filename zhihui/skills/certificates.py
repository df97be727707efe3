"""Certificates from evaluation bodies' files, their public verification, and the worker's
training-and-evaluation archive (培训评价电子档案) as PDF.

Import: an .xlsx whose first sheet has the header row HEADERS; every cell is checked and every
error names its row and column; one bad cell and nothing is written (all-or-nothing).
Verification: the page's QR code carries a token signed with the bureau's card key (the talent
card's signing, zhihui/talent/signing.py) naming the certificate's public code; the page checks
the signature and shows the certificate as recorded now.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.utils.translation import gettext

from zhihui.registry.enums import CertificateKind, SkillLevel

HEADERS = ["身份证号码", "姓名", "证书类型", "职业（工种）代码", "等级", "证书名称", "证书编号", "发证日期", "有效期至"]
COLS = "ABCDEFGHI"
TOKEN_TYPE = "skills.cert"
# The five kinds the plan counts (professional titles are recorded by the talent services).
KINDS = [CertificateKind.VOCATIONAL_QUALIFICATION, CertificateKind.SKILL_LEVEL, CertificateKind.SPECIAL_OPERATION,
         CertificateKind.SPECIAL_EQUIPMENT, CertificateKind.SPECIALTY_SKILL]


class CertificateFileError(ValueError):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("；".join(errors[:20]))


@dataclass
class Row:
    row: int
    person: object
    kind: str
    occupation: object
    level: str
    name: str
    number: str
    obtained_on: dt.date
    valid_to: dt.date | None


def _choice(text: str, choices) -> str | None:
    for value, label in choices:
        if text in (value, str(label)):
            return value
    return None


def _date(v) -> dt.date | None:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    text = str(v or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.replace("/", "-").replace(".", "-"))
    except ValueError:
        raise ValueError(text)


def parse(data: bytes, max_rows: int, today: dt.date) -> list[Row]:
    """Every row checked; CertificateFileError lists each bad cell as 第N行 X列(表头): why."""
    from zhihui.core import spreadsheets as sheets
    from zhihui.core.crypto import lookup_hash
    from zhihui.registry.models import Certificate, Occupation, Person

    try:
        ws = sheets.open_xlsx(data).worksheets[0]
        raw = [list(values) for _, values in sheets.rows(ws, max_rows, len(HEADERS))]
    except sheets.SpreadsheetTooLarge as exc:
        raise CertificateFileError([str(exc)])
    except (sheets.NotAWorkbook, IndexError, Exception):
        raise CertificateFileError([gettext("文件不是有效的 Excel 工作簿(.xlsx)")])
    if not raw:
        raise CertificateFileError([gettext("文件是空的")])
    header = [str(v or "").strip() for v in raw[0]] + [""] * len(HEADERS)
    errors = [f"第1行 {COLS[i]}列: 表头应为“{h}”，实为“{header[i]}”" for i, h in enumerate(HEADERS) if header[i] != h]
    if errors:
        raise CertificateFileError(errors)
    out: list[Row] = []
    seen: dict[str, int] = {}
    kinds = [(k.value, k.label) for k in KINDS]
    for r, values in enumerate(raw[1:], start=2):
        values = list(values) + [None] * len(HEADERS)
        cells = [str(v).strip() if v is not None and not isinstance(v, dt.date) else v for v in values[:len(HEADERS)]]
        if all(c in (None, "") for c in cells):
            continue

        def bad(col: int, why: str, r: int = r):
            errors.append(f"第{r}行 {COLS[col]}列({HEADERS[col]}): {why}")

        idn, name, kind_text, occ_code, level_text, cert_name, number = (str(c or "").strip() for c in cells[:7])
        person = Person.objects.filter(id_number_hash=lookup_hash(idn.upper())).first() if idn else None
        if person is None:
            bad(0, gettext("人员库中没有此身份证号码") if idn else gettext("必填"))
        elif person.name != name:
            bad(1, gettext("姓名与身份证号码不符"))
        kind = _choice(kind_text, kinds)
        if kind is None:
            bad(2, gettext("须为：") + "、".join(str(k.label) for k in KINDS))
        occupation = None
        if occ_code:
            occupation = Occupation.objects.filter(code=occ_code).order_by("-valid_from").first()
            if occupation is None:
                bad(3, gettext("职业分类大典中没有代码 %(c)s") % {"c": occ_code})
        level = _choice(level_text, SkillLevel.choices) if level_text else ""
        if level is None:
            bad(4, gettext("须为：") + "、".join(str(lbl) for _v, lbl in SkillLevel.choices))
        elif kind in (CertificateKind.SKILL_LEVEL, CertificateKind.VOCATIONAL_QUALIFICATION) and not level:
            bad(4, gettext("职业资格与职业技能等级证书须填写等级"))
        if not cert_name or len(cert_name) > 120:
            bad(5, gettext("必填，不超过 120 字"))
        if not number or len(number) > 40:
            bad(6, gettext("必填，不超过 40 字"))
        elif number in seen:
            bad(6, gettext("与第 %(n)s 行重复") % {"n": seen[number]})
        elif Certificate.objects.filter(number=number).exists():
            bad(6, gettext("证书编号 %(n)s 已登记") % {"n": number})
        seen.setdefault(number, r)
        try:
            obtained = _date(cells[7])
            if obtained is None:
                bad(7, gettext("必填"))
            elif obtained > today:
                bad(7, gettext("不得晚于今天"))
        except ValueError:
            obtained = None
            bad(7, gettext("不是日期（YYYY-MM-DD）"))
        try:
            valid_to = _date(cells[8])
            if valid_to is not None and obtained is not None and valid_to < obtained:
                bad(8, gettext("不得早于发证日期"))
        except ValueError:
            valid_to = None
            bad(8, gettext("不是日期（YYYY-MM-DD）"))
        if not errors:
            out.append(Row(r, person, kind, occupation, level or "", cert_name, number, obtained, valid_to))
    if errors:
        raise CertificateFileError(errors)
    if not out:
        raise CertificateFileError([gettext("文件中没有证书行")])
    return out


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- Verification -------------------------------------------------------------------------------


def token_for(record) -> str:
    """The signed token of a recorded certificate (what its QR code carries)."""
    from zhihui.talent.signing import sign_card

    cert = record.certificate
    payload = {"t": TOKEN_TYPE, "no": record.code, "c": cert.number, "n": _masked_name(cert.person.name),
               "kind": cert.kind, "lvl": cert.skill_level, "iss": cert.obtained_on.isoformat()}
    return sign_card(payload)[0]


def _masked_name(name: str) -> str:
    return name[:1] + "*" * max(1, len(name) - 1)


def check_token(token: str):
    """(record or None, reason): the signature checked against the bureau's published keys."""
    from zhihui.talent import verify
    from zhihui.talent.signing import public_keys

    from .models import CertificateRecord

    reason, payload = verify._open(token, public_keys())
    if reason != verify.OK or payload.get("t") != TOKEN_TYPE:
        return None, verify.REASON_TEXT.get(reason if reason != verify.OK else verify.MALFORMED)
    record = CertificateRecord.objects.select_related("certificate__person", "evaluator").filter(code=payload.get("no")).first()
    if record is None or record.certificate.number != payload.get("c"):
        return None, gettext("证书记录不存在或已撤销")
    return record, ""


# --- The worker's archive -----------------------------------------------------------------------


def archive(person) -> dict:
    from zhihui.registry.models import Certificate

    from .models import Enrolment, Voucher

    return {
        "person": person,
        "enrolments": list(Enrolment.objects.filter(person=person).select_related("session__programme__provider__organisation",
                                                                                   "session__programme__occupation")),
        "vouchers": list(Voucher.objects.filter(person=person).select_related("provider__organisation", "programme")),
        "certificates": list(Certificate.objects.filter(person=person).select_related("occupation", "skills_record__evaluator")),
    }


def archive_pdf(person, generated_at) -> bytes:
    from django.template.loader import render_to_string
    from weasyprint import HTML

    html = render_to_string("skills/archive_pdf.html", {**archive(person), "generated_at": generated_at})
    return HTML(string=html).write_pdf()
