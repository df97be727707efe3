"""Statistics of Skills Jiyuan, by year, occupation and town (definitions in docs/skills.md):

- trainings: trainees put on a session's real-name roster, by the session's start year;
  subsidised ones are those funded by the skill-upgrade special account or the employment
  fund; rural-labour ones those of a voucher issued to the rural-labour group;
- completed: trainees who completed (the dated attendance minimum);
- certified after training: completed trainees with a certificate obtained on or after the
  session's start; the training certification rate is certified ÷ completed;
- certificate holders: residents holding at least one valid skill certificate on 31 December
  (the registry's certificates, the five kinds the plan counts).
- income gain after training: for completed trainees, the monthly wage of the latest job held
  within six months of the end (the job the employment rate counts) minus the wage of the job
  held on the session's first day (0 for a trainee who held none); trainees with a job of
  unknown wage on either side are not counted.

Every figure is one grouped query over the year's roster (certified, employed and the wages are
correlated subqueries the database runs per row, never a Python loop per trainee): the
benchmark in bench/skills_stats.py runs these over 1,000,000 residents and 2,000,000
certificates (docs/performance.md).
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from decimal import Decimal

from django.db import transaction
from django.db.models import (
    Count,
    DateField,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import ExtractYear

from .enums import EligibleGroup, FundingSource
from .models import Enrolment

SUBSIDISED = [FundingSource.SKILL_ACCOUNT, FundingSource.EMPLOYMENT_FUND]
FOLLOW_UP = dt.timedelta(days=183)  # "within six months of the end" (employment and income after training)


def _rate(num: int, den: int) -> Decimal | None:
    return (Decimal(num) * 100 / Decimal(den)).quantize(Decimal("0.1")) if den else None


def _year(qs, year: int):
    return qs.filter(session__starts_on__gte=dt.date(year, 1, 1), session__starts_on__lte=dt.date(year, 12, 31))


def with_outcomes(qs):
    """Annotate enrolments with what followed, one correlated subquery each:
    `cert_after` (a certificate obtained on or after the session's start), `wage_after` (the
    monthly wage of the latest job held within six months of the end: NULL for none, -1 when
    its wage is unknown) and `wage_before` (of the job held on the first day: 0 for none, -1
    when unknown)."""
    from django.db.models.functions import Coalesce

    from zhihui.registry.models import Certificate, EmploymentRecord

    start, end = OuterRef("session__starts_on"), OuterRef("session__ends_on")
    follow = ExpressionWrapper(end + FOLLOW_UP, output_field=DateField())
    money = DecimalField(max_digits=10, decimal_places=2)
    unknown = Value(Decimal("-1"), output_field=money)

    def wage(records):
        return Subquery(records.order_by("-start_date", "-pk").annotate(w=Coalesce("monthly_wage", unknown)).values("w")[:1],
                        output_field=money)

    held_at_start = EmploymentRecord.objects.filter(person_id=OuterRef("person_id"), start_date__lte=start).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start))
    after = EmploymentRecord.objects.filter(person_id=OuterRef("person_id"), start_date__lte=follow).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=end))
    return qs.annotate(
        cert_after=Exists(Certificate.objects.filter(person_id=OuterRef("person_id"), obtained_on__gte=start)),
        wage_after=wage(after),
        wage_before=Coalesce(wage(held_at_start), Value(Decimal("0"), output_field=money)),
    )


@contextmanager
def tuned():
    """A cursor in a transaction whose PostgreSQL settings suit these statistics: no JIT (the
    queries are many cheap index probes or one hash aggregate; compiling them cost seconds and
    saved nothing at 1,000,000 residents) and enough work memory to count 2,000,000
    certificates' holders in memory instead of spilling to disk (docs/performance.md)."""
    from django.db import connection

    with transaction.atomic(), connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SET LOCAL jit = off")
            cur.execute("SET LOCAL work_mem = '64MB'")
        yield cur


KNOWN = "completed AND wage_after >= 0 AND wage_before >= 0"
_SUBSIDISED = "funding IN (" + ", ".join(f"'{f.value}'" for f in SUBSIDISED) + ")"  # enum values, not input
OUTCOMES = (
    "COUNT(*) AS n, "
    f"SUM(CASE WHEN {_SUBSIDISED} THEN 1 ELSE 0 END) AS subsidised, "
    f"COUNT(DISTINCT CASE WHEN {_SUBSIDISED} AND vgroup = '{EligibleGroup.RURAL.value}' THEN person_id END) AS rural, "
    "SUM(CASE WHEN completed THEN 1 ELSE 0 END) AS done, "
    "SUM(CASE WHEN completed AND cert_after THEN 1 ELSE 0 END) AS certified, "
    "SUM(CASE WHEN completed AND wage_after IS NOT NULL THEN 1 ELSE 0 END) AS employed, "
    f"SUM(CASE WHEN {KNOWN} THEN 1 ELSE 0 END) AS income_known, "
    f"AVG(CASE WHEN {KNOWN} THEN wage_after - wage_before END) AS income_gain"
)


