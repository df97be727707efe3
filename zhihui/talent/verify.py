"""Offline verification of 王屋英才 codes. No Django: a window's offline machine runs this with
only the bureau's public key file and, ideally, a recent revocation list.

Token (what the QR code carries)::

    base64url(payload JSON) "." base64url(Ed25519 signature over the first part, as ASCII)

The payload uses short keys so that the code stays small (about 250 characters, a version-12
QR code at level M)::

    {"t": "card", "v": 1, "no": "WY2026000001", "n": "张三", "id": "419001********123X",
     "c": "D", "s": 0, "iss": "2026-11-24", "exp": "2029-11-23", "k": "k3Jx…"}

`id` is the masked identity number, never the full one. `k` names the signing key, so the
bureau can rotate keys while cards signed with an older key still verify. The signature covers
the base64url text itself (as JWS does), so no canonical JSON is needed.

Revocation list (a JSON file, downloadable by windows)::

    {"format": "zhihui-talent-revocations/1", "kid": "…", "payload": "<base64url JSON>",
     "signature": "<base64url>"}

with payload ``{"t": "crl", "v": 1, "issued_at": "2026-11-24T20:00:00+08:00",
"revoked": [{"no": "WY…", "reason": "…", "on": "2026-11-24"}]}``.

Public keys (a JSON file, also served at /api/v1/talent/public-key)::

    {"format": "zhihui-talent-keys/1", "keys": [{"kid": "…", "alg": "Ed25519", "x": "<base64url raw 32 bytes>"}]}

A single PEM public key file is accepted too; its key id is derived from the key itself.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

TOKEN_TYPE = "card"
CRL_TYPE = "crl"
KEYS_FORMAT = "zhihui-talent-keys/1"
CRL_FORMAT = "zhihui-talent-revocations/1"
CITY_TZ = ZoneInfo("Asia/Shanghai")
MAX_TOKEN_LENGTH = 2000  # a QR code cannot carry much more; refuse absurd input early

# Reason codes (stable, for programs) and their Chinese wording (for people).
OK = "ok"
MALFORMED = "malformed"
BAD_SIGNATURE = "bad_signature"
UNKNOWN_KEY = "unknown_key"
EXPIRED = "expired"
NOT_YET_VALID = "not_yet_valid"
REVOKED = "revoked"

REASON_TEXT = {
    OK: "有效",
    MALFORMED: "不是有效的王屋英才码(格式错误)",
    BAD_SIGNATURE: "签名无效：此码已被篡改或并非本局签发",
    UNKNOWN_KEY: "未知的签名密钥",
    EXPIRED: "已过期",
    NOT_YET_VALID: "尚未生效",
    REVOKED: "已注销",
}


class VerificationError(ValueError):
    """A key file or revocation list that cannot be used (not a card that fails: see Result)."""


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    if not isinstance(text, str) or not text or any(c not in _B64URL for c in text):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


_B64URL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def raw_public_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(key: Ed25519PublicKey) -> str:
    """Key id: 'k' + the first 9 bytes of SHA-256 of the raw public key, base64url (13 chars)."""
    return "k" + b64url_encode(hashlib.sha256(raw_public_bytes(key)).digest()[:9])


# --- Signing (used by the server; here so that format and check live in one file) -----------


def sign(private_key: Ed25519PrivateKey, payload: dict) -> str:
    """Compact signed token: base64url(JSON) + '.' + base64url(signature)."""
    body = b64url_encode(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return body + "." + b64url_encode(private_key.sign(body.encode("ascii")))


def _open(token: str, keys: dict[str, Ed25519PublicKey], max_length: int | None = MAX_TOKEN_LENGTH) -> tuple[str, dict]:
    """(reason, payload) of a compact token: signature checked against the key it names."""
    if not isinstance(token, str):
        return MALFORMED, {}
    token = "".join(token.split())  # scanners and copy/paste add line breaks or spaces
    too_long = max_length is not None and len(token) > max_length
    if not token or too_long or token.count(".") != 1:
        return MALFORMED, {}
    body, sig = token.split(".")
    try:
        payload = json.loads(b64url_decode(body).decode("utf-8"))
        signature = b64url_decode(sig)
    except (ValueError, UnicodeDecodeError, binascii.Error):
        return MALFORMED, {}
    if not isinstance(payload, dict):
        return MALFORMED, {}
    kid = payload.get("k")
    key = keys.get(kid) if isinstance(kid, str) else None
    if key is None:
        return UNKNOWN_KEY, payload
    try:
        key.verify(signature, body.encode("ascii"))
    except InvalidSignature:
        return BAD_SIGNATURE, payload
    return OK, payload


# --- Keys -------------------------------------------------------------------------------------


def parse_public_keys(text: str | bytes) -> dict[str, Ed25519PublicKey]:
    """{kid: key} from a key-set JSON document or a PEM public key."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    stripped = text.strip()
    keys: dict[str, Ed25519PublicKey] = {}
    if stripped.startswith("-----BEGIN"):
        try:
            key = serialization.load_pem_public_key(stripped.encode())
        except ValueError as exc:
            raise VerificationError(f"公钥文件无法读取: {exc}")
        if not isinstance(key, Ed25519PublicKey):
            raise VerificationError("公钥文件不是 Ed25519 公钥")
        return {key_id(key): key}
    try:
        doc = json.loads(stripped)
        entries = doc["keys"]
    except (ValueError, KeyError, TypeError):
        raise VerificationError("公钥文件格式错误：应为 PEM 公钥或 zhihui-talent-keys/1 JSON")
    for i, entry in enumerate(entries):
        try:
            key = Ed25519PublicKey.from_public_bytes(b64url_decode(entry["x"]))
        except (KeyError, TypeError, ValueError):
            raise VerificationError(f"公钥文件第{i + 1}个密钥(keys[{i}].x)无效")
        kid = key_id(key)
        if entry.get("kid") not in (None, kid):
            raise VerificationError(f"公钥文件第{i + 1}个密钥的 kid 与密钥不符")
        keys[kid] = key
    if not keys:
        raise VerificationError("公钥文件中没有密钥")
    return keys


