"""Date arithmetic, scalar and vectorised. Dates in columns are int days since 1970-01-01.

Periods of months/years follow the contract: a month without the start day ends the period
on that month's last day (2025-08-31 + 6 months = 2026-02-28; 2020-02-29 + 3 years =
2023-02-28).
"""

from __future__ import annotations

import calendar
import datetime as dt

import numpy as np

EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
NO_DATE = 0  # fill value of absent dates (the presence mask says they are absent)


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


def v_add_months(days: np.ndarray, months: int) -> np.ndarray:
    """Vectorised add_months on int day numbers (absent values give garbage; mask them)."""
    d = days.astype("datetime64[D]")
    m = d.astype("datetime64[M]")
    dom = (d - m.astype("datetime64[D]")).astype(np.int64)  # 0-based day of month
    tm = m + np.timedelta64(months, "M")
    first = tm.astype("datetime64[D]")
    last = (tm + np.timedelta64(1, "M")).astype("datetime64[D]") - np.timedelta64(1, "D")
    out = np.minimum(first + dom.astype("timedelta64[D]"), last)
    return out.astype(np.int64)


def v_year(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def v_age_on(birth: np.ndarray, on: np.ndarray) -> np.ndarray:
    """Completed years of age on the day `on` (the birthday itself counts; Feb 29 births
    turn a year older on Feb 28 in common years, by the month-end rule)."""
    by = birth.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64)
    oy = on.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64)
    years = oy - by
    ann = _v_add_years(birth.astype(np.int64), years)
    return years - (on.astype(np.int64) < ann)


def _v_add_years(days: np.ndarray, years: np.ndarray) -> np.ndarray:
    d = days.astype("datetime64[D]")
    m = d.astype("datetime64[M]")
    dom = (d - m.astype("datetime64[D]")).astype(np.int64)
    tm = m + (years * 12).astype("timedelta64[M]")
    first = tm.astype("datetime64[D]")
    last = (tm + np.timedelta64(1, "M")).astype("datetime64[D]") - np.timedelta64(1, "D")
    return np.minimum(first + dom.astype("timedelta64[D]"), last).astype(np.int64)


def v_add_years(days: np.ndarray, years: int) -> np.ndarray:
    return v_add_months(days, 12 * years)
