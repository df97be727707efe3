"""The issue's done-when: a card's code verifies offline with the public key alone, and a
tampered, expired, revoked or foreign code is refused with the reason."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from zhihui.talent import actions, signing, verify
from zhihui.talent.verify import b64url_decode, b64url_encode, today_in_city

pytestmark = pytest.mark.django_db


def offline_keys():
    """What a window's offline machine has: the published key file, parsed by verify.py."""
    return verify.parse_public_keys(json.dumps(signing.public_keys_document()))


def offline_crl(keys):
    return verify.parse_revocation_list(json.dumps(actions.revocation_list()), keys)


def test_a_fresh_card_verifies_offline_and_shows_who_and_what(recognised):
    person = recognised("D", name="李青")
    card = actions.issue_card(None, person)
    keys = offline_keys()
    result = verify.verify_token(card.token, keys, offline_crl(keys))
    assert result.valid, result.reason
    assert result.code == verify.OK
    assert result.card["number"] == card.number
    assert result.card["name"] == "李青"
    assert result.card["category"] == "D"
    assert result.card["valid_until"] == card.valid_until.isoformat()
    assert result.warnings == []


def test_the_code_carries_the_masked_identity_number_never_the_full_one(recognised):
    from zhihui.core import crypto

    person = recognised()
    card = actions.issue_card(None, person)
    full = crypto.decrypt(person.id_number_encrypted)
    payload = json.loads(b64url_decode(card.token.split(".")[0]))
    assert payload["id"] == person.id_number_masked
    assert full not in json.dumps(payload, ensure_ascii=False)
    assert full[6:14] not in card.token  # not even the birth date part, encoded or not
    assert len(card.token) < 400  # fits a QR code comfortably


def test_a_tampered_code_is_refused_as_an_invalid_signature(recognised):
    card = actions.issue_card(None, recognised("E"))
    body, sig = card.token.split(".")
    payload = json.loads(b64url_decode(body))
    payload["c"] = "A"  # promote oneself to an A-class talent
    forged = b64url_encode(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()) + "." + sig
    result = verify.verify_token(forged, offline_keys())
    assert not result.valid
    assert result.code == verify.BAD_SIGNATURE
    assert "篡改" in result.reason
    assert result.card == {}  # nothing from a forged code is shown as if true


def test_a_code_with_a_flipped_signature_byte_is_refused(recognised):
    card = actions.issue_card(None, recognised())
    body, sig = card.token.split(".")
    raw = bytearray(b64url_decode(sig))
    raw[0] ^= 1
    result = verify.verify_token(body + "." + b64url_encode(bytes(raw)), offline_keys())
    assert result.code == verify.BAD_SIGNATURE


def test_a_code_signed_by_someone_else_names_an_unknown_key(recognised):
    card = actions.issue_card(None, recognised())
    payload = json.loads(b64url_decode(card.token.split(".")[0]))
    impostor = Ed25519PrivateKey.generate()
    payload["k"] = verify.key_id(impostor.public_key())
    result = verify.verify_token(verify.sign(impostor, payload), offline_keys())
    assert not result.valid
    assert result.code == verify.UNKNOWN_KEY


def test_an_impostor_reusing_the_bureaus_key_id_fails_the_signature(recognised):
    card = actions.issue_card(None, recognised())
    payload = json.loads(b64url_decode(card.token.split(".")[0]))
    result = verify.verify_token(verify.sign(Ed25519PrivateKey.generate(), payload), offline_keys())
    assert result.code == verify.BAD_SIGNATURE


def test_an_expired_card_is_refused_with_its_end_date(recognised):
    card = actions.issue_card(None, recognised(), valid_years=1)
    keys = offline_keys()
    last_day = card.valid_until
    assert verify.verify_token(card.token, keys, today=last_day).valid  # 有效期至 includes the day
    result = verify.verify_token(card.token, keys, today=last_day + dt.timedelta(days=1))
    assert not result.valid
    assert result.code == verify.EXPIRED
    assert last_day.isoformat() in result.reason
    assert result.card["number"] == card.number


def test_a_revoked_card_is_refused_with_the_reason_offline(recognised):
    card = actions.issue_card(None, recognised())
    keys = offline_keys()
    before = offline_crl(keys)  # a window's list from before the revocation still accepts it
    actions.revoke_card(None, card, "本人调离济源")
    after = offline_crl(keys)
    assert verify.verify_token(card.token, keys, before).valid
    result = verify.verify_token(card.token, keys, after)
    assert not result.valid
    assert result.code == verify.REVOKED
    assert "本人调离济源" in result.reason


