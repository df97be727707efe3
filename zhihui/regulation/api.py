"""/api/v1/regulation/inspections/: random inspection plans (双随机、一公开).

Reading published plans needs no login (一公开); drawing plans up and taking them through
their workflow is for department administrators. Errors: 422 naming the field, 404 for a plan
that does not exist or is not public to the caller.
"""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema
from ninja.responses import Status as Reply
from ninja.security import django_auth

from zhihui.core.schemas import ErrorOut

from . import actions, perms, selectors
from .actions import RegulationError
from .enums import PlanStatus
from .models import InspectionPlan

router = Router(tags=["inspections 双随机、一公开"])


class PlanIn(Schema):
    title: str
    scope: str
    matters: str
    period_start: dt.date
    period_end: dt.date
    entities_to_draw: int
    inspectors_per_entity: int = 2
    seed_source: str


class SeedIn(Schema):
    seed: str


class ReasonRequiredIn(Schema):
    reason: str


class RecordOut(Schema):
    rank: int
    entity: str
    name: str
    inspectors: list[str]
    outcome: str | None = None
    findings: str | None = None


class PlanOut(Schema):
    number: str
    title: str
    status: str
    status_label: str
    scope: str
    matters: str
    period_start: dt.date
    period_end: dt.date
    entities_to_draw: int
    inspectors_per_entity: int
    seed_source: str
    seed: str | None = None
    entity_pool_sha256: str | None = None
    inspector_pool_sha256: str | None = None
    result: dict | None = None
    records: list[RecordOut] = []



def _out(plan: InspectionPlan, user) -> dict:
    public_results = plan.status == PlanStatus.RESULTS_PUBLISHED or perms.can_see_drafts(user)
    records = []
    if plan.result is not None:
        for r in selectors.records(plan):
            records.append({
                "rank": r.draw_rank, "entity": r.organisation.uscc, "name": r.organisation.name,
                "inspectors": [i.code for i in r.inspectors.all()],
                "outcome": r.outcome if public_results else None,
                "findings": r.findings if public_results else None,
            })
    return {
        "number": plan.number, "title": plan.title, "status": plan.status,
        "status_label": plan.get_status_display(), "scope": plan.scope, "matters": plan.matters,
        "period_start": plan.period_start, "period_end": plan.period_end,
        "entities_to_draw": plan.entities_to_draw, "inspectors_per_entity": plan.inspectors_per_entity,
        "seed_source": plan.seed_source, "seed": plan.seed or None,
        "entity_pool_sha256": plan.entity_pool_sha256 or None,
        "inspector_pool_sha256": plan.inspector_pool_sha256 or None,
        "result": plan.result, "records": records,
    }


def _error(exc: RegulationError):
    return Reply(422, {"detail": [{"loc": ["body", exc.field], "msg": exc.message}]})


def _get(request, number: str) -> InspectionPlan:
    return selectors.plan(number, include_drafts=perms.can_see_drafts(request.user))


@router.get("/inspections/plans", response=list[PlanOut], summary="Published inspection plans (no login)")
def list_plans(request):
    plans = selectors.plans_for(request.user, perms.can_see_drafts(request.user)).order_by("-created_at")[:200]
    return [_out(p, request.user) for p in plans]


@router.get("/inspections/plans/{number}", response={200: PlanOut, 404: ErrorOut}, summary="One plan with its pools' digests, seed and draw")
def get_plan(request, number: str):
    return _out(_get(request, number), request.user)


@router.post("/inspections/plans", auth=django_auth, response={201: PlanOut, 422: ErrorOut}, summary="Draw up a plan (administrators)")
def create_plan(request, data: PlanIn):
    try:
        plan = actions.create_plan(request.user, **data.dict())
    except RegulationError as exc:
        return _error(exc)
    return Reply(201, _out(plan, request.user))


@router.post("/inspections/plans/{number}/publish-pools", auth=django_auth, response={200: PlanOut, 404: ErrorOut, 422: ErrorOut})
def publish_pools(request, number: str):
    try:
        return _out(actions.publish_pools(request.user, _get(request, number)), request.user)
    except RegulationError as exc:
        return _error(exc)


@router.post("/inspections/plans/{number}/draw", auth=django_auth, response={200: PlanOut, 404: ErrorOut, 422: ErrorOut})
def draw(request, number: str, data: SeedIn):
    try:
        return _out(actions.draw(request.user, _get(request, number), data.seed), request.user)
    except RegulationError as exc:
        return _error(exc)


