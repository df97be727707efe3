import pytest

from tests.factories import id_number, uscc


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Accounts are created by the dozen here; PBKDF2 would dominate the run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def catalogues(db):
    from zhihui.registry.catalogues import load_all

    load_all(only=["divisions", "education", "industries"])


@pytest.fixture
def occupations(db):
    from zhihui.registry.catalogues import load_all

    load_all(only=["occupations"])


@pytest.fixture
def make_person(catalogues):
    from zhihui.registry import actions

    counter = {"n": 0}

    def _make(name: str = "张伟", number: str | None = None, **fields):
        counter["n"] += 1
        number = number or id_number(seq=f"{100 + counter['n']:03d}")
        fields.setdefault("residence", "419001001")
        return actions.create_person("test", name=name, id_number=number, **fields)

    return _make


@pytest.fixture
def person(make_person):
    return make_person("李明", id_number(birth="19880512", seq="231"))


@pytest.fixture
def make_org(catalogues):
    from zhihui.registry import actions

    counter = {"n": 0}

    def _make(name="济源市豫光金铅股份有限公司", code=None, kind="enterprise", **fields):
        counter["n"] += 1
        code = code or uscc(f"91419001MA{counter['n']:05d}A1")
        return actions.create_organisation("test", name=name, uscc=code, kind=kind, **fields)

    return _make
