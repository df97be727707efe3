"""/api/v1/skills/: training vouchers (the holder's own, a provider's, the office's all).

Errors: 422 naming the field; a voucher out of scope is 404.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Router, Schema
from ninja.responses import Status as Reply
from ninja.security import django_auth

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


class ErrorOut(Schema):
    detail: list[dict] | str


class TransitionIn(Schema):
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
def take(request, number: str, transition: str, data: TransitionIn):
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
