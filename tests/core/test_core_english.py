"""Chinese by default; English switchable for the shell, home, login, registry and audit pages."""

import pytest

from zhihui.core.roles import Role


def english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


@pytest.mark.django_db
def test_home_and_login_in_english(client):
    c = english(client)
    home = c.get("/").content.decode()
    assert "Zhihui Jiyuan" in home and "Talent services" in home and "Log in" in home
    login = c.get("/login/").content.decode()
    assert "Username" in login and "Password" in login


@pytest.mark.django_db
def test_registry_and_audit_pages_in_english(client, client_for, make_user, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    c = english(client)
    client_for(make_user(Role.ADMIN, "en_admin"))
    search = c.get("/registry/persons/").content.decode()
    assert "Name (from the surname) or identity number" in search and "Register a person" in search
    assert "People" in search and "Audit log" not in search  # role-aware navigation: audit is the auditor's
    assert "Department administrator" in search
    client_for(make_user(Role.AUDITOR, "en_auditor"))
    audit = c.get("/audit/").content.decode()
    assert "Every write, and every view or export" in audit


@pytest.mark.django_db
def test_chinese_is_the_default(client, client_for, make_user, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client_for(make_user(Role.CLERK, "zh_clerk"))
    page = client.get("/registry/persons/").content.decode()
    assert "人员查询" in page and "姓名（从姓开始）、身份证号码" in page
