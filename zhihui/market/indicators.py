"""Plan indicators computed from the human-resources market's records, for the indicator
registry (zhihui.plan.compute.DOMAIN_SOURCES).

The plan's indicator list (zhihui/plan/data/indicators.yaml) names one figure the market holds:

- **C2-T04** “百名优秀企业家引才”行动参与企业家 (名, a five-year total kept as yearly flows):
  the firms that took a booth at a recruitment event of kind 百名优秀企业家引才
  (`FairKind.HUNDRED_ENTREPRENEURS`, not cancelled) for the first time in the year, counted by
  the event's first day. One firm stands for one entrepreneur (the booth records the firm, not
  the person who went); a firm that goes again in a later year is not counted again.

None for a year without such an event, so the registry shows "no data" rather than a zero.
The market's own statistics (求人倍率, vacancies and seekers, shortage occupations, wage
price levels, fairs and their outcomes) have no indicator in the plan's list: they are reported
on /market/statistics/ and through the API, not as plan indicators (docs/market.md).
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Min

from .enums import FairKind, FairStatus


def hundred_entrepreneurs(years: list[int]) -> dict[int, int | None]:
    """{year: firms at their first 百名企业家引才 event that year}; None for a year without one.
    Two queries whatever the number of years."""
    from .models import Fair, FairBooth

    kind = FairKind.HUNDRED_ENTREPRENEURS
    live = Fair.objects.filter(kind=kind).exclude(status=FairStatus.CANCELLED)
    held = {d.year for d in live.values_list("starts_on", flat=True).distinct()}
    firsts = (FairBooth.objects.filter(fair__kind=kind).exclude(fair__status=FairStatus.CANCELLED)
              .values("organisation_id").annotate(first=Min("fair__starts_on")))
    counts: dict[int, int] = {}
    for row in firsts:
        counts[row["first"].year] = counts.get(row["first"].year, 0) + 1
    return {y: (counts.get(y, 0) if y in held else None) for y in years}


def compute_years(years: list[int]) -> dict[int, dict[str, Decimal | None]]:
    h = hundred_entrepreneurs(years)
    return {y: {"C2-T04": None if h[y] is None else Decimal(h[y])} for y in years}
