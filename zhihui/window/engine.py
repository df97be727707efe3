"""The window's bridge to the policy engine: build a profile from the registry, decide one
application, return the engine's status, total, schedule, reasons, clause and package version.

The profile is built from registry facts, then the applicant's own declared facts
(`Application.facts`, e.g. `scarce_talent` scores or `business`) are laid over it: the engine
marks as `missing` whatever neither source gives, and the clerk sees exactly that list.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from django.conf import settings

log = logging.getLogger(__name__)

# Registry organisation kinds → the contract's employer kinds.
EMPLOYER_KIND = {
    "research_institute": "zone_research_institute",
    "school": "local_university",
    "hospital": "public_hospital",
    "public_institution": "public_institution",
    "government": "government",
    "enterprise": "enterprise",
}
ORG_KIND = {"enterprise": "enterprise", "school": "local_university"}
DEGREE_RANK = ["doctorate", "master", "bachelor", "associate", "preparatory_technician", "none"]


@dataclass
class Decision:
    status: str  # eligible / ineligible / undetermined / "" (no rule: a recognition)
    total: Decimal = Decimal("0.00")
    payments: list[dict] = field(default_factory=list)  # [{"year": 2024, "amount": "…"}]
    reasons: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    clause: str = ""
    version: str = ""
    raw: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        return {
            "status": self.status,
            "total": str(self.total),
            "payments": self.payments,
            "reasons": self.reasons,
            "missing": self.missing,
            "clause": self.clause,
            "package": self.version,
            **{k: v for k, v in self.raw.items() if k in ("amount_range", "in_kind", "loan_limit")},
        }


class FactsError(ValueError):
    """The declared facts break the engine's profile schema; `field` names the fact."""

    def __init__(self, field_name: str, message: str):
        self.field = field_name
        super().__init__(f"facts.{field_name}: {message}")


@lru_cache(maxsize=4)
def package(name: str | None = None):
    from zhihui.policy import load_package

    return load_package(name or settings.ZHIHUI_POLICY_PACKAGE)


def benefit_ids() -> set[str]:
    try:
        return {b.id for b in package().benefits}
    except Exception:  # the engine not installed yet: no benefit is decided automatically
        return set()


def person_profile(person) -> dict:
    from zhihui.window.models import Selection

    p: dict = {"id": f"person-{person.pk}", "kind": "person", "birth_date": person.birth_date.isoformat()}
    edu = sorted(
        person.education_records.select_related("level").all(),
        key=lambda e: (DEGREE_RANK.index(e.degree) if e.degree in DEGREE_RANK else 99, -e.graduation_date.toordinal()),
    )
    if edu:
        e = edu[0]
        degree = e.degree or (e.level.engine_degree if e.level_id else "") or None
        p["education"] = {
            k: v
            for k, v in {
                "degree": degree,
                "full_time": e.full_time,
                "overseas": e.overseas,
                "double_first_class": e.double_first_class,
                "university_in_jiyuan": e.school_in_city,
                "graduation_date": e.graduation_date.isoformat(),
            }.items()
            if v is not None
        }
    today = dt.date.today()
    cats = [c for c in person.talent_categories.all() if c.valid_to is None or c.valid_to >= today]
    if cats:
        p["talent_category"] = max(cats, key=lambda c: c.recognised_on).category
    jobs = [j for j in person.employment_records.select_related("organisation").all() if j.end_date is None]
    if jobs:
        j = max(jobs, key=lambda j: j.start_date)
        kind = "other"
        if j.organisation_id:
            org = j.organisation
            kind = "key_enterprise" if (org.kind == "enterprise" and org.is_key_enterprise) else EMPLOYER_KIND.get(org.kind, "other")
        emp = {
            "start_date": j.start_date.isoformat(),
            "newly_introduced": j.newly_introduced,
            "employer_kind": kind,
            "post": j.post,
            "frontline_professional": j.frontline_professional,
        }
        if j.contract_years is not None:
            emp["contract_years"] = float(j.contract_years)
        p["employment"] = emp
    p["hukou_settled"] = person.hukou_settled_on is not None
    pension = getattr(person, "pension", None) if hasattr(person, "pension") else None
    if pension is not None:
        p["pension"] = {"continuous_months": pension.continuous_months, "back_paid": pension.back_paid}
    certs = list(person.certificates.all())
    p["titles"] = [
        {"level": c.title_level, "obtained": c.obtained_on.isoformat()}
        for c in certs
        if c.kind == "professional_title" and c.title_level
    ]
    p["skill_certificates"] = [
        {"level": c.skill_level, "obtained": c.obtained_on.isoformat()}
        for c in certs
        if c.skill_level and c.kind in ("skill_level", "vocational_qualification")
    ]
    p["selections"] = [{"program": s.program, "year": s.year} for s in Selection.objects.filter(person=person)]
    if person.owns_home_in_jiyuan is not None:
        p["owns_home_in_jiyuan"] = person.owns_home_in_jiyuan
    return p


