"""Table 1 rows computed from the training real-name records, for the plan's indicator
registry (zhihui.plan.compute.DOMAIN_SOURCES): T1-11 subsidised vocational training
(万人次, yearly flow), T1-12 of which rural labour (万人), C1-T20 all vocational training
(万人次). None for a year without sessions, so a figure entered by hand stays. Certificate
holders, skill talents and the high-skilled share (T1-03, T1-09, T1-13, T1-15) are the
registry's certificates, computed by zhihui.plan.compute itself. Definitions: docs/skills.md."""

from __future__ import annotations

from decimal import Decimal

from .stats import training_counts


def _row(f: dict) -> dict[str, Decimal | None]:
    from zhihui.plan.compute import _wan

    if not f["trainings"]:
        return {"T1-11": None, "T1-12": None, "C1-T20": None}
    return {"T1-11": _wan(f["subsidised"]), "T1-12": _wan(f["rural"]), "C1-T20": _wan(f["trainings"])}


def compute_years(years: list[int]) -> dict[int, dict[str, Decimal | None]]:
    """All the years in one query grouped by year (stats.training_counts)."""
    counts = training_counts(list(years))
    return {year: _row(counts[year]) for year in years}
