"""Found 4 (issue 12): no second factor, weak passwords accepted, a default account with DEBUG
off, 8-hour sessions with no idle timeout, cookies never Secure.

Now: staff pass a TOTP second factor (enrolled at first login, recovery codes, reset by the
security administrator); level-3 password rules wherever a password is set; issued passwords
are changed at first login; staff passwords expire; sessions end after 30 idle minutes;
demo accounts exist and log in only on a development install.
"""

import datetime as dt
import re
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from zhihui.core import actions
from zhihui.core.models import AuditEvent, User
from zhihui.core.roles import Role

PASSWORD = "Correct-Horse-42"


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def login(client, username, password=PASSWORD):
    return client.post("/login/", {"username": username, "password": password})


def unthrottle(username):
    """django-otp delays a device after a wrong code (1 s, 2 s, 4 s…): a user waits, a test resets."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user__username=username).update(throttling_failure_count=0, throttling_failure_timestamp=None)


def totp_now(device):
    from django_otp.oath import totp

    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


# --- passwords --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "password, why",
    [
        ("123", "12"),
        ("abcdefghijkl", "3"),  # one class
        ("abcdefgh1234", "3"),  # two classes
        ("Zhangsan-2021x", "similar"),
    ],
)
def test_weak_passwords_are_refused_when_creating_an_account(password, why):
    with pytest.raises(ValidationError) as exc:
        actions.create_user(None, username="zhangsan", display_name="zhangsan", password=password, role=Role.CLERK)
    assert "password" in exc.value.message_dict
    assert not User.objects.filter(username="zhangsan").exists()


@pytest.mark.django_db
def test_a_password_may_not_contain_the_phone_or_identity_number(make_user):
    from tests.factories import create_person

    person = create_person("李四", dt.date(1990, 5, 17), phone="13912345678")
    user = make_user(Role.CITIZEN, "lisi", person=person)
    for bad in ("Aa-13912345678", "Xx-19900517-yy"):
        with pytest.raises(ValidationError):
            actions.change_password(user, user, bad)
    actions.change_password(user, user, "Quiet-River-2031")
    user.refresh_from_db()
    assert user.check_password("Quiet-River-2031")


@pytest.mark.django_db
def test_recent_passwords_are_not_reused(make_user):
    user = make_user(Role.CLERK, "hist")
    actions.change_password(user, user, "Second-Pass-2031")
    for old in (PASSWORD, "Second-Pass-2031"):
        with pytest.raises(ValidationError, match="最近"):
            actions.change_password(user, user, old)


@pytest.mark.django_db
def test_the_cli_refuses_a_weak_password_and_issues_a_password_to_change():
    from zhihui.cli import main

    assert main(["accounts", "create", "weak", "--role", "clerk", "--password", "123"]) == 2
    assert not User.objects.filter(username="weak").exists()
    assert main(["accounts", "create", "issued", "--role", "clerk", "--password", "Issued-Pass-2031"]) == 0
    assert User.objects.get(username="issued").must_change_password


def test_an_issued_password_is_changed_at_first_login(client_for, make_user):
    user = make_user(Role.CLERK, "fresh")
    User.objects.filter(pk=user.pk).update(must_change_password=True)
    c = client_for(User.objects.get(pk=user.pk))
    r = c.get("/registry/persons/")
    assert r.status_code == 302 and r["Location"].startswith("/account/password/")
    assert c.get("/api/v1/registry/persons", {"q": "张"}).status_code == 403
    r = c.post("/account/password/", {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"})
    assert r.status_code == 400 and "12" in r.content.decode()
    r = c.post("/account/password/?next=/registry/persons/",
               {"old_password": PASSWORD, "new_password1": "Brand-New-Pass-31", "new_password2": "Brand-New-Pass-31"})
    assert r.status_code == 302 and r["Location"] == "/registry/persons/"
    assert c.get("/registry/persons/").status_code == 200


def test_an_expired_staff_password_must_be_changed(client_for, make_user, settings):
    settings.ZHIHUI_STAFF_PASSWORD_MAX_AGE_DAYS = 90
    user = make_user(Role.REVIEWER, "old_pw")
    User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - dt.timedelta(days=91))
    c = client_for(User.objects.get(pk=user.pk))
    r = c.get("/registry/persons/")
    assert r.status_code == 302 and r["Location"].startswith("/account/password/")
    assert "已过期" in c.get("/account/password/").content.decode()


# --- second factor ----------------------------------------------------------------------------


def test_staff_enrol_a_second_factor_at_first_login_then_need_a_code(client, make_user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    make_user(Role.CLERK, "otp_clerk")
    r = login(client, "otp_clerk")
    assert r.status_code == 302
    # Password alone opens nothing: pages send to enrolment, the API answers 401.
    r = client.get("/registry/persons/")
    assert r.status_code == 302 and r["Location"].startswith("/account/otp/setup/")
    assert client.get("/api/v1/registry/persons", {"q": "张"}).status_code == 401
    page = client.get("/account/otp/setup/").content.decode()
    assert "<svg" in page and "otp-secret" in page
    device = TOTPDevice.objects.get(user__username="otp_clerk", confirmed=False)
    assert client.post("/account/otp/setup/", {"otp_token": "000000"}).status_code == 400
    unthrottle("otp_clerk")
    r = client.post("/account/otp/setup/", {"otp_token": totp_now(device), "next": "/registry/persons/"})
    assert r.status_code == 302 and r["Location"].startswith("/account/otp/recovery-codes/")
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", client.get(r["Location"]).content.decode())
    assert len(codes) == 10
    assert client.get("/registry/persons/").status_code == 200
    client.post("/logout/")

    # Next login: a recovery code passes once, then not again.
    login(client, "otp_clerk")
    r = client.get("/registry/persons/")
    assert r["Location"].startswith("/account/otp/verify/")
    assert client.post("/account/otp/verify/", {"otp_token": "nonsense"}).status_code == 400
    unthrottle("otp_clerk")
    assert client.post("/account/otp/verify/", {"otp_token": codes[0]}).status_code == 302
    assert client.get("/registry/persons/").status_code == 200
    client.post("/logout/")
    login(client, "otp_clerk")
    unthrottle("otp_clerk")
    assert client.post("/account/otp/verify/", {"otp_token": codes[0]}).status_code == 400
    rows = AuditEvent.objects.filter(action="otp", object_id=str(User.objects.get(username="otp_clerk").pk))
    assert rows.filter(outcome="ok").count() == 2 and rows.filter(outcome="failed").count() >= 2


def test_citizens_need_no_second_factor(client, make_user):
    make_user(Role.CITIZEN, "plain_citizen")
    login(client, "plain_citizen")
    assert client.get("/registry/me/").status_code != 302


def test_the_security_administrator_resets_a_second_factor(client_for, make_user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    clerk = make_user(Role.CLERK, "lost_phone")
    TOTPDevice.objects.create(user=clerk, name="phone", confirmed=True)
    secadmin = make_user(Role.SECADMIN, "sec")
    other_admin = make_user(Role.ADMIN, "dept")
    assert client_for(other_admin).post(f"/account/security/{clerk.pk}/reset-otp/").status_code == 403
    c = client_for(secadmin)
    assert "lost_phone" in c.get("/account/security/").content.decode()
    assert c.post(f"/account/security/{clerk.pk}/reset-otp/").status_code == 302
    assert not TOTPDevice.objects.filter(user=clerk).exists()
    assert AuditEvent.objects.filter(action="otp", actor=secadmin, object_id=str(clerk.pk)).exists()


# --- sessions, cookies, demo accounts ---------------------------------------------------------


def test_sessions_end_after_30_idle_minutes_and_cookies_are_httponly_samesite():
    assert django_settings.SESSION_COOKIE_AGE == 30 * 60 and django_settings.SESSION_SAVE_EVERY_REQUEST
    assert django_settings.SESSION_COOKIE_HTTPONLY and django_settings.SESSION_COOKIE_SAMESITE == "Lax"


def test_production_cookies_are_secure_and_host_prefixed():
    """Settings read with ZHIHUI_DEBUG=0 in a fresh interpreter (as production starts)."""
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup();"
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.ZHIHUI_DEMO_ACCOUNTS)"
    )
    env = {"ZHIHUI_DEBUG": "0", "PATH": "/usr/bin:/bin", "ZHIHUI_VAR_DIR": str(django_settings.VAR_DIR)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "True", "__Host-sessionid", "__Host-csrftoken", "False"]


@pytest.mark.django_db
def test_demo_accounts_are_refused_on_a_production_install(client, settings):
    User.objects.create_user(username="admin", password="Zhihui-Admin-2021", role=Role.ADMIN)
    settings.ZHIHUI_DEMO_ACCOUNTS = False
    r = login(client, "admin", "Zhihui-Admin-2021")
    assert r.status_code == 200 and "_auth_user_id" not in client.session
    with pytest.raises(actions.DemoAccountsDisabled):
        actions.ensure_demo_accounts()
    settings.ZHIHUI_DEMO_ACCOUNTS = True
    assert login(client, "admin", "Zhihui-Admin-2021").status_code == 302
