import datetime as dt

import pytest
from stdnum.iso7064 import mod_11_2

from tests.factories import create_person
from zhihui.core.roles import Role


def valid_number(birth="19900101", seq="123", region="419001") -> str:
    body = f"{region}{birth}{seq}"
    return body + mod_11_2.calc_check_digit(body)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def resident(db):
    return create_person("赵六", dt.date(1990, 1, 1), phone="13800000000")


@pytest.fixture
def citizen(make_user, resident):
    return make_user(Role.CITIZEN, "zhao_liu", person=resident)
