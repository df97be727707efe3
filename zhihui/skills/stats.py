"""Statistics of Skills Jiyuan, by year, occupation and town (definitions in docs/skills.md):

- trainings: trainees put on a session's real-name roster, by the session's start year;
  subsidised ones are those funded by the skill-upgrade special account or the employment
  fund; rural-labour ones those of a voucher issued to the rural-labour group;
- completed: trainees who completed (the dated attendance minimum);
- certified after training: completed trainees with a certificate obtained on or after the
  session's start; the training certification rate is certified ÷ completed;
- certificate holders: residents holding at least one valid skill certificate on 31 December
  (the registry's certificates, the five kinds the plan counts).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q

from .enums import EligibleGroup, FundingSource
from .models import Enrolment

SUBSIDISED = [FundingSource.SKILL_ACCOUNT, FundingSource.EMPLOYMENT_FUND]


def _rate(num: int, den: int) -> Decimal | None:
    return (Decimal(num) * 100 / Decimal(den)).quantize(Decimal("0.1")) if den else None


def _year(qs, year: int):
    return qs.filter(session__starts_on__year=year)


def year_figures(year: int) -> dict[str, object]:
    from zhihui.plan.compute import SKILL_KINDS
    from zhihui.registry.models import Certificate

    qs = _year(Enrolment.objects.all(), year)
    agg = qs.aggregate(
        trainings=Count("pk"),
        subsidised=Count("pk", filter=Q(session__funding__in=SUBSIDISED)),
        rural=Count("person", distinct=True, filter=Q(session__funding__in=SUBSIDISED, voucher__group=EligibleGroup.RURAL)),
        completed=Count("pk", filter=Q(completed=True)),
    )
    certified = _certified(qs.filter(completed=True))
    end = dt.date(year, 12, 31)
    holders = Certificate.objects.filter(kind__in=SKILL_KINDS, obtained_on__lte=end).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=end)).values("person").distinct().count()
    return {**agg, "certified": certified, "cert_rate": _rate(certified, agg["completed"]), "holders": holders,
            "has_data": agg["trainings"] > 0}


def _certified(completed_qs) -> int:
    from zhihui.registry.models import Certificate

    n = 0
    for person_id, start in completed_qs.values_list("person_id", "session__starts_on"):
        n += Certificate.objects.filter(person_id=person_id, obtained_on__gte=start).exists()
    return n


def by_occupation(year: int) -> list[dict]:
    rows = (_year(Enrolment.objects.all(), year)
            .values("session__programme__occupation__code", "session__programme__occupation__name", "session__programme__name")
            .annotate(trainings=Count("pk"), completed=Count("pk", filter=Q(completed=True))).order_by("-trainings"))
    return [{"occupation": r["session__programme__occupation__name"] or r["session__programme__name"],
             "code": r["session__programme__occupation__code"] or "", "trainings": r["trainings"], "completed": r["completed"]}
            for r in rows]


def by_town(year: int) -> list[dict]:
    out: dict[str, dict] = defaultdict(lambda: {"trainings": 0, "completed": 0})
    for name, completed in _year(Enrolment.objects.all(), year).values_list("person__residence__name", "completed"):
        row = out[name or "—"]
        row["trainings"] += 1
        row["completed"] += bool(completed)
    return [{"town": k, **v} for k, v in sorted(out.items(), key=lambda kv: -kv[1]["trainings"])]


def chart(years: list[int]) -> dict:
    """The ECharts option of the statistics page (zhihui/www/static/zhihui/charts.js)."""
    figs = [year_figures(y) for y in years]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"data": ["培训人次", "补贴性培训人次", "结业", "培训后取证"]},
        "xAxis": {"type": "category", "data": [str(y) for y in years]},
        "yAxis": {"type": "value"},
        "series": [
            {"name": "培训人次", "type": "bar", "data": [f["trainings"] for f in figs]},
            {"name": "补贴性培训人次", "type": "bar", "data": [f["subsidised"] for f in figs]},
            {"name": "结业", "type": "line", "data": [f["completed"] for f in figs]},
            {"name": "培训后取证", "type": "line", "data": [f["certified"] for f in figs]},
        ],
    }
