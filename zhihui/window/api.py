"""One-window API (/api/v1/window/…): the same actions as the pages, for the online hall and
other systems. Session authentication; every change goes through zhihui.window.actions.

Errors: 422 with {"detail": [{"loc": [...field], "msg": ...}]} for bad input or a refused
action, 409 for a duplicate open application, 403 without permission. A repeated
`Idempotency-Key` header on POST /applications returns the first application (200, not 201).
"""


import datetime as dt
import functools
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.responses import Status as Reply
from ninja.security import django_auth

from zhihui.core.errors import FieldError
from zhihui.core.perms import require_object

from . import actions, perms, selectors
from .models import Application, Service, Status
from .workdays import CalendarRangeError, official_calendar

router = Router(auth=django_auth, tags=["window"])


class ServiceOut(Schema):
    code: str
    name: str
    kind: str
    applicant_kind: str
    period_kind: str
    time_limit_days: int


class PaymentOut(Schema):
    year: int
    entitlement_year: int
    amount: Decimal
    status: str


class ApplicationOut(Schema):
    number: str
    service: str
    applicant: str
    status: str
    channel: str
    period: str
    submitted_at: dt.datetime
    accepted_on: dt.date | None
    due_date: dt.date | None
    due_date_provisional: bool
    correction_items: list[str]
    engine: dict
    approved_total: Decimal | None
    decision_reason: str


class ApplicationDetail(ApplicationOut):
    transitions: list[dict]
    payments: list[PaymentOut]


class SubmitIn(Schema):
    service: str
    person_id: int | None = None
    organisation_id: int | None = None
    facts: dict = Field(default_factory=dict)
    note: str = ""
    period: str | None = None


class ReasonIn(Schema):
    reason: str = ""


class CorrectionRequestIn(Schema):
    items: list[str]
    reason: str = ""


class ApproveIn(Schema):
    reason: str = ""
    amount: Decimal | None = None


class Page(Schema):
    count: int
    items: list[ApplicationOut]


def _out(app: Application) -> dict:
    return {
        "number": app.number,
        "service": app.service.code,
        "applicant": app.subject_label,
        "status": app.status,
        "channel": app.channel,
        "period": app.period,
        "submitted_at": app.submitted_at,
        "accepted_on": app.accepted_on,
        "due_date": app.due_date,
        "due_date_provisional": app.due_date_provisional,
        "correction_items": app.correction_items or [],
        "engine": app.engine_result or {},
        "approved_total": app.approved_total,
        "decision_reason": app.decision_reason,
    }


def _detail(app: Application) -> dict:
    out = _out(app)
    out["transitions"] = [
        {"from": t.from_status, "to": t.to_status, "at": t.at.isoformat(), "by": t.actor_label,
         "reason": t.reason, "rule_version": t.rule_version}
        for t in app.transitions.all()
    ]
    out["payments"] = [
        {"year": p.year, "entitlement_year": p.entitlement_year, "amount": p.amount, "status": p.status}
        for p in app.payments.all()
    ]
    return out


def _refusals(fn):
    """WindowError → 422 naming the field; duplicates → 409."""

    @functools.wraps(fn)
    def wrapper(request, *args, **kwargs):
        try:
            return fn(request, *args, **kwargs)
        except actions.DuplicateApplication as exc:
            return Reply(409, {"detail": [{"loc": ["body", exc.field], "msg": exc.message}]})
        except FieldError as exc:  # WindowError, and the privacy register's refusals (export purpose)
            return Reply(422, {"detail": [{"loc": ["body", *exc.field.split(".")], "msg": exc.message}]})

    return wrapper


class WindowErrorOut(Schema):
    # Named apart from talent's ErrorOut (detail: str): OpenAPI components are keyed by class
    # name, so two "ErrorOut" classes made these 422s document the wrong shape.
    detail: list[dict]


def _app(request, number: str) -> Application:
    app = get_object_or_404(Application.objects.select_related("service", "person", "organisation"), number=number)
    require_object(perms.can_view(request.user, app), request.user, "您无权查看该申请")  # 404 out of scope
    return app


@router.get("/services", response=list[ServiceOut])
def services(request):
    return list(Service.objects.filter(active=True))


@router.post("/applications", response={200: ApplicationDetail, 201: ApplicationDetail, 409: WindowErrorOut, 422: WindowErrorOut})
@_refusals
def submit(request, data: SubmitIn):
    from zhihui.registry.models import Organisation, Person

    service = Service.objects.filter(code=data.service, active=True).first()
    if service is None:
        raise actions.WindowError(f"service: 未知或暂停受理的事项 {data.service!r}", "service")
    user = request.user
    person = org = None
    if data.person_id is not None:
        person = Person.objects.filter(pk=data.person_id).first()
        if person is None:
            raise actions.WindowError("person_id: 人员不存在", "person_id")
    if data.organisation_id is not None:
        org = Organisation.objects.filter(pk=data.organisation_id).first()
        if org is None:
            raise actions.WindowError("organisation_id: 单位不存在", "organisation_id")
    if person is None and org is None:
        person, org = selectors.own_party(user)
    app, created = actions.submit(
        user, service, person=person, organisation=org, facts=data.facts, note=data.note,
        period=data.period, idempotency_key=request.headers.get("Idempotency-Key"),
        channel="api" if not perms.can_work_window(user) else None,
    )
    return Reply(201 if created else 200, _detail(app))


