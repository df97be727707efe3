"""Protection of identity numbers at rest.

An identity number is stored twice, and never in clear: AES-256-GCM ciphertext (to show it to
the few roles that may see it) and an HMAC-SHA256 of it under a separate key (to find a person
by number without decrypting the table). A database dump alone reveals neither.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_NONCE_BYTES = 12


@lru_cache(maxsize=1)
def _keys() -> tuple[AESGCM, bytes]:
    from django.conf import settings

    enc_key = hashlib.sha256(b"zhihui-field-v1" + settings.FIELD_ENCRYPTION_KEY.encode()).digest()
    hash_key = hashlib.sha256(b"zhihui-lookup-v1" + settings.LOOKUP_HASH_KEY.encode()).digest()
    return AESGCM(enc_key), hash_key


def encrypt(plaintext: str) -> bytes:
    aead, _ = _keys()
    nonce = os.urandom(_NONCE_BYTES)
    return nonce + aead.encrypt(nonce, plaintext.encode(), None)


def decrypt(token: bytes) -> str:
    aead, _ = _keys()
    token = bytes(token)
    return aead.decrypt(token[:_NONCE_BYTES], token[_NONCE_BYTES:], None).decode()


def lookup_hash(plaintext: str) -> str:
    """Keyed hash for equality look-ups (hex, 64 characters)."""
    _, key = _keys()
    return hmac.new(key, plaintext.encode(), hashlib.sha256).hexdigest()


def encrypt_many(values: list[str]) -> list[bytes]:
    """Batch form for bulk loads (same output format as `encrypt`)."""
    aead, _ = _keys()
    out = []
    for value in values:
        nonce = os.urandom(_NONCE_BYTES)
        out.append(nonce + aead.encrypt(nonce, value.encode(), None))
    return out


def lookup_hash_many(values: list[str]) -> list[str]:
    _, key = _keys()
    return [hmac.new(key, v.encode(), hashlib.sha256).hexdigest() for v in values]
