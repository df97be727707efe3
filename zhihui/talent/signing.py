"""The bureau's card-signing keys (Ed25519).

Where the private key comes from, in order:
1. ZHIHUI_CARD_SIGNING_KEY: a PEM private key (or its 32-byte seed in base64url). Production.
2. settings.KEY_DIR/talent/<kid>.pem, the one named in settings.KEY_DIR/talent/current:
   generated on first use (0600), so a developer's machine needs no setup.

Rotation: `zhihui talent keygen` writes a new key and makes it current. Older keys stay in the
directory: their public halves are still published, so cards signed with them keep verifying
until they are re-issued. Deleting an old key's file withdraws it (its cards then fail as
"unknown key"). Every change rewrites the public key file KEY_DIR/talent/public-keys.json.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

from . import verify

ENV_VAR = "ZHIHUI_CARD_SIGNING_KEY"


def key_dir() -> Path:
    return Path(settings.KEY_DIR) / "talent"


def _write_private(path: Path, key: Ed25519PrivateKey) -> None:
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    path.chmod(0o600)


def _read_private(text: bytes) -> Ed25519PrivateKey:
    text = text.strip()
    if text.startswith(b"-----BEGIN"):
        key = serialization.load_pem_private_key(text, password=None)
    else:
        key = Ed25519PrivateKey.from_private_bytes(verify.b64url_decode(text.decode()))
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("card signing key is not an Ed25519 key")
    return key


def _env_key() -> Ed25519PrivateKey | None:
    value = os.environ.get(ENV_VAR, "").strip()
    if not value:
        return None
    try:
        return _read_private(value.replace("\\n", "\n").encode())
    except ValueError as exc:
        raise RuntimeError(f"{ENV_VAR} is not a usable Ed25519 private key: {exc}")


def _stored_keys() -> dict[str, Ed25519PrivateKey]:
    out = {}
    folder = key_dir()
    if folder.is_dir():
        for path in sorted(folder.glob("k*.pem")):
            key = _read_private(path.read_bytes())
            out[verify.key_id(key.public_key())] = key
    return out


def generate_key() -> str:
    """Write a new key under KEY_DIR/talent/ and make it current. Returns its key id."""
    key = Ed25519PrivateKey.generate()
    kid = verify.key_id(key.public_key())
    folder = key_dir()
    _write_private(folder / f"{kid}.pem", key)
    (folder / "current").write_text(kid + "\n")
    write_public_keys_file()
    return kid


def current_key() -> tuple[str, Ed25519PrivateKey]:
    """(kid, private key) used to sign new cards and revocation lists."""
    env = _env_key()
    if env is not None:
        return verify.key_id(env.public_key()), env
    folder = key_dir()
    pointer = folder / "current"
    if pointer.exists():
        kid = pointer.read_text().strip()
        path = folder / f"{kid}.pem"
        if path.exists():
            return kid, _read_private(path.read_bytes())
    kid = generate_key()
    return kid, _read_private((folder / f"{kid}.pem").read_bytes())


def public_keys() -> dict[str, Ed25519PublicKey]:
    """Every key a verifier should accept: the current one and the older ones still on file."""
    kid, key = current_key()
    keys = {k: v.public_key() for k, v in _stored_keys().items()}
    keys[kid] = key.public_key()
    return keys


def public_keys_document() -> dict:
    current, _ = current_key()
    keys = public_keys()
    ordered = [keys[current]] + [v for k, v in keys.items() if k != current]
    return verify.public_keys_document(ordered, current=current)


def public_key_pem() -> str:
    _, key = current_key()
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def write_public_keys_file(path: Path | None = None) -> Path:
    path = path or key_dir() / "public-keys.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(public_keys_document(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def sign_card(payload: dict) -> tuple[str, str]:
    """(token, kid): the payload gets the current key's id and is signed with it."""
    kid, key = current_key()
    return verify.sign(key, {**payload, "k": kid}), kid


def sign_revocations(entries: list[dict], issued_at: dt.datetime) -> dict:
    _, key = current_key()
    return verify.sign_revocation_list(key, entries, issued_at)
