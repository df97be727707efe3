"""The unemployed's help chain (失业人员帮扶链, plan C11-S21): registration → first interview
(职业指导) → a help plan → job referrals → training or start-up service → living support →
outcome, as a checklist computed from what is recorded (status events, assistance cases and their
services), each step with its deadline from the dated parameters `help_chain.*` of the city
package. Nothing is stored: the checklist is always what the file says today.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zhihui.core.params import value

from .enums import EMPLOYED_KINDS, ServiceKind, StatusKind


@dataclass
class Step:
    key: str
    label: str
    done_on: dt.date | None
    deadline: dt.date | None
    detail: str = ""
    state: str = ""  # done | late | overdue | pending | open (no deadline)


def _spell(person, on: dt.date):
    """(start of the latest registered-unemployment spell on or before `on`, the event that
    ended it or None)."""
    from .selectors import active_events

    start = end = None
    for e in active_events(person):
        if e.effective_on > on:
            break
        if e.kind == StatusKind.REGISTERED_UNEMPLOYED:
            if start is None or end is not None:
                start, end = e.effective_on, None
        elif start is not None and end is None:
            end = e
    return start, end


def chain(person, on: dt.date) -> dict | None:
    """The checklist of the person's latest registered-unemployment spell, or None when the
    person was never registered unemployed."""
    from django.utils.translation import gettext as _

    from zhihui.window.workdays import add_working_days

    from .models import CaseService, CaseTransition

    start, end = _spell(person, on)
    if start is None:
        return None
    services = list(CaseService.objects.filter(case__person=person, starts_on__gte=start).order_by("starts_on", "id"))

    def first(*kinds):
        return next((s.starts_on for s in services if s.kind in kinds), None)

    plan = (CaseTransition.objects.filter(case__person=person, name="plan", at__date__gte=start)
            .order_by("at").values_list("at", flat=True).first())
    referrals = [s.starts_on for s in services if s.kind == ServiceKind.REFERRAL]
    need = value("employment", "help_chain.referrals", start)
    outcome_on, outcome = None, ""
    if end is not None:
        outcome_on = end.effective_on
        outcome = end.get_kind_display()
    else:
        from .models import AssistanceCase

        closed = (AssistanceCase.objects.filter(person=person, state="closed", closed_on__gte=start)
                  .order_by("closed_on").first())
        if closed is not None:
            outcome_on, outcome = closed.closed_on, closed.get_outcome_display()
    steps = [
        Step("registration", _("失业登记"), start, None),
        Step("interview", _("首次面谈（职业指导）"), first(ServiceKind.GUIDANCE),
             add_working_days(start, value("employment", "help_chain.interview_working_days", start))),
        Step("plan", _("制定帮扶计划"), plan.date() if plan else None,
             add_working_days(start, value("employment", "help_chain.plan_working_days", start))),
        Step("referrals", _("岗位推荐"), referrals[need - 1] if len(referrals) >= need else None,
             start + dt.timedelta(days=value("employment", "help_chain.referral_days", start)),
             _("已推荐 %(n)d 次，应推荐 %(need)d 次") % {"n": len(referrals), "need": need}),
        Step("training", _("职业培训或创业服务"), first(ServiceKind.TRAINING, ServiceKind.STARTUP), None),
        Step("support", _("生活保障（补贴、公益性岗位）"), first(ServiceKind.SUBSIDY, ServiceKind.PUBLIC_WELFARE_POST), None),
        Step("outcome", _("帮扶结果"), outcome_on,
             start + dt.timedelta(days=value("employment", "help_chain.outcome_days", start)), outcome),
    ]
    for s in steps:
        if s.done_on is not None:
            s.state = "late" if s.deadline and s.done_on > s.deadline else "done"
        elif s.deadline is None:
            s.state = "open"
        else:
            s.state = "overdue" if on > s.deadline else "pending"
    employed = end is not None and end.kind in EMPLOYED_KINDS
    return {"start": start, "steps": steps, "closed": end is not None, "employed": employed,
            "overdue": sum(s.state == "overdue" for s in steps)}
