"""Employment API under /api/v1/employment.

    POST /api/v1/employment/households/check?as_of=YYYY-MM-DD
         body: one household, the same JSON object as one line of `zhihui employment
         households` (shared/contracts/households.md); a top-level "as_of" field is accepted
         when the query parameter is absent. A JSON list of households answers a list of results.
         -> the contract's result object (or list). Invalid input -> 422
         {"detail": [{"loc": ["body", <path>...], "msg": "<field path>: <reason>"}]}
    GET  /api/v1/employment/persons/{person_id}/events   a person's status events (audited read)
    POST /api/v1/employment/persons/{person_id}/events   record one (clerk; or the citizen, own)
    GET  /api/v1/employment/indicators?year=YYYY         the year's counts (docs/employment.md)
    GET  /api/v1/employment/quota?year=YYYY              quota employment of disabled persons (numbers)
    POST /api/v1/employment/quota                        record an employer's year (clerk, or the employer itself)
    GET  /api/v1/employment/quota/{id}                   one declaration, employees masked, the levy (audited)
    GET  /api/v1/employment/graduates/statistics?year=   graduates per college and year (numbers)
    GET  /api/v1/employment/graduates/{id}               one graduation (the graduate or staff; audited)
    GET  /api/v1/employment/youth?as_of=YYYY-MM-DD       the youth screening's counts (staff)

The check is open to anonymous callers, as the benefits screening is: it applies public rules
to the facts the caller sends and stores nothing (the registry sweep is the bureau's job).
"""

from __future__ import annotations

import datetime as dt
import re

import orjson
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.security import django_auth

from zhihui.core.errors import NON_FIELD
from zhihui.core.perms import require
from zhihui.employment.households import HouseholdError, check_household, parse_date
from zhihui.registry.models import Person

router = Router(tags=["employment 就业服务"])

_PATH_PART = re.compile(r"([^.\[\]]+)|\[([^\]]*)\]")
MAX_HOUSEHOLDS = 1000  # per request; larger files go through the command


def _loc(field: str, prefix: list) -> list:
    loc: list = ["body", *prefix]
    for name, index in _PATH_PART.findall(field or ""):
        if name:
            loc.append(name)
        else:
            loc.append(int(index) if index.isdigit() else index)
    return loc


def _unprocessable(loc: list, msg: str):
    return Status(422, {"detail": [{"loc": loc, "msg": msg, "type": "value_error"}]})


CHECK_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {
                        "id": {"type": "string"},
                        "urban": {"type": "boolean"},
                        "business_income": {"type": "boolean"},
                        "members": {"type": "array", "items": {"type": "object"}},
                    },
                    "additionalProperties": True,
                    "description": "One household (or a list): the fields of shared/contracts/households.md.",
                }
            }
        },
    }
}


@router.post("/households/check", response={200: dict | list, 422: dict}, openapi_extra=CHECK_BODY,
             summary="Decide whether households are zero-employment households (零就业家庭)")
def households_check(
    request,
    as_of: str | None = Query(None, description="YYYY-MM-DD: the date ages and statuses are judged at"),
):
    try:
        body = orjson.loads(request.body or b"")
    except orjson.JSONDecodeError as e:
        return _unprocessable(["body"], f"body is not valid JSON: {e}")
    raw = as_of if as_of is not None else (body.get("as_of") if isinstance(body, dict) else None)
    if raw is None:
        return _unprocessable(["query", "as_of"], "as_of: required (query parameter YYYY-MM-DD)")
    try:
        day = parse_date(raw)
    except ValueError as e:
        return _unprocessable(["query", "as_of"], f"as_of: {e}")
    if isinstance(body, list):
        if len(body) > MAX_HOUSEHOLDS:
            return _unprocessable(["body"], f"at most {MAX_HOUSEHOLDS} households per request")
        results = []
        for i, h in enumerate(body):
            try:
                results.append(check_household(h, day))
            except HouseholdError as e:
                named = e.field != NON_FIELD
                return _unprocessable(_loc(e.field if named else "", [i]),
                                      f"[{i}].{e}" if named else f"[{i}]: {e}")
        return Status(200, results)
    try:
        return Status(200, check_household(body, day))
    except HouseholdError as e:
        return _unprocessable(_loc(e.field if e.field != NON_FIELD else "", []), str(e))


# --- status events ----------------------------------------------------------------------------

