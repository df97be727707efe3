"""Statutory retirement age and date (zhihui.employment.retirement): every step of the 2024
reform at its edges, and month-end dates."""

import datetime as dt

import pytest

from zhihui.employment import retirement as ret

D = dt.date


@pytest.mark.parametrize("birth, category, age", [
    # male: 60, +1 month per started 4 months of birth from 1965-01, at most 36 (63y0m)
    (D(1964, 12, 31), "male", "60y0m"),
    (D(1965, 1, 1), "male", "60y1m"),
    (D(1965, 4, 30), "male", "60y1m"),
    (D(1965, 5, 1), "male", "60y2m"),
    (D(1975, 6, 15), "male", "62y8m"),  # the contract's example
    (D(1976, 8, 31), "male", "62y11m"),
    (D(1976, 9, 1), "male", "63y0m"),
    (D(1995, 3, 3), "male", "63y0m"),
    # female cadre: 55, same steps from 1970-01, at most 36 (58y0m)
    (D(1969, 12, 31), "female_cadre", "55y0m"),
    (D(1970, 1, 1), "female_cadre", "55y1m"),
    (D(1970, 4, 30), "female_cadre", "55y1m"),
    (D(1970, 5, 1), "female_cadre", "55y2m"),
    (D(1981, 8, 31), "female_cadre", "57y11m"),
    (D(1981, 9, 1), "female_cadre", "58y0m"),
    # female worker: 50, +1 month per started 2 months of birth from 1975-01, at most 60 (55y0m)
    (D(1974, 12, 31), "female_worker", "50y0m"),
    (D(1975, 1, 1), "female_worker", "50y1m"),
    (D(1975, 2, 28), "female_worker", "50y1m"),
    (D(1975, 3, 1), "female_worker", "50y2m"),
    (D(1984, 10, 31), "female_worker", "54y11m"),
    (D(1984, 11, 1), "female_worker", "55y0m"),
    (D(2000, 1, 1), "female_worker", "55y0m"),
])
def test_reform_age_at_every_step_edge(birth, category, age):
    assert ret.format_age(ret.retirement_age_months(birth, category)) == age


@pytest.mark.parametrize("birth, category, date", [
    (D(1975, 6, 15), "male", D(2038, 2, 15)),  # the contract's example
    (D(1964, 12, 15), "male", D(2024, 12, 15)),
    (D(1965, 1, 31), "male", D(2025, 2, 28)),  # 60y1m: February has no 31st
    (D(1964, 2, 29), "male", D(2024, 2, 29)),  # leap day to leap day
    (D(1963, 2, 28), "male", D(2023, 2, 28)),
    (D(1975, 12, 31), "female_worker", D(2026, 6, 30)),  # 50y6m: June has 30 days
    (D(1977, 7, 31), "female_worker", D(2028, 11, 30)),  # 51y4m: November has 30 days
    (D(1972, 12, 31), "female_cadre", D(2028, 9, 30)),  # 55y9m: September has 30 days
])
def test_retirement_date_is_birth_plus_age_with_month_end(birth, category, date):
    assert ret.retirement_date(birth, category) == date


def test_working_age_runs_from_sixteenth_birthday_to_the_day_before_retirement():
    b = D(1975, 6, 15)  # male, retires 2038-02-15
    assert not ret.is_working_age(b, "male", D(1991, 6, 14))
    assert ret.is_working_age(b, "male", D(1991, 6, 15))
    assert ret.is_working_age(b, "male", D(2038, 2, 14))
    assert not ret.is_working_age(b, "male", D(2038, 2, 15))
    leap = D(2008, 2, 29)
    assert ret.sixteenth_birthday(leap) == D(2024, 2, 29)
    assert ret.sixteenth_birthday(D(2009, 2, 28)) == D(2025, 2, 28)


def test_working_age_without_category_decided_only_when_all_categories_agree():
    b = D(1980, 3, 10)
    assert ret.working_age_unknown_category(b, D(1996, 3, 9)) is False
    assert ret.working_age_unknown_category(b, D(2020, 1, 1)) is True  # 39: under 50
    # female_worker born 1980-03 retires at 52y8m (2032-11-10); a male at 63 (2043-03-10)
    assert ret.retirement_date(b, "female_worker") == D(2032, 11, 10)
    assert ret.working_age_unknown_category(b, D(2032, 11, 9)) is True
    assert ret.working_age_unknown_category(b, D(2032, 11, 10)) is None
    assert ret.working_age_unknown_category(b, D(2043, 3, 9)) is None
    assert ret.working_age_unknown_category(b, D(2043, 3, 10)) is False


def test_the_policy_engine_can_import_it_without_django():
    import subprocess
    import sys

    code = ("import sys; import zhihui.employment.retirement as r, zhihui.employment.households; "
            "assert 'django' not in sys.modules, 'django imported'; print(r.retirement_date.__module__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "zhihui.employment.retirement"


def test_every_birth_month_of_every_category_follows_the_contracts_table():
    """Every birth month 1950-01 … 2005-12 of the three categories, against the contract's
    words written out independently: from the first reformed month, one month of delay per
    started period of 4 (male, female_cadre) or 2 (female_worker) months of birth, capped; the
    date is birth + age on the same day, or the month's last day."""
    import calendar

    rules = {"male": (60, 1965, 4, 36), "female_cadre": (55, 1970, 4, 36), "female_worker": (50, 1975, 2, 60)}
    for category, (years, first_year, period, cap) in rules.items():
        for y in range(1950, 2006):
            for m in range(1, 13):
                k = (y - first_year) * 12 + (m - 1)
                delay = 0 if k < 0 else min(cap, k // period + 1)
                total = years * 12 + delay
                for day in (1, 15, 28, 29, 30, 31):
                    if day > calendar.monthrange(y, m)[1]:
                        continue
                    birth = D(y, m, day)
                    assert ret.retirement_age_months(birth, category) == total, (birth, category)
                    ry, rm = divmod((y * 12 + m - 1) + total, 12)
                    want = D(ry, rm + 1, min(day, calendar.monthrange(ry, rm + 1)[1]))
                    assert ret.retirement_date(birth, category) == want, (birth, category)
                    assert ret.format_age(total) == f"{total // 12}y{total % 12}m"
