"""Vectorised construction of identity numbers (GB 11643-1999) and unified social credit codes
(GB 32100-2015), with their check characters. numpy only, no Python loop per row."""

from __future__ import annotations

import numpy as np

# ISO 7064 MOD 11-2 weights of the 17 body digits: 2^(17-i) mod 11
ID_WEIGHTS = np.array([pow(2, 17 - i, 11) for i in range(17)], dtype=np.int64)
ID_CHECK_CHARS = np.array(list("10X98765432"))  # index = weighted sum mod 11

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = np.array([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28], dtype=np.int64)
ORG_CODE_WEIGHTS = np.array([3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)  # GB 11714-1997


def digits(values: np.ndarray, width: int) -> np.ndarray:
    """(n,) int64 -> (n, width) digits, most significant first."""
    out = np.empty((values.shape[0], width), dtype=np.int64)
    v = values.astype(np.int64).copy()
    for i in range(width - 1, -1, -1):
        out[:, i] = v % 10
        v //= 10
    return out


def id_check_chars(body17: np.ndarray) -> np.ndarray:
    """Check characters for 17-digit bodies given as int64."""
    s = digits(body17, 17) @ ID_WEIGHTS
    return ID_CHECK_CHARS[s % 11]


def id_numbers(region: np.ndarray, birth_ymd: np.ndarray, seq: np.ndarray) -> np.ndarray:
    """region (6-digit int), birth date as yyyymmdd int, sequence 0..999 -> 18-char strings."""
    body = region.astype(np.int64) * 10**11 + birth_ymd.astype(np.int64) * 1000 + seq.astype(np.int64)
    check = id_check_chars(body)
    return np.char.add(np.char.zfill(body.astype("U17"), 17), check)


def org_code_check(body8: np.ndarray) -> np.ndarray:
    """GB 11714 check character (0-9 or X) of 8-digit numeric bodies."""
    s = digits(body8, 8) @ ORG_CODE_WEIGHTS
    c = 11 - s % 11
    return np.where(c == 10, "X", np.where(c == 11, "0", c.astype("U2")))


def uscc_codes(authority: np.ndarray, org_type: np.ndarray, region: str, body8: np.ndarray) -> np.ndarray:
    """authority/org_type: 1-char string arrays; body8: unique 8-digit ints -> 18-char codes."""
    n = body8.shape[0]
    org_code = np.char.add(np.char.zfill(body8.astype("U8"), 8), org_code_check(body8))
    first17 = np.char.add(np.char.add(np.char.add(authority, org_type), region), org_code)
    # character values in the USCC alphabet
    lut = np.full(128, -1, dtype=np.int64)
    for i, ch in enumerate(USCC_ALPHABET):
        lut[ord(ch)] = i
    raw = np.frombuffer(first17.astype("S17").tobytes(), dtype=np.uint8).reshape(n, 17)
    vals = lut[raw]
    if (vals < 0).any():
        raise ValueError("character outside the GB 32100 alphabet")
    check = (31 - (vals @ USCC_WEIGHTS) % 31) % 31
    return np.char.add(first17, np.array(list(USCC_ALPHABET))[check])
