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
from decimal import Decimal

from django.db.models import (
    Avg,
    Case,
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
    When,
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
    """Annotate enrolments with what followed: `cert_after` (a certificate obtained on or after
    the session's start), `employed_after` (a job held within six months of the end),
    `wage_before` and `wage_after` (see the module's definitions)."""
    from zhihui.registry.models import Certificate, EmploymentRecord

    start, end = OuterRef("session__starts_on"), OuterRef("session__ends_on")
    follow = ExpressionWrapper(end + FOLLOW_UP, output_field=DateField())
    held_at_start = EmploymentRecord.objects.filter(person_id=OuterRef("person_id"), start_date__lte=start).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start))
    after = EmploymentRecord.objects.filter(person_id=OuterRef("person_id"), start_date__lte=follow).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=end))
    money = DecimalField(max_digits=10, decimal_places=2)
    return qs.annotate(
        cert_after=Exists(Certificate.objects.filter(person_id=OuterRef("person_id"), obtained_on__gte=start)),
        employed_after=Exists(after),
        had_job=Exists(held_at_start),
        wage_after=Subquery(after.order_by("-start_date", "-pk").values("monthly_wage")[:1], output_field=money),
    ).annotate(
        wage_before=Case(When(had_job=True, then=Subquery(held_at_start.order_by("-start_date", "-pk").values("monthly_wage")[:1],
                                                          output_field=money)),
                         default=Value(Decimal("0.00")), output_field=money),
    )


def outcome_aggregates() -> dict:
    """The aggregates over enrolments annotated by `with_outcomes` (completed ones only; the
    count of completed ones is `done`, not to shadow the field)."""
    done = Q(completed=True)
    wages = done & Q(wage_after__isnull=False, wage_before__isnull=False)
    return {
        "done": Count("pk", filter=done),
        "certified": Count("pk", filter=done & Q(cert_after=True)),
        "employed": Count("pk", filter=done & Q(employed_after=True)),
        "income_known": Count("pk", filter=wages),
        "income_gain": Avg(F("wage_after") - F("wage_before"), filter=wages),
    }


def _gain(v) -> Decimal | None:
    return None if v is None else Decimal(v).quantize(Decimal("1"))


def year_figures(year: int) -> dict[str, object]:
    from zhihui.plan.compute import SKILL_KINDS
    from zhihui.registry.models import Certificate

    agg = with_outcomes(_year(Enrolment.objects.all(), year)).aggregate(
        trainings=Count("pk"),
        subsidised=Count("pk", filter=Q(session__funding__in=SUBSIDISED)),
        rural=Count("person", distinct=True, filter=Q(session__funding__in=SUBSIDISED, voucher__group=EligibleGroup.RURAL)),
        **outcome_aggregates(),
    )
    end = dt.date(year, 12, 31)
    holders = Certificate.objects.filter(kind__in=SKILL_KINDS, obtained_on__lte=end).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=end)).values("person").distinct().count()
    agg["completed"] = agg.pop("done")
    return {**agg, "income_gain": _gain(agg["income_gain"]), "cert_rate": _rate(agg["certified"], agg["completed"]),
            "employment_rate": _rate(agg["employed"], agg["completed"]), "holders": holders, "has_data": agg["trainings"] > 0}


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


def by_year(years: list[int]) -> dict[int, dict]:
    """Trainings, subsidised, completed and certified after training for each year: one query
    grouped by the session's start year."""
    if not years:
        return {}
    qs = with_outcomes(Enrolment.objects.filter(session__starts_on__gte=dt.date(min(years), 1, 1),
                                                session__starts_on__lte=dt.date(max(years), 12, 31)))
    rows = qs.annotate(y=ExtractYear("session__starts_on")).values("y").order_by("y").annotate(
        trainings=Count("pk"), subsidised=Count("pk", filter=Q(session__funding__in=SUBSIDISED)),
        done=Count("pk", filter=Q(completed=True)), certified=Count("pk", filter=Q(completed=True, cert_after=True)))
    found = {r["y"]: {**r, "completed": r["done"]} for r in rows}
    zero = {"trainings": 0, "subsidised": 0, "completed": 0, "certified": 0}
    return {y: found.get(y, zero) for y in years}


def chart(years: list[int]) -> dict:
    """The ECharts option of the statistics page (zhihui/www/static/zhihui/charts.js)."""
    figs = by_year(years)
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"data": ["培训人次", "补贴性培训人次", "结业", "培训后取证"]},
        "xAxis": {"type": "category", "data": [str(y) for y in years]},
        "yAxis": {"type": "value"},
        "series": [
            {"name": "培训人次", "type": "bar", "data": [figs[y]["trainings"] for y in years]},
            {"name": "补贴性培训人次", "type": "bar", "data": [figs[y]["subsidised"] for y in years]},
            {"name": "结业", "type": "line", "data": [figs[y]["completed"] for y in years]},
            {"name": "培训后取证", "type": "line", "data": [figs[y]["certified"] for y in years]},
        ],
    }
