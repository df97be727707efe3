"""Plan indicators computed from the employment app's records, for the indicator registry
(zhihui.plan.compute.DOMAIN_SOURCES): T1-19 new urban employment and T1-20 rural labour
transfer (万人, from status events; definitions in docs/employment.md), and C10-T02
zero-employment households at year end. None for a year without data, so a figure entered by
hand stays."""

from __future__ import annotations

from decimal import Decimal

from . import selectors


def _year(year: int) -> dict[str, Decimal | None]:
    from zhihui.plan.compute import _wan, population_scale  # the plan's one conversion to 万人

    zero = selectors.zero_households_at_year_end(year)
    out: dict[str, Decimal | None] = {"C10-T02": None if zero is None else Decimal(zero)}
    if not selectors.has_events(year):
        return {"T1-19": None, "T1-20": None, **out}
    c = selectors.indicators(year)
    scale = population_scale()[0]  # a demo city's counts scaled to the city's population
    return {"T1-19": _wan(c["new_urban_employment"] * scale), "T1-20": _wan(c["rural_transfer"] * scale), **out}


def compute_years(years: list[int]) -> dict[int, dict[str, Decimal | None]]:
    return {year: _year(year) for year in years}
