"""Indicators computed from the registry's microdata (zhihui.registry.models).

Two aggregate SQL queries compute every figure for any number of years (certificates grouped
per person with 0/1 flags, then summed; the same for employment records), never a Python loop
over people, so a million-resident city is counted in the database. Definitions
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

from django.db.models import Q

from zhihui import vocab

SKILL_KINDS = [
    "skill_level",
    "vocational_qualification",
    "special_operation",
    "special_equipment",
    "specialty_skill",
]
HIGH_LEVELS = list(vocab.HIGH_SKILL_LEVELS)  # zhihui/vocab.py
MID_HIGH_LEVELS = ["intermediate_worker", *HIGH_LEVELS]
SENIOR_TITLES = list(vocab.SENIOR_TITLES)
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
    # employment services (zhihui.employment.selectors.indicators; definitions in docs/employment.md)
    "employment.new_urban_employment": "T1-19",
    "employment.rural_transfer": "T1-20",
    "employment.zero_households_open": "C10-T02",
    # human-resources market (zhihui.market.indicators; definition in docs/market.md)
    "market.hundred_entrepreneurs": "C2-T04",
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


def _in(values: list[str]) -> str:
    return "(" + ", ".join("'" + v + "'" for v in values) + ")"  # constants of this module only


def raw_counts_years(years: list[int]) -> dict[int, dict[str, int]]:
    """The counts behind every computed indicator, for several years in one pass.

    Two queries in all, whatever the number of years: the certificates are grouped once per
    person (hash aggregate) with one 0/1 flag per year and measure, and the flags are summed;
    likewise the employment records. This is much cheaper than one COUNT(DISTINCT) per measure
    and year (each of which sorts). Plain SQL that SQLite and PostgreSQL both run.
    """
    from django.db import connection

    from zhihui.registry.models import Certificate, EmploymentRecord

    years = sorted(set(years))
    all_years = sorted(set(years) | {y - 1 for y in years})
    cert = Certificate._meta.db_table
    emp = EmploymentRecord._meta.db_table
    skill = f"kind IN {_in(SKILL_KINDS)}"
    high = f"{skill} AND skill_level IN {_in(HIGH_LEVELS)}"
    mid_high = f"{skill} AND skill_level IN {_in(MID_HIGH_LEVELS)}"
    title = "kind = 'professional_title'"
    senior = f"{title} AND title_level IN {_in(SENIOR_TITLES)}"
    inner, outer, params_inner = [], [], []

    def flag(name, cond, params, agg="MAX"):
        inner.append(f"{agg}(CASE WHEN {cond} THEN 1 ELSE 0 END) AS {name}")
        outer.append(f"SUM({name})")
        params_inner.extend(params)

    names = []
    for y in all_years:
        end, start = dt.date(y, 12, 31), dt.date(y, 1, 1)
        valid = "obtained_on <= %s AND (valid_to IS NULL OR valid_to >= %s)"
        flag(f"high_ever_{y}", f"{high} AND obtained_on <= %s", [end])
        names.append((y, "high_ever"))
        if y not in years:
            continue
        for key, cond in [
            ("holders", "1 = 1"),
            ("skill", skill),
            ("high", high),
            ("mid_high", mid_high),
            ("titled", title),
            ("senior_titled", senior),
        ]:
            flag(f"{key}_{y}", f"{valid} AND {cond}", [end, end])
            names.append((y, key))
        flag(f"skill_new_{y}", f"{skill} AND obtained_on >= %s AND obtained_on <= %s", [start, end])
        names.append((y, "skill_new"))
        flag(
            f"senior_cert_new_{y}",
            f"{high} AND obtained_on >= %s AND obtained_on <= %s",
            [start, end],
            agg="SUM",
        )
        names.append((y, "senior_cert_new"))
    last = dt.date(max(all_years), 12, 31)
    sql = (
        f"SELECT {', '.join(outer)} FROM (SELECT person_id, {', '.join(inner)} "
        f"FROM {cert} WHERE obtained_on <= %s GROUP BY person_id) t"
    )
    out: dict[int, dict[str, int]] = {y: {} for y in all_years}
    with connection.cursor() as cur:
        cur.execute(sql, [*params_inner, last])
        row = cur.fetchone()
        for (y, key), value in zip(names, row, strict=True):
            out[y][key] = int(value or 0)
        e_inner, e_outer, e_params = [], [], []
        for y in years:
            end = dt.date(y, 12, 31)
            e_inner.append(
                f"MAX(CASE WHEN start_date <= %s AND (end_date IS NULL OR end_date > %s) "
                f"THEN 1 ELSE 0 END) AS e_{y}"
            )
            e_outer.append(f"SUM(e_{y})")
            e_params.extend([end, end])
        cur.execute(
            f"SELECT {', '.join(e_outer)} FROM (SELECT person_id, {', '.join(e_inner)} "
            f"FROM {emp} WHERE start_date <= %s GROUP BY person_id) t",
            [*e_params, dt.date(max(years), 12, 31)],
        )
        for y, value in zip(years, cur.fetchone(), strict=True):
            out[y]["employed"] = int(value or 0)
    for y in years:
        out[y]["high_ever_prev"] = out[y - 1]["high_ever"]
    return {y: out[y] for y in years}


def raw_counts(year: int) -> dict[str, int]:
    """The counts behind every computed indicator for one year (persons, not 万人)."""
    return raw_counts_years([year])[year]


# The plan's absolute targets (万人) are for the whole city. A demo city of N residents holds a
# sample of it (zhihui/registry/demo: the same proportions at any N), so its counts are scaled
# to the city's population before they are compared with a target (issue 15, found 9): a
# 20,000-resident demo must not read as 3 % of a 73万 target. Shares (%) are not scaled. A real
# registry (no DemoCity marker) is not scaled.
CITY_RESIDENTS = 730_000  # 7th census, about 73万 (zhihui/registry/demo/calibration.py BASELINE_2020)


def population_scale() -> tuple[Decimal, str]:
    """(factor, note): CITY_RESIDENTS / demo residents for a demo city, else (1, "")."""
    from zhihui.registry.models import DemoCity

    demo = DemoCity.objects.order_by("-generated_at").first()
    if demo is None or not demo.residents or demo.residents >= CITY_RESIDENTS:
        return Decimal(1), ""
    factor = Decimal(CITY_RESIDENTS) / Decimal(demo.residents)
    return factor, f"演示城市 {demo.residents} 人按全市 {CITY_RESIDENTS // 10000} 万人口折算（×{factor.quantize(Decimal('0.01'))}）"


def _values(c: dict[str, int], scale: Decimal = Decimal(1)) -> dict[str, Decimal | None]:
    def _wan(n) -> Decimal:  # noqa: F811 - the scaled count for this city
        return (_q(n) * scale / WAN).quantize(Decimal("0.0001"))

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


# Domains that compute indicators from their own records. Each module has
# `compute_years(years) -> {year: {indicator code: value}}`; an indicator it fills says
# `computed: <domain>.…` in indicators.yaml.
DOMAIN_SOURCES = [
    "zhihui.employment.indicators",
    "zhihui.rights.indicators",
    "zhihui.skills.indicators",
    "zhihui.market.indicators",
]


def _domain_values(years: list[int]) -> dict[int, dict[str, Decimal | None]]:
    from zhihui.optional import import_optional

    out: dict[int, dict[str, Decimal | None]] = {y: {} for y in years}
    for name in DOMAIN_SOURCES:
        module = import_optional(name)
        if module is None:
            continue
        for year, values in module.compute_years(years).items():
            out[year].update(values)
    return out


def compute_year(year: int) -> dict[str, Decimal | None]:
    """{indicator code: value in the indicator's unit} for one year."""
    return compute_years([year])[year]


def compute_years(years: list[int]) -> dict[int, dict[str, Decimal | None]]:
    """compute_year for several years: the registry's counts in two queries, then the domains'."""
    scale, _note = population_scale()
    out = {y: _values(c, scale) for y, c in raw_counts_years(years).items()}
    for year, values in _domain_values(years).items():
        out.setdefault(year, {}).update(values)
    return out


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
