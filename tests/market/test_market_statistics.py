"""Market statistics: 求人倍率 per occupation group and overall, shortage by the dated
threshold, wage price levels by nearest rank, flags by month, the page and its Excel file."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest

from tests.factories import create_person
from zhihui.market import actions, stats
from zhihui.market.models import JobSeeker

pytestmark = pytest.mark.django_db


def test_nearest_rank_percentiles():
    values = [Decimal(v) for v in (3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000, 11000, 12000)]
    assert [stats.nearest_rank(values, p) for p in (10, 25, 50, 75, 90)] == [
        Decimal(3000), Decimal(5000), Decimal(7000), Decimal(10000), Decimal(11000)]


def test_threshold_is_dated():
    assert stats.shortage_threshold(dt.date(2026, 12, 31)) == Decimal("1.5")
    with pytest.raises(ValueError):
        stats.shortage_threshold(dt.date(2020, 1, 1))


def test_supply_demand_ratio_shortage_and_wages(make_posting, employer, clerk, client_for):
    for lo in (4000, 5000, 6000, 7000, 8000):
        p = make_posting(occupation_code="4-02-03-03", vacancies="4", salary_min=str(lo), salary_max=str(lo + 1000))
        actions.publish_posting(clerk, actions.submit_posting(employer, p))
    JobSeeker.objects.create(person=create_person("甲", dt.date(1990, 1, 1)), desired_occupations="4-02-03-03")
    JobSeeker.objects.create(person=create_person("乙", dt.date(1991, 1, 1)), desired_occupations="4-02-03-01,2-06-03-00")
    today = dt.date.today()
    start, end = stats.quarter_bounds(today.year, (today.month - 1) // 3 + 1)
    sd = stats.supply_demand(start, end, level=2)
    row = next(r for r in sd["rows"] if r["key"] == "4-02")
    assert (row["demand"], row["supply"], row["ratio"], row["shortage"]) == (20, 2, Decimal("10.00"), True)
    assert sd["demand"] == 20 and sd["supply"] == 2 and sd["ratio"] == Decimal("10.00")
    wages = stats.wage_levels(start, end)
    assert wages[0]["n"] == 5 and wages[0]["p50"] == Decimal(6500) and wages[0]["p90"] == Decimal(8500)
    c = client_for(clerk)
    body = c.get("/market/statistics/").content.decode()
    assert "求人倍率" in body and "10.00" in body and "紧缺" in body and "6500" in body
    r = c.get("/market/statistics/", {"format": "xlsx"})
    from openpyxl import load_workbook

    wb = load_workbook(BytesIO(r.content))
    assert wb.sheetnames == ["供求", "工资价位", "筛查标记"]
    assert any(row[0].value == "4-02" and row[4].value == 10.0 for row in wb["供求"].iter_rows(min_row=3))


def test_flags_by_month_count_every_submission(make_posting, employer):
    actions.submit_posting(employer, make_posting(text="限男性，35岁以下。"))
    today = dt.date.today()
    rows = stats.flags_by_month(today.replace(day=1), today)
    assert {(r["category"], r["count"]) for r in rows} == {("sex", 1), ("age", 1)}


def test_a_flag_in_the_first_hours_of_a_month_counts_in_that_month(make_posting, employer):
    """00:30 on 1 March in Jiyuan is still 28 February in UTC: the month is the city's."""
    from zhihui.market.models import PostingTransition

    actions.submit_posting(employer, make_posting(text="限男性。"))
    early = dt.datetime(2026, 3, 1, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    PostingTransition.objects.filter(name="submit").update(at=early)
    rows = stats.flags_by_month(dt.date(2026, 2, 1), dt.date(2026, 3, 31))
    assert [(r["month"], r["category"], r["count"]) for r in rows] == [("2026-03", "sex", 1)]


def test_statistics_are_for_staff_only(employer, seeker_user, client_for):
    assert client_for(employer).get("/market/statistics/").status_code == 403


def test_demand_by_industry_and_the_statistics_api(make_posting, employer, clerk, client_for):
    from zhihui.registry.catalogues import load_all

    load_all(only=["industries"])
    for code, n in (("34", "3"), ("34", "2"), ("26", "4"), ("", "1")):  # 通用设备制造业 ×2, 化学原料 ×1, none
        p = make_posting(industry_code=code, vacancies=n, occupation_code="6-18-01-01")
        actions.publish_posting(clerk, actions.submit_posting(employer, p))
    today = dt.date.today()
    year, quarter = today.year, (today.month - 1) // 3 + 1
    start, end = stats.quarter_bounds(year, quarter)
    by_division = {r["key"]: (r["demand"], r["postings"]) for r in stats.supply_demand(start, end, by="industry", level=2)["rows"]}
    assert by_division == {"34": (5, 2), "26": (4, 1), "": (1, 1)}
    sections = {r["key"]: r["demand"] for r in stats.supply_demand(start, end, by="industry", level=1)["rows"]}
    assert sections == {"C": 9, "": 1}  # both divisions are 制造业
    c = client_for(clerk)
    body = c.get("/market/statistics/", {"by": "industry", "level": "2"}).content.decode()
    assert "通用设备制造业" in body
    r = c.get("/api/v1/market/statistics", {"year": year, "quarter": quarter, "by": "industry", "level": 1})
    assert r.status_code == 200
    data = r.json()
    assert data["demand"] == 10 and {row["key"]: row["demand"] for row in data["rows"]} == {"C": 9, "": 1}
    r = c.get("/api/v1/market/statistics", {"year": year, "quarter": quarter})
    assert r.json()["rows"][0]["key"] == "6-18" and r.json()["rows"][0]["supply"] == 0
    r = c.get("/api/v1/market/statistics", {"year": year, "quarter": 5, "by": "industry", "level": 3})
    assert r.status_code == 422 and {e["field"] for e in r.json()["detail"]} == {"quarter", "level"}
    assert client_for(employer).get("/api/v1/market/statistics", {"year": year, "quarter": quarter}).status_code == 403


def test_posting_industry_must_be_in_the_catalogue(make_posting):
    from zhihui.market.actions import MarketError

    with pytest.raises(MarketError) as e:
        make_posting(industry_code="99")
    assert e.value.field == "industry_code"


def test_wage_levels_in_the_database_equal_the_nearest_rank_method(make_posting):
    """PostgreSQL's percentile_disc gives the same figures as ranking the rounded midpoints here,
    for n where p/100 × n is and is not a whole number, and for half-yuan midpoints."""
    from django.db import connection

    from zhihui.market.models import Posting

    if connection.vendor != "postgresql":
        pytest.skip("the database path is PostgreSQL's (DATABASE_URL=postgres://…)")
    import random

    rng = random.Random(5)
    now = dt.datetime.now(dt.UTC)
    codes = {"4-02-03-03": 5, "2-06-03-00": 10, "6-31-01-03": 21, "4-03-02-01": 4}  # 4: below the minimum
    for code, n in codes.items():
        for _ in range(n):
            lo = rng.randrange(2500, 9000, 50) + rng.choice((0, 1))  # odd sums: midpoints ending in .5
            p = make_posting(occupation_code=code, salary_min=str(lo), salary_max=str(lo + rng.randrange(0, 4000, 25)))
            Posting.objects.filter(pk=p.pk).update(published_at=now)
    today = dt.date.today()
    start, end = stats.quarter_bounds(today.year, (today.month - 1) // 3 + 1)
    lo, hi = stats._span(start, end)
    qs = Posting.objects.filter(published_at__gte=lo, published_at__lt=hi).exclude(occupation_code="")
    in_db, here = stats._wage_levels_sql(qs), stats._wage_levels_py(qs)
    assert in_db == here
    assert [r["code"] for r in in_db] == ["2-06-03-00", "4-02-03-03", "6-31-01-03"]
    assert stats.wage_levels(start, end) == in_db
