"""Fixtures for the 王屋英才 card tests: a private key directory per test, people, recognitions."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import create_person
from zhihui.core.roles import Role


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
    def _make(name: str = "王屋英", **extra):
        return create_person(name, extra.pop("birth_date", dt.date(1990, 1, 1)), **extra)

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
