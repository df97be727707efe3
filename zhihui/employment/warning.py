"""Layoff early warning (失业预警) rules: which rule fires on which numbers.

`evaluate(report, history, on)` reads the thresholds in force on `on` (dated parameters of the
city package, `domains/employment.yaml`, through zhihui.core.params)
and returns one finding per rule that fires, each with its level, the numbers it fired on and a
sentence saying so. Plain Python over plain values (the alert sweep and the report action both
call it).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from zhihui.core.params import value


class Finding(NamedTuple):
    rule: str
    level: str
    numbers: dict
    message: str


def _ym(d: dt.date) -> str:
    """YYYY-MM (strftime("%Y-%m"), cheaper)."""
    return f"{d.year:04d}-{d.month:02d}"


def _pct(drop: int, base: int) -> Decimal:
    return (Decimal(drop) * 100 / Decimal(base)).quantize(Decimal("0.1"), ROUND_HALF_UP)


THRESHOLDS = ("warning.headcount_drop_pct", "warning.headcount_drop_people", "warning.consecutive_decline_months",
              "warning.mass_layoff_people", "warning.mass_layoff_pct")


def thresholds(on: dt.date) -> dict:
    """The rules' thresholds in force on `on` (a batch reads them once per day, not per report)."""
    return {k: value("employment", k, on) for k in THRESHOLDS}


def evaluate(month: dt.date, headcount: int, planned_layoffs: int, previous: list[tuple[dt.date, int]],
             on: dt.date, p: dict | None = None) -> list[Finding]:
    """`previous`: (month, headcount) of earlier reports, oldest first (gaps allowed); `p`:
    `thresholds(on)` when the caller has read them already."""
    if p is None:
        p = thresholds(on)
    out: list[Finding] = []
    last = previous[-1] if previous else None
    # month over month: only against the month just before (a gap is not a monthly change)
    if last is not None and (last[0].year * 12 + last[0].month) == (month.year * 12 + month.month - 1) and last[1] > 0:
        drop = last[1] - headcount
        if drop > 0:
            pct = _pct(drop, last[1])
            nums = {"previous_month": _ym(last[0]), "previous": last[1], "current": headcount,
                    "drop": drop, "drop_pct": str(pct)}
            if pct >= p["warning.headcount_drop_pct"]:
                level = "1" if pct >= 2 * p["warning.headcount_drop_pct"] else "2"
                out.append(Finding("headcount_drop_pct", level, {**nums, "threshold_pct": p["warning.headcount_drop_pct"]},
                                   f"在岗人数由{last[1]}人降至{headcount}人（-{pct}%），达到月降幅预警线{p['warning.headcount_drop_pct']}%"))
            if drop >= p["warning.headcount_drop_people"]:
                out.append(Finding("headcount_drop_people", "2", {**nums, "threshold_people": p["warning.headcount_drop_people"]},
                                   f"在岗人数一个月减少{drop}人，达到预警线{p['warning.headcount_drop_people']}人"))
    base = headcount + 0
    if planned_layoffs > 0 and (planned_layoffs >= p["warning.mass_layoff_people"]
                                or (base > 0 and _pct(planned_layoffs, base) >= p["warning.mass_layoff_pct"])):
        out.append(Finding("mass_layoff", "1",
                           {"planned_layoffs": planned_layoffs, "headcount": headcount,
                            "threshold_people": p["warning.mass_layoff_people"], "threshold_pct": p["warning.mass_layoff_pct"]},
                           f"计划裁员{planned_layoffs}人（在岗{headcount}人），达到规模裁员标准"
                           f"（{p['warning.mass_layoff_people']}人以上或占{p['warning.mass_layoff_pct']}%以上）"))
    # consecutive monthly declines ending with this month (walking back from it)
    run = 0
    m1, h1 = month.year * 12 + month.month, headcount
    for m0, h0 in reversed(previous):
        m0 = m0.year * 12 + m0.month
        if m1 - m0 != 1 or h1 >= h0:
            break
        run += 1
        m1, h1 = m0, h0
    if run >= p["warning.consecutive_decline_months"]:
        first = previous[-run] if run else (month, headcount)
        out.append(Finding("consecutive_decline", "3",
                           {"months": run, "from_month": _ym(first[0]), "from": first[1], "current": headcount,
                            "threshold_months": p["warning.consecutive_decline_months"]},
                           f"在岗人数连续{run}个月下降（{_ym(first[0])} {first[1]}人 → {_ym(month)} {headcount}人）"))
    return out


def wage_arrears(arrears: dict | None, listed: list[str]) -> Finding | None:
    """An enterprise that owes wages is a layoff risk (issue 20): an open wage-arrears case
    (zhihui/rights) or an entry on a dishonesty list for wage arrears (zhihui/regulation).
    `arrears`: {"cases": n, "owed": Decimal} or None; `listed`: names of the lists it is on."""
    if not arrears and not listed:
        return None
    nums = {"open_cases": arrears["cases"] if arrears else 0,
            "owed": str(arrears["owed"]) if arrears else "0", "lists": list(listed)}
    parts = []
    if arrears:
        parts.append(f"有未结欠薪案件{arrears['cases']}件，尚欠{arrears['owed']}元")
    if listed:
        parts.append("已列入" + "、".join(listed))
    return Finding("wage_arrears", "2", nums, "；".join(parts))
