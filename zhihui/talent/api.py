"""/api/v1/talent/: cards, online verification, the public key and the revocation list."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from ninja import Router, Schema
from ninja.security import django_auth

from zhihui.core.perms import require, require_object
from zhihui.core.schemas import ErrorOut

from . import actions, perms, selectors, signing
from .models import TalentCard
from .online import verify_online

router = Router(tags=["talent 王屋英才卡"])


class CardOut(Schema):
    number: str
    name: str
    masked_id: str
    category: str
    category_label: str
    special: bool
    issued_on: str
    valid_until: str
    status: str
    status_label: str
    revocation_reason: str
    key_id: str
    token: str
    replaced_by: str | None = None


class VerifyIn(Schema):
    token: str


class VerifyOut(Schema):
    valid: bool
    code: str
    reason: str
    card: dict
    revocations_issued_at: str | None = None
    warnings: list[str] = []



def card_out(card: TalentCard) -> dict:
    newer = selectors.replaced_by(card)
    replaced_by = newer.number if newer else None
    return {
        "number": card.number,
        "name": card.person.name,
        "masked_id": card.person.id_number_masked,
        "category": card.category,
        "category_label": str(card.category_label),
        "special": card.is_special,
        "issued_on": card.issued_on.isoformat(),
        "valid_until": card.valid_until.isoformat(),
        "status": card.effective_status(),
        "status_label": str(card.effective_status_label()),
        "revocation_reason": card.revocation_reason,
        "key_id": card.key_id,
        "token": card.token,
        "replaced_by": replaced_by,
    }


@router.get("/cards/{number}", response={200: CardOut, 403: ErrorOut, 404: ErrorOut}, auth=django_auth,
            summary="A 王屋英才 card (its holder, or window staff)")
def get_card(request, number: str):
    card = selectors.card(number[:16])
    require_object(perms.can_view_card(request.user, card), request.user, "只能查看本人的王屋英才卡")
    if not perms.is_holder(request.user, card):
        actions.record_card_view(request.user, card)
    return card_out(card)


@router.post("/verify", response={200: VerifyOut, 403: ErrorOut}, auth=django_auth,
             summary="Verify a 王屋英才 code (window staff); refused codes say why")
def verify(request, body: VerifyIn):
    require(perms.can_verify(request.user), "只有窗口工作人员可以验卡")
    return verify_online(request.user, body.token)


@router.get("/public-key", summary="The bureau's card-signing public keys (JSON key set, or PEM with ?format=pem)")
def public_key(request, format: str = "json"):
    if format == "pem":
        return HttpResponse(signing.public_key_pem(), content_type="application/x-pem-file")
    return signing.public_keys_document()


@router.get("/revocations", auth=django_auth, response={200: dict, 403: ErrorOut},
            summary="The signed revocation list (window staff), for offline verification")
def revocations(request):
    if not perms.can_download_revocations(request.user):
        raise PermissionDenied("只有窗口工作人员可以下载注销名单")
    from .actions import hand_out_revocation_list

    return hand_out_revocation_list(request.user)
