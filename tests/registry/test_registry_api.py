"""The registry API (/api/v1/registry/): masked lists, audited reads, validation errors that
name the field (422), CSRF for session-authenticated writes, and no 500s."""

import pytest
from django.test import Client

from tests.factories import id_number, uscc
from zhihui.core.models import AuditEvent
from zhihui.registry.models import Person

API = "/api/v1/registry"


def post(client, path, data, **kw):
    return client.post(API + path, data, content_type="application/json", **kw)


def test_search_lists_masked_numbers(client_for, clerk, make_person):
    number = id_number(seq="611")
    p = make_person("刘洋", number)
    body = client_for(clerk).get(f"{API}/persons", {"q": "刘"}).json()
    assert body["count"] == 1 and body["items"][0]["id_number_masked"] == p.id_number_masked
    assert number not in str(body)


def test_a_full_number_in_the_query_string_is_refused(client_for, clerk, make_person):
    number = id_number(seq="612")
    make_person("刘洋", number)
    r = client_for(clerk).get(f"{API}/persons", {"q": number})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "q"]


def test_lookup_by_full_number_is_a_post(client_for, clerk, make_person):
    number = id_number(seq="613")
    p = make_person("陈晨", number)
    r = post(client_for(clerk), "/persons/lookup", {"id_number": number.lower()})
    assert r.status_code == 200 and r.json()["id"] == p.pk
    assert post(client_for(clerk), "/persons/lookup", {"id_number": id_number(seq="999")}).status_code == 404


def test_reading_a_file_is_audited(client_for, reviewer, make_person):
    p = make_person("何平")
    r = client_for(reviewer).get(f"{API}/persons/{p.pk}")
    assert r.status_code == 200 and r.json()["name"] == "何平"
    assert "id_number" not in r.json()
    row = AuditEvent.objects.get(action="view", object_type="registry.person", object_id=str(p.pk))
    assert row.actor == reviewer and "接口" in row.summary


def test_reveal_returns_the_number_and_audits_it(client_for, admin_user, make_person):
    number = id_number(seq="615")
    p = make_person("韩梅", number)
    c = client_for(admin_user)
    r = post(c, f"/persons/{p.pk}/reveal", {})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "reason"]  # a reason is required
    r = post(c, f"/persons/{p.pk}/reveal", {"reason": "核对申请人身份"})
    assert r.status_code == 200 and r.json()["id_number"] == number and r["Cache-Control"] == "no-store"
    row = AuditEvent.objects.get(action="reveal", object_id=str(p.pk))
    assert "完整" in row.summary and "核对申请人身份" in row.summary


def test_create_a_person(client_for, clerk, catalogues):
    number = id_number(birth="19951231", seq="076")
    r = post(client_for(clerk), "/persons", {"name": "杜甫", "id_number": number, "residence": "419001002", "phone": "13812345678"})
    assert r.status_code == 201, r.content
    body = r.json()
    # staff get the age, never the birth date beside the masked number (issue 12, found 1)
    assert body["sex"] == "F" and body["birth_date"] is None and body["residence"] == "济水街道"
    assert body["age"] >= 30 and body["phone_masked"] == "138****5678" and "phone" not in body
    assert AuditEvent.objects.filter(action="create", object_type="registry.person", actor=clerk).count() == 1


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"name": "某", "id_number": "419001199013011235"}, "id_number"),  # month 13
        ({"name": "某", "id_number": id_number(region="000000")}, "id_number"),
        ({"name": "某", "id_number": id_number(), "residence": "999"}, "residence"),
        ({"name": "某", "id_number": id_number(), "phone": "abc"}, "phone"),
        ({"name": "某"}, "id_number"),  # missing: ninja's own validation, still 422 naming the field
    ],
)
def test_validation_errors_are_422_and_name_the_field(client_for, clerk, catalogues, payload, field):
    r = post(client_for(clerk), "/persons", payload)
    assert r.status_code == 422, r.content
    assert field in r.json()["detail"][0]["loc"]
    assert not Person.objects.exists()