class EventOut(Schema):
    id: int
    kind: str
    kind_label: str
    effective_on: dt.date
    employer_uscc: str | None
    employer_name: str
    occupation: str | None
    industry: str | None
    contract_type: str
    contract_end: dt.date | None
    unemployment_reason: str
    urban: bool
    rural_transfer: bool
    note: str
    channel: str
    corrects: int | None
    corrected: bool
    recorded_at: dt.datetime


class EventIn(Schema):
    kind: str
    effective_on: str
    employer: str | None = None
    employer_name: str | None = None
    occupation: str | None = None
    industry: str | None = None
    contract_type: str | None = None
    contract_end: str | None = None
    unemployment_reason: str | None = None
    urban: bool | None = None
    rural_transfer: bool | None = None
    note: str | None = None
    corrects: int | None = None


def _event_out(e) -> dict:
    return {"id": e.pk, "kind": e.kind, "kind_label": str(e.get_kind_display()), "effective_on": e.effective_on,
            "employer_uscc": e.employer.uscc if e.employer_id else None, "employer_name": e.employer_name,
            "occupation": e.occupation.code if e.occupation_id else None,
            "industry": e.industry.code if e.industry_id else None,
            "contract_type": e.contract_type, "contract_end": e.contract_end,
            "unemployment_reason": e.unemployment_reason, "urban": e.urban, "rural_transfer": e.rural_transfer,
            "note": e.note, "channel": e.channel, "corrects": e.corrects_id,
            "corrected": hasattr(e, "corrected_by"), "recorded_at": e.recorded_at}


def _person_for(request, person_id: int) -> Person:
    from zhihui.employment import perms

    person = get_object_or_404(Person, pk=person_id)
    if not perms.can_view_file(request.user, person):
        raise Http404  # out of scope answers as if it did not exist
    return person


@router.get("/persons/{person_id}/events", auth=django_auth, response=list[EventOut],
            summary="A person's employment status events (就业实名制), audited")
def person_events(request, person_id: int):
    from zhihui.employment import actions, selectors

    person = _person_for(request, person_id)
    actions.record_file_view(request.user, person, channel="api")
    return [_event_out(e) for e in selectors.history(person)]


@router.post("/persons/{person_id}/events", auth=django_auth, response={201: EventOut, 422: dict},
             summary="Record a status event (clerk; a citizen for themselves)")
def add_person_event(request, person_id: int, payload: EventIn):
    from zhihui.employment import actions, perms
    from zhihui.employment.enums import Channel
    from zhihui.employment.models import StatusEvent

    person = _person_for(request, person_id)
    data = payload.dict(exclude_none=True)
    corrects_id = data.pop("corrects", None)
    corrects = None
    if corrects_id is not None:
        corrects = StatusEvent.objects.filter(pk=corrects_id, person=person).first()
        if corrects is None:
            return _unprocessable(["body", "corrects"], "corrects: 此人没有这条记录")
    channel = Channel.SELF if perms.is_self(request.user, person) else Channel.API
    if channel == Channel.API:
        require(perms.can_record(request.user), "无权录入就业状态")
    event = actions.record_event(request.user, person, channel=channel, corrects=corrects, **data)
    return Status(201, _event_out(event))


@router.get("/indicators", auth=django_auth, response=dict, summary="Employment indicators of a year")
def indicator_counts(request, year: int = Query(..., ge=2000, le=2100)):
    from zhihui.employment import perms, selectors

    require(perms.can_see_statistics(request.user), "无权查看就业统计")
    return {"year": year, "indicators": selectors.indicators(year), "labels": selectors.INDICATORS}


# --- enterprise monitoring ---------------------------------------------------------------------

class ReportIn(Schema):
    uscc: str
    month: str
    headcount: int
    hires: int
    separations: int
    vacancies: int
    planned_layoffs: int = 0


@router.post("/monitoring/reports", auth=django_auth, response={201: dict, 422: dict},
             summary="Submit a monitored enterprise's monthly report (the employer for itself, or a clerk)")
def submit_monthly_report(request, payload: ReportIn):
    from zhihui.employment import actions, perms
    from zhihui.employment.models import MonitoredEnterprise

    ent = MonitoredEnterprise.objects.select_related("organisation").filter(
        organisation__uscc=payload.uscc.strip().upper(), active=True).first()
    if ent is None or not perms.can_submit_report(request.user, ent):
        raise Http404
    data = payload.dict()
    data.pop("uscc")
    report, alerts = actions.submit_report(request.user, ent, channel="api", **data)
    return Status(201, {"id": report.pk, "month": report.month.strftime("%Y-%m"),
                        "alerts": [{"rule": a.rule, "level": a.level, "message": a.message, "numbers": a.numbers}
                                   for a in alerts]})


