"""Registry → policy-engine profile: the single place that knows how registry facts become the
engine's input (shared/contracts/benefits.md, "Person profile" / "Organization profile").

Rule of the mapping: a fact the registry does not hold is left ABSENT, never defaulted, so the
engine says `undetermined` and names it in `missing` (the one window then asks the applicant).
Where the registry is the bureau's own system of record, an empty set is a stated fact:

* talent categories (recognised by the bureau): no valid recognition → `talent_category: null`;
* titles and skill certificates (issued/registered by HRSS): none on file → `[]`;
* 王屋英才 selections (decided at the one window, zhihui.window.models.Selection) → `[]`.

Facts the registry never holds stay absent: honours, scarce-talent scores, a founded business,
start-up project ratings; for organisations: graduate transfers, order training, studios,
organised experts, and whether a firm is eligible for guaranteed loans.

Every fact is judged at `as_of`: records starting after it are ignored, records that ended
before it too. One code path serves one person (`person_profile`, used by the explain page
and the one window) and a million (`iter_person_profiles`, used by the sweep): both read the
registry with a handful of set-wise queries (values_list over an id range), never one query
per person, so the two cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db.models import Q

# The engine's degree values, highest first (contract: education.degree).
DEGREES = ("doctorate", "master", "bachelor", "associate", "preparatory_technician", "none")
_DEGREE_RANK = {d: i for i, d in enumerate(DEGREES)}

# Registry organisation kind → contract employment.employer_kind. Kinds not listed give no
# employer kind (absent): the registry cannot tell a public hospital from a private one, nor a
# university from another school unless the industry code says higher education (GB/T 4754
# 834x), nor a sci-tech platform from any other employer.
_EMPLOYER_KIND = {
    "research_institute": "zone_research_institute",
    "public_institution": "public_institution",
    "government": "government",
    "hr_agency": "other",
    "social_organisation": "other",
}
_HIGHER_EDUCATION_INDUSTRY = "834"  # GB/T 4754-2017 高等教育

SKILL_LEVELS = {
    "senior_technician",
    "technician",
    "senior_worker",
    "intermediate_worker",
    "junior_worker",
}
TITLE_LEVELS = {"senior", "associate_senior", "intermediate", "junior"}
SKILL_CERT_KINDS = ("skill_level", "vocational_qualification")

PERSON_PREFIX = "person-"
ORG_PREFIX = "org-"


def person_id_of(profile_id: str) -> int:
    return int(profile_id[len(PERSON_PREFIX) :])


def org_id_of(profile_id: str) -> int:
    return int(profile_id[len(ORG_PREFIX) :])


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d is not None else None


def employer_kind(org_kind: str | None, is_key: bool, industry_code: str | None) -> str | None:
    """The contract's employer kind of a registry organisation, or None when it cannot say."""
    if org_kind is None:
        return None
    if org_kind == "enterprise":
        return "key_enterprise" if is_key else "enterprise"
    if org_kind == "school":
        return (
            "local_university"
            if (industry_code or "").startswith(_HIGHER_EDUCATION_INDUSTRY)
            else None
        )
    return _EMPLOYER_KIND.get(org_kind)


def _months_between(earlier: dt.date, later: dt.date) -> int:
    return (later.year - earlier.year) * 12 + (later.month - earlier.month)


# --------------------------------------------------------------------------- persons


