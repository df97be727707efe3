"""Market statistics: supply and demand, 求人倍率, shortage occupations, wage price levels, and
the screen's flags by category and month.

Definitions (also in docs/market.md):
- **demand (需求人数)**: the vacancies of postings published in the period (`published_at` in it),
  whatever their later state;
- **supply (求职人数)**: job-seeker registrations made in the period (`JobSeeker.created_at`),
  counted under each desired occupation (a seeker with two desired occupations counts in both;
  the overall figure counts each seeker once);
- **求人倍率 (job-seeker ratio)** = demand ÷ supply, per group and overall; no figure when
  supply is 0;
- **shortage**: ratio above the threshold in force on the period's last day
  (`enums.SHORTAGE_THRESHOLDS`, dated) with at least `SHORTAGE_MIN_VACANCIES` vacancies;
- **wage price levels (工资价位)**: per occupation, the 10th/25th/50th/75th/90th percentiles of
  posted monthly wages, one value per posting = the midpoint of its range, nearest-rank method
  (the value at rank ⌈p/100 × n⌉ of the sorted values), shown from `WAGE_MIN_POSTINGS` postings.
  Only posted wages: reported wages (payroll surveys) are not in the platform yet.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal

from .enums import SHORTAGE_MIN_VACANCIES, SHORTAGE_THRESHOLDS, WAGE_MIN_POSTINGS, WAGE_PERCENTILES


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, 3 * (quarter - 1) + 1, 1)
    end = dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


def shortage_threshold(on: dt.date) -> Decimal:
    value = None
    for since, threshold in sorted(SHORTAGE_THRESHOLDS):
        if dt.date.fromisoformat(since) <= on:
            value = Decimal(threshold)
    if value is None:
        raise ValueError(f"no shortage threshold in force on {on}")
    return value


def group_of(code: str, level: int) -> str:
    parts = (code or "").split("-")
    return "-".join(parts[:level]) if code and len(parts) >= level else ""


def _span(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The period's days as [first midnight, midnight after the last day) in the city's time
    zone: the same rows as `field__date` between start and end, without a cast per row, so the
    database can use an index on the timestamp."""
    from django.utils import timezone

    tz = timezone.get_current_timezone()
    return (timezone.make_aware(dt.datetime.combine(start, dt.time()), tz),
            timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time()), tz))


