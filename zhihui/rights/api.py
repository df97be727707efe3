"""/api/v1/rights/: labour-inspection complaints, dispute mediation and arbitration.

Parties see their own cases, arbitrators theirs, the office all; anything else is 404.
Errors: 422 naming the field.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Router, Schema
from ninja.responses import Status as Reply
from ninja.security import django_auth

from zhihui.core.schemas import ErrorOut
from zhihui.core.workflow import history_of
from zhihui.registry.models import Organisation, Person

from . import actions, perms, selectors
from .actions import RightsError
from .models import Case

router = Router(tags=["rights 劳动权益"], auth=django_auth)


class CaseIn(Schema):
    kind: str
    respondent_uscc: str
    facts: str
    claimed_amount: Decimal = Decimal("0")
    knew_on: dt.date | None = None
    applicant_person_id: int | None = None
    anonymous: bool = False


class CaseStepIn(Schema):
    reason: str = ""
    recovered_amount: Decimal = Decimal("0")
    handler_username: str | None = None
    hearing_at: dt.datetime | None = None
    hearing_room: str = ""


class CaseOut(Schema):
    number: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    applicant: str | None
    respondent: str
    claimed_amount: Decimal
    recovered_amount: Decimal
    received_on: dt.date
    accept_due: dt.date
    accept_due_provisional: bool
    accepted_on: dt.date | None
    decide_due: dt.date | None
    decide_due_provisional: bool
    extended: bool
    hearing_at: dt.datetime | None
    hearing_room: str
    outcome: str
    closed_on: dt.date | None
    actions: list[str]



def _out(case: Case, user) -> dict:
    from .workflows import BY_KIND

    history = history_of(case.transitions)
    available = BY_KIND[case.kind].available(case.status, user, is_owner=perms.is_applicant(user, case), history=history)
    return {
        "number": case.number, "kind": case.kind, "kind_label": case.get_kind_display(),
        "status": case.status, "status_label": case.get_status_display(),
        "applicant": case.applicant.name if case.applicant and perms.may_see_applicant(user, case) else None,
        "respondent": case.respondent.name, "claimed_amount": case.claimed_amount,
        "recovered_amount": case.recovered_amount, "received_on": case.received_on,
        "accept_due": case.accept_due, "accept_due_provisional": case.accept_due_provisional,
        "accepted_on": case.accepted_on, "decide_due": case.decide_due,
        "decide_due_provisional": case.decide_due_provisional, "extended": case.extended,
        "hearing_at": case.hearing_at, "hearing_room": case.hearing_room,
        "outcome": case.outcome_text, "closed_on": case.closed_on,
        "actions": [t.name for t in available],
    }


def _error(exc: RightsError):
    return Reply(422, {"detail": [{"loc": ["body", exc.field], "msg": exc.message}]})


def _case(request, number: str) -> Case:
    return selectors.cases_for(request.user).get(number=number)


@router.post("/cases", response={201: CaseOut, 422: ErrorOut}, summary="File a complaint, a mediation or an arbitration application")
def file_case(request, data: CaseIn):
    respondent = Organisation.objects.filter(uscc=data.respondent_uscc.strip().upper()).first()
    if respondent is None:
        return _error(RightsError("respondent_uscc: 没有这个统一社会信用代码的单位", "respondent_uscc"))
    if data.applicant_person_id is not None and perms.has_role(request.user, *perms.OFFICE):
        applicant = Person.objects.filter(pk=data.applicant_person_id).first()
        if applicant is None:
            return _error(RightsError("applicant_person_id: 没有这个人", "applicant_person_id"))
    else:
        applicant = request.user.person if not data.anonymous else None
    try:
        case = actions.file_case(request.user, kind=data.kind, respondent=respondent, applicant=applicant,
                                 facts=data.facts, claimed_amount=data.claimed_amount, knew_on=data.knew_on,
                                 anonymous=data.anonymous)
    except RightsError as exc:
        return _error(exc)
    return Reply(201, _out(case, request.user))


@router.get("/cases", response=list[CaseOut], summary="The cases you may see (newest first, 200 at most)")
def list_cases(request, kind: str | None = None, status: str | None = None):
    qs = selectors.cases_for(request.user)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return [_out(c, request.user) for c in qs[:200]]


@router.get("/cases/{number}", response={200: CaseOut, 404: ErrorOut})
def get_case(request, number: str):
    return _out(_case(request, number), request.user)


@router.post("/cases/{number}/{transition}", response={200: CaseOut, 404: ErrorOut, 422: ErrorOut},
             summary="Take a transition of the case's workflow (accept, extend, schedule, award, mediated, …)")
def take(request, number: str, transition: str, data: CaseStepIn):
    from django.contrib.auth import get_user_model

    case = _case(request, number)
    try:
        if transition == "accept":
            handler = get_user_model().objects.filter(username=data.handler_username).first() if data.handler_username else None
            case = actions.accept(request.user, case, handler=handler)
        elif transition == "not_accept":
            case = actions.not_accept(request.user, case, data.reason)
        elif transition == "extend":
            case = actions.extend(request.user, case, data.reason)
        elif transition == "schedule":
            case = actions.schedule(request.user, case, hearing_at=data.hearing_at, hearing_room=data.hearing_room)
        else:
            case = actions.conclude(request.user, case, transition, data.reason, data.recovered_amount)
    except RightsError as exc:
        return _error(exc)
    return _out(case, request.user)


@router.get("/kpis", response={200: dict, 422: ErrorOut}, summary="Mediation success, arbitration and inspection closure rates of a year (Table 1 rows 24–26)")
def kpis(request, year: int):
    from django.core.exceptions import PermissionDenied

    if not perms.can_see_kpis(request.user):
        raise PermissionDenied("无权查看")
    if not 2000 <= year <= 2100:
        return Reply(422, {"detail": [{"loc": ["query", "year"], "msg": "year: 2000–2100"}]})
    return {code: {**row, "value": str(row["value"]) if row["value"] is not None else None} for code, row in selectors.kpis(year).items()}
