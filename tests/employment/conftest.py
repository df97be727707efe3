import datetime as dt

import pytest

from tests.factories import create_org, create_person


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def person(db):
    return create_person("张三", dt.date(1990, 5, 5))


@pytest.fixture
def other_person(db):
    return create_person("李四", dt.date(1985, 3, 3))


@pytest.fixture
def employer(db):
    from zhihui.registry.models import Industry

    ind = Industry.objects.create(code="3110", name="炼铁", level=4)
    return create_org("济源钢铁", industry=ind)


@pytest.fixture
def occupation(db):
    from zhihui.registry.models import Occupation

    return Occupation.objects.create(code="6-17-01-01", name="炼铁工", level=4)
