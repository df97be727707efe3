"""Fixtures for the 王屋英才 card tests: a private key directory per test, people, recognitions."""

from __future__ import annotations

import datetime as dt

import pytest
from stdnum.iso7064 import mod_11_2

from zhihui.core.roles import Role


def id_number(seq: int, birth: str = "19900101") -> str:
    """A valid Jiyuan identity number (check digit computed)."""
    first17 = f"419001{birth}{seq % 1000:03d}"
    return first17 + mod_11_2.calc_check_digit(first17)


@pytest.fixture(autouse=True)
def card_keys(settings, tmp_path, monkeypatch):
    """Each test signs with its own key under a temporary KEY_DIR."""
    monkeypatch.delenv("ZHIHUI_CARD_SIGNING_KEY", raising=False)
    settings.KEY_DIR = tmp_path / "keys"
    # Test accounts need no slow password hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings.KEY_DIR


@pytest.fixture
def make_person(db):
    from zhihui.core import crypto
    from zhihui.registry.ids import mask_id_number
    from zhihui.registry.models import Person

    counter = {"n": 100}

    def _make(name: str = "王屋英", **extra) -> Person:
        counter["n"] += 1
        number = extra.pop("id_number", None) or id_number(counter["n"])
        return Person.objects.create(
            name=name,
            id_number_encrypted=crypto.encrypt(number),
            id_number_hash=crypto.lookup_hash(number),
            id_number_masked=mask_id_number(number),
            sex="M",
            birth_date=dt.date(1990, 1, 1),
            **extra,
        )

    return _make


@pytest.fixture
def recognised(make_person):
    """A person recognised locally as a D-class talent (a day ago)."""
    from zhihui.talent import actions
    from zhihui.talent.verify import today_in_city

    def _make(category: str = "D", name: str = "王屋英", **extra):
        person = make_person(name, **extra)
        actions.record_recognition(None, person, category=category,
                                   recognised_on=today_in_city() - dt.timedelta(days=1), basis="济人才〔2026〕1号")
        return person

    return _make


@pytest.fixture
def citizen_for(make_user):
    def _make(person):
        return make_user(Role.CITIZEN, person=person)

    return _make