# --- quota employment of disabled persons ----------------------------------------------------------

class QuotaEmployeeIn(Schema):
    id_number: str
    severe: bool = False


class QuotaIn(Schema):
    uscc: str
    year: int
    staff_count: int
    employees: list[QuotaEmployeeIn] = []
    average_wage: str | None = None


def _quota_out(d) -> dict:
    return {"id": d.pk, "uscc": d.organisation.uscc, "organisation": d.organisation.name, "year": d.year,
            "staff_count": d.staff_count, "ratio_pct": str(d.ratio_pct), "required": str(d.required),
            "counted": d.counted, "shortfall": str(d.shortfall), "state": d.state}


@router.get("/quota", auth=django_auth, response=dict,
            summary="The register of quota employment of disabled persons (残疾人按比例就业) of a year: numbers, no names")
def quota_register(request, year: int = Query(..., ge=2008, le=2100)):
    from zhihui.employment import perms, selectors

    require(perms.can_see_quota(request.user), "无权查看")
    rows = list(selectors.quota_register(request.user, year))
    summary = {k: str(v) for k, v in selectors.quota_summary(rows).items()}
    return {"year": year, "summary": summary, "declarations": [_quota_out(d) for d in rows]}


@router.post("/quota", auth=django_auth, response={201: dict, 422: dict},
             summary="Record an employer's quota employment of a year (clerk); a second clerk verifies it on its page")
def declare_quota(request, payload: QuotaIn):
    from zhihui.employment import actions, perms
    from zhihui.registry.ids import InvalidIdentifier
    from zhihui.registry.models import Organisation
    from zhihui.registry.selectors import person_by_id_number

    org = Organisation.objects.select_related("division").filter(uscc=payload.uscc.strip().upper()).first()
    if perms.can_declare_own_quota(request.user):
        if org is None or not perms.is_enterprise_user(request.user, org):
            raise Http404  # an employer declares for its own organisation only
    else:
        require(perms.can_declare_quota(request.user), "无权登记按比例就业")
    if org is None:
        return _unprocessable(["body", "uscc"], "uscc: 此统一社会信用代码的单位不在单位库中")
    employees = []
    for i, e in enumerate(payload.employees):
        try:
            person = person_by_id_number(e.id_number)
        except InvalidIdentifier as err:
            return _unprocessable(["body", "employees", i, "id_number"], f"employees[{i}].id_number: {err}")
        if person is None:
            return _unprocessable(["body", "employees", i, "id_number"], f"employees[{i}].id_number: 不在人员库中")
        employees.append((person, e.severe))
    decl = actions.declare_quota(request.user, org, year=payload.year, staff_count=payload.staff_count,
                                 employees=employees, average_wage=payload.average_wage)
    return Status(201, _quota_out(decl))


@router.get("/quota/{declaration_id}", auth=django_auth, response=dict,
            summary="One quota declaration with its employees (masked) and the levy; audited. An employer: its own")
def quota_declaration(request, declaration_id: int):
    from zhihui.employment import actions, perms, selectors
    from zhihui.employment.models import QuotaDeclaration

    decl = get_object_or_404(QuotaDeclaration.objects.select_related("organisation__division"), pk=declaration_id)
    if not perms.can_see_quota_detail(request.user, decl):
        raise Http404
    actions.record_quota_view(request.user, decl, channel="api")
    levy = selectors.quota_levy(decl)
    return {**_quota_out(decl), "channel": decl.channel,
            "average_wage": None if decl.average_wage is None else str(decl.average_wage),
            "levy": None if levy["amount"] is None else str(levy["amount"]), "levy_note": levy["note"],
            "employees": [{"name": e.person.name, "id_number": e.person.id_number_masked, "severe": e.severe}
                          for e in decl.employees.select_related("person")]}


@router.get("/youth", auth=django_auth, response=dict,
            summary="The youth employment screening (青年就业排查) on a day: counts, no names")
def youth_screening(request, as_of: dt.date | None = None):
    from zhihui.employment import actions, perms, selectors

    require(perms.can_see_cases(request.user), "无权查看")
    on = as_of or actions.today()
    return {"as_of": on, **selectors.youth_summary(selectors.youth_screening(request.user, on), on)}


# --- traineeship bases (就业见习) and assistance workshops (就业帮扶车间) -----------------------------

