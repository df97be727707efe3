"""The services of the one window, their quotas and the talent turnover pool, as data.

Loaded by migration 0002 and by `zhihui window seed` (idempotent: existing rows keep the
parameters an administrator changed). Time limits are not stated by the plan (C5-R16): the
default of 20 working days follows the general time limit of 行政许可法 art. 42 and is a
parameter per service.
"""

from __future__ import annotations

DEFAULT_TIME_LIMIT = 20

# code, name, applicant kind, period kind, budget line, quota code, clause
BENEFITS = [
    ("graduate_living", "高校毕业生生活补贴", "person", "once", "talent_living", None, "L131"),
    ("graduate_startup", "高校毕业生创业补贴", "person", "once", "startup", None, "L131"),
    ("national_technical_expert", "全国技术能手奖励", "person", "once", "skills", None, "L98"),
    ("scarce_talent_salary", "重点产业紧缺人才薪酬补贴", "person", "once", "talent_living", None, "L128"),
    ("senior_technician_subsidy", "高级技师培养补贴", "person", "once", "skills", None, "L82"),
    ("senior_title_award", "企业高级职称奖励", "person", "once", "talent_award", None, "L80"),
    ("startup_project_award", "创业项目奖励", "person", "once", "startup", None, "L131"),
    ("wangwu_agritech_star", "王屋英才·农技之星津贴", "person", "once", "wangwu", None, "L88"),
    ("wangwu_entrepreneur", "王屋英才·创新创业领军人才津贴", "person", "once", "wangwu", None, "L85"),
    ("wangwu_innovation_star", "王屋英才·科创之星津贴", "person", "once", "wangwu", None, "L82"),
    ("wangwu_professional", "王屋英才·专业技术拔尖人才津贴", "person", "once", "wangwu", None, "L80"),
    ("youth_talent_living", "青年人才储备生活补贴", "person", "once", "talent_living", None, "L131, L143"),
    ("youth_talent_station", "青年人才驿站免费住宿", "person", "once", "", None, "L131"),
    ("graduate_hiring_loan", "吸纳高校毕业生担保贷款", "organisation", "year", "", None, "L131"),
    ("graduate_transfer_award", "驻济高校毕业生留济奖励", "organisation", "year", "talent_award", None, "L131"),
    ("national_technical_expert_org", "全国技术能手组织单位奖励", "organisation", "year", "skills", None, "L98"),
    ("order_training_subsidy", "订单式培养补贴", "organisation", "year", "skills", None, "L131"),
    ("skill_studio_grant", "技能大师工作室资助", "organisation", "year", "skills", None, "L98"),
]

RECOGNITIONS = [
    # once a year: a talent may be re-recognised in a higher class later (the old record is superseded)
    ("talent_category", "人才类别认定(A–G类、偏才专才)", "person", "year", None, "L125"),
    ("wangwu_professional_selection", "王屋英才·专业技术拔尖人才遴选", "person", "year", "wangwu_professional", "L80"),
    ("wangwu_innovation_star_selection", "王屋英才·科创之星遴选", "person", "year", "wangwu_innovation_star", "L82"),
    ("wangwu_entrepreneur_selection", "王屋英才·创新创业领军人才遴选", "person", "year", "wangwu_entrepreneur", "L85"),
    ("wangwu_agritech_star_selection", "王屋英才·农技之星遴选", "person", "year", "wangwu_agritech_star", "L88"),
    ("scarce_talent_scoring", "重点产业紧缺人才积分认定", "person", "year", None, "L128"),
    ("enterprise_head_study", "优秀企业经营管理人才研修班遴选", "person", "year", "enterprise_head_study", "L85"),
]

POOL_SERVICE = ("talent_pool_post", "人才周转池编制使用", "organisation", "each", None, "L123")

# code, name, limit, mode, first year, last year, clause — the plan's "左右" quotas (C2-T02)
QUOTAS = [
    ("wangwu_professional", "王屋英才·专业技术拔尖人才", 150, "soft", 2021, 2025, "L80"),
    ("wangwu_innovation_star", "王屋英才·科创之星", 60, "soft", 2021, 2025, "L82"),
    ("wangwu_entrepreneur", "王屋英才·创新创业领军人才", 50, "soft", 2021, 2025, "L85"),
    ("wangwu_agritech_star", "王屋英才·农技之星", 100, "soft", 2021, 2025, "L88"),
    # "每年遴选40名左右企业负责人": a limit per year
    ("enterprise_head_study", "优秀企业经营管理人才研修班(每年)", 40, "soft", 2021, 2025, "L85"),
]
PER_YEAR_QUOTAS = {"enterprise_head_study"}

# Selection services record the programme id the policy profile uses in `selections[]`.
SELECTION_PROGRAMS = {
    "wangwu_professional_selection": "wangwu_professional",
    "wangwu_innovation_star_selection": "wangwu_innovation_star",
    "wangwu_entrepreneur_selection": "wangwu_entrepreneur",
    "wangwu_agritech_star_selection": "wangwu_agritech_star",
}

POOL = ("turnover", "人才周转池", 300)


def seed(Service, Quota, TalentPool) -> None:
    """Create the missing rows; never overwrite an administrator's parameters."""
    quotas = {}
    # migration 0002 runs with the model as it was then (no per_year yet)
    has_per_year = any(f.name == "per_year" for f in Quota._meta.get_fields())
    for code, name, limit, mode, first, last, clause in QUOTAS:
        defaults = {"name": name, "limit": limit, "mode": mode, "first_year": first, "last_year": last, "clause": clause}
        if has_per_year:
            defaults["per_year"] = code in PER_YEAR_QUOTAS
        elif code in PER_YEAR_QUOTAS:
            continue  # created by migration 0005 with its per-year flag
        quotas[code], _ = Quota.objects.get_or_create(code=code, defaults=defaults)
    for code, name, applicant, period, line, _q, clause in BENEFITS:
        Service.objects.get_or_create(
            code=code,
            defaults={"name": name, "kind": "benefit", "applicant_kind": applicant,
                      "period_kind": period, "budget_line": line, "clause": clause,
                      "time_limit_days": DEFAULT_TIME_LIMIT},
        )
    for code, name, applicant, period, quota, clause in RECOGNITIONS:
        if quota and quota not in quotas:
            continue
        Service.objects.get_or_create(
            code=code,
            defaults={"name": name, "kind": "recognition", "applicant_kind": applicant,
                      "period_kind": period, "clause": clause, "quota": quotas.get(quota),
                      "time_limit_days": DEFAULT_TIME_LIMIT},
        )
    code, name, applicant, period, _q, clause = POOL_SERVICE
    Service.objects.get_or_create(
        code=code,
        defaults={"name": name, "kind": "pool", "applicant_kind": applicant, "period_kind": period,
                  "clause": clause, "time_limit_days": DEFAULT_TIME_LIMIT},
    )
    pcode, pname, total = POOL
    TalentPool.objects.get_or_create(code=pcode, defaults={"name": pname, "total": total})