def ratio(demand: int, supply: int) -> Decimal | None:
    if not supply:
        return None
    return (Decimal(demand) / Decimal(supply)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def supply_demand(start: dt.date, end: dt.date, *, by: str = "occupation", level: int = 2) -> dict:
    """Rows {key, name, demand, supply, ratio, shortage} and the overall figures."""
    from django.db.models import Sum

    from zhihui.registry.models import Occupation

    from .models import JobSeeker, Posting

    lo, hi = _span(start, end)
    postings = Posting.objects.filter(published_at__gte=lo, published_at__lt=hi)
    seekers = JobSeeker.objects.filter(created_at__gte=lo, created_at__lt=hi)
    demand: Counter = Counter()
    supply: Counter = Counter()
    names: dict[str, str] = {}
    if by == "industry":
        return _by_industry(postings, seekers, start, end, level=min(level, 2))
    if by == "town":
        for town, name, v in postings.order_by().values_list("town_code", "town_name").annotate(v=Sum("vacancies")):
            demand[town] += v or 0
            names[town] = name
        for town, in seekers.values_list("town_code"):
            supply[town or ""] += 1
        names.setdefault("", "不限地点")
    else:
        for code, v in postings.order_by().values_list("occupation_code").annotate(v=Sum("vacancies")):
            demand[group_of(code, level)] += v or 0
        for codes, in seekers.values_list("desired_occupations"):
            for g in {group_of(c, level) for c in (codes or "").split(",")} or {""}:
                supply[g] += 1
        keys = [k for k in set(demand) | set(supply) if k]
        names.update(dict(Occupation.objects.filter(code__in=keys, valid_to__isnull=True).values_list("code", "name")))
        names[""] = "未编码"
    threshold = shortage_threshold(end)
    rows = []
    for key in sorted(set(demand) | set(supply)):
        r = ratio(demand[key], supply[key])
        rows.append({
            "key": key, "name": names.get(key, key), "demand": demand[key], "supply": supply[key], "ratio": r,
            "shortage": bool(by == "occupation" and key and demand[key] >= SHORTAGE_MIN_VACANCIES
                             and (r is None or r > threshold)),
        })
    rows.sort(key=lambda r: (-r["demand"], r["key"]))
    total_demand = sum(demand.values())
    total_supply = seekers.count()
    return {"start": start, "end": end, "by": by, "level": level, "rows": rows, "threshold": threshold,
            "demand": total_demand, "supply": total_supply, "ratio": ratio(total_demand, total_supply)}


def industry_section_of() -> dict[str, str]:
    """Division code (2 digits) → its section letter (GB/T 4754-2017), from the catalogue."""
    from zhihui.registry.models import Industry

    return dict(Industry.objects.filter(level=2, valid_to__isnull=True).values_list("code", "parent__code"))


def _by_industry(postings, seekers, start, end, *, level: int) -> dict:
    """Demand by industry (section at level 1, division at level 2) of the posting employers'
    stated industry. Job seekers do not state an industry, so supply and the ratio are given
    overall only (rows carry supply None)."""
    from django.db.models import Count, Sum

    from zhihui.registry.models import Industry

    section = industry_section_of()
    demand: Counter = Counter()
    count: Counter = Counter()
    for code, v, n in (postings.order_by().values_list("industry_code").annotate(v=Sum("vacancies"), n=Count("id"))):
        code = (code or "").strip()
        key = "" if not code else (section.get(code[:2], "") if level == 1 else code[:2])
        demand[key] += v or 0
        count[key] += n
    names = dict(Industry.objects.filter(code__in=[k for k in demand if k], valid_to__isnull=True).values_list("code", "name"))
    names[""] = "未填行业"
    rows = [{"key": k, "name": names.get(k, k), "demand": demand[k], "postings": count[k], "supply": None,
             "ratio": None, "shortage": False} for k in demand]
    rows.sort(key=lambda r: (-r["demand"], r["key"]))
    total_demand, total_supply = sum(demand.values()), seekers.count()
    return {"start": start, "end": end, "by": "industry", "level": level, "rows": rows,
            "threshold": shortage_threshold(end), "demand": total_demand, "supply": total_supply,
            "ratio": ratio(total_demand, total_supply)}


def nearest_rank(values: list[Decimal], p: int) -> Decimal:
    ordered = sorted(values)
    k = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[k - 1]


def wage_levels(start: dt.date, end: dt.date) -> list[dict]:
    """On PostgreSQL the percentiles are taken in the database (`percentile_disc`, which is the
    nearest-rank method: the value at rank ⌈p/100 × n⌉), one row per occupation; elsewhere the
    postings' midpoints are read and ranked here. Rounding a midpoint to whole yuan is monotone,
    so rounding the chosen value gives the same figure as choosing among rounded values."""
    from django.db import connection

    from .models import Posting

    lo, hi = _span(start, end)
    qs = Posting.objects.filter(published_at__gte=lo, published_at__lt=hi).exclude(occupation_code="")
    if connection.vendor == "postgresql":
        return _wage_levels_sql(qs)
    return _wage_levels_py(qs)


def _wage_levels_py(qs) -> list[dict]:
    by_occ: dict[tuple[str, str], list[Decimal]] = defaultdict(list)
    for code, name, s_lo, s_hi in qs.values_list("occupation_code", "occupation_name", "salary_min", "salary_max"):
        by_occ[(code, name)].append(((s_lo + s_hi) / 2).quantize(Decimal("1")))
    rows = []
    for (code, name), values in sorted(by_occ.items()):
        if len(values) < WAGE_MIN_POSTINGS:
            continue
        rows.append({"code": code, "name": name, "n": len(values),
                     **{f"p{p}": nearest_rank(values, p) for p in WAGE_PERCENTILES}})
    return rows


def _wage_levels_sql(qs) -> list[dict]:
    from django.db import connection

    inner, params = qs.values("occupation_code", "occupation_name", "salary_min", "salary_max").query.sql_with_params()
    fractions = ", ".join(str(p / 100) for p in WAGE_PERCENTILES)  # module constants, not input
    sql = (f"SELECT t.occupation_code, t.occupation_name, COUNT(*), percentile_disc(ARRAY[{fractions}]::float8[]) "
           f"WITHIN GROUP (ORDER BY (t.salary_min + t.salary_max) / 2) FROM ({inner}) t "
           f"GROUP BY t.occupation_code, t.occupation_name HAVING COUNT(*) >= %s ORDER BY 1, 2")
    with connection.cursor() as cur:
        cur.execute(sql, [*params, WAGE_MIN_POSTINGS])
        out = []
        for code, name, n, values in cur.fetchall():
            out.append({"code": code, "name": name, "n": n,
                        **{f"p{p}": Decimal(v).quantize(Decimal("1")) for p, v in zip(WAGE_PERCENTILES, values, strict=True)}})
    return out


def flags_by_month(start: dt.date, end: dt.date) -> list[dict]:
    """The screen's flags on submitted postings, by month and category (every submission counts)."""
    from django.utils import timezone

    from .models import PostingTransition

    counts: Counter = Counter()
    lo, hi = _span(start, end)
    for at, flags in PostingTransition.objects.filter(name="submit", at__gte=lo, at__lt=hi).values_list(
            "at", "flags"):
        for f in flags or ():
            counts[(timezone.localtime(at).strftime("%Y-%m"), f.get("category", ""))] += 1  # the city's month
    return [{"month": m, "category": c, "count": n} for (m, c), n in sorted(counts.items())]


def workbook(sd: dict, wages: list[dict], flags: list[dict]) -> bytes:

    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "供求"
    ws.append([f"人力资源市场供求 {sd['start']} 至 {sd['end']}", "", "", "", "", ""])
    ws.append(["代码", "名称", "需求人数", "求职人数", "求人倍率", "紧缺"])
    for c in ws[2]:
        c.font = Font(bold=True)
    for r in sd["rows"]:
        ws.append([r["key"], r["name"], r["demand"], r["supply"], float(r["ratio"]) if r["ratio"] is not None else None,
                   "是" if r["shortage"] else ""])
    ws.append(["合计", "", sd["demand"], sd["supply"], float(sd["ratio"]) if sd["ratio"] is not None else None, ""])
    ws.append([f"求人倍率 = 需求人数 ÷ 求职人数；紧缺：求人倍率 > {sd['threshold']} 且需求 ≥ {SHORTAGE_MIN_VACANCIES}"])
    w = wb.create_sheet("工资价位")
    w.append(["职业代码", "职业", "岗位数"] + [f"P{p}" for p in WAGE_PERCENTILES])
    for r in wages:
        w.append([r["code"], r["name"], r["n"]] + [float(r[f"p{p}"]) for p in WAGE_PERCENTILES])
    w.append(["方法：每个岗位取月薪区间中点，按最近秩法(第 ⌈p/100×n⌉ 位)取分位数；仅含发布岗位的标价工资"])
    f = wb.create_sheet("筛查标记")
    f.append(["月份", "类别", "标记数"])
    for r in flags:
        f.append([r["month"], r["category"], r["count"]])
    from zhihui.core.spreadsheets import save_workbook  # neutralises formula-like cells

    return save_workbook(wb)
