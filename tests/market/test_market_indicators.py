"""The market feeds the plan's indicator registry where the plan names a figure it holds:
C2-T04 “百名优秀企业家引才”行动参与企业家, the firms at their first 百名企业家引才 event of the
year (zhihui/market/indicators.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import create_org
from zhihui.core.roles import Role
from zhihui.market import fairs
from zhihui.market.enums import FairKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(make_user):
    return make_user(Role.CLERK, "clerk_ind")


def _event(clerk, day: dt.date, firms, kind=FairKind.HUNDRED_ENTREPRENEURS, cancel=False):
    fair = fairs.save_fair(clerk, {"name": f"百名企业家走进高校 {day}", "kind": kind, "starts_on": day.isoformat(),
                                   "ends_on": day.isoformat(), "venue": "郑州大学"})
    for org in firms:
        fairs.take_booth(clerk, fair, organisation=org)
    if cancel:
        fairs.close_fair(clerk, fair, status="cancelled")
    return fair


def test_c2_t04_counts_each_firm_once_in_the_year_of_its_first_event(clerk):
    a, b, c, d = (create_org(n) for n in ("甲钢铁", "乙化工", "丙物流", "丁电子"))
    _event(clerk, dt.date(2024, 4, 10), [a, b])
    _event(clerk, dt.date(2024, 10, 9), [a])  # a again in the same year: once
    _event(clerk, dt.date(2025, 5, 20), [a, c])  # a again the next year: not counted again
    _event(clerk, dt.date(2025, 6, 1), [d], cancel=True)  # cancelled: d did not go
    _event(clerk, dt.date(2025, 6, 2), [d], kind=FairKind.CAMPUS)  # an ordinary campus fair: not this action
    from zhihui.plan.compute import COMPUTED, compute_years

    values = compute_years([2023, 2024, 2025])
    assert values[2024]["C2-T04"] == Decimal(2)
    assert values[2025]["C2-T04"] == Decimal(1)
    assert values[2023]["C2-T04"] is None  # no such event: no figure, not a zero
    assert COMPUTED["market.hundred_entrepreneurs"] == "C2-T04"


def test_the_registry_says_c2_t04_is_computed_from_the_market():
    from zhihui.plan.indicators import load

    ind = next(i for i in load().indicators if i["id"] == "C2-T04")
    assert ind["computed"] == "market.hundred_entrepreneurs"
    assert ind["measure"] == "cumulative"  # yearly flows add up to the five-year total


def test_the_event_kind_is_offered_on_the_fair_form(clerk, client_for):
    html = client_for(clerk).get("/market/fairs/new/").content.decode()
    assert 'value="hundred_ent"' in html and "百名优秀企业家引才" in html
