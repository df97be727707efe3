"""Zero-employment households (零就业家庭): the decision of shared/contracts/households.md.

One function decides one household (`check_household`); `check_lines` runs it over JSON
Lines for `zhihui employment households`, and the API and the registry sweep call the same
function. Plain Python (no Django): the command must not start Django.

Three-valued logic, exact: a value is decided when the stated facts decide it under every
possible value of the absent ones, otherwise it is null (None). Members' absent facts are
independent of each other and of the household's, so "possible" is computed per member as the
set of (counted, ok) outcomes it can still take, where ok = "not counted, or registered
unemployed". `missing` lists the absent facts on which the answer still depends: a fact is
listed when some completion of the other absent facts makes the answer change with it.
"""

from __future__ import annotations

import datetime as dt
from itertools import product

from zhihui.core.errors import NON_FIELD, FieldError
from zhihui.employment import retirement as ret

# The contract's member statuses, with their Chinese labels (one list: enums.py reads it).
STATUS_LABELS = {
    "employed": "就业",
    "self_employed": "自主创业/个体经营",
    "flexible": "灵活就业",
    "registered_unemployed": "登记失业",
    "unemployed_unregistered": "失业未登记",
    "student": "在校学生",
    "military": "服兵役",
    "retired": "退休",
    "out_of_labour_force": "退出劳动力市场",
}
STATUSES = tuple(STATUS_LABELS)
# A member with one of these statuses is never counted (contract: "counted").
NOT_COUNTED = frozenset({"student", "military", "retired"})
REGISTERED = "registered_unemployed"

MEMBER_FIELDS = ("birth_date", "retirement_category", "status", "able_to_work", "wants_work")

