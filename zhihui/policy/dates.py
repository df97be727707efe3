"""Date arithmetic, scalar and vectorised. Dates in columns are int day numbers since
1970-01-01 (int32; absent dates hold 0 and are masked by the column's `present`).

Periods of months/years follow the contract: a month without the start day ends the period
on that month's last day (2025-08-31 + 6 months = 2026-02-28; 2020-02-29 + 3 years =
2023-02-28). Vectorised helpers use lookup tables over 1800-01-01..2299-12-31 (dates outside
are clipped; the schema only accepts four-digit years, and rules never need them).
"""

from __future__ import annotations

import calendar
import datetime as dt

import numpy as np

from zhihui.policy.expr import Expr

EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
NO_DATE = 0

_Y0, _Y1 = 1800, 2300
_BASE = dt.date(_Y0, 1, 1).toordinal() - EPOCH_ORDINAL  # day number of 1800-01-01
_NDAYS = dt.date(_Y1, 1, 1).toordinal() - dt.date(_Y0, 1, 1).toordinal()


def _tables():
    d = np.arange(_NDAYS, dtype=np.int64) + _BASE
    dd = d.astype("datetime64[D]")
    ym = dd.astype("datetime64[M]")
    year = (dd.astype("datetime64[Y]").astype(np.int64) + 1970).astype(np.int16)
    mon_index = (ym.astype(np.int64) - (_Y0 - 1970) * 12).astype(np.int32)  # months since 1800-01
    dom = (dd - ym.astype("datetime64[D]")).astype(np.int16) + 1
    months = np.arange((_Y1 - _Y0) * 12 + 24, dtype=np.int64) + (_Y0 - 1970) * 12
    mstart = months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    mlen = (np.append(mstart[1:], mstart[-1] + 31) - mstart).astype(np.int16)
    return year, mon_index, dom, mstart, mlen


_YEAR, _MON, _DOM, _MSTART, _MLEN = _tables()


# 0-d array operands: numpy converts a Python or numpy scalar on every call (~0.3 µs), which
# is most of the cost on a batch of one profile. For the same reason the tables are read with
# `take(..., mode="clip")`, which clips out-of-range dates in the same call.
_BASE0 = np.array(_BASE, np.int64)
_YEAR64 = _YEAR.astype(np.int64)
_MSTART1 = _MSTART - 1  # the day before each month's first: + day of month = the date


def _idx(days: np.ndarray) -> np.ndarray:
    """Index into the tables (not clipped: every read clips)."""
    return np.subtract(days, _BASE0, dtype=np.int64)


def to_days(d: dt.date) -> int:
    return d.toordinal() - EPOCH_ORDINAL


def from_days(n: int) -> dt.date:
    return dt.date.fromordinal(int(n) + EPOCH_ORDINAL)


def add_months(d: dt.date, months: int) -> dt.date:
    m0 = d.year * 12 + (d.month - 1) + months
    y, m = divmod(m0, 12)
    last = calendar.monthrange(y, m + 1)[1]
    return dt.date(y, m + 1, min(d.day, last))


def parse_date(s: str) -> dt.date:
    """Strict YYYY-MM-DD; raises ValueError for anything else (including 2023-02-30)."""
    if not isinstance(s, str) or len(s) != 10 or s[4] != "-" or s[7] != "-":
        raise ValueError(f"{s!r} is not a date in the form YYYY-MM-DD")
    try:
        return dt.date(int(s[0:4]), int(s[5:7]), int(s[8:10]))
    except ValueError:
        raise ValueError(f"{s!r} is not a real date") from None


def v_year(days: np.ndarray) -> np.ndarray:
    if type(days) is Expr:  # in a rule being compiled: evaluated later on real columns
        return Expr("fn", v_year, (days,))
    return _YEAR64.take(_idx(days), mode="clip")


def _shift_months(ix: np.ndarray, months) -> np.ndarray:
    tm = _MON.take(ix, mode="clip") + months
    return _MSTART1.take(tm, mode="clip") + np.minimum(_DOM.take(ix, mode="clip"),
                                                       _MLEN.take(tm, mode="clip"))


# add_months by a constant number of months (a rule's parameter) over every day of the tables:
# one look-up per call instead of the month arithmetic. A few distinct shifts per package.
_SHIFTED: dict[int, np.ndarray] = {}
_SHIFTED_MAX = 64


def _shifted(months: int) -> np.ndarray:
    table = _SHIFTED.get(months)
    if table is None:
        table = _shift_months(np.arange(_NDAYS, dtype=np.int64), months)
        table.flags.writeable = False
        if len(_SHIFTED) < _SHIFTED_MAX:
            _SHIFTED[months] = table
    return table


def v_add_months(days: np.ndarray, months: int) -> np.ndarray:
    """Vectorised add_months on day numbers (absent values give garbage; mask them)."""
    if type(days) is Expr or type(months) is Expr:
        return Expr("fn", v_add_months, (days, months))
    if isinstance(months, (int, np.integer)):
        return _shifted(int(months)).take(_idx(days), mode="clip")
    return _shift_months(_idx(days), months)


def v_add_years(days: np.ndarray, years: int) -> np.ndarray:
    if type(days) is Expr or type(years) is Expr:
        return Expr("fn", v_add_years, (days, years))
    return v_add_months(days, 12 * years)


def v_age_on(birth: np.ndarray, on: np.ndarray) -> np.ndarray:
    """Completed years of age on the day `on` (the birthday itself counts; a 29 February
    birthday falls on 28 February in common years, by the month-end rule)."""
    if type(birth) is Expr or type(on) is Expr:
        return Expr("fn", v_age_on, (birth, on))
    # one compiled loop instead of ~14 numpy calls (imported here: loading the kernels is not
    # needed by everything that reads dates)
    from zhihui.policy.kernels import age_on

    b = np.ascontiguousarray(birth, np.int64)  # 1-d (a scalar becomes one value for all)
    o = np.ascontiguousarray(on, np.int64)
    nb, no = len(b), len(o)
    if nb != no and nb != 1 and no != 1:
        raise ValueError(f"v_age_on: {nb} birth dates against {no} days")
    out = np.empty(max(nb, no), np.int64)
    age_on(b, o, _BASE, _YEAR, _MON, _DOM, _MSTART1, _MLEN, out)
    if np.ndim(birth) or np.ndim(on):
        return out
    return out[0]