def _base_out(b) -> dict:
    from zhihui.employment.selectors import retention_rate

    rate = retention_rate(getattr(b, "retained", 0), getattr(b, "ended", 0))
    return {"id": b.pk, "uscc": b.organisation.uscc, "organisation": b.organisation.name, "state": b.state,
            "applied_on": b.applied_on.isoformat(), "recognised_on": b.recognised_on and b.recognised_on.isoformat(),
            "model_on": b.model_on and b.model_on.isoformat(), "posts": getattr(b, "posts_n", None),
            "places": getattr(b, "places", None), "trainees": getattr(b, "trainees_n", None),
            "running": getattr(b, "running", None), "ended": getattr(b, "ended", None),
            "retained": getattr(b, "retained", None), "retention_rate_pct": None if rate is None else str(rate)}


def _claim_out(c) -> dict:
    return {"id": c.pk, "base": c.base_id, "organisation": c.base.organisation.name, "month": c.month.strftime("%Y-%m"),
            "trainee_months": c.trainee_months, "minimum_wage": str(c.minimum_wage), "share_pct": str(c.share_pct),
            "rate": str(c.rate), "amount": str(c.amount), "state": c.state,
            "payment": c.payment.number if c.payment_id else None}


class BaseIn(Schema):
    uscc: str
    contact: str
    description: str = ""


class ClaimIn(Schema):
    month: str


@router.get("/traineeship/bases", auth=django_auth, response=dict,
            summary="Traineeship bases (就业见习基地) with posts, trainees and retention rate: numbers, no names")
def traineeship_bases(request, state: str = ""):
    from zhihui.employment import perms, selectors

    require(perms.can_see_registers(request.user), "无权查看")
    return {"bases": [_base_out(b) for b in selectors.traineeship_bases(request.user, state)]}


@router.post("/traineeship/bases", auth=django_auth, response={201: dict, 422: dict},
             summary="Record a unit's application to be a traineeship base (clerk); a reviewer recognises it")
def apply_traineeship_base(request, payload: BaseIn):
    from zhihui.employment import actions, perms
    from zhihui.registry.models import Organisation

    require(perms.can_record_registers(request.user), "无权登记见习基地")
    org = Organisation.objects.select_related("division").filter(uscc=payload.uscc.strip().upper()).first()
    if org is None:
        return _unprocessable(["body", "uscc"], "uscc: 此统一社会信用代码的单位不在单位库中")
    base = actions.apply_base(request.user, org, contact=payload.contact, description=payload.description)
    return Status(201, _base_out(base))


@router.get("/traineeship/bases/{base_id}", auth=django_auth, response=dict,
            summary="One traineeship base: its posts, trainee counts and claims (no names)")
def traineeship_base(request, base_id: int):
    from zhihui.employment import perms, selectors

    require(perms.can_see_registers(request.user), "无权查看")
    base = selectors.traineeship_bases(request.user).filter(pk=base_id).first()
    if base is None:
        raise Http404
    out = _base_out(base)
    out["posts"] = [{"id": p.pk, "title": p.title, "kind": p.kind, "count": p.count, "months": p.months,
                     "opened_on": p.opened_on.isoformat(), "open": p.open} for p in base.posts.order_by("id")]
    out["claims"] = [_claim_out(c) for c in base.claims.select_related("base__organisation", "payment")]
    return out


@router.post("/traineeship/bases/{base_id}/claims", auth=django_auth, response={201: dict, 422: dict},
             summary="Compute a base's traineeship subsidy (就业见习补贴) of a past month (clerk); another approves it")
def compute_traineeship_claim(request, base_id: int, payload: ClaimIn):
    from zhihui.employment import actions, perms, selectors

    require(perms.can_record_registers(request.user), "无权核算见习补贴")
    base = get_object_or_404(selectors.traineeship_bases(request.user), pk=base_id)
    return Status(201, _claim_out(actions.compute_claim(request.user, base, payload.month)))


@router.get("/traineeship/claims", auth=django_auth, response={200: dict, 422: dict},
            summary="Traineeship subsidy claims, all or of a month (YYYY-MM)")
def traineeship_claims(request, month: str = ""):
    from zhihui.employment import perms, selectors
    from zhihui.employment.actions import EmploymentInputError, parse_month

    require(perms.can_see_registers(request.user), "无权查看")
    try:
        first = parse_month(month, "month") if month else None
    except EmploymentInputError as e:
        return _unprocessable(["query", "month"], str(e))
    return {"claims": [_claim_out(c) for c in selectors.traineeship_claims(request.user, first)]}


