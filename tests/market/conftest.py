"""Fixtures for the market: towns and occupations loaded, an employer of an organisation, a
job seeker (citizen with a person), and a posting builder."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import create_org, create_person
from zhihui.core.roles import Role


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    from zhihui.market import coding

    cache.clear()
    coding.clear_cache()
    yield
    cache.clear()
    coding.clear_cache()


@pytest.fixture
def catalogues(db):
    from zhihui.registry.catalogues import load_all

    load_all(only=["divisions", "occupations"])


@pytest.fixture
def org(db):
    return create_org("济源市精密机械有限公司")


@pytest.fixture
def employer(make_user, org):
    return make_user(Role.EMPLOYER, "employer_t", organisation=org)


@pytest.fixture
def other_employer(make_user):
    return make_user(Role.EMPLOYER, "employer_other", organisation=create_org("另一家公司"))


@pytest.fixture
def seeker_user(make_user):
    person = create_person("李明", dt.date(1995, 5, 1))
    return make_user(Role.CITIZEN, "seeker_t", person=person)


def posting_data(**over):
    data = {
        "title": "叉车司机", "occupation_code": "", "town_code": "419001001", "address": "虎岭产业集聚区",
        "salary_min": "4500", "salary_max": "6500", "education": "senior", "skills": "叉车驾驶、仓储管理",
        "certificates": "叉车证", "experience_years": "1", "vacancies": "3", "working_hours": "8:00-17:00",
        "text": "岗位职责：负责车间物料的叉车转运与装卸。任职要求：持叉车证，身体健康。",
        "contact_name": "王女士", "contact_phone": "0391-6600000",
        "valid_until": (dt.date.today() + dt.timedelta(days=60)).isoformat(),
    }
    data.update(over)
    return data


@pytest.fixture
def make_posting(employer, catalogues):
    from zhihui.market import actions

    def _make(**over):
        return actions.save_posting(employer, posting_data(**over))

    return _make