def outcomes(qs, group: str | None = None) -> list[dict]:
    """Trainees, completed, certified and employed after training, and the average income gain,
    of the enrolments `qs` (grouped by the field path `group` if given): one SQL query, the
    aggregate over the annotated roster (each subquery evaluated once per trainee)."""
    from django.db import connection

    inner = with_outcomes(qs.order_by()).annotate(funding=F("session__funding"), vgroup=F("voucher__group"))
    cols = ["person_id", "funding", "vgroup", "completed", "cert_after", "wage_after", "wage_before"]
    if group:
        inner = inner.annotate(grp=F(group))
        cols.append("grp")
    sql, params = inner.values(*cols).query.sql_with_params()
    by = " GROUP BY grp ORDER BY grp" if group else ""
    with tuned() as cur:
        if connection.vendor == "postgresql":
            # OFFSET 0 keeps the roster a subquery of its own, so each correlated subquery runs
            # once per trainee (pulled up, PostgreSQL would repeat it in every CASE that reads it).
            sql += " OFFSET 0"
        cur.execute(f"SELECT {'grp, ' if group else ''}{OUTCOMES} FROM ({sql}) AS roster{by}", params)
        names = [c[0] for c in cur.description]
        rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    for r in rows:
        for k in ("n", "subsidised", "rural", "done", "certified", "employed", "income_known"):
            r[k] = int(r[k] or 0)
        r["income_gain"] = None if r["income_gain"] is None else Decimal(str(r["income_gain"])).quantize(Decimal("1"))
    return rows


def year_figures(year: int) -> dict[str, object]:
    from zhihui.plan.compute import SKILL_KINDS
    from zhihui.registry.models import Certificate

    o = outcomes(_year(Enrolment.objects.all(), year))[0]
    agg = {"trainings": o["n"], "subsidised": o["subsidised"], "rural": o["rural"]}
    end = dt.date(year, 12, 31)
    with tuned():
        # COUNT(DISTINCT person_id) sorts in memory: half the time of SELECT DISTINCT's hash
        # aggregate over 1,360,000 valid certificates (docs/performance.md)
        holders = Certificate.objects.filter(kind__in=SKILL_KINDS, obtained_on__lte=end).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=end)).aggregate(n=Count("person", distinct=True))["n"]
    return {**agg, "completed": o["done"], "certified": o["certified"], "employed": o["employed"],
            "income_known": o["income_known"], "income_gain": o["income_gain"],
            "cert_rate": _rate(o["certified"], o["done"]), "employment_rate": _rate(o["employed"], o["done"]),
            "holders": holders, "has_data": agg["trainings"] > 0}


def training_counts(years: list[int]) -> dict[int, dict]:
    """Trainings, subsidised trainings and rural-labour persons per year (Table 1's rows): one
    query grouped by the session's start year."""
    if not years:
        return {}
    rows = (Enrolment.objects.filter(session__starts_on__gte=dt.date(min(years), 1, 1), session__starts_on__lte=dt.date(max(years), 12, 31))
            .annotate(y=ExtractYear("session__starts_on")).values("y").order_by("y").annotate(
                trainings=Count("pk"), subsidised=Count("pk", filter=Q(session__funding__in=SUBSIDISED)),
                rural=Count("person", distinct=True, filter=Q(session__funding__in=SUBSIDISED, voucher__group=EligibleGroup.RURAL)),
                done=Count("pk", filter=Q(completed=True))))
    found = {r["y"]: {**r, "completed": r["done"]} for r in rows}
    return {y: found.get(y, {"trainings": 0, "subsidised": 0, "rural": 0, "completed": 0}) for y in years}


def by_occupation(year: int) -> list[dict]:
    rows = (_year(Enrolment.objects.all(), year)
            .values("session__programme__occupation__code", "session__programme__occupation__name", "session__programme__name")
            .annotate(trainings=Count("pk"), completed=Count("pk", filter=Q(completed=True))).order_by("-trainings"))
    return [{"occupation": r["session__programme__occupation__name"] or r["session__programme__name"],
             "code": r["session__programme__occupation__code"] or "", "trainings": r["trainings"], "completed": r["completed"]}
            for r in rows]


def by_town(year: int) -> list[dict]:
    rows = (_year(Enrolment.objects.all(), year).values("person__residence__name")
            .annotate(trainings=Count("pk"), completed=Count("pk", filter=Q(completed=True))).order_by("-trainings"))
    return [{"town": r["person__residence__name"] or "—", "trainings": r["trainings"], "completed": r["completed"]} for r in rows]


def chart(years: list[int]) -> dict:
    """The ECharts option of the statistics page (zhihui/www/static/zhihui/charts.js): the
    counts of every year in one grouped query. (Certified after training is the selected year's
    figure in the table: over all years it would probe every trainee's certificates, 27 s at
    1,000,000 residents on a loaded machine — docs/performance.md.)"""
    figs = training_counts(years)
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"data": ["培训人次", "补贴性培训人次", "结业"]},
        "xAxis": {"type": "category", "data": [str(y) for y in years]},
        "yAxis": {"type": "value"},
        "series": [
            {"name": "培训人次", "type": "bar", "data": [figs[y]["trainings"] for y in years]},
            {"name": "补贴性培训人次", "type": "bar", "data": [figs[y]["subsidised"] for y in years]},
            {"name": "结业", "type": "line", "data": [figs[y]["completed"] for y in years]},
        ],
    }
