"""The services of the one window, their quotas and the talent turnover pool, as data.

Loaded by migration 0002 and by `zhihui window seed` (idempotent: existing rows keep the
parameters an administrator changed). Time limits are not stated by the plan (C5-R16): the
default of 20 working days follows the general time limit of 行政许可法 art. 42 and is a
parameter per service.
"""

from __future__ import annotations

DEFAULT_TIME_LIMIT = 20

# The benefits the window takes applications for. Title, clause (the plan lines) and applicant
# kind are the policy package's (`zhihui/policies/jiyuan/benefits.yaml`, read by
# `benefit_facts`); the window keeps only its own facts: the period of application and the
# budget line that pays it.
# code: (period kind, budget line)
BENEFITS = {
    "graduate_living": ("once", "talent_living"),
    "graduate_startup": ("once", "startup"),
    "national_technical_expert": ("once", "skills"),
    "scarce_talent_salary": ("once", "talent_living"),
    "senior_technician_subsidy": ("once", "skills"),
    "senior_title_award": ("once", "talent_award"),
    "startup_project_award": ("once", "startup"),
    "wangwu_agritech_star": ("once", "wangwu"),
    "wangwu_entrepreneur": ("once", "wangwu"),
    "wangwu_innovation_star": ("once", "wangwu"),
    "wangwu_professional": ("once", "wangwu"),
    "youth_talent_living": ("once", "talent_living"),
    "youth_talent_station": ("once", ""),
    "graduate_hiring_loan": ("year", ""),
    "graduate_transfer_award": ("year", "talent_award"),
    "national_technical_expert_org": ("year", "skills"),
    "order_training_subsidy": ("year", "skills"),
    "skill_studio_grant": ("year", "skills"),
}


# The budget lines of 人才发展专项资金 the services above are paid from: code → name. An
# administrator chooses a line from this list (never types a code).
BUDGET_LINES = {
    "talent_living": "人才生活补贴",
    "talent_award": "人才奖励",
    "startup": "创业扶持",
    "skills": "技能人才奖补",
    "wangwu": "王屋英才奖励",
    # 职业技能提升专账资金 (zhihui/skills: vouchers reserve and are paid from it; the skills
    # package's voucher.budget_line names this code)
    "skill_voucher": "职业技能提升专账资金（电子培训券）",
    # 就业补助资金 (zhihui/employment: approved traineeship subsidy claims are reserved on and paid
    # from it; the employment package's traineeship.budget_line names this code)
    "employment_subsidy": "就业补助资金（就业见习补贴）",
}


def budget_line_name(code: str) -> str:
    return BUDGET_LINES.get(code, code)


def benefit_facts(code: str) -> dict:
    """What the policy package says of a benefit the window serves: its title, its clause (the
    plan lines, e.g. "L131, L143") and who applies. The one source; the window never restates it."""
    from django.conf import settings

    from zhihui.policy import load_package

    info = load_package(settings.ZHIHUI_POLICY_PACKAGE).benefit(code)
    return {
        "name": info.title_zh,
        "clause": ", ".join(info.references),
        "applicant_kind": "organisation" if info.kind == "organization" else "person",
    }


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
    """Create the missing rows; never overwrite an administrator's parameters (time limit,
    budget line, quota, active). A benefit's title, clause and applicant kind follow the
    policy package on every run."""
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
    for code, (period, line) in BENEFITS.items():
        facts = benefit_facts(code)
        svc, created = Service.objects.get_or_create(
            code=code,
            defaults={**facts, "kind": "benefit", "period_kind": period, "budget_line": line,
                      "time_limit_days": DEFAULT_TIME_LIMIT},
        )
        if not created and any(getattr(svc, k) != v for k, v in facts.items()):
            # the package's facts are not the administrator's parameters: follow the package
            Service.objects.filter(pk=svc.pk).update(**facts)
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