def test_a_long_revocation_list_is_read_whole(recognised):
    cards = [actions.issue_card(None, recognised(name=f"人{i}")) for i in range(40)]
    for card in cards:
        actions.revoke_card(None, card, "批量注销测试")
    keys = offline_keys()
    doc = json.dumps(actions.revocation_list(), ensure_ascii=False)
    assert len(doc) > verify.MAX_TOKEN_LENGTH  # longer than any card code may be
    crl = verify.parse_revocation_list(doc, keys)
    assert len(crl.revoked) == 40
    assert verify.verify_token(cards[-1].token, keys, crl).code == verify.REVOKED


def test_without_a_revocation_list_a_valid_card_passes_with_a_warning(recognised):
    card = actions.issue_card(None, recognised())
    result = verify.verify_token(card.token, offline_keys())
    assert result.valid
    assert any("注销名单" in w for w in result.warnings)


def test_a_stale_revocation_list_is_flagged(recognised):
    card = actions.issue_card(None, recognised())
    keys = offline_keys()
    result = verify.verify_token(card.token, keys, offline_crl(keys), today=today_in_city() + dt.timedelta(days=30))
    assert any("请尽快更新" in w for w in result.warnings)


def test_a_forged_revocation_list_is_refused(recognised):
    card = actions.issue_card(None, recognised())
    actions.revoke_card(None, card, "冒用")
    doc = actions.revocation_list()
    payload = json.loads(b64url_decode(doc["payload"]))
    payload["revoked"] = []  # someone tries to un-revoke the card
    doc["payload"] = b64url_encode(json.dumps(payload).encode())
    with pytest.raises(verify.VerificationError, match="签名无效"):
        verify.parse_revocation_list(json.dumps(doc), offline_keys())


def test_a_card_code_is_not_accepted_as_a_revocation_list_and_vice_versa(recognised):
    card = actions.issue_card(None, recognised())
    keys = offline_keys()
    body, sig = card.token.split(".")
    with pytest.raises(verify.VerificationError):
        verify.parse_revocation_list({"payload": body, "signature": sig}, keys)
    doc = actions.revocation_list()
    result = verify.verify_token(f"{doc['payload']}.{doc['signature']}", keys)
    assert not result.valid and result.code == verify.MALFORMED


@pytest.mark.parametrize("garbage", ["", "hello", "a.b.c", "!!!.???", "eyJ0IjoiY2FyZCJ9.", "x" * 5000])
def test_garbage_is_refused_as_malformed(garbage, recognised):
    actions.issue_card(None, recognised())
    result = verify.verify_token(garbage, offline_keys())
    assert not result.valid
    assert result.code == verify.MALFORMED


def test_scanner_line_breaks_do_not_matter(recognised):
    card = actions.issue_card(None, recognised())
    wrapped = "\n".join(card.token[i:i + 60] for i in range(0, len(card.token), 60)) + "\r\n"
    assert verify.verify_token(wrapped, offline_keys()).valid


def test_rotated_keys_keep_old_cards_valid_and_sign_new_ones_with_the_new_key(recognised):
    old_card = actions.issue_card(None, recognised(name="甲"))
    new_kid = signing.generate_key()
    new_card = actions.issue_card(None, recognised(name="乙"))
    assert new_card.key_id == new_kid != old_card.key_id
    keys = offline_keys()
    assert set(keys) == {old_card.key_id, new_kid}
    assert verify.verify_token(old_card.token, keys).valid
    assert verify.verify_token(new_card.token, keys).valid


def test_the_private_key_file_is_private(card_keys, recognised):
    actions.issue_card(None, recognised())
    kid, _ = signing.current_key()
    path = signing.key_dir() / f"{kid}.pem"
    assert path.exists()
    assert path.stat().st_mode & 0o777 == 0o600
    assert (signing.key_dir() / "public-keys.json").exists()


def test_the_signing_key_can_come_from_the_environment(monkeypatch, recognised):
    key = Ed25519PrivateKey.generate()
    from cryptography.hazmat.primitives import serialization

    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    monkeypatch.setenv("ZHIHUI_CARD_SIGNING_KEY", pem)
    card = actions.issue_card(None, recognised())
    assert card.key_id == verify.key_id(key.public_key())
    assert not signing.key_dir().exists()  # nothing written to disk
    pem_public = signing.public_key_pem()
    assert verify.verify_token(card.token, verify.parse_public_keys(pem_public)).valid