@router.get("/applications", response=Page)
def list_applications(request, status: str = "", service: str = "", q: str = "", offset: int = 0, limit: int = 50):
    """Citizens and employers see their own; window staff see all (filtered)."""
    limit = max(1, min(limit, 200))
    # Clamped above too: an offset past PostgreSQL's bigint range was a DataError → HTTP 500.
    offset = max(0, min(offset, 10**9))
    if perms.can_list_cases(request.user):
        qs = selectors.window_list(status=status if status in Status.values else "", service=service, q=q)
    elif request.user.is_bureau_staff:
        raise PermissionDenied("无权查看申请列表")  # auditors and the system administrators (issue 12)
    else:
        qs = selectors.my_applications(request.user)
    return {"count": qs.count(), "items": [_out(a) for a in qs[offset: offset + limit]]}


@router.get("/applications/{number}", response=ApplicationDetail)
def get_application(request, number: str):
    return _detail(_app(request, number))


@router.get("/overdue", response=list[ApplicationOut])
def overdue(request):
    if not perms.can_work_window(request.user) and not perms.can_review(request.user):
        raise PermissionDenied("此列表供窗口工作人员使用")
    return [_out(a) for a in selectors.overdue()[:500]]


@router.get("/due-soon", response=list[ApplicationOut])
def due_soon(request):
    if not perms.can_work_window(request.user) and not perms.can_review(request.user):
        raise PermissionDenied("此列表供窗口工作人员使用")
    return [_out(a) for a in selectors.due_soon()[:500]]


@router.get("/queue", response=list[ApplicationOut])
def queue(request):
    if not perms.can_review(request.user):
        raise PermissionDenied("此列表供审核员使用")
    mine = [_out(a) for a in selectors.reviewer_queue(request.user)[:500]]
    return mine + [_out(a) for a in selectors.unassigned_queue()[:500]]


def _action(name: str, schema, call):
    @router.post(f"/applications/{{number}}/{name}", response={200: ApplicationDetail, 422: WindowErrorOut},
                 operation_id=f"window_{name.replace('-', '_')}")
    @_refusals
    def endpoint(request, number: str, data: schema):  # type: ignore[valid-type]
        app = _app(request, number)
        call(request.user, app, data)
        return Reply(200, _detail(Application.objects.select_related("service", "person", "organisation").get(pk=app.pk)))

    return endpoint


_action("accept", ReasonIn, lambda u, a, d: actions.accept(u, a, d.reason))
_action("correction", CorrectionRequestIn, lambda u, a, d: actions.request_correction(u, a, d.items, d.reason))
_action("answer", ReasonIn, lambda u, a, d: actions.answer_correction(u, a, d.reason))
_action("review", ReasonIn, lambda u, a, d: actions.review(u, a, d.reason))
_action("approve", ApproveIn, lambda u, a, d: actions.approve(u, a, d.reason, amount=d.amount))
_action("refuse", ReasonIn, lambda u, a, d: actions.refuse(u, a, d.reason))
_action("withdraw", ReasonIn, lambda u, a, d: actions.withdraw(u, a, d.reason))
_action("override-quota", ReasonIn, lambda u, a, d: actions.override_quota(u, a, d.reason))


class WorkdayOut(Schema):
    date: dt.date
    n: int
    result: dt.date
    provisional: bool  # a counted day lies in a year whose holiday notice is not loaded yet


@router.get("/workdays/add", response={200: WorkdayOut, 422: WindowErrorOut})
def workdays_add(request, date: dt.date, n: int):
    try:
        deadline = official_calendar().working_days_deadline(date, n)
        return Reply(200, {"date": date, "n": n, "result": deadline.date, "provisional": deadline.provisional})
    except (CalendarRangeError, OverflowError) as exc:
        return Reply(422, {"detail": [{"loc": ["query", "date"], "msg": str(exc)}]})


# --- Bank accounts and the finance bureau's payment file (issue 15) --------------------------
# The same actions and permissions as the pages (/window/bank-account/, the ledger's 核实 button
# and /window/payments/batches/<number>/payment-file.xlsx): a payee declares, staff verify, the
# number is stored encrypted and always answered masked; the payment file is FINANCE-only,
# watermarked, with one audit read per payee.


class BankAccountOut(Schema):
    id: int
    payee: str
    person_id: int | None
    organisation_id: int | None
    bank_name: str
    account_masked: str
    status: str
    status_label: str
    declared_at: dt.datetime
    verified_at: dt.datetime | None


class BankAccountIn(Schema):
    bank_name: str
    account_number: str
    person_id: int | None = None
    organisation_id: int | None = None


class BankAccountVerifyIn(Schema):
    note: str = ""


