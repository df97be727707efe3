"""Helpers to build valid identity numbers and registry rows in tests."""

from __future__ import annotations

from stdnum.iso7064 import mod_11_2


def id_number(region: str = "419001", birth: str = "19900101", seq: str = "123") -> str:
    """A valid 18-character resident identity number (odd sequence digit: male)."""
    body = f"{region}{birth}{seq}"
    return body + mod_11_2.calc_check_digit(body)


def id_number_ending_x(region: str = "419001", birth: str = "19850315") -> str:
    """A valid number whose check character is X (searched over sequence numbers)."""
    for n in range(1000):
        number = id_number(region, birth, f"{n:03d}")
        if number.endswith("X"):
            return number
    raise AssertionError("no X check digit found")


def uscc(body: str = "91419001MA40000A1") -> str:
    """A valid unified social credit code from its first 17 characters."""
    from zhihui.registry.ids import uscc_check_char

    return body + uscc_check_char(body)
