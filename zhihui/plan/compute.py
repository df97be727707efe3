"""Indicators computed from the registry's microdata (zhihui.registry.models).

Every figure is one aggregate SQL query per year (conditional COUNT(DISTINCT …)), never a
Python loop over people, so a million-resident city is counted in the database. Definitions
(L154, C1-R03):
  技能人才 (skill talents)   persons holding a valid 职业资格/职业技能等级/特种作业/特种设备/
                              专项职业能力 certificate at year end
  高技能人才                  … at 高级工(三级) or above;   中高级技能人才: 中级工(四级) or above
  专业技术人才                persons holding a professional title (职称)
  持证人员                    persons holding any valid certificate or title
  从业人员 (employed)         persons with an employment record open at year end
  持证率 / 技能人才占比        holders ÷ employed × 100;  中高级占比: mid/high ÷ skill × 100
Flows (cumulative indicators) count the persons (or certificates, for 人次) first obtaining
the kind in that calendar year.
The five talent categories of L26 (企业经营管理/农村实用/社会工作) have no record in the
registry yet: those indicators stay manual until the talent-category service lands.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q

SKILL_KINDS = [
    "skill_level",
    "vocational_qualification",
    "special_operation",
    "special_equipment",
    "specialty_skill",
]
HIGH_LEVELS = ["senior_worker", "technician", "senior_technician"]
MID_HIGH_LEVELS = ["intermediate_worker", *HIGH_LEVELS]
SENIOR_TITLES = ["associate_senior", "senior"]
WAN = Decimal(10000)

# registry key -> (indicator code, description) — what compute_year() fills in
COMPUTED = {
    "registry.skill.skill_talents": "T1-09",
    "registry.skill.skill_talent_share": "T1-10",
    "registry.skill.high_skilled": "T1-03",
    "registry.skill.mid_high": "C1-T21a",
    "registry.skill.mid_high_share": "C1-T21b",
    "registry.skill.high_skilled_new": "C1-T13",
    "registry.certificate.holders": "T1-13",
    "registry.certificate.holding_rate": "T1-15",
    "registry.certificate.skill_new": "T1-14",
    "registry.certificate.senior_new": "C6-T05b",
    "registry.talent_category.professional_technical": "T1-02",
    "registry.talent_category.senior_title_share": "C1-T12",
}


def _q(n) -> Decimal:
    return Decimal(n or 0)


def _pct(num, den) -> Decimal | None:
    if not den:
        return None
    return (_q(num) * 100 / _q(den)).quantize(Decimal("0.01"))


def _wan(n) -> Decimal:
    return (_q(n) / WAN).quantize(Decimal("0.0001"))


def _valid_at(day):
    return Q(obtained_on__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def raw_counts(year: int) -> dict[str, int]:
    """The counts behind every computed indicator for one year (persons, not 万人)."""
    from zhihui.registry.models import Certificate, EmploymentRecord

    end = dt.date(year, 12, 31)
    start = dt.date(year, 1, 1)
    prev_end = dt.date(year - 1, 12, 31)
    skill = Q(kind__in=SKILL_KINDS)
    high = skill & Q(skill_level__in=HIGH_LEVELS)
    title = Q(kind="professional_title")
    stock = Certificate.objects.filter(_valid_at(end)).aggregate(
        holders=Count("person", distinct=True),
        skill=Count("person", distinct=True, filter=skill),
        high=Count("person", distinct=True, filter=high),
        mid_high=Count("person", distinct=True, filter=skill & Q(skill_level__in=MID_HIGH_LEVELS)),
        titled=Count("person", distinct=True, filter=title),
        senior_titled=Count(
            "person", distinct=True, filter=title & Q(title_level__in=SENIOR_TITLES)
        ),
    )
    flows = Certificate.objects.filter(obtained_on__lte=end).aggregate(
        skill_new=Count("person", distinct=True, filter=skill & Q(obtained_on__gte=start)),
        senior_cert_new=Count("id", filter=high & Q(obtained_on__gte=start)),
        high_ever=Count("person", distinct=True, filter=high),
        high_ever_prev=Count("person", distinct=True, filter=high & Q(obtained_on__lte=prev_end)),
    )
    employed = EmploymentRecord.objects.filter(
        Q(start_date__lte=end) & (Q(end_date__isnull=True) | Q(end_date__gt=end))
    ).aggregate(n=Count("person", distinct=True))["n"]
    return {**stock, **flows, "employed": employed}


def compute_year(year: int) -> dict[str, Decimal | None]:
    """{indicator code: value in the indicator's unit} for one year."""
    c = raw_counts(year)
    return {
        "T1-09": _wan(c["skill"]),
        "T1-10": _pct(c["skill"], c["employed"]),
        "T1-03": _wan(c["high"]),
        "C1-T21a": _wan(c["mid_high"]),
        "C1-T21b": _pct(c["mid_high"], c["skill"]),
        # first 高级工+ certificate in the year = ever-held this year − ever-held last year
        "C1-T13": _wan(c["high_ever"] - c["high_ever_prev"]),
        "T1-13": _wan(c["holders"]),
        "T1-15": _pct(c["holders"], c["employed"]),
        "T1-14": _wan(c["skill_new"]),
        "C6-T05b": _wan(c["senior_cert_new"]),
        "T1-02": _wan(c["titled"]),
        "C1-T12": _pct(c["senior_titled"], c["titled"]),
    }


# --- drill-down: the anonymised records behind a figure -------------------------------------

DRILL = {
    "T1-09": ("stock", Q(kind__in=SKILL_KINDS)),
    "T1-10": ("stock", Q(kind__in=SKILL_KINDS)),
    "T1-03": ("stock", Q(kind__in=SKILL_KINDS, skill_level__in=HIGH_LEVELS)),
    "C1-T21a": ("stock", Q(kind__in=SKILL_KINDS, skill_level__in=MID_HIGH_LEVELS)),
    "C1-T21b": ("stock", Q(kind__in=SKILL_KINDS, skill_level__in=MID_HIGH_LEVELS)),
    "T1-13": ("stock", Q()),
    "T1-15": ("stock", Q()),
    "T1-02": ("stock", Q(kind="professional_title")),
    "C1-T12": ("stock", Q(kind="professional_title", title_level__in=SENIOR_TITLES)),
    "T1-14": ("flow", Q(kind__in=SKILL_KINDS)),
    "C6-T05b": ("flow", Q(kind__in=SKILL_KINDS, skill_level__in=HIGH_LEVELS)),
    "C1-T13": ("flow", Q(kind__in=SKILL_KINDS, skill_level__in=HIGH_LEVELS)),
}


def drill_down(code: str, year: int, page: int = 1, per_page: int = 50) -> dict:
    """One page of the certificate records counted for `code` in `year`: masked identity
    number, sex, birth year, certificate kind/level and date; never a name."""
    from zhihui.registry.models import Certificate

    if code not in DRILL:
        return {"code": code, "year": year, "total": 0, "rows": [], "page": 1, "pages": 0}
    kind, q = DRILL[code]
    end = dt.date(year, 12, 31)
    if kind == "stock":
        qs = Certificate.objects.filter(_valid_at(end)).filter(q)
    else:
        qs = Certificate.objects.filter(
            q, obtained_on__gte=dt.date(year, 1, 1), obtained_on__lte=end
        )
    total = qs.count()
    page = max(1, int(page))
    pages = (total + per_page - 1) // per_page
    rows = [
        {
            "person": r["person__id_number_masked"],
            "sex": r["person__sex"],
            "birth_year": r["person__birth_date"].year if r["person__birth_date"] else None,
            "kind": r["kind"],
            "level": r["skill_level"] or r["title_level"],
            "obtained_on": r["obtained_on"].isoformat(),
        }
        for r in qs.order_by("obtained_on", "id").values(
            "person__id_number_masked",
            "person__sex",
            "person__birth_date",
            "kind",
            "skill_level",
            "title_level",
            "obtained_on",
        )[(page - 1) * per_page : page * per_page]
    ]
    return {"code": code, "year": year, "total": total, "rows": rows, "page": page, "pages": pages}
