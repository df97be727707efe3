"""Each role against each registry page and API: what it may open (200), what it is refused
(403) and where an anonymous visitor is sent (302 to the login page, 401 for the API).
Issue 12 added the three administrators of 三员分立 and the finance role (no registry data),
took the audit log from the department administrator, and made another person's file or
organisation a 404 for citizens and employers (out of scope: not even its existence is told).

The matrix mirrors zhihui/registry/perms.py and docs/architecture.md; a change of policy must
change both this table and perms.py."""

import pytest

from zhihui.core.roles import Role

ROLES = ["anon", "citizen", "employer", "clerk", "reviewer", "admin", "leader", "auditor", "sysadmin", "secadmin", "finance"]

# path template -> expected status per role (order of ROLES); {p} the citizen's own person,
# {o} the employer's own organisation.
PAGES = {
    "/registry/persons/":                 [302, 403, 403, 200, 200, 200, 403, 403, 403, 403, 403],
    "/registry/persons/{p}/":             [302, 200, 404, 200, 200, 200, 403, 403, 403, 403, 403],
    "/registry/persons/{p}/export/":      [302, 200, 404, 200, 403, 200, 403, 403, 403, 403, 403],
    "/registry/persons/new/":             [302, 403, 403, 200, 403, 200, 403, 403, 403, 403, 403],
    "/registry/persons/{p}/edit/":        [302, 403, 403, 200, 403, 200, 403, 403, 403, 403, 403],
    "/registry/organisations/?q=济源":     [302, 403, 403, 200, 200, 200, 403, 403, 403, 403, 403],
    "/registry/organisations/{o}/":       [302, 404, 200, 200, 200, 200, 403, 403, 403, 403, 403],
    "/registry/organisations/new/":       [302, 403, 403, 200, 403, 200, 403, 403, 403, 403, 403],
    "/registry/me/":                      [302, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403],
    "/registry/my-organisation/":         [302, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    "/audit/":                            [302, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403],
    "/admin/registry/occupation/":        [302, 302, 302, 302, 302, 200, 302, 302, 302, 302, 302],
    "/api/v1/registry/persons?q=李":       [401, 403, 403, 200, 200, 200, 403, 403, 403, 403, 403],
    "/api/v1/registry/persons/{p}":       [401, 200, 404, 200, 200, 200, 403, 403, 403, 403, 403],
    "/api/v1/registry/organisations?q=济": [401, 403, 403, 200, 200, 200, 403, 403, 403, 403, 403],
    "/api/v1/registry/organisations/{o}": [401, 404, 200, 200, 200, 200, 403, 403, 403, 403, 403],
    "/api/v1/registry/catalogues/divisions": [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    "/api/v1/audit/events":               [401, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403],
    "/account/security/":                 [302, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403],
}

POSTS = {
    "/registry/persons/{p}/reveal/":      [302, 200, 404, 200, 403, 200, 403, 403, 403, 403, 403],
    "/api/v1/registry/persons/{p}/reveal": [401, 200, 404, 200, 403, 200, 403, 403, 403, 403, 403],
    "/registry/persons/{p}/reveal-phone/": [302, 200, 404, 200, 403, 200, 403, 403, 403, 403, 403],
    "/api/v1/registry/persons/{p}/reveal-phone": [401, 200, 404, 200, 403, 200, 403, 403, 403, 403, 403],
}


@pytest.fixture
def world(make_person, make_org, make_user):
    person = make_person("李明")
    org = make_org("济源钢铁集团")
    users = {
        "anon": None,
        "citizen": make_user(Role.CITIZEN, "m_citizen", person=person),
        "employer": make_user(Role.EMPLOYER, "m_employer", organisation=org),
    }
    for role in ROLES[3:]:
        users[role] = make_user(role, f"m_{role}")
    return {"p": person.pk, "o": org.pk, "users": users}


def _client(client, user):
    if user is not None:
        client.force_login(user, backend="zhihui.core.auth.LockoutModelBackend")
    return client


@pytest.mark.parametrize("role_index, role", list(enumerate(ROLES)))
def test_pages_and_api_per_role(client, world, role_index, role):
    c = _client(client, world["users"][role])
    failures = []
    for template, expected in PAGES.items():
        path = template.format(p=world["p"], o=world["o"])
        status = c.get(path).status_code
        if status != expected[role_index]:
            failures.append(f"GET {path}: {status}, expected {expected[role_index]}")
    for template, expected in POSTS.items():
        path = template.format(p=world["p"], o=world["o"])
        status = c.post(path, {"reason": "核对身份"}).status_code
        if status != expected[role_index]:
            failures.append(f"POST {path}: {status}, expected {expected[role_index]}")
    assert not failures, f"{role}: " + "; ".join(failures)


def test_a_citizen_cannot_open_someone_elses_file(client, world, make_person):
    other = make_person("王五")
    c = _client(client, world["users"]["citizen"])
    assert c.get(f"/registry/persons/{other.pk}/").status_code == 404
    assert c.get(f"/api/v1/registry/persons/{other.pk}").status_code == 404
    assert c.post(f"/registry/persons/{other.pk}/reveal/").status_code == 404


def test_an_employer_cannot_open_another_organisation(client, world, make_org):
    other = make_org("别家公司")
    c = _client(client, world["users"]["employer"])
    assert c.get(f"/registry/organisations/{other.pk}/").status_code == 404
    assert c.get(f"/api/v1/registry/organisations/{other.pk}").status_code == 404


@pytest.mark.parametrize("role", ["citizen", "employer", "reviewer", "leader", "auditor", "sysadmin", "secadmin", "finance"])
def test_roles_that_may_not_write_are_refused_by_the_api(client, world, role):
    c = _client(client, world["users"][role])
    r = c.post("/api/v1/registry/persons", {"name": "新人", "id_number": "419001199001011234"}, content_type="application/json")
    assert r.status_code == 403
    r = c.patch(f"/api/v1/registry/persons/{world['p']}", {"phone": "13900000000"}, content_type="application/json")
    assert r.status_code == 403
