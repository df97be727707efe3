"""Dated parameters of employment services: ONE place for every time limit the app uses.

Each parameter is a list of (valid_from, value) periods; `value(name, on)` gives the one in
force on a day (the latest period that started on or before it). A change of policy adds a
period; past decisions keep the value of their day. Plain Python: no Django.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple


class Period(NamedTuple):
    valid_from: dt.date
    value: int
    basis: str


PARAMETERS: dict[str, dict] = {
    "zero_household.clearing_days": {
        "label": "零就业家庭认定后须实现至少一人就业的期限（日历日）",
        "unit": "days",
        "periods": [Period(dt.date(2021, 1, 1), 30,
                           "Not set by the plan (L209 says 动态清零 only); 30 days is the usual "
                           "practice of Henan's 零就业家庭 援助 notices — to be confirmed by the bureau.")],
    },
    "assistance.followup_working_days": {
        "label": "援助个案两次跟踪回访的最长间隔（工作日）",
        "unit": "working days",
        "periods": [Period(dt.date(2021, 1, 1), 10,
                           "Not set by the plan (C10-S19 一人一档、一人一策 without a period); bureau "
                           "practice, to be confirmed.")],
    },
}


# Layoff early warning thresholds (失业预警). The plan (C1-S06, L41) asks for an early-warning
# mechanism without numbers; the mass-layoff line is the law's (劳动合同法 第四十一条: 裁减人员
# 二十人以上或者裁减不足二十人但占企业职工总数百分之十以上).
PARAMETERS.update({
    "warning.headcount_drop_pct": {
        "label": "月度在岗人数降幅预警线（%）", "unit": "%",
        "periods": [Period(dt.date(2021, 1, 1), 10, "bureau practice; not set by the plan")],
    },
    "warning.headcount_drop_people": {
        "label": "月度在岗人数减少人数预警线（人）", "unit": "persons",
        "periods": [Period(dt.date(2021, 1, 1), 50, "bureau practice; not set by the plan")],
    },
    "warning.consecutive_decline_months": {
        "label": "在岗人数连续下降月数预警线", "unit": "months",
        "periods": [Period(dt.date(2021, 1, 1), 3, "bureau practice; not set by the plan")],
    },
    "warning.mass_layoff_people": {
        "label": "规模裁员人数（人）", "unit": "persons",
        "periods": [Period(dt.date(2008, 1, 1), 20, "劳动合同法 第四十一条")],
    },
    "warning.mass_layoff_pct": {
        "label": "规模裁员占职工总数比例（%）", "unit": "%",
        "periods": [Period(dt.date(2008, 1, 1), 10, "劳动合同法 第四十一条")],
    },
    "monitoring.report_due_day": {
        "label": "月报截止日（次月几日）", "unit": "day of month",
        "periods": [Period(dt.date(2021, 1, 1), 10, "bureau practice; not set by the plan")],
    },
})


def value(name: str, on: dt.date) -> int:
    periods = PARAMETERS[name]["periods"]
    current = None
    for p in periods:
        if p.valid_from <= on:
            current = p
    if current is None:
        raise LookupError(f"parameter {name} not in force on {on.isoformat()}")
    return current.value
