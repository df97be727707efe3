"""Vocabularies shared by the registry, the policy engine, the pages and the plan, defined ONCE
with their Chinese labels (English through the translation catalogue, `docs/i18n.md`).

Readers: `zhihui/registry/enums.py` (TitleLevel, SkillLevel), the policy package's schema
(`{type: enum, vocabulary: title_level}` in schema.yaml, resolved by zhihui/policy/schema.py),
`zhihui/benefits/texts.py` (value labels), `zhihui/benefits/profiles.py` (registry → profile),
`zhihui/www/policy/forms.py` (the citizen check) and `zhihui/plan/compute.py` (indicators).
No Django here: the engine and the CLI import it.
"""

from __future__ import annotations


def _(s: str) -> str:  # marks the labels for makemessages; translated where they are shown
    return s


# value, Chinese label — lowest level first
VOCABULARIES: dict[str, list[tuple[str, str]]] = {
    # 专业技术职称级别
    "title_level": [
        ("junior", _("初级")),
        ("intermediate", _("中级")),
        ("associate_senior", _("副高级")),
        ("senior", _("正高级")),
    ],
    # 职业技能等级 (级别 5 → 1)
    "skill_level": [
        ("junior_worker", _("初级工(五级)")),
        ("intermediate_worker", _("中级工(四级)")),
        ("senior_worker", _("高级工(三级)")),
        ("technician", _("技师(二级)")),
        ("senior_technician", _("高级技师(一级)")),
    ],
}

# Levels a rule or an indicator groups together, named once.
SENIOR_TITLES = ("associate_senior", "senior")  # 副高级及以上
HIGH_SKILL_LEVELS = ("senior_worker", "technician", "senior_technician")  # 高技能人才: 高级工及以上


def values(name: str) -> tuple[str, ...]:
    return tuple(v for v, _label in VOCABULARIES[name])


def labels(name: str) -> dict[str, str]:
    return dict(VOCABULARIES[name])


def choices(name: str, highest_first: bool = False) -> list[tuple[str, str]]:
    items = list(VOCABULARIES[name])
    return items[::-1] if highest_first else items
