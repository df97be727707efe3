"""What `zhihui setup` does for the plan: load the indicator registry and compute, from the
registry's records, the figures of every plan year that has begun. Idempotent: a second run
adds nothing (unchanged computed values are not stored again)."""

from __future__ import annotations

import datetime as dt

PLAN_YEARS = range(2021, 2026)


def load_indicators(verbose: bool = True, today: dt.date | None = None) -> None:
    from .actions import load_registry, store_computed
    from .compute import compute_years, population_scale

    result = load_registry(None)
    today = today or dt.date.today()
    years = [y for y in PLAN_YEARS if y <= today.year]
    stored = 0
    if years:
        for year, values in compute_years(years).items():
            scaled = population_scale()[1]
            stored += store_computed(None, year, values, note=f"人员库记录（系统初始化时计算）{'；' + scaled if scaled else ''}")
    if verbose:
        print(
            f"规划指标 plan indicators: {result['total']} loaded; "
            f"{stored} values computed from the registry for {years[0] if years else '-'}–{years[-1] if years else '-'}"
        )