def _person_rows(sel: dict, as_of: dt.date):
    """Read every fact of the selected persons in 7 queries. `sel` maps a lookup suffix to its
    value ({"__in": [ids]} or {"__gte": lo, "__lt": hi}) applied to the person id."""
    from zhihui.registry.models import (
        Certificate,
        EducationRecord,
        EmploymentRecord,
        InsuranceRecord,
        Person,
        TalentCategoryRecord,
    )

    ids_q = Q(**{f"person_id{k}": v for k, v in sel.items()})
    persons = list(
        Person.objects.filter(**{f"id{k}": v for k, v in sel.items()})
        .order_by("id")
        .values_list("id", "birth_date", "hukou_region", "hukou_settled_on", "owns_home_in_jiyuan")
    )
    edu = defaultdict(list)
    for row in (
        EducationRecord.objects.filter(ids_q, graduation_date__lte=as_of)
        .values_list(
            "person_id",
            "degree",
            "level__engine_degree",
            "full_time",
            "overseas",
            "double_first_class",
            "school_in_city",
            "graduation_date",
            "id",
        )
        .iterator(chunk_size=20000)
    ):
        edu[row[0]].append(row)
    emp = defaultdict(list)
    for row in (
        EmploymentRecord.objects.filter(ids_q, start_date__lte=as_of)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=as_of))
        .values_list(
            "person_id",
            "start_date",
            "newly_introduced",
            "post",
            "frontline_professional",
            "contract_years",
            "organisation__kind",
            "organisation__is_key_enterprise",
            "organisation__industry__code",
            "form",
            "id",
        )
        .iterator(chunk_size=20000)
    ):
        emp[row[0]].append(row)
    cat = {}
    for pid, category, _recognised_on in (
        TalentCategoryRecord.objects.filter(ids_q, recognised_on__lte=as_of)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=as_of))
        .order_by("person_id", "recognised_on", "id")
        .values_list("person_id", "category", "recognised_on")
        .iterator(chunk_size=20000)
    ):
        cat[pid] = category  # the latest recognition wins (ordered ascending)
    certs = defaultdict(list)
    for row in (
        Certificate.objects.filter(ids_q, obtained_on__lte=as_of)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=as_of))
        .filter(Q(kind="professional_title") | Q(kind__in=SKILL_CERT_KINDS))
        .order_by("person_id", "obtained_on", "id")
        .values_list("person_id", "kind", "skill_level", "title_level", "obtained_on")
        .iterator(chunk_size=20000)
    ):
        certs[row[0]].append(row)
    pension = {
        row[0]: row
        for row in InsuranceRecord.objects.filter(ids_q)
        .values_list("person_id", "continuous_months", "back_paid", "as_of")
        .iterator(chunk_size=20000)
    }
    selections = _selections(ids_q, as_of)
    return persons, edu, emp, cat, certs, pension, selections


def _selections(ids_q: Q, as_of: dt.date):
    """王屋英才 selections decided at the window (None when the window app is not installed:
    the fact is then unknown, not "none")."""
    try:
        from zhihui.window.models import Selection
    except ImportError:  # pragma: no cover - the window app is part of the platform
        return None
    out = defaultdict(list)
    for pid, program, year in (
        Selection.objects.filter(ids_q, year__lte=as_of.year)
        .order_by("person_id", "year", "program")
        .values_list("person_id", "program", "year")
    ):
        out[pid].append({"program": program, "year": year})
    return out