def test_patch_updates_and_audits(client_for, clerk, make_person):
    p = make_person("曹操")
    r = client_for(clerk).patch(f"{API}/persons/{p.pk}", {"residence": "419001104"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["residence"] == "邵原镇"
    row = AuditEvent.objects.get(action="update", object_id=str(p.pk))
    assert "residence" in row.after


def test_organisations_create_search_and_422(client_for, clerk, catalogues):
    c = client_for(clerk)
    code = uscc("Y1419001MA40000C1")
    r = post(c, "/organisations", {"name": "济源市人才发展促进会", "uscc": code, "kind": "social_organisation"})
    assert r.status_code == 201, r.content
    assert c.get(f"{API}/organisations", {"q": code[:10]}).json()["count"] == 1
    bad = post(c, "/organisations", {"name": "X", "uscc": code[:17] + ("0" if code[17] != "0" else "1"), "kind": "enterprise"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "uscc"]


def test_catalogue_endpoints(client_for, clerk, catalogues, occupations):
    c = client_for(clerk)
    towns = c.get(f"{API}/catalogues/divisions", {"parent": "419001"}).json()
    assert towns["count"] == 16
    assert {"克井镇", "下冶镇", "沁园街道"} <= {i["name"] for i in towns["items"]}
    medium = c.get(f"{API}/catalogues/occupations", {"level": 2}).json()
    assert medium["count"] == 79
    assert c.get(f"{API}/catalogues/education-levels").json()["items"][0]["code"] == "10"
    assert c.get(f"{API}/catalogues/industries", {"level": 2}).json()["count"] == 97
    assert c.get(f"{API}/catalogues/planets").status_code == 404


@pytest.mark.parametrize(
    "path",
    [f"{API}/persons/abc", f"{API}/persons/99999999", f"{API}/persons?limit=100000", f"{API}/persons?offset=-3",
     f"{API}/catalogues/occupations?level=9", f"{API}/catalogues/occupations?on=yesterday",
     "/api/v1/audit/events?since=2024-13-01", "/api/v1/audit/events?action=explode"],
)
def test_bad_requests_are_4xx_never_500(client_for, admin_user, catalogues, path):
    assert client_for(admin_user).get(path).status_code in (404, 422)


@pytest.mark.parametrize(
    "path",
    [f"{API}/persons?q=%00abc", f"{API}/organisations?q=%00", f"{API}/catalogues/occupations?q=%00&parent=%00",
     "/api/v1/audit/events?actor=%00&object_type=%00"],
)
def test_nul_characters_are_harmless(client_for, admin_user, auditor, catalogues, path):
    user = auditor if path.startswith("/api/v1/audit/") else admin_user  # only the auditor reads the audit log
    assert client_for(user).get(path).status_code == 200


def test_posts_need_the_csrf_token_with_session_auth(clerk, catalogues):
    c = Client(enforce_csrf_checks=True)
    c.force_login(clerk, backend="zhihui.core.auth.LockoutModelBackend")
    payload = {"name": "王维", "id_number": id_number(seq="818")}
    assert post(c, "/persons", payload).status_code == 403
    c.get("/registry/persons/")  # any page sets the csrftoken cookie
    from django.conf import settings

    token = c.cookies[settings.CSRF_COOKIE_NAME].value
    assert post(c, "/persons", payload, HTTP_X_CSRFTOKEN=token).status_code == 201


def test_anonymous_api_calls_get_401(client):
    assert client.get(f"{API}/persons").status_code == 401


def test_openapi_lists_registry_and_audit_paths(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for p in ["/api/v1/registry/persons", "/api/v1/registry/persons/{person_id}", "/api/v1/registry/organisations",
              "/api/v1/registry/catalogues/{kind}", "/api/v1/audit/events"]:
        assert p in paths


def test_control_characters_in_a_name_are_a_field_error(client_for, clerk, catalogues):
    r = post(client_for(clerk), "/persons", {"name": "张\u0000三", "id_number": id_number(seq="819")})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "name"]
