"""Table 1 rows 24–26 computed from the cases, for the plan's indicator registry
(zhihui.plan.compute.DOMAIN_SOURCES). Definitions: selectors.kpis and docs/rights.md."""

from __future__ import annotations

from decimal import Decimal

from .selectors import kpis


def compute_years(years: list[int]) -> dict[int, dict[str, Decimal | None]]:
    return {year: {code: row["value"] for code, row in kpis(year).items()} for year in years}