def _build_person(
    row, edu, emp, cat, certs, pension, selections, as_of: dt.date, city: str
) -> dict:
    pid, birth_date, hukou_region, hukou_settled_on, owns_home = row
    p: dict = {
        "id": f"{PERSON_PREFIX}{pid}",
        "kind": "person",
        "birth_date": birth_date.isoformat(),
    }

    # Highest degree (ties: the latest graduation); a record whose degree the catalogue cannot
    # map says nothing about the degree.
    best = None
    for _pid, degree, level_degree, full_time, overseas, dfc, in_city, grad, eid in edu.get(
        pid, ()
    ):
        d = (
            degree
            if degree in _DEGREE_RANK
            else (level_degree if level_degree in _DEGREE_RANK else None)
        )
        if d is None:
            continue
        key = (_DEGREE_RANK[d], -grad.toordinal(), eid)
        if best is None or key < best[0]:
            best = (key, d, full_time, overseas, dfc, in_city, grad)
    if best is not None:
        _k, d, full_time, overseas, dfc, in_city, grad = best
        p["education"] = {
            "degree": d,
            "full_time": full_time,
            "overseas": overseas,
            "double_first_class": dfc,
            "university_in_jiyuan": in_city,
            "graduation_date": grad.isoformat(),
        }

    p["talent_category"] = cat.get(pid)  # None = no valid recognition on file (stated)

    jobs = emp.get(pid)
    if jobs:
        j = max(jobs, key=lambda r: (r[1], r[10]))  # latest start, then the latest record
        (
            _pid,
            start,
            newly,
            post,
            frontline,
            contract_years,
            org_kind,
            is_key,
            industry,
            form,
            _id,
        ) = j
        e = {
            "start_date": start.isoformat(),
            "newly_introduced": newly,
            "post": post,
            "frontline_professional": frontline,
        }
        kind = (
            employer_kind(org_kind, is_key, industry)
            if org_kind
            else ("other" if form != "employee" else None)
        )
        if kind is not None:
            e["employer_kind"] = kind
        if contract_years is not None:
            # The contract field is a number; a decimal like 3.0 or 2.5 years is exact in float.
            e["contract_years"] = float(contract_years)
        p["employment"] = e

    if hukou_settled_on is not None:
        p["hukou_settled"] = hukou_settled_on <= as_of
    elif hukou_region:
        p["hukou_settled"] = hukou_region.startswith(city)
    # else: hukou unknown → absent

    pen = pension.get(pid)
    if pen is not None:
        _pid, months, back_paid, recorded = pen
        if recorded > as_of:
            # The streak counted at `recorded` started `months` months before it; at an earlier
            # date it was shorter. If it had not started yet, the months at as_of are unknown.
            months = months - _months_between(as_of, recorded)
        if months > 0:
            # The record's run includes back-paid months (补缴 fills the gaps that keep a run
            # continuous). The contract's continuous_months counts on-time months only
            # (version 2): with a back payment on file they are not known, so left absent (the
            # applicant states them at the window), never taken from the run.
            p["pension"] = {"back_paid": back_paid}
            if not back_paid:
                p["pension"]["continuous_months"] = months

    titles, skills = [], []
    for _pid, kind, skill_level, title_level, obtained in certs.get(pid, ()):
        if kind == "professional_title":
            if title_level in TITLE_LEVELS:
                titles.append({"level": title_level, "obtained": obtained.isoformat()})
        elif skill_level in SKILL_LEVELS:
            skills.append({"level": skill_level, "obtained": obtained.isoformat()})
    p["titles"] = titles
    p["skill_certificates"] = skills
    if selections is not None:
        p["selections"] = selections.get(pid, [])
    if owns_home is not None:
        p["owns_home_in_jiyuan"] = owns_home
    return p


def _persons_where(sel: dict, as_of: dt.date) -> list[dict]:
    city = settings.ZHIHUI_CITY_DIVISION
    persons, *facts = _person_rows(sel, as_of)
    return [_build_person(row, *facts, as_of, city) for row in persons]


def person_profile(person, as_of: dt.date | None = None) -> dict:
    """The engine profile of one registry Person at `as_of` (default today)."""
    as_of = as_of or dt.date.today()
    out = _persons_where({"": person.pk}, as_of)
    if not out:
        raise ValueError(f"person {person.pk} is not in the registry")
    return out[0]


def person_profiles(person_ids: Iterable[int], as_of: dt.date) -> list[dict]:
    """Profiles of the given persons (order of person id), with 7 queries in all."""
    return _persons_where({"__in": list(person_ids)}, as_of)


def iter_person_profiles(
    as_of: dt.date, chunk_size: int = 50_000, person_ids=None
) -> Iterator[list[dict]]:
    """All persons of the registry as profile chunks, reading by person-id ranges (7 queries
    per chunk, streamed). `person_ids` restricts to a list of ids (tests, partial sweeps)."""
    if person_ids is not None:
        ids = sorted(person_ids)
        for i in range(0, len(ids), chunk_size):
            yield person_profiles(ids[i : i + chunk_size], as_of)
        return
    for start, end in person_id_ranges(chunk_size):
        chunk = _persons_where({"__gte": start, "__lt": end}, as_of)
        if chunk:
            yield chunk


def person_id_ranges(chunk_size: int) -> Iterator[tuple[int, int]]:
    """[start, end) ranges of person ids covering the registry, `chunk_size` ids each. Ids
    are dense in practice (bulk-generated), so a range is an index range scan."""
    from zhihui.registry.models import Person

    lo = Person.objects.order_by("id").values_list("id", flat=True).first()
    hi = Person.objects.order_by("-id").values_list("id", flat=True).first()
    if lo is None:
        return
    for start in range(lo, hi + 1, chunk_size):
        yield start, start + chunk_size


def count_persons() -> int:
    from zhihui.registry.models import Person

    return Person.objects.count()


