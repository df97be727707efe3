"""就业困难人员: the dated criteria of each category, checked against what the platform knows.

`check(category, person, on)` answers (met, explanation): True or False where the registry or
the employment history decides (大龄 by birth date and sex, 连续失业 by status events, 零就业家庭
by the sweep's open list), None where only documents can tell (残疾人, 低保, 脱贫, 失地农民,
其他): a clerk verifies those against the evidence in the `verify` step. Thresholds are dated
parameters of the city package (zhihui/policies/jiyuan/domains/employment.yaml).
"""

from __future__ import annotations

import datetime as dt

from zhihui.core.params import value

from .enums import DifficultyCategory, StatusKind
from .retirement import add_months


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def unemployed_since(person, on: dt.date) -> dt.date | None:
    """The start of the person's current, uninterrupted registered unemployment on `on`."""
    from .selectors import active_events

    since = None
    for e in active_events(person):
        if e.effective_on > on:
            break
        since = (since or e.effective_on) if e.kind == StatusKind.REGISTERED_UNEMPLOYED else None
    return since


def check(category: str, person, on: dt.date) -> tuple[bool | None, str]:
    if category == DifficultyCategory.OLDER:
        female = person.sex == "F"
        limit = value("employment", "difficulty.older_female_age" if female else "difficulty.older_male_age", on)
        age = _age(person.birth_date, on)
        since = unemployed_since(person, on)
        if since is None:
            return False, f"{on:%Y-%m-%d} 未处于登记失业状态（大龄失业人员须登记失业）"
        return age >= limit, f"{'女' if female else '男'}，{on:%Y-%m-%d} 年满{age}周岁（条件：{limit}周岁以上），登记失业自 {since:%Y-%m-%d}"
    if category == DifficultyCategory.LONG_TERM:
        months = value("employment", "difficulty.long_term_months", on)
        since = unemployed_since(person, on)
        if since is None:
            return False, f"{on:%Y-%m-%d} 未处于登记失业状态"
        met = add_months(since, months) <= on
        return met, f"连续登记失业自 {since:%Y-%m-%d}（条件：连续{months}个月以上）"
    if category == DifficultyCategory.ZERO_EMPLOYMENT_HOUSEHOLD:
        from .models import ZeroHousehold

        household = getattr(getattr(person, "household_membership", None), "household", None)
        if household is None:
            return None, "未登记家庭，须核验证明材料"
        open_ = ZeroHousehold.objects.filter(household=household, state="open", found_on__lte=on).exists()
        return open_, f"家庭{household.code}{'在' if open_ else '不在'}零就业家庭待清零名单中"
    return None, "须核验证明材料（本平台无此类数据）"
