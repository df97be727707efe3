"""/api/v1/skills/: training vouchers (the holder's own, a provider's, the office's all); the
year's statistics; the registers in aggregate (leaders, reviewers, the office) and the office's
entries into them (the same forms and actions as the pages).

Errors: 422 naming the field; a voucher out of scope is 404.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Router, Schema
from ninja.responses import Status as Reply
from ninja.security import django_auth

from zhihui.core.perms import require
from zhihui.core.schemas import ErrorOut
from zhihui.core.workflow import history_of

from . import actions, perms, selectors
from .actions import SkillsError
from .models import Voucher
from .workflows import VOUCHER

router = Router(tags=["skills 技能济源"], auth=django_auth)


class VoucherOut(Schema):
    number: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    value: Decimal
    issued_on: dt.date
    expires_on: dt.date
    provider: str | None
    programme: str | None
    certificate: str | None
    redeemed_amount: Decimal
    redeemed_on: dt.date | None
    payment: str | None
    actions: list[str]



class VoucherStepIn(Schema):
    reason: str = ""


def _out(v: Voucher, user) -> dict:
    available = VOUCHER.available(v.status, user, is_owner=perms.is_holder(user, v), history=history_of(v.transitions))
    return {
        "number": v.number, "kind": v.kind, "kind_label": v.get_kind_display(), "status": v.status,
        "status_label": v.get_status_display(), "value": v.value, "issued_on": v.issued_on, "expires_on": v.expires_on,
        "provider": str(v.provider) if v.provider_id else None, "programme": v.programme.code if v.programme_id else None,
        "certificate": v.certificate.number if v.certificate_id else None, "redeemed_amount": v.redeemed_amount,
        "redeemed_on": v.redeemed_on, "payment": v.payment.number if v.payment_id else None,
        "actions": [t.name for t in available if t.name in ("redeem", "cancel")],
    }


def _error(exc: SkillsError):
    return Reply(422, {"detail": [{"loc": ["body", exc.field], "msg": str(exc)}]})


@router.get("/vouchers", response=list[VoucherOut], summary="The vouchers you may see (newest first, 200 at most)")
def list_vouchers(request, status: str | None = None):
    qs = selectors.vouchers_for(request.user)
    if status:
        qs = qs.filter(status=status)
    return [_out(v, request.user) for v in qs[:200]]


@router.get("/vouchers/{number}", response={200: VoucherOut, 404: ErrorOut})
def get_voucher(request, number: str):
    return _out(selectors.vouchers_for(request.user).get(number=number), request.user)


@router.post("/vouchers/{number}/{transition}", response={200: VoucherOut, 404: ErrorOut, 422: ErrorOut},
             summary="Redeem (the provider, once certified) or cancel (with a reason) a voucher")
def take(request, number: str, transition: str, data: VoucherStepIn):
    v = selectors.vouchers_for(request.user).get(number=number)
    try:
        if transition == "redeem":
            v = actions.redeem(request.user, v)
        elif transition == "cancel":
            v = actions.cancel(request.user, v, data.reason)
        else:
            return _error(SkillsError("transition: redeem | cancel", "transition"))
    except SkillsError as exc:
        return _error(exc)
    return _out(v, request.user)


@router.get("/stats", response={200: dict, 422: ErrorOut}, summary="The year's training and certificate figures (definitions in docs/skills.md)")
def get_stats(request, year: int):
    from .stats import year_figures

    require(perms.can_see_stats(request.user), "无权查看统计")
    if not 2000 <= year <= 2100:
        return _error(SkillsError("year: 2000–2100", "year"))
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in year_figures(year).items()}


@router.get("/registers/summary", summary="The registers in aggregate: counts by kind, level and year, no names")
def registers_summary(request):
    require(perms.can_see_registers(request.user), "无权查看")
    s = selectors.register_summary()
    num = lambda v: None if v is None else str(v)  # noqa: E731
    return {
        "competitions": [{"year": c.year, "name": c.name, "level": c.level, "entries": c.n_entries, "awards": c.n_awards,
                          "titles": c.n_titles} for c in s["competitions"]],
        "studios": [{"kind": r["kind"], "level": r["level"], "count": r["n"], "funding": num(r["funding"])} for r in s["studios"]],
        "training_bases": [{"kind": r["kind"], "level": r["level"], "count": r["n"], "stations": r["stations"],
                            "funding": num(r["funding"])} for r in s["bases"]],
        "chief_technicians": [{"year": r["y"], "count": r["n"], "firms": r["firms"], "average_allowance": num(r["allowance"])}
                              for r in s["chiefs"]],
        "apprenticeships": [{"year": r["y"], "count": r["n"], "firms": r["firms"], "subsidy": num(r["subsidy"])} for r in s["apprentices"]],
        "one_plus_x": [{"level": str(r["level"]), "count": r["n"]} for r in s["one_plus_x"]],
        "labour_brands": [{k: str(v) if k == "brand" else v for k, v in b.items()} for b in selectors.brand_figures()],
    }


# The fields differ by kind (the page's form for that kind), so the body is a plain JSON object,
# read here rather than by a `Body[dict]` parameter: a request without a JSON body must get a 422
# naming the body, not a server error from reading a form-encoded stream twice.
_OBJECT_BODY = {"requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object"}}}}}


def _json_object(request) -> dict | None:
    import orjson

    if request.content_type != "application/json":
        return None
    try:
        data = orjson.loads(request.body or b"null")
    except orjson.JSONDecodeError:
        return None
    return data if isinstance(data, dict) else None


@router.post("/registers/{kind}", response={201: dict, 422: ErrorOut}, openapi_extra=_OBJECT_BODY,
             summary="The office enters a register row: competition, entry, studio, brand_member, apprenticeship, "
                     "chief_technician, training_base, one_plus_x (the fields of the page's form)")
def register_entry(request, kind: str):
    from . import forms

    require(perms.can_see_register_names(request.user), "只有窗口受理员或部门管理员可以登记")
    data = _json_object(request)
    if data is None:
        return _error(SkillsError("body: 请以 JSON 对象提交字段", "body"))
    if kind not in forms.KINDS:
        return _error(SkillsError("kind: " + " | ".join(forms.KINDS), "kind"))
    form = forms.KINDS[kind][1]({k: v for k, v in data.items() if isinstance(v, str | int | bool)})
    if not form.is_valid():
        return Reply(422, {"detail": [{"loc": ["body", f], "msg": " ".join(str(m) for m in msgs)}
                                      for f, msgs in form.errors.items()]})
    try:
        obj = forms.save(kind, request.user, dict(form.cleaned_data))
    except SkillsError as exc:
        return _error(exc)
    return Reply(201, {"kind": kind, "id": obj.pk})