@router.post("/inspections/plans/{number}/publish-results", auth=django_auth, response={200: PlanOut, 404: ErrorOut, 422: ErrorOut})
def publish_results(request, number: str):
    try:
        return _out(actions.publish_results(request.user, _get(request, number)), request.user)
    except RegulationError as exc:
        return _error(exc)


@router.post("/inspections/plans/{number}/cancel", auth=django_auth, response={200: PlanOut, 404: ErrorOut, 422: ErrorOut})
def cancel(request, number: str, data: ReasonRequiredIn):
    try:
        return _out(actions.cancel(request.user, _get(request, number), data.reason), request.user)
    except RegulationError as exc:
        return _error(exc)


# --- HR service agencies and dishonesty lists ----------------------------------------------


class CreditItemOut(Schema):
    id: str
    label: str
    points: int
    reference: str
    detail: str


class AgencyOut(Schema):
    uscc: str
    name: str
    licences: list[dict]
    grade: str | None = None
    score: int | None = None
    evaluated_on: dt.date | None = None
    items: list[CreditItemOut] | None = None
    listed: bool = False


class ListEntryOut(Schema):
    id: int
    uscc: str
    name: str
    kind: str
    kind_label: str
    reason: str
    basis: str
    listed_on: dt.date | None
    listed_until: dt.date | None


def _agency_out(org, user, today, listed: set[int]) -> dict:
    evaluation = org.credit_evaluations.order_by("-created_at", "-pk").first()
    return {
        "uscc": org.uscc, "name": org.name,
        "licences": [{"kind": lic.kind, "number": lic.number, "scope": lic.scope,
                      "valid_until": lic.valid_until.isoformat() if lic.valid_until else None,
                      "in_force": lic.in_force(today)} for lic in org.hr_licences.all()],
        "grade": evaluation.grade if evaluation else None,
        "score": evaluation.score if evaluation else None,
        "evaluated_on": evaluation.evaluated_on if evaluation else None,
        "items": evaluation.items if evaluation and perms.can_see_credit_items(user, org) else None,
        "listed": org.pk in listed,
    }


@router.get("/agencies", response=list[AgencyOut], summary="Licensed HR service agencies with their credit grade (no login)")
def agencies(request):
    from django.utils import timezone

    today = timezone.localdate()
    listed = set(selectors.active_list_entries(today).values_list("organisation_id", flat=True))
    return [_agency_out(o, request.user, today, listed) for o in selectors.agencies()[:500]]


@router.get("/agencies/{uscc}", response={200: AgencyOut, 404: ErrorOut}, summary="One agency; the credit items for staff and the agency itself")
def agency(request, uscc: str):
    from django.utils import timezone

    today = timezone.localdate()
    org = selectors.agency(uscc)
    listed = set(selectors.active_list_entries(today).filter(organisation=org).values_list("organisation_id", flat=True))
    return _agency_out(org, request.user, today, listed)


@router.get("/lists", response=list[ListEntryOut], summary="Entries on the dishonesty lists today (no login)")
def lists(request):
    from django.utils import timezone

    return [
        {"id": e.pk, "uscc": e.organisation.uscc, "name": e.organisation.name, "kind": e.kind,
         "kind_label": e.get_kind_display(), "reason": e.reason, "basis": e.basis,
         "listed_on": e.listed_on, "listed_until": e.listed_until}
        for e in selectors.active_list_entries(timezone.localdate())[:500]
    ]


# --- Collective contracts, campaigns, dispatch, new-form workers' covers -----------------------


class CollectiveOut(Schema):
    number: str
    kind: str
    kind_label: str
    employer_party: str
    worker_party: str
    workers_covered: int
    received_on: dt.date
    review_due: dt.date
    status: str
    status_label: str
    effective_on: dt.date | None
    submitted_late: bool


@router.get("/collective-contracts", auth=django_auth, response={200: list[CollectiveOut], 403: ErrorOut},
            summary="Collective-contract filings (staff: all; an employer: its own)")
def collective_contracts(request):
    if not (perms.can_see_collective(request.user) or perms.has_role(request.user, "employer")):
        return Reply(403, {"detail": "只有用人单位和经办人员可以查看"})
    return [{"number": c.number, "kind": c.kind, "kind_label": c.get_kind_display(), "employer_party": c.employer_party,
             "worker_party": c.worker_party, "workers_covered": c.workers_covered, "received_on": c.received_on,
             "review_due": c.review_due, "status": c.status, "status_label": c.get_status_display(),
             "effective_on": c.effective_on, "submitted_late": c.submitted_late}
            for c in selectors.collective_contracts_for(request.user)[:500]]