def public_keys_document(keys: list[Ed25519PublicKey], current: str | None = None) -> dict:
    return {
        "format": KEYS_FORMAT,
        "alg": "Ed25519",
        "keys": [
            {"kid": key_id(k), "alg": "Ed25519", "x": b64url_encode(raw_public_bytes(k)),
             **({"current": key_id(k) == current} if current else {})}
            for k in keys
        ],
    }


def load_public_keys(path: str | Path) -> dict[str, Ed25519PublicKey]:
    try:
        return parse_public_keys(Path(path).read_bytes())
    except OSError as exc:
        raise VerificationError(f"无法读取公钥文件 {path}: {exc.strerror}")


# --- Revocation list --------------------------------------------------------------------------


@dataclass(frozen=True)
class RevocationList:
    issued_at: str
    revoked: dict[str, dict]  # card number -> {"reason", "on"}

    @property
    def issued_at_time(self) -> dt.datetime | None:
        try:
            return dt.datetime.fromisoformat(self.issued_at)
        except (TypeError, ValueError):
            return None


def sign_revocation_list(private_key: Ed25519PrivateKey, entries: list[dict], issued_at: dt.datetime) -> dict:
    payload = {"t": CRL_TYPE, "v": 1, "issued_at": issued_at.isoformat(timespec="seconds"),
               "k": key_id(private_key.public_key()), "revoked": entries}
    body, sig = sign(private_key, payload).split(".")
    return {"format": CRL_FORMAT, "kid": payload["k"], "payload": body, "signature": sig}


def parse_revocation_list(text: str | bytes | dict, keys: dict[str, Ed25519PublicKey]) -> RevocationList:
    """Check the list's signature with the bureau's keys; refuse a list that fails."""
    try:
        doc = text if isinstance(text, dict) else json.loads(text)
        token = f"{doc['payload']}.{doc['signature']}"
    except (ValueError, KeyError, TypeError):
        raise VerificationError("注销名单格式错误：应为 zhihui-talent-revocations/1 JSON")
    reason, payload = _open(token, keys, max_length=None)  # a list may hold many thousand cards
    if reason == UNKNOWN_KEY:
        raise VerificationError("注销名单由未知密钥签名")
    if reason != OK or payload.get("t") != CRL_TYPE:
        raise VerificationError("注销名单签名无效(可能被篡改)")
    revoked = {}
    for entry in payload.get("revoked", []):
        if isinstance(entry, dict) and isinstance(entry.get("no"), str):
            revoked[entry["no"]] = {"reason": str(entry.get("reason", "")), "on": str(entry.get("on", ""))}
    return RevocationList(issued_at=str(payload.get("issued_at", "")), revoked=revoked)


def load_revocation_list(path: str | Path, keys: dict[str, Ed25519PublicKey]) -> RevocationList:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise VerificationError(f"无法读取注销名单 {path}: {exc.strerror}")
    return parse_revocation_list(text, keys)


# --- Verification -----------------------------------------------------------------------------


