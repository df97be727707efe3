"""Statutory working age and retirement age/date: the platform's ONE implementation.

Source: 全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定 (2024-09-13) and its annex
国务院关于渐进式延迟法定退休年龄的办法, with the tables 附件1–3 (男职工 / 原法定退休年龄五十五周岁的
女职工 / 原法定退休年龄五十周岁的女职工); contract: shared/contracts/households.md.

From 2025-01-01 the statutory retirement age rises with the month of birth:

| category        | original | delay starts with births in | one month per started period of | at most           |
|-----------------|---------:|-----------------------------|---------------------------------|-------------------|
| `male`          | 60       | 1965-01                     | 4 months of birth               | 36 months (→ 63)  |
| `female_cadre`  | 55       | 1970-01                     | 4 months of birth               | 36 months (→ 58)  |
| `female_worker` | 50       | 1975-01                     | 2 months of birth               | 60 months (→ 55)  |

The retirement date is the day the person reaches that age: the birth date plus the years and
months, on the same day of the month, or the month's last day when that day does not exist.
Working age runs from the 16th birthday (inclusive) to the retirement date (exclusive).

No Django, no numpy: the policy engine, the households command and the Django apps import this.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import NamedTuple

MINIMUM_WORKING_AGE = 16  # 劳动法第十五条: 禁止用人单位招用未满十六周岁的未成年人


class Reform(NamedTuple):
    original_years: int
    first_birth_month: tuple[int, int]  # (year, month) of the first births with a delay
    period_months: int  # one month of delay for each started period of this many birth months
    max_delay_months: int


# The one table of the reform (the categories are the contract's values).
REFORM: dict[str, Reform] = {
    "male": Reform(60, (1965, 1), 4, 36),
    "female_cadre": Reform(55, (1970, 1), 4, 36),
    "female_worker": Reform(50, (1975, 1), 2, 60),
}
CATEGORIES = tuple(REFORM)

CATEGORY_LABELS = {
    "male": "男职工（原法定退休年龄60周岁）",
    "female_cadre": "女干部（原法定退休年龄55周岁）",
    "female_worker": "女工人（原法定退休年龄50周岁）",
}


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def month_days(year: int, month: int) -> int:
    if month == 2 and calendar.isleap(year):
        return 29
    return _MONTH_DAYS[month - 1]


def add_months_ymd(year: int, month: int, day: int, months: int) -> tuple[int, int, int]:
    """(year, month, day) plus `months`, on the same day or the month's last day."""
    y, m = divmod(year * 12 + month - 1 + months, 12)
    m += 1
    last = month_days(y, m)
    return y, m, (day if day <= last else last)


def add_months(d: dt.date, months: int) -> dt.date:
    """`d` plus `months`, on the same day of the month or the month's last day."""
    return dt.date(*add_months_ymd(d.year, d.month, d.day, months))


def delay_months(birth: dt.date, category: str) -> int:
    """Months by which the reform delays retirement for someone born in `birth`'s month."""
    r = REFORM[category]
    k = (birth.year - r.first_birth_month[0]) * 12 + (birth.month - r.first_birth_month[1])
    if k < 0:
        return 0
    d = k // r.period_months + 1
    return d if d < r.max_delay_months else r.max_delay_months


def retirement_age_months(birth: dt.date, category: str) -> int:
    """Statutory retirement age in months."""
    return REFORM[category].original_years * 12 + delay_months(birth, category)


def retirement_age(birth: dt.date, category: str) -> tuple[int, int]:
    """Statutory retirement age as (years, months)."""
    return divmod(retirement_age_months(birth, category), 12)


def format_age(months: int) -> str:
    """The contract's form: 62 years 8 months → "62y8m"."""
    y, m = divmod(months, 12)
    return f"{y}y{m}m"


def retirement_date(birth: dt.date, category: str) -> dt.date:
    """The day the person reaches the statutory retirement age."""
    return add_months(birth, retirement_age_months(birth, category))


def sixteenth_birthday(birth: dt.date) -> dt.date:
    return add_months(birth, MINIMUM_WORKING_AGE * 12)


def is_working_age(birth: dt.date, category: str, on: dt.date) -> bool:
    """16th birthday ≤ on < statutory retirement date."""
    return sixteenth_birthday(birth) <= on < retirement_date(birth, category)


def working_age_unknown_category(birth: dt.date, on: dt.date) -> bool | None:
    """Working age when the category is not known: decided when every category agrees."""
    if on < sixteenth_birthday(birth):
        return False
    dates = [retirement_date(birth, c) for c in CATEGORIES]
    if on < min(dates):
        return True
    if on >= max(dates):
        return False
    return None