def organisation_profile(org) -> dict:
    p: dict = {"id": f"org-{org.pk}", "kind": "organization", "org_kind": ORG_KIND.get(org.kind, "other")}
    if org.size_class:
        p["size_class"] = org.size_class
    if org.staff_count is not None:
        p["staff_count"] = org.staff_count
    return p


def profile_for(application, as_of: dt.date | None = None) -> dict:
    """Registry facts (zhihui.benefits.profiles, the one mapping the sweep uses too; the local
    builders above are a fallback), overlaid with the applicant's declared facts."""
    as_of = as_of or dt.date.today()
    try:
        from zhihui.benefits import profiles
    except ImportError:
        profiles = None
    if application.person_id:
        base = profiles.person_profile(application.person, as_of) if profiles else person_profile(application.person)
    else:
        base = (profiles.organisation_profile(application.organisation, as_of) if profiles
                else organisation_profile(application.organisation))
    for key, value in (application.facts or {}).items():
        if key in ("id", "kind"):
            continue
        base[key] = value
    return base


def decide(application, as_of: dt.date | None = None) -> Decision:
    """The engine's decision on the application's service, or an empty decision for services
    the engine has no rule for (recognitions, the pool: a reviewer decides those)."""
    code = application.service.code
    try:
        pkg = package()
    except Exception as exc:  # engine unavailable: the reviewer decides, and sees why
        return Decision(status="", reasons=[f"政策引擎不可用: {exc}"])
    if code not in {b.id for b in pkg.benefits}:
        return Decision(status="", version=pkg.label)
    from zhihui.policy import ProfileError

    as_of = as_of or dt.date.today()
    profile = profile_for(application, as_of)
    try:
        result = pkg.screen_one(profile, as_of)
    except ProfileError as exc:
        raise FactsError(getattr(exc, "field", "") or "facts", getattr(exc, "message", str(exc))) from None
    except Exception as exc:  # an engine fault must not stop the window; the reviewer sees it
        log.exception("policy engine failed on %s", code)
        return Decision(status="", reasons=[f"政策引擎出错，暂不能自动判定：{type(exc).__name__}"], version=pkg.label)
    for entry in result.get("benefits", []):
        if entry.get("benefit") == code:
            return Decision(
                status=entry.get("status", ""),
                total=Decimal(entry.get("total", "0.00")),
                payments=[{"year": int(p["year"]), "amount": str(p["amount"])} for p in entry.get("payments", [])],
                reasons=list(entry.get("reasons", [])),
                missing=list(entry.get("missing", [])),
                clause=entry.get("clause", ""),
                version=result.get("package") or pkg.label,
                raw=entry,
            )
    return Decision(status="ineligible", reasons=["该事项不适用于此申请人类型"], version=pkg.label)