@dataclass
class Result:
    valid: bool
    code: str  # one of OK, MALFORMED, BAD_SIGNATURE, UNKNOWN_KEY, EXPIRED, NOT_YET_VALID, REVOKED
    reason: str  # for people, in Chinese
    card: dict = field(default_factory=dict)  # what the code says (only when the signature is good)
    revocations_issued_at: str | None = None
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"valid": self.valid, "code": self.code, "reason": self.reason, "card": self.card,
                "revocations_issued_at": self.revocations_issued_at, "warnings": self.warnings}


def card_from_payload(payload: dict) -> dict:
    return {
        "number": payload.get("no"),
        "name": payload.get("n"),
        "masked_id": payload.get("id"),
        "category": payload.get("c"),
        "special": bool(payload.get("s")),
        "issued_on": payload.get("iss"),
        "valid_until": payload.get("exp"),
        "key_id": payload.get("k"),
    }


def today_in_city() -> dt.date:
    return dt.datetime.now(CITY_TZ).date()


def verify_token(
    token: str,
    keys: dict[str, Ed25519PublicKey],
    revocations: RevocationList | None = None,
    *,
    today: dt.date | None = None,
    stale_after_days: int = 7,
) -> Result:
    """Verify a 王屋英才 code. Order: format → key → signature → revoked → validity dates.

    A card's `exp` day is the last day it is valid on (有效期至, inclusive).
    """
    today = today or today_in_city()
    reason, payload = _open(token, keys)
    if reason == UNKNOWN_KEY:
        return Result(False, UNKNOWN_KEY, f"{REASON_TEXT[UNKNOWN_KEY]} ({str(payload.get('k'))[:20]})：请更新公钥文件，或此码并非本局签发")
    if reason != OK:
        return Result(False, reason, REASON_TEXT[reason])
    if payload.get("t") != TOKEN_TYPE or not isinstance(payload.get("no"), str):
        return Result(False, MALFORMED, REASON_TEXT[MALFORMED])
    try:
        valid_until = dt.date.fromisoformat(payload["exp"])
        issued_on = dt.date.fromisoformat(payload["iss"])
    except (KeyError, TypeError, ValueError):
        return Result(False, MALFORMED, REASON_TEXT[MALFORMED])
    card = card_from_payload(payload)
    warnings = []
    crl_at = None
    if revocations is None:
        warnings.append("未提供注销名单：无法确认此卡未被注销")
    else:
        crl_at = revocations.issued_at
        issued = revocations.issued_at_time
        if issued is not None and (today - issued.astimezone(CITY_TZ).date()).days > stale_after_days:
            warnings.append(f"注销名单生成于 {issued.date().isoformat()}，已超过{stale_after_days}天，请尽快更新")
        entry = revocations.revoked.get(card["number"])
        if entry is not None:
            text = f"{REASON_TEXT[REVOKED]}：{entry['reason'] or '未说明原因'}"
            if entry.get("on"):
                text += f"(注销日期 {entry['on']})"
            return Result(False, REVOKED, text, card, crl_at, warnings)
    if today > valid_until:
        return Result(False, EXPIRED, f"{REASON_TEXT[EXPIRED]}：有效期至 {valid_until.isoformat()}", card, crl_at, warnings)
    if today < issued_on:
        return Result(False, NOT_YET_VALID, f"{REASON_TEXT[NOT_YET_VALID]}：签发日期 {issued_on.isoformat()}", card, crl_at, warnings)
    return Result(True, OK, f"{REASON_TEXT[OK]}(有效期至 {valid_until.isoformat()})", card, crl_at, warnings)


def verify_files(token: str, public_key_path: str | Path, revocations_path: str | Path | None = None,
                 *, today: dt.date | None = None) -> Result:
    """Convenience for the command line: keys and revocation list from files."""
    keys = load_public_keys(public_key_path)
    crl = load_revocation_list(revocations_path, keys) if revocations_path else None
    return verify_token(token, keys, crl, today=today)


def main(argv: list[str] | None = None) -> int:
    """`python verify.py TOKEN --public-key FILE [--revocations FILE]`: this file alone (plus
    the `cryptography` package) is enough on a window's offline machine."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(description="Verify a 王屋英才 code offline.")
    parser.add_argument("token", help="the code's text, or - for standard input")
    parser.add_argument("--public-key", required=True, metavar="FILE")
    parser.add_argument("--revocations", metavar="FILE")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    token = sys.stdin.read() if args.token == "-" else args.token
    try:
        result = verify_files(token, args.public_key, args.revocations)
    except VerificationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(("VALID 有效" if result.valid else "REFUSED 拒绝") + f" [{result.code}] {result.reason}")
        if result.card:
            print("  " + "  ".join(f"{k}={v}" for k, v in result.card.items()))
        for warning in result.warnings:
            print(f"  注意: {warning}")
    return 0 if result.valid else 1


if __name__ == "__main__":
    raise SystemExit(main())
