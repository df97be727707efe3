import pytest


@pytest.mark.django_db
def test_home_page_says_what_the_platform_is_in_chinese(client):
    response = client.get("/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "智汇济源" in text
    assert 'lang="zh-hans"' in text


@pytest.mark.django_db
def test_home_page_switches_to_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/")
    assert 'lang="en"' in response.content.decode()


@pytest.mark.django_db
def test_openapi_document_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"].startswith("智汇")


@pytest.mark.django_db
def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404


@pytest.mark.django_db
def test_an_english_browser_still_gets_chinese_until_the_user_switches(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="zh-hans"' in response.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()


def test_no_two_api_schemas_share_a_name():
    """The OpenAPI document keys its components by class name: two request schemas of the same
    name (window's and occupations' `CorrectionIn` once) leave one endpoint documented with the
    other's fields."""
    import importlib
    from collections import defaultdict

    from ninja import Schema

    from zhihui.domains import DOMAINS

    where = defaultdict(set)
    modules = [f"zhihui.{d.name}.api" for d in DOMAINS if d.api]
    modules += [module for d in DOMAINS for _prefix, module in d.extra_api]
    for module in map(importlib.import_module, modules):
        for name, value in vars(module).items():
            if isinstance(value, type) and issubclass(value, Schema) and value.__module__ == module.__name__:
                where[name].add(module.__name__)
    assert where, "no API schemas found"
    assert {name: mods for name, mods in where.items() if len(mods) > 1} == {}


def test_the_openapi_document_has_no_duplicate_keys(client):
    """Swagger UI reads the document as YAML and refuses a duplicated key ("Unable to render this
    definition"): an int 200 in `response=` beside a "200" in `openapi_extra` once gave two."""
    import json

    duplicates = []

    def pairs(items):
        keys = [k for k, _ in items]
        duplicates.extend(k for k in set(keys) if keys.count(k) > 1)
        return dict(items)

    json.loads(client.get("/api/v1/openapi.json").content, object_pairs_hook=pairs)
    assert duplicates == []
