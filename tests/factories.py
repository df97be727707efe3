"""Registry rows for tests: one implementation; each area's conftest picks its defaults."""

from __future__ import annotations

import datetime as dt
import itertools

_seq = itertools.count(1)


def create_person(name: str, birth_date: dt.date, **extra):
    """A Person with an encrypted, hashed and masked identity number built from the birth
    date (region 419001; unique per call)."""
    from stdnum.iso7064 import mod_11_2

    from zhihui.core.crypto import encrypt, lookup_hash
    from zhihui.registry.models import Person

    base = f"419001{birth_date:%Y%m%d}{next(_seq) % 1000:03d}"
    number = base + mod_11_2.calc_check_digit(base)  # a real check character (GB 11643)
    return Person.objects.create(
        name=name,
        id_number_encrypted=encrypt(number),
        id_number_hash=lookup_hash(number),
        id_number_masked=number[:6] + "********" + number[-4:],
        sex="M",
        birth_date=birth_date,
        **extra,
    )


def create_org(name: str, kind: str = "enterprise", **extra):
    """An Organisation named `name` plus a number, with a unique credit code."""
    from zhihui.registry.models import Organisation

    n = next(_seq)
    return Organisation.objects.create(name=f"{name}{n}", uscc=f"91419001MA{n:08d}", kind=kind,
                                       **extra)
