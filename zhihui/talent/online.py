"""Online verification at a window that can reach the server: the same check as offline
(zhihui/talent/verify.py) with the live key set and the live revocation state."""

from __future__ import annotations

from zhihui.core import audit

from . import signing, verify
from .actions import revocation_entries
from .models import CardStatus, TalentCard

UNKNOWN_CARD = "unknown_card"


def verify_online(user, token: str) -> dict:
    keys = signing.public_keys()
    entries = revocation_entries()
    crl = verify.RevocationList(
        issued_at=verify.dt.datetime.now(verify.CITY_TZ).isoformat(timespec="seconds"),
        revoked={e["no"]: {"reason": e["reason"], "on": e["on"]} for e in entries},
    )
    result = verify.verify_token(token, keys, crl)
    result.warnings = [w for w in result.warnings if "注销名单" not in w]
    number = result.card.get("number")
    if number and result.code in (verify.OK, verify.EXPIRED, verify.REVOKED, verify.NOT_YET_VALID):
        card = TalentCard.objects.filter(number=number).first()
        if card is None:
            # Signed with our key but unknown to the register: never accept it online.
            result.valid = False
            result.code = UNKNOWN_CARD
            result.reason = f"系统中没有卡号 {number}：请联系发卡部门核实"
        else:
            if result.valid and card.token != "".join(token.split()):
                # Signed by us but not the code on record for this card (e.g. an older print).
                result.warnings.append("此码与系统中该卡的当前码不一致")
            if result.valid and card.status == CardStatus.EXPIRED:
                result.valid = False
                result.code = verify.EXPIRED
                result.reason = f"{verify.REASON_TEXT[verify.EXPIRED]}：有效期至 {card.valid_until.isoformat()}"
            audit.record(user, audit.Action.VIEW, card, summary=f"核验王屋英才卡 {card.number}：{result.code}")
    return result.as_dict()