class HouseholdError(FieldError):
    """A household that breaks the schema; `field` is the path of the offending field
    ("__all__" for the household as a whole). `str()` is the contract's error text
    ("<field>: <message>"), `message` the text without the field."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}" if field else message, field or NON_FIELD)


def parse_date(s) -> dt.date:
    """Strict YYYY-MM-DD (raises ValueError naming the value)."""
    if not isinstance(s, str) or len(s) != 10 or s[4] != "-" or s[7] != "-":
        raise ValueError(f"{s!r} is not a date in the form YYYY-MM-DD")
    if not (s[:4].isdigit() and s[5:7].isdigit() and s[8:].isdigit()) or not s.isascii():
        raise ValueError(f"{s!r} is not a date in the form YYYY-MM-DD")
    try:
        return dt.date(int(s[:4]), int(s[5:7]), int(s[8:]))
    except ValueError:
        raise ValueError(f"{s!r} is not a real date") from None


_CAT_INDEX = {c: i for i, c in enumerate(ret.CATEGORIES)}
_BIRTHS: dict = {}  # birth date text -> its dates (below); bounded by the number of distinct dates


def _birth(text):
    """(16th birthday, (age, retirement date) per category, earliest and latest retirement
    date), dates as ISO text (which orders like the dates). Raises ValueError."""
    b = parse_date(text)
    y, mo, d = b.year, b.month, b.day
    per = []
    for c in ret.CATEGORIES:
        months = ret.retirement_age_months(b, c)
        ry, rm, rd = ret.add_months_ymd(y, mo, d, months)
        per.append((f"{months // 12}y{months % 12}m", f"{ry:04d}-{rm:02d}-{rd:02d}"))
    dates = [r for _, r in per]
    sy, sm, sd = ret.add_months_ymd(y, mo, d, ret.MINIMUM_WORKING_AGE * 12)
    row = (f"{sy:04d}-{sm:02d}-{sd:02d}", tuple(per), min(dates), max(dates))
    if len(_BIRTHS) < 200_000:
        _BIRTHS[text] = row
    return row


def _bool_or_none(v):
    return v is None or v is True or v is False


def _show(v) -> str:
    s = repr(v)
    return s if len(s) <= 40 else s[:37] + "..."


def _ident(v, path: str):
    if v is None:
        raise HouseholdError(path, "required")
    if isinstance(v, bool) or not isinstance(v, (str, int)):
        raise HouseholdError(path, f"expected a string, got {_show(v)}")
    return v


# --- one member's outcomes, tabulated --------------------------------------------------------
# A member's part in the decision depends only on (working age, able, wants, status), each
# known or absent (None). For each of those 3·3·3·10 combinations the table holds:
#   counted (True/False/None), can_ok, can_c_ok, can_notok, can_notc, and the absent facts the
#   member's outcome depends on (indices into _FACTS) when the others can all be ok with one
#   counted (dep_ok) or with none counted (dep_cr).
# where ok = not counted or registered; outcomes: (not counted, ok) "notc", (counted,
# registered) "c_ok", (counted, not registered) "notok".
_FACTS = ("working_age", "able_to_work", "wants_work", "status")  # the order of the table's key
_PATH_ORDER = (0, 2, 3, 1)  # paths are listed in the schema's order: birth, category, status, able, wants
_EXCL, _REG, _OTHER = 0, 1, 2
_KIND = {s: (_EXCL if s in NOT_COUNTED else _REG if s == REGISTERED else _OTHER) for s in STATUSES}


def _outcomes(wa, a, w, s):
    base_t = wa is not False and a is not False and w is not False
    base_f = wa is not True or a is not True or w is not True
    if s is None:
        excl = reg = other = True
    else:
        k = _KIND[s]
        excl, reg, other = k == _EXCL, k == _REG, k == _OTHER
    can_notc = excl or ((reg or other) and base_f)
    can_c_ok = reg and base_t
    can_notok = other and base_t
    c_true = (reg or other) and base_t
    counted = None if (c_true and can_notc) else c_true
    doms = [(True, False) if v is None else (v,) for v in (wa, a, w)]
    doms.append((_EXCL, _REG, _OTHER) if s is None else (_KIND[s],))

    def g_ok(wa, a, w, k):
        return not (wa and a and w and k != _EXCL) or k == _REG

    def g_cr(wa, a, w, k):
        return wa and a and w and k == _REG

    def dep(g):
        found = []
        for i, dom in enumerate(doms):
            if len(dom) < 2:
                continue
            rest = [d if j != i else (None,) for j, d in enumerate(doms)]
            for combo in product(*rest):
                vals = set()
                for v in dom:
                    args = list(combo)
                    args[i] = v
                    vals.add(g(*args))
                if len(vals) > 1:
                    found.append(i)
                    break
        return tuple(found)

    return (counted, can_notc or can_c_ok, can_c_ok, can_notok, can_notc, dep(g_ok), dep(g_cr))


_TRI = (True, False, None)
_TABLE = {(wa, a, w, s): _outcomes(wa, a, w, s)
          for wa in _TRI for a in _TRI for w in _TRI for s in (*STATUSES, None)}


def _working_age(b, c, as_of: str, mid):
    """(working age True/False/None, retirement age text, retirement date text) of a member
    born on `b` (ISO text or None) of category `c` (valid or None) on `as_of` (ISO text)."""
    if b is None:
        return None, None, None
    row = _BIRTHS.get(b) if type(b) is str else None
    if row is None:
        try:
            row = _birth(b)
        except ValueError as e:
            raise HouseholdError(f"members[{mid}].birth_date", str(e)) from None
    r_age = r_date = None
    if c is not None:
        r_age, r_date = row[1][_CAT_INDEX[c]]
    if as_of < row[0]:
        return False, r_age, r_date
    if r_date is not None:
        return as_of < r_date, r_age, r_date
    if as_of < row[2]:
        return True, None, None
    if as_of >= row[3]:
        return False, None, None
    return None, None, None


def decide_zero(urban, business_income, members, as_of: str):
    """The verdict alone (`check_household(...)["zero_employment"]`) of a household given as
    plain values: `members` is a list of (id, birth date ISO text or None, category or None,
    status or None, able_to_work, wants_work), `as_of` ISO text. The same table and working-age
    rule as `check_household`, without building its output (the registry sweep calls this for
    every household). Raises HouseholdError naming the field, as `check_household` would."""
    if not (_bool_or_none(urban) and _bool_or_none(business_income)):
        raise HouseholdError("urban" if not _bool_or_none(urban) else "business_income", "expected true or false")
    all_ok = all_notc = True
    any_c_ok = any_notok = False
    table, kinds = _TABLE, _KIND
    for mid, b, c, s, a, w in members:
        if not ((c is None or c in _CAT_INDEX) and (s is None or s in kinds)
                and (a is True or a is False or a is None) and (w is True or w is False or w is None)):
            _bad_member(mid, c, s, a, w)
        row = table[(_working_age(b, c, as_of, mid)[0], a, w, s)]
        all_ok = all_ok and row[1]
        any_c_ok = any_c_ok or row[2]
        any_notok = any_notok or row[3]
        all_notc = all_notc and row[4]
    m_true = all_ok and any_c_ok
    m_false = any_notok or all_notc
    z_true = urban is not False and business_income is not True and m_true
    z_false = urban is not True or business_income is not False or m_false
    return None if (z_true and z_false) else z_true


def _bad_member(mid, c, s, a, w):
    if c is not None and (type(c) is not str or c not in _CAT_INDEX):
        raise HouseholdError(f"members[{mid}].retirement_category",
                             f"unknown value {_show(c)} (expected one of {', '.join(ret.CATEGORIES)})")
    if s is not None and (type(s) is not str or s not in _KIND):
        raise HouseholdError(f"members[{mid}].status",
                             f"unknown value {_show(s)} (expected one of {', '.join(STATUSES)})")
    if not _bool_or_none(a):
        raise HouseholdError(f"members[{mid}].able_to_work", f"expected true or false, got {_show(a)}")
    raise HouseholdError(f"members[{mid}].wants_work", f"expected true or false, got {_show(w)}")


def _paths(m, fact_indices) -> list[str]:
    """`m`: (id, outcomes row, birth date, category) of a member."""
    mid, b, c = m[0], m[2], m[3]
    paths = []
    for i in sorted(fact_indices, key=_PATH_ORDER.__getitem__):
        if i == 0:  # working age still open: its absent inputs
            if b is None:
                paths.append(f"members[{mid}].birth_date")
            if c is None:
                paths.append(f"members[{mid}].retirement_category")
        else:
            paths.append(f"members[{mid}].{_FACTS[i]}")
    return paths


_URBAN_LINE = {True: "城镇家庭：是", False: "城镇家庭：否", None: "城镇家庭：未知"}
_BI_LINE = {True: "经营性、投资性收入：有", False: "经营性、投资性收入：无", None: "经营性、投资性收入：未知"}
_COUNTED = "计入成员（法定劳动年龄内、有劳动能力和就业愿望，且非在校学生、服兵役或退休）："
_ALL_REG = "计入成员均为登记失业人员："
_VERDICT = {True: "结论：是零就业家庭", False: "结论：不是零就业家庭"}
_COUNTED_UNKNOWN = _COUNTED + "家庭成员未知"
_ALL_REG_UNKNOWN = _ALL_REG + "未知"
_ALL_REG_NONE = _ALL_REG + "无计入成员"
_ALL_REG_YES = _ALL_REG + "是"


def check_household(obj, as_of) -> dict:
    """Decide one household (a dict parsed from JSON) on `as_of` (a date or its ISO text).
    Raises HouseholdError naming the field."""
    if type(obj) is not dict:
        raise HouseholdError("", f"expected a JSON object (one household), got {_show(obj)}")
    if not isinstance(as_of, str):
        as_of = as_of.isoformat()
    get = obj.get
    hid = get("id")
    if type(hid) is not str:
        hid = _ident(hid, "id")
    urban = get("urban")
    if not (urban is None or urban is True or urban is False):
        raise HouseholdError("urban", f"expected true or false, got {_show(urban)}")
    bi = get("business_income")
    if not (bi is None or bi is True or bi is False):
        raise HouseholdError("business_income", f"expected true or false, got {_show(bi)}")
    raw_members = get("members")
    if raw_members is None:
        members = None
        m_true = m_false = True
    else:
        if type(raw_members) is not list:
            raise HouseholdError("members", f"expected a list, got {_show(raw_members)}")
        # One pass over the members (the per-member work inline: this runs 100,000s of times
        # in `zhihui employment households`): validate, working age, the table's outcomes,
        # the member's output and its part in the reasons.
        members, outs, yes, open_, sure, maybe = [], [], [], [], [], []
        all_ok = all_notc = True
        any_c_ok = any_notok = False
        births, cats, kinds, table = _BIRTHS, _CAT_INDEX, _KIND, _TABLE
        for i, raw in enumerate(raw_members):
            if type(raw) is not dict:
                raise HouseholdError(f"members[{i}]", f"expected a JSON object, got {_show(raw)}")
            mget = raw.get
            mid = mget("id")
            if type(mid) is not str:
                mid = _ident(mid, f"members[{i}].id")
            b = mget("birth_date")
            c = mget("retirement_category")
            s = mget("status")
            a = mget("able_to_work")
            w = mget("wants_work")
            if not ((c is None or (type(c) is str and c in cats)) and (s is None or (type(s) is str and s in kinds))
                    and (a is True or a is False or a is None) and (w is True or w is False or w is None)):
                _bad_member(mid, c, s, a, w)
            if b is None:
                wa = r_age = r_date = None
            else:  # `_working_age`, inline
                row = births.get(b) if type(b) is str else None
                if row is None:
                    try:
                        row = _birth(b)
                    except ValueError as e:
                        raise HouseholdError(f"members[{mid}].birth_date", str(e)) from None
                if c is not None:
                    r_age, r_date = row[1][cats[c]]
                    wa = row[0] <= as_of < r_date
                else:
                    r_age = r_date = None
                    wa = False if as_of < row[0] else True if as_of < row[2] else False if as_of >= row[3] else None
            out = table[(wa, a, w, s)]
            counted = out[0]
            outs.append({"id": mid, "working_age": wa, "retirement_age": r_age, "retirement_date": r_date,
                         "counted": counted})
            members.append((mid, out, b, c))
            if not out[1]:
                all_ok = False
            if out[2]:
                any_c_ok = True
            if out[3]:
                any_notok = True
            if not out[4]:
                all_notc = False
            if counted is True:
                yes.append(str(mid))
                if s != REGISTERED:
                    sure.append(f"{mid}（{STATUS_LABELS[s]}）")
            elif counted is None:
                open_.append(str(mid))
                if s is None or kinds[s] == _OTHER:
                    maybe.append(str(mid))
        m_true = all_ok and any_c_ok
        m_false = any_notok or all_notc
    z_true = urban is not False and bi is not True and m_true
    z_false = urban is not True or bi is not False or m_false
    zero = None if (z_true and z_false) else z_true

    missing: list[str] = []
    if zero is None:
        hh_open = urban is not False and bi is not True
        if urban is None and bi is not True and m_true:
            missing.append("urban")
        if bi is None and urban is not False and m_true:
            missing.append("business_income")
        if members is None:
            if hh_open:
                missing.append("members")
        elif hh_open:
            n = len(members)
            n_ok = sum(1 for m in members if m[1][1])
            n_c_ok = sum(1 for m in members if m[1][2])
            n_notc = sum(1 for m in members if m[1][4])
            for m in members:
                row = m[1]
                if n_ok - row[1] < n - 1:  # another member is surely not ok: m cannot matter
                    continue
                found = set()
                if n_c_ok - row[2] > 0:  # the others can be all ok, one of them counted
                    found.update(row[5])
                if n_notc - row[4] == n - 1:  # the others can be all ok, none of them counted
                    found.update(row[6])
                if found:
                    missing += _paths(m, found)

    # the reasons: one line per condition checked (Chinese), then the verdict
    if members is None:
        counted_line = _COUNTED_UNKNOWN
        all_reg = _ALL_REG_UNKNOWN
    else:
        text = "、".join(yes) if yes else "无"
        if open_:
            text += "；待定：" + "、".join(open_)
        counted_line = _COUNTED + text
        if sure:
            all_reg = _ALL_REG + "否：" + "、".join(sure)
        elif maybe:
            all_reg = _ALL_REG + "未知（待定：" + "、".join(maybe) + "）"
        elif not yes and not open_:
            all_reg = _ALL_REG_NONE
        else:
            all_reg = _ALL_REG_YES
    verdict = _VERDICT[zero] if zero is not None else "结论：待定，缺少 " + "、".join(missing)
    return {"id": hid, "zero_employment": zero, "members": outs if members is not None else [],
            "missing": missing, "reasons": [_URBAN_LINE[urban], _BI_LINE[bi], counted_line, all_reg, verdict]}


# --- JSON Lines ------------------------------------------------------------------------------

def _lines(data: bytes) -> list[bytes]:
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return lines


PARALLEL_MIN = 20_000  # below this many lines one process is faster than forking


def check_lines(data: bytes, as_of, write, jobs: int = 1, out=None) -> None:
    """JSON Lines in, JSON Lines out: write(bytes) per chunk, in input order. With jobs > 1
    and a large input, forked worker processes take equal shares of the input (each writes a
    temporary file, copied out in order; a worker that fails has its share done here)."""
    import gc
    import os

    day = as_of if isinstance(as_of, str) else as_of.isoformat()
    if data.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte-order mark some editors write
        data = data[3:]
    gc_was = gc.isenabled()
    gc.disable()  # parsed households are acyclic: collector passes only cost time
    try:
        if jobs > 1 and hasattr(os, "fork") and data.count(b"\n") >= PARALLEL_MIN:
            _parallel(data, day, write, jobs, out)
        else:
            _check(_lines(data), 0, day, write)
    finally:
        if gc_was:
            gc.enable()


def _shares(data: bytes, jobs: int) -> list[tuple[int, int, int]]:
    """(start, end, lines before start) of `jobs` byte ranges of about equal size, each cut
    just after a newline: split apart, they give exactly the lines of the whole."""
    cuts = [0]
    for k in range(1, jobs):
        nl = data.find(b"\n", max(cuts[-1], len(data) * k // jobs))
        if nl < 0:
            break
        cuts.append(nl + 1)
    cuts.append(len(data))
    shares, before = [], 0
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        if lo < hi:
            shares.append((lo, hi, before))
            before += data.count(b"\n", lo, hi)
    return shares


def _parallel(data, day, write, jobs, out) -> None:
    """The parent splits the bytes, not the lines, before forking: a list of the lines made
    before the fork would be copied page by page into every child (reference counts)."""
    import os
    import shutil
    import tempfile

    parts = _shares(data, jobs)
    children = []
    if out is not None:
        out.flush()
    with tempfile.TemporaryDirectory(prefix="zhihui-households-") as tmp:
        for k, (lo, hi, before) in enumerate(parts[1:], start=1):
            path = os.path.join(tmp, f"part{k}")
            pid = os.fork()
            if pid == 0:  # child: its share into its own file, then leave at once
                code = 1
                try:
                    with open(path, "wb") as fh:
                        _check(_lines(data[lo:hi]), before, day, fh.write)
                    code = 0
                finally:
                    os._exit(code)
            children.append((pid, path, lo, hi, before))
        lo, hi, before = parts[0]
        _check(_lines(data[lo:hi]), before, day, write)
        for pid, path, lo, hi, before in children:
            _, status = os.waitpid(pid, 0)
            if os.waitstatus_to_exitcode(status) == 0:
                with open(path, "rb") as fh:
                    if out is not None:
                        out.flush()
                        shutil.copyfileobj(fh, out, 1 << 22)
                    else:
                        while block := fh.read(1 << 22):
                            write(block)
            else:
                _check(_lines(data[lo:hi]), before, day, write)


def _check(lines, offset: int, day: str, write) -> None:
    import orjson

    loads, dumps = orjson.loads, orjson.dumps
    out: list[bytes] = []
    for n, raw in enumerate(lines, start=offset + 1):
        try:
            obj = loads(raw)
        except orjson.JSONDecodeError as e:
            msg = f"line is not valid JSON: {e}" if raw.strip() else "line is empty (expected a JSON object)"
            out.append(dumps({"id": None, "line": n, "error": msg}))
            continue
        try:
            out.append(dumps(check_household(obj, day)))
        except HouseholdError as e:
            hid = obj.get("id") if type(obj) is dict else None
            if isinstance(hid, bool) or not isinstance(hid, (str, int)):
                hid = None
            out.append(dumps({"id": hid, "line": n, "error": str(e)}))
        if len(out) >= 10_000:
            out.append(b"")
            write(b"\n".join(out))
            out = []
    if out:
        out.append(b"")
        write(b"\n".join(out))