class CampaignOut(Schema):
    id: int
    title: str
    kind: str
    kind_label: str
    period_start: dt.date
    period_end: dt.date
    status: str
    findings: int
    unlicensed: int
    model_agencies: list[str]


@router.get("/campaigns", response=list[CampaignOut], summary="Campaigns with their counts and model agencies (no login)")
def campaigns(request):
    from django.utils import timezone

    models = {}
    for m in selectors.model_agencies(timezone.localdate()):
        models.setdefault(m.campaign_id, []).append(m.organisation.uscc)
    return [{"id": c.pk, "title": c.title, "kind": c.kind, "kind_label": c.get_kind_display(),
             "period_start": c.period_start, "period_end": c.period_end, "status": c.status,
             "findings": c.n_findings, "unlicensed": c.n_unlicensed, "model_agencies": models.get(c.pk, [])}
            for c in selectors.campaigns()[:200]]


class DispatchIn(Schema):
    uscc: str
    as_of: dt.date
    contract_employees: int
    dispatched_workers: int
    dispatch_uscc: str | None = None


class DispatchOut(Schema):
    uscc: str
    name: str
    as_of: dt.date
    contract_employees: int
    dispatched_workers: int
    share: str
    max_share: str
    over_by: int = 0
    alerts: list[str] = []


def _dispatch_out(report) -> dict:
    from zhihui.core.params import value

    alert = selectors.dispatch_check(report)
    share = f"{report.dispatched_workers / report.total:.4f}"
    return {"uscc": report.organisation.uscc, "name": report.organisation.name, "as_of": report.as_of,
            "contract_employees": report.contract_employees, "dispatched_workers": report.dispatched_workers,
            "share": share, "max_share": str(value("regulation", "dispatch.max_share", report.as_of)),
            "over_by": alert.over_by if alert else 0, "alerts": list(alert.reasons) if alert else []}


@router.get("/dispatch/alerts", auth=django_auth, response={200: list[DispatchOut], 403: ErrorOut},
            summary="User firms over the dispatched-worker cap or using an unlicensed dispatcher (staff)")
def dispatch_alerts(request):
    from django.utils import timezone

    if not perms.can_see_dispatch(request.user):
        return Reply(403, {"detail": "只有经办人员可以查看"})
    return [_dispatch_out(a.report) for a in selectors.dispatch_alerts(timezone.localdate())]


@router.post("/dispatch/reports", auth=django_auth, response={201: DispatchOut, 404: ErrorOut, 422: ErrorOut},
             summary="Report a user firm's headcount (the firm itself, or the office for it)")
def report_dispatch(request, data: DispatchIn):
    from zhihui.registry.models import Organisation

    org = Organisation.objects.filter(uscc=data.uscc.strip().upper()).first()
    if org is None or not perms.can_report_for(request.user, org):
        return Reply(404, {"detail": "没有这个单位"})
    firm = None
    if data.dispatch_uscc:
        firm = Organisation.objects.filter(uscc=data.dispatch_uscc.strip().upper()).first()
        if firm is None:
            return Reply(422, {"detail": [{"loc": ["body", "dispatch_uscc"], "msg": "没有这个统一社会信用代码的单位"}]})
    try:
        report = actions.report_dispatch(request.user, org, as_of=data.as_of, contract_employees=data.contract_employees,
                                         dispatched_workers=data.dispatched_workers, dispatch_firm=firm)
    except RegulationError as exc:
        return _error(exc)
    return Reply(201, _dispatch_out(report))


class CoverReturnOut(Schema):
    id: int
    uscc: str
    platform: str
    month: str
    workers: int
    occupational_injury: int
    pension: int
    medical: int
    commercial_accident: int


@router.get("/new-form-workers/returns", auth=django_auth, response=list[CoverReturnOut],
            summary="Platforms' monthly cover returns, counts only (staff: all; a platform: its own)")
def cover_returns(request):
    qs = selectors.cover_returns()
    if not (perms.can_see_covers(request.user) or perms.can_see_dispatch(request.user)):  # counts: the auditor too
        qs = qs.filter(platform_id=getattr(request.user, "organisation_id", None) or 0) if perms.has_role(request.user, "employer") else qs.none()
    return [{"id": r.pk, "uscc": r.platform.uscc, "platform": r.platform.name, "month": f"{r.month:%Y-%m}",
             "workers": r.workers, "occupational_injury": r.n_occupational_injury, "pension": r.n_pension,
             "medical": r.n_medical, "commercial_accident": r.n_commercial_accident} for r in qs[:500]]
