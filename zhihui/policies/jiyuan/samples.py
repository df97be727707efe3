"""Synthetic Jiyuan profiles as JSON objects (benchmarks, smoke tests, demo data)."""

from __future__ import annotations

import datetime as dt
import random

DEGREES = ["doctorate", "master", "bachelor", "associate", "preparatory_technician", "none"]
EMPLOYERS = ["zone_research_institute", "key_enterprise", "sci_tech_platform", "local_university",
             "public_hospital", "enterprise", "public_institution", "government", "other"]
POSTS = ["research", "teaching", "production", "management", "other"]
CATS = ["A", "B", "C", "D", "E", "F", "G", None]


def _date(rng: random.Random, y0: int, y1: int) -> str:
    d = dt.date(y0, 1, 1) + dt.timedelta(days=rng.randrange((dt.date(y1, 12, 31) - dt.date(y0, 1, 1)).days))
    return d.isoformat()


def person(rng: random.Random, i: int) -> dict:
    p: dict = {"id": f"p{i}", "kind": "person"}
    if rng.random() < 0.9:
        p["birth_date"] = _date(rng, 1965, 2003)
    if rng.random() < 0.85:
        p["education"] = {
            "degree": rng.choice(DEGREES),
            "full_time": rng.random() < 0.8,
            "overseas": rng.random() < 0.05,
            "double_first_class": rng.random() < 0.2,
            "university_in_jiyuan": rng.random() < 0.3,
            "graduation_date": _date(rng, 2015, 2025),
        }
    if rng.random() < 0.5:
        p["talent_category"] = rng.choice(CATS)
    if rng.random() < 0.8:
        p["employment"] = {
            "start_date": _date(rng, 2016, 2025),
            "newly_introduced": rng.random() < 0.5,
            "employer_kind": rng.choice(EMPLOYERS),
            "post": rng.choice(POSTS),
            "frontline_professional": rng.random() < 0.6,
            "contract_years": rng.choice([1, 2, 3, 5, 10]),
        }
    if rng.random() < 0.7:
        p["hukou_settled"] = rng.random() < 0.7
    if rng.random() < 0.7:
        p["pension"] = {"continuous_months": rng.randrange(0, 60), "back_paid": rng.random() < 0.1}
    if rng.random() < 0.4:
        p["titles"] = [{"level": rng.choice(["senior", "associate_senior", "intermediate", "junior"]),
                        "obtained": _date(rng, 2015, 2025)} for _ in range(rng.randrange(0, 3))]
    if rng.random() < 0.3:
        p["skill_certificates"] = [{"level": rng.choice(["senior_technician", "technician", "senior_worker"]),
                                    "obtained": _date(rng, 2015, 2025)} for _ in range(rng.randrange(0, 2))]
    if rng.random() < 0.3:
        p["selections"] = [] if rng.random() < 0.7 else [
            {"program": rng.choice(["wangwu_professional", "wangwu_innovation_star",
                                    "wangwu_entrepreneur", "wangwu_agritech_star"]),
             "year": rng.randrange(2021, 2026)}]
    if rng.random() < 0.2:
        p["honors"] = []
    if rng.random() < 0.15:
        p["scarce_talent"] = {"quality": rng.randrange(40, 101), "scarcity": rng.randrange(40, 101),
                              "salary": round(rng.uniform(40, 100), 2),
                              "recognized_year": rng.randrange(2021, 2026)}
    if rng.random() < 0.1:
        p["business"] = {"license_date": _date(rng, 2020, 2025), "operating_normally": rng.random() < 0.8}
    if rng.random() < 0.6:
        p["owns_home_in_jiyuan"] = rng.random() < 0.5
    return p


def organization(rng: random.Random, i: int) -> dict:
    o: dict = {"id": f"o{i}", "kind": "organization",
               "org_kind": rng.choice(["enterprise", "enterprise", "local_university", "other"])}
    if rng.random() < 0.8:
        o["size_class"] = rng.choice(["micro", "small", "medium", "large"])
    staff = rng.randrange(5, 500)
    o["staff_count"] = staff
    if rng.random() < 0.5:
        o["graduate_hires"] = {"count": rng.randrange(0, 40), "contracts_min_years": rng.choice([1, 2, 3]),
                               "pension_paid": rng.random() < 0.8,
                               "eligible_for_guaranteed_loan": rng.random() < 0.6}
    if o["org_kind"] == "local_university":
        o["graduate_transfers"] = {"year": rng.randrange(2021, 2026), "count": rng.randrange(0, 2000)}
    if rng.random() < 0.4:
        o["order_training"] = [{"year": rng.randrange(2021, 2026), "count": rng.randrange(1, 50)}]
    if rng.random() < 0.4:
        o["studios"] = [{"level": rng.choice(["zone", "provincial", "national"]),
                         "recognized": _date(rng, 2021, 2025)} for _ in range(rng.randrange(0, 3))]
    if rng.random() < 0.3:
        o["organized_experts"] = [{"date": _date(rng, 2021, 2025)} for _ in range(rng.randrange(0, 2))]
    return o


def profiles(n: int, seed: int = 7, org_share: float = 0.2) -> list[dict]:
    rng = random.Random(seed)
    return [organization(rng, i) if rng.random() < org_share else person(rng, i) for i in range(n)]