def _workshop_out(w) -> dict:
    return {"id": w.pk, "name": w.name, "operator": w.operator.name, "operator_uscc": w.operator.uscc,
            "division": w.division.name, "state": w.state, "applied_on": w.applied_on.isoformat(),
            "recognised_on": w.recognised_on and w.recognised_on.isoformat(),
            "review_due": w.review_due and w.review_due.isoformat(), "workers": getattr(w, "workers_n", None),
            "assisted": getattr(w, "assisted_n", None)}


class WorkshopIn(Schema):
    name: str
    operator_uscc: str
    division_code: str
    address: str
    products: str


@router.get("/workshops", auth=django_auth, response=dict,
            summary="Assistance workshops (就业帮扶车间) with their headcount and poverty-alleviated workers: numbers")
def workshops(request, state: str = ""):
    from zhihui.employment import actions, perms, selectors

    require(perms.can_see_registers(request.user), "无权查看")
    rows = list(selectors.workshops(request.user, state, actions.today()))
    return {"summary": selectors.workshop_summary(rows), "workshops": [_workshop_out(w) for w in rows]}


@router.post("/workshops", auth=django_auth, response={201: dict, 422: dict},
             summary="Record an assistance workshop's application (clerk); a reviewer recognises it")
def apply_workshop(request, payload: WorkshopIn):
    from zhihui.employment import actions, perms
    from zhihui.registry.models import Division, Organisation

    require(perms.can_record_registers(request.user), "无权登记帮扶车间")
    org = Organisation.objects.filter(uscc=payload.operator_uscc.strip().upper()).first()
    if org is None:
        return _unprocessable(["body", "operator_uscc"], "operator_uscc: 此统一社会信用代码的单位不在单位库中")
    division = Division.objects.filter(code=payload.division_code.strip()).order_by("-valid_from").first()
    if division is None:
        return _unprocessable(["body", "division_code"], "division_code: 区划代码不存在")
    ws = actions.apply_workshop(request.user, name=payload.name, operator=org, division=division,
                                address=payload.address, products=payload.products)
    return Status(201, _workshop_out(ws))


@router.get("/workshops/{workshop_id}", auth=django_auth, response=dict,
            summary="One assistance workshop with its headcount (numbers, no names)")
def workshop(request, workshop_id: int):
    from zhihui.employment import actions, perms, selectors

    require(perms.can_see_registers(request.user), "无权查看")
    w = selectors.workshops(request.user, on=actions.today()).filter(pk=workshop_id).first()
    if w is None:
        raise Http404
    return _workshop_out(w)


# --- graduate registry (高校毕业生名册) -------------------------------------------------------------

@router.get("/graduates/statistics", auth=django_auth, response=dict,
            summary="Graduates per college and graduation year: employed, in Jiyuan (留济), unplaced, followed up")
def graduate_statistics(request, year: int | None = Query(None, ge=2000, le=2100)):
    from zhihui.employment import perms, selectors

    require(perms.can_see_graduate_statistics(request.user), "无权查看")
    stats = selectors.graduate_statistics(request.user, year)
    return {"year": year, "totals": stats["totals"],
            "rows": [{"college_code": r["college__code"], "college": r["college__name"],
                      "in_city": r["college__in_city"], "year": r["y"],
                      **{k: r[k] for k in ("total", "employed", "local", "further", "unplaced", "followed")}}
                     for r in stats["rows"]]}


@router.get("/graduates/{graduate_id}", auth=django_auth, response=dict,
            summary="One graduation as the college reported it (the graduate, or staff who may see the person); audited")
def graduate_detail(request, graduate_id: int):
    from zhihui.employment import actions, perms
    from zhihui.employment.graduate_models import Graduate

    g = get_object_or_404(Graduate.objects.select_related("person", "college", "unplaced_entry"), pk=graduate_id)
    if not perms.can_view_graduate(request.user, g):
        raise Http404
    actions.record_graduate_view(request.user, g, channel="api")
    return {"id": g.pk, "name": g.person.name, "id_number": g.person.id_number_masked,
            "college_code": g.college.code, "college": g.college.name, "major": g.major, "degree": g.degree,
            "graduated_on": g.graduated_on, "destination": g.destination, "employer_name": g.employer_name,
            "place": g.place, "unplaced_entry": g.unplaced_entry_id}