# --------------------------------------------------------------------------- organisations


def _org_kind(kind: str, industry_code: str | None) -> str:
    if kind == "enterprise":
        return "enterprise"
    if kind == "school" and (industry_code or "").startswith(_HIGHER_EDUCATION_INDUSTRY):
        return "local_university"
    return "other"


def _orgs_where(org_q: Q, as_of: dt.date) -> list[dict]:
    """Organisation profiles. Graduate hires are counted from the registry's employment records
    (university graduates, associate degree or above, hired in the year before as_of); whether
    the firm is eligible for a guaranteed loan is never in the registry, so it stays absent."""
    from zhihui.registry.models import (
        EducationRecord,
        EmploymentRecord,
        InsuranceRecord,
        Organisation,
    )

    orgs = list(
        Organisation.objects.filter(org_q)
        .order_by("id")
        .values_list("id", "kind", "industry__code", "size_class", "staff_count")
    )
    if not orgs:
        return []
    org_ids = [o[0] for o in orgs]
    # max(): as_of can be as early as 0001-01-01 (the explain page accepts any ISO date), where
    # subtracting a year overflowed → HTTP 500 on /policy/explain/organisation/<pk>/?as_of=0001-01-01.
    year_ago = max(as_of, dt.date.min + dt.timedelta(days=365)) - dt.timedelta(days=365)
    hires = defaultdict(list)
    grad_degrees = ("doctorate", "master", "bachelor", "associate")
    graduates = EducationRecord.objects.filter(graduation_date__lte=as_of).filter(
        Q(degree__in=grad_degrees) | Q(level__engine_degree__in=grad_degrees)
    )
    hire_q = (
        EmploymentRecord.objects.filter(
            organisation_id__in=org_ids,
            start_date__gt=year_ago,
            start_date__lte=as_of,
            person_id__in=graduates.values("person_id"),
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=as_of))
        .values_list("organisation_id", "person_id", "contract_years")
    )
    for org_id, person_id, years in hire_q:
        hires[org_id].append((person_id, years))
    insured = (
        set(
            InsuranceRecord.objects.filter(
                person_id__in=[pid for lst in hires.values() for pid, _ in lst],
                continuous_months__gt=0,
            ).values_list("person_id", flat=True)
        )
        if hires
        else set()
    )
    out = []
    for org_id, kind, industry, size_class, staff_count in orgs:
        p: dict = {
            "id": f"{ORG_PREFIX}{org_id}",
            "kind": "organization",
            "org_kind": _org_kind(kind, industry),
        }
        if size_class:
            p["size_class"] = size_class
        if staff_count is not None:
            p["staff_count"] = staff_count
        lst = hires.get(org_id)
        if lst:
            gh: dict = {"count": len(lst)}
            years = [y for _, y in lst]
            if all(y is not None for y in years):
                gh["contracts_min_years"] = float(min(years))
            if all(pid in insured for pid, _ in lst):
                gh["pension_paid"] = True
            p["graduate_hires"] = gh
        out.append(p)
    return out


def organisation_profile(org, as_of: dt.date | None = None) -> dict:
    """The engine profile of one registry Organisation at `as_of` (default today)."""
    as_of = as_of or dt.date.today()
    out = _orgs_where(Q(pk=org.pk), as_of)
    if not out:
        raise ValueError(f"organisation {org.pk} is not in the registry")
    return out[0]


def iter_organisation_profiles(
    as_of: dt.date, chunk_size: int = 20_000, org_ids=None
) -> Iterator[list[dict]]:
    from zhihui.registry.models import Organisation

    if org_ids is not None:
        ids = sorted(org_ids)
        for i in range(0, len(ids), chunk_size):
            yield _orgs_where(Q(pk__in=ids[i : i + chunk_size]), as_of)
        return
    lo = Organisation.objects.order_by("id").values_list("id", flat=True).first()
    hi = Organisation.objects.order_by("-id").values_list("id", flat=True).first()
    if lo is None:
        return
    start = lo
    while start <= hi:
        chunk = _orgs_where(Q(pk__gte=start, pk__lt=start + chunk_size), as_of)
        if chunk:
            yield chunk
        start += chunk_size
