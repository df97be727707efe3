"""The rules of 就业见习 (C10-D02), read from the city package's dated parameters:

- who may start a traineeship on a day (`eligibility`): a graduate (an education record of a
  college degree, or a 预备技师 class, in the registry) within `traineeship.graduate_years` of the
  graduation date and not working that day; or a young person aged `traineeship.youth_age_from`
  … `youth_age_to` on the day and registered unemployed that day (the status events' chain);
- the monthly subsidy per trainee (`monthly_rate`): the minimum wage in force on the month's
  first day (`wages.yaml` minimum_wage.monthly, the one source) × `traineeship.subsidy_share_pct`,
  to the fen, rounded half up.

No writes here; actions.py calls these.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from zhihui.core.params import value

from .enums import EMPLOYED_KINDS, StatusKind, TraineeGroup

# education levels whose graduates are 高校毕业生 for traineeships (the registry's engine degree)
COLLEGE_DEGREES = ("doctorate", "master", "bachelor", "associate", "preparatory_technician")


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _status_on(person, day: dt.date) -> str | None:
    from .models import StatusEvent

    ev = (StatusEvent.objects.filter(person=person, active=True, effective_on__lte=day)
          .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=day)).order_by("-effective_on", "-id").first())
    return ev.kind if ev is not None else None


def eligibility(person, group: str, day: dt.date) -> tuple[bool, str]:
    """Whether `person` may start a traineeship as `group` on `day`, and why (shown and kept)."""
    from zhihui.registry.ids import age_on
    from zhihui.registry.models import EducationRecord

    if group == TraineeGroup.GRADUATE:
        years = int(value("employment", "traineeship.graduate_years", day))
        rec = (EducationRecord.objects.filter(person=person, level__engine_degree__in=COLLEGE_DEGREES,
                                              graduation_date__lte=day)
               .order_by("-graduation_date").first())
        if rec is None:
            return False, f"人员库中没有{day}以前的高校毕业记录"
        last = _years_after(rec.graduation_date, years)
        if day >= last:
            return False, f"{rec.graduation_date}毕业，已超过离校{years}年（{last}起不再符合）"
        if _status_on(person, day) in EMPLOYED_KINDS:
            return False, f"{day}已就业"
        return True, f"{rec.school}{rec.graduation_date}毕业，离校{years}年内，未就业"
    if group == TraineeGroup.YOUTH:
        low = int(value("employment", "traineeship.youth_age_from", day))
        high = int(value("employment", "traineeship.youth_age_to", day))
        age = age_on(person.birth_date, day)
        if not low <= age <= high:
            return False, f"{day}年龄{age}周岁，不在{low}–{high}周岁之间"
        if _status_on(person, day) != StatusKind.REGISTERED_UNEMPLOYED:
            return False, f"{day}不是登记失业人员"
        return True, f"{age}周岁，登记失业"
    return False, f"未知的见习对象类别“{group}”"


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def monthly_rate(month: dt.date) -> tuple[Decimal, Decimal, Decimal]:
    """(minimum wage, share %, subsidy per trainee) in force on the month's first day."""
    first = month_start(month)
    wage = Decimal(str(value("wages", "minimum_wage.monthly", first)))
    share = Decimal(str(value("employment", "traineeship.subsidy_share_pct", first)))
    rate = (wage * share / Decimal(100)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return wage, share, rate
