"""Registry rows and identifiers for tests, with real check characters: the one implementation
(each area's conftest only picks its defaults). Identity numbers (GB 11643) and credit codes
(GB 32100) pass the same checks as the registry's."""

from __future__ import annotations

import datetime as dt
import itertools

_seq = itertools.count(1)


def id_number(birth: dt.date | str = "19900101", seq: int | str = 123, region: str = "419001") -> str:
    """A valid resident identity number (GB 11643): region, birth date (a date or "YYYYMMDD"), a
    3-digit sequence whose parity is the sex (odd: male), and the real ISO 7064 MOD 11-2 check
    character."""
    from stdnum.iso7064 import mod_11_2

    day = birth if isinstance(birth, str) else f"{birth:%Y%m%d}"
    digits = seq if isinstance(seq, str) else f"{seq % 1000:03d}"
    first17 = f"{region}{day}{digits}"
    return first17 + mod_11_2.calc_check_digit(first17)


def id_number_ending_x(region: str = "419001", birth: str = "19850315") -> str:
    """A valid number whose check character is X (searched over sequence numbers)."""
    for n in range(1000):
        number = id_number(birth, n, region)
        if number.endswith("X"):
            return number
    raise AssertionError("no X check digit found")


def uscc(n: int | str, region: str = "419001") -> str:
    """A valid unified social credit code (GB 32100) with its real check character: from a
    number (91 + region + MA + 7 digits) or from the code's first 17 characters."""
    from zhihui.registry.ids import uscc_check_char

    first17 = n if isinstance(n, str) else f"91{region}MA{n % 10**7:07d}"
    return first17 + uscc_check_char(first17)


def create_person(name: str, birth_date: dt.date, **extra):
    """A Person with an encrypted, hashed and masked identity number built from the birth date
    (region 419001, real check character; unique per call), male unless `sex` is given."""
    from zhihui.core.crypto import encrypt, lookup_hash
    from zhihui.registry.ids import mask_id_number
    from zhihui.registry.models import Person

    number = extra.pop("id_number", None) or id_number(birth_date, 2 * (next(_seq) % 500) + 1)
    return Person.objects.create(
        name=name,
        id_number_encrypted=encrypt(number),
        id_number_hash=lookup_hash(number),
        id_number_masked=mask_id_number(number),
        sex=extra.pop("sex", "M"),
        birth_date=birth_date,
        **extra,
    )


def create_org(name: str, kind: str = "enterprise", **extra):
    """An Organisation named `name` plus a number, with a unique, valid credit code."""
    from zhihui.registry.models import Organisation

    n = next(_seq)
    return Organisation.objects.create(name=f"{name}{n}", uscc=extra.pop("uscc", None) or uscc(n), kind=kind,
                                       **extra)


def pdf_bytes(pages: int = 1) -> bytes:
    """A real, minimal PDF (blank pages), as an applicant's scan would parse."""
    import io

    from pypdf import PdfWriter

    w = PdfWriter()
    for _ in range(pages):
        w.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def png_bytes(size: tuple[int, int] = (8, 8)) -> bytes:
    """A real PNG image that decodes."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()
