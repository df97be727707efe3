"""The only write path of labour-rights cases: one function per state change, each checking
the kind's workflow table, computing statutory time limits on the official calendar, and
writing the transition log and the audit row in one transaction."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from zhihui.core import audit
from zhihui.core.params import value
from zhihui.core.workflow import TransitionNotAllowed
from zhihui.window.workdays import calendar_days_deadline, working_days_deadline

from . import perms
from .enums import CLOSED, CaseKind, Channel
from .models import Case, CaseTransition
from .workflows import BY_KIND

PREFIX = {CaseKind.INSPECTION: "JC", CaseKind.MEDIATION: "TJ", CaseKind.ARBITRATION: "ZC"}


class RightsError(ValueError):
    def __init__(self, message: str, field: str = "__all__"):
        self.field = field
        super().__init__(message)


def _p(pid: str, on: dt.date) -> int:
    return int(value("rights", pid, on))


def _money(raw, field: str) -> Decimal:
    try:
        amount = Decimal(str(raw if raw not in (None, "") else "0"))
    except InvalidOperation:
        raise RightsError(gettext("%(f)s: 不是金额") % {"f": field}, field)
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e10"):
        raise RightsError(gettext("%(f)s: 须为 0 至 99 亿之间的金额") % {"f": field}, field)
    return amount.quantize(Decimal("0.01"))


def _history(case: Case) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for name, actor_id in case.transitions.values_list("name", "actor_id"):
        out.setdefault(name, set()).add(actor_id)
    return out


def _log(case: Case, name: str, before: str, actor, note: str = "") -> None:
    CaseTransition.objects.create(case=case, name=name, from_status=before, to_status=case.status,
                                  actor=actor if getattr(actor, "is_authenticated", False) else None, note=note[:1000])
    audit.record(actor, audit.Action.TRANSITION if before else audit.Action.CREATE, case,
                 summary=f"{case.number} {name} {before or '—'}→{case.status}"[:255],
                 before={"status": before} if before else None, after={"status": case.status})


def _number(kind: str, on: dt.date) -> str:
    prefix = f"{PREFIX[kind]}{on.year}"
    last = Case.objects.filter(number__startswith=prefix).order_by("-number").values_list("number", flat=True).first()
    return f"{prefix}{(int(last[len(prefix):]) + 1) if last else 1:05d}"


def file_case(actor, *, kind: str, respondent, facts: str, applicant=None, claimed_amount="0",
              knew_on: dt.date | None = None, anonymous: bool = False, received_on: dt.date | None = None) -> Case:
    """Receive a complaint, a mediation or an arbitration application (online or at the window)."""
    if kind not in BY_KIND:
        raise RightsError(gettext("类别须为：%(v)s") % {"v": "、".join(BY_KIND)}, "kind")
    workflow = BY_KIND[kind]
    own = applicant is not None and getattr(actor, "person_id", None) == applicant.pk
    workflow.check("receive", None, actor, is_owner=own)
    received_on = received_on or timezone.localdate()
    facts = (facts or "").strip()
    if not facts or len(facts) > 8000:
        raise RightsError(gettext("请写明事实与理由（不超过 8000 字）"), "facts")
    if applicant is None and not (kind == CaseKind.INSPECTION and anonymous):
        raise RightsError(gettext("请选择申请人（只有举报可以匿名）"), "applicant")
    if knew_on is not None and knew_on > received_on:
        raise RightsError(gettext("知道权利被侵害之日不得晚于申请日"), "knew_on")
    amount = _money(claimed_amount, "claimed_amount")
    if kind == CaseKind.INSPECTION:
        due = working_days_deadline(received_on, _p("inspection.accept_working_days", received_on))
    elif kind == CaseKind.MEDIATION:
        due = calendar_days_deadline(received_on, _p("mediation.days", received_on))
    else:
        due = calendar_days_deadline(received_on, _p("arbitration.accept_days", received_on))
    with transaction.atomic():
        case = Case.objects.create(
            number=_number(kind, received_on), kind=kind, channel=Channel.ONLINE if own else Channel.WINDOW,
            applicant=applicant, anonymous=bool(anonymous and kind == CaseKind.INSPECTION), respondent=respondent,
            facts=facts, claimed_amount=amount, knew_on=knew_on, received_on=received_on,
            accept_due=due.date, accept_due_provisional=due.provisional,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        note = ""
        if kind == CaseKind.MEDIATION:
            # Mediation runs from the application itself: its only deadline is the conclusion.
            case.decide_due, case.decide_due_provisional = due.date, due.provisional
            case.save(update_fields=["decide_due", "decide_due_provisional"])
        if kind == CaseKind.ARBITRATION and knew_on is not None and limitation_passed(knew_on, received_on):
            note = gettext("提示：申请日已超过一年仲裁时效（自 %(d)s 起算），由仲裁委员会依法审查") % {"d": knew_on}
        _log(case, "receive", "", actor, note)
    return case


def limitation_passed(knew_on: dt.date, received_on: dt.date) -> bool:
    months = _p("arbitration.limitation_months", received_on)
    y, m = divmod(knew_on.year * 12 + knew_on.month - 1 + months, 12)
    end = dt.date(y, m + 1, min(knew_on.day, calendar.monthrange(y, m + 1)[1]))
    return calendar_days_deadline(end - dt.timedelta(days=1), 1).date < received_on


def _take(actor, case: Case, name: str, reason: str = "", **changes) -> Case:
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if not perms.can_view(actor, case):
            raise Case.DoesNotExist
        workflow = BY_KIND[case.kind]
        own = perms.is_applicant(actor, case)
        try:
            t = workflow.check(name, case.status, actor, is_owner=own, history=_history(case), reason=reason)
        except TransitionNotAllowed as exc:
            raise RightsError(exc.message, exc.field)
        before = case.status
        today = changes.pop("today", None) or timezone.localdate()
        extra = _effects(case, name, today, changes)
        case.status = t.target
        if case.status in CLOSED:
            case.closed_on = today
            case.outcome_text = reason.strip()
        case.save()
        _log(case, name, before, actor, " ".join(x for x in [reason.strip(), extra] if x))
    return case


def _effects(case: Case, name: str, today: dt.date, changes: dict) -> str:
    """What a transition writes besides the state (the `writes` column of the table)."""
    if name == "accept":
        case.accepted_on = today
        if case.kind == CaseKind.MEDIATION:
            return ""
        handler = changes.get("handler")
        if handler is None or getattr(handler, "role", None) not in ("reviewer", "admin"):
            raise RightsError(gettext("请指定承办的监察员或仲裁员"), "handler")
        case.handler = handler
        if case.kind == CaseKind.INSPECTION:
            due = working_days_deadline(today, _p("inspection.investigate_working_days", today))
        else:
            due = calendar_days_deadline(today, _p("arbitration.award_days", today))
        case.decide_due, case.decide_due_provisional = due.date, due.provisional
        return gettext("办结期限 %(d)s") % {"d": due.date}
    if name == "extend":
        if case.extended:
            raise RightsError(gettext("办结期限只能延长一次"), "extend")
        case.extended = True
        if case.kind == CaseKind.INSPECTION:
            n = _p("inspection.investigate_working_days", case.accepted_on) + _p("inspection.extension_working_days", case.accepted_on)
            due = working_days_deadline(case.accepted_on, n)
        else:
            n = _p("arbitration.award_days", case.accepted_on) + _p("arbitration.extension_days", case.accepted_on)
            due = calendar_days_deadline(case.accepted_on, n)
        case.decide_due, case.decide_due_provisional = due.date, due.provisional
        return gettext("延长至 %(d)s") % {"d": due.date}
    if name == "schedule":
        at, room = changes.get("hearing_at"), (changes.get("hearing_room") or "").strip()
        if at is None:
            raise RightsError(gettext("请填写开庭时间"), "hearing_at")
        if not room:
            raise RightsError(gettext("请填写仲裁庭"), "hearing_room")
        clash = Case.objects.filter(hearing_room=room, hearing_at=at).exclude(pk=case.pk).first()
        if clash is not None:
            raise RightsError(gettext("%(room)s 在该时间已安排 %(n)s") % {"room": room, "n": clash.number}, "hearing_at")
        case.hearing_at, case.hearing_room = at, room[:40]
        return f"{timezone.localtime(at):%Y-%m-%d %H:%M} {room}"
    if name in ("mediated", "award", "order"):
        case.recovered_amount = _money(changes.get("recovered_amount"), "recovered_amount")
    return ""


def accept(actor, case, *, handler=None, today=None):
    return _take(actor, case, "accept", handler=handler, today=today)


def not_accept(actor, case, reason, today=None):
    return _take(actor, case, "not_accept", reason, today=today)


def extend(actor, case, reason, today=None):
    return _take(actor, case, "extend", reason, today=today)


def schedule(actor, case, *, hearing_at, hearing_room, today=None):
    return _take(actor, case, "schedule", hearing_at=hearing_at, hearing_room=hearing_room, today=today)


def conclude(actor, case, outcome: str, reason: str, recovered_amount="0", today=None):
    """Close a case with the named transition (award, mediated, failed, order, penalise,
    no_violation, dismiss, withdraw); the reason is the outcome's text."""
    if outcome not in {"award", "mediated", "failed", "order", "penalise", "no_violation", "dismiss", "withdraw"}:
        raise RightsError(gettext("未知的结案方式"), "outcome")
    return _take(actor, case, outcome, reason, recovered_amount=recovered_amount, today=today)
