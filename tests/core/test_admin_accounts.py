"""The system administrator's page of administrator accounts (issue 12, 三员分立): the system
administrator creates accounts and issues passwords; an account of the system, security or
audit administrator is born inactive and only the security administrator activates it; nobody
changes their own account; every step is an audit row."""

import pytest

from zhihui.core.models import AuditEvent, User
from zhihui.core.roles import Role

STRONG = "Ji-Yuan-Admin-2026!"


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def sysadmin(make_user):
    return make_user(Role.SYSADMIN, "sys_t")


@pytest.fixture
def secadmin(make_user):
    return make_user(Role.SECADMIN, "sec_t")


def _create(c, **over):
    data = {"username": "dept_admin2", "display_name": "王主任", "role": Role.ADMIN, "password": STRONG, **over}
    return c.post("/account/admins/", data)


def test_the_system_administrator_creates_a_department_administrator_with_an_issued_password(client_for, sysadmin):
    c = client_for(sysadmin)
    assert "王主任" not in c.get("/account/admins/").content.decode()
    r = _create(c)
    assert r.status_code == 302
    made = User.objects.get(username="dept_admin2")
    assert made.role == Role.ADMIN and made.is_active and made.must_change_password
    assert AuditEvent.objects.filter(object_type="core.user", object_id=str(made.pk), action="create").exists()
    assert "dept_admin2" in c.get("/account/admins/").content.decode()


@pytest.mark.parametrize("role", [Role.SECADMIN, Role.AUDITOR, Role.SYSADMIN])
def test_an_account_of_the_three_administrators_waits_for_the_security_administrator(client_for, sysadmin, secadmin, role):
    c = client_for(sysadmin)
    _create(c, username="new_three", role=role)
    made = User.objects.get(username="new_three")
    assert made.role == role and not made.is_active  # cannot log in yet
    # the system administrator cannot switch it on himself
    assert c.post(f"/account/admins/{made.pk}/active/", {"active": "1"}).status_code == 403
    made.refresh_from_db()
    assert not made.is_active
    # the security administrator does, audited
    c = client_for(secadmin)
    page = c.get("/account/admins/").content.decode()
    assert "new_three" in page and 'name="username"' not in page  # sees the accounts, creates none
    c.post(f"/account/admins/{made.pk}/active/", {"active": "1"})
    made.refresh_from_db()
    assert made.is_active
    row = AuditEvent.objects.filter(object_type="core.user", object_id=str(made.pk)).order_by("-id").first()
    assert row.actor_id == secadmin.pk and "activated" in row.summary


def test_nobody_changes_their_own_account_or_grants_a_role_outside_the_page(client_for, sysadmin, secadmin, make_user):
    from zhihui.core import admin_accounts as accounts

    with pytest.raises(accounts.AccountError, match="role"):
        accounts.create_account(sysadmin, username="x1", display_name="x", role=Role.CLERK, password=STRONG)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        accounts.create_account(secadmin, username="x2", display_name="x", role=Role.AUDITOR, password=STRONG)
    with pytest.raises(PermissionDenied):
        accounts.set_active(secadmin, secadmin, False, "休假")
    with pytest.raises(PermissionDenied):
        accounts.issue_password(sysadmin, sysadmin, STRONG)
    auditor = make_user(Role.AUDITOR, "aud_t")
    with pytest.raises(PermissionDenied):
        accounts.set_active(sysadmin, auditor, False, "不让他查")  # silencing the auditor takes the security administrator
    admin = make_user(Role.ADMIN, "adm_t")
    with pytest.raises(accounts.AccountError, match="reason"):
        accounts.set_active(sysadmin, admin, False, "")
    accounts.set_active(sysadmin, admin, False, "调离")
    admin.refresh_from_db()
    assert not admin.is_active


def test_passwords_issued_here_meet_the_rules_and_must_be_changed(client_for, sysadmin, make_user):
    c = client_for(sysadmin)
    r = _create(c, password="123")
    assert r.status_code == 400 and "password" in r.content.decode()
    assert not User.objects.filter(username="dept_admin2").exists()
    admin = make_user(Role.ADMIN, "adm_t")
    c.post(f"/account/admins/{admin.pk}/password/", {"password": "New-Issued-Pass-77"})
    admin.refresh_from_db()
    assert admin.must_change_password and admin.check_password("New-Issued-Pass-77")


@pytest.mark.parametrize("role", [Role.ADMIN, Role.AUDITOR, Role.CLERK, Role.CITIZEN, Role.FINANCE])
def test_other_roles_are_refused(client_for, make_user, role):
    c = client_for(make_user(role, f"o_{role}"))
    assert c.get("/account/admins/").status_code == 403
    assert _create(c).status_code == 403