class PaymentFileIn(Schema):
    purpose: str = ""


def _account_out(acc) -> dict:
    return {
        "id": acc.pk,
        "payee": acc.person.name if acc.person_id else acc.organisation.name,
        "person_id": acc.person_id,
        "organisation_id": acc.organisation_id,
        "bank_name": acc.bank_name,
        "account_masked": acc.account_masked,
        "status": acc.status,
        "status_label": str(acc.get_status_display()),
        "declared_at": acc.declared_at,
        "verified_at": acc.verified_at,
    }


def _account(request, account_id: int):
    from .models import BankAccount

    acc = get_object_or_404(BankAccount.objects.select_related("person", "organisation"), pk=account_id)
    require_object(perms.can_see_bank_account(request.user, acc), request.user, "您无权查看该收款账户")
    return acc


@router.get("/bank-accounts/mine", response={200: BankAccountOut, 404: WindowErrorOut})
def my_bank_account(request):
    """The signed-in citizen's (or employer's organisation's) own account, masked; 404 when none
    is declared yet."""
    from zhihui.core.perms import has_role
    from zhihui.core.roles import Role

    user = request.user
    if not has_role(user, Role.CITIZEN, Role.EMPLOYER):
        raise PermissionDenied("此接口供申请人本人使用")
    acc = selectors.own_bank_account(user)
    if acc is None:
        return Reply(404, {"detail": [{"loc": ["path"], "msg": "尚未登记收款账户"}]})
    return Reply(200, _account_out(acc))


@router.post("/bank-accounts", response={201: BankAccountOut, 422: WindowErrorOut})
@_refusals
def declare_bank_account(request, data: BankAccountIn):
    """Declare (or replace) a payee's account: citizens for themselves, employers for their
    organisation (both by default), clerks on someone's behalf by `person_id`/`organisation_id`.
    A new declaration is 本人申报 until staff verify it."""
    from zhihui.registry.models import Organisation, Person

    user = request.user
    person = org = None
    if data.person_id is not None and data.organisation_id is not None:
        raise actions.WindowError("person_id: 收款人只能是一人或一个单位", "person_id")
    if data.person_id is not None:
        person = Person.objects.filter(pk=data.person_id).first()
        if person is None:
            raise actions.WindowError("person_id: 人员不存在", "person_id")
    elif data.organisation_id is not None:
        org = Organisation.objects.filter(pk=data.organisation_id).first()
        if org is None:
            raise actions.WindowError("organisation_id: 单位不存在", "organisation_id")
    else:
        person, org = selectors.own_party(user)
    if person is None and org is None:
        if not perms.can_verify_bank_account(user):
            raise PermissionDenied("您无权登记收款账户")
        raise actions.WindowError("person_id: 请指定收款人(person_id 或 organisation_id)", "person_id")
    if not perms.can_declare_bank_account(user, person=person, organisation=org):
        # someone else's person or organisation: for a citizen or employer it does not exist
        require_object(False, user, "您无权登记此收款账户")
    acc = actions.declare_bank_account(user, bank_name=data.bank_name, account_number=data.account_number,
                                       person=person, organisation=org)
    return Reply(201, _account_out(acc))


@router.get("/bank-accounts/{account_id}", response=BankAccountOut)
def get_bank_account(request, account_id: int):
    return _account_out(_account(request, account_id))


@router.post("/bank-accounts/{account_id}/verify", response={200: BankAccountOut, 422: WindowErrorOut})
@_refusals
def verify_bank_account(request, account_id: int, data: BankAccountVerifyIn):
    """Staff checked the bank card or the bank's confirmation (not the one who declared it)."""
    if not perms.can_verify_bank_account(request.user):
        raise PermissionDenied("只有窗口工作人员可以核实收款账户")
    acc = _account(request, account_id)
    return Reply(200, _account_out(actions.verify_bank_account(request.user, acc, data.note)))


@router.post("/payment-batches/{number}/payment-file", response={422: WindowErrorOut},
             openapi_extra={"responses": {"200": {"description": "付款文件(xlsx)", "content": {
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}}})
@_refusals
def payment_file(request, number: str, data: PaymentFileIn):
    """The finance bureau's payment file of a released batch (FINANCE only): full name,
    identity number, bank, account, amount, benefit, year and batch; watermarked with its export
    registration and audited as one read per payee. The header `X-Missing-Accounts` counts rows
    with no bank account."""
    from django.http import HttpResponse

    from .models import PaymentBatch

    if not perms.can_export_payment_file(request.user):
        raise PermissionDenied("只有财务人员可以导出付款文件")
    batch = get_object_or_404(PaymentBatch, number=number)
    if len(data.purpose) > 200:
        raise actions.WindowError("purpose: 用途不得超过 200 个字", "purpose")
    content, missing = actions.export_payment_file(request.user, batch, data.purpose.strip())
    resp = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp["Content-Disposition"] = f'attachment; filename="{batch.number}-payment.xlsx"'
    resp["X-Missing-Accounts"] = str(missing)
    return resp
