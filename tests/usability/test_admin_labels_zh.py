"""Issue 15, found 2: the admin pages of django-axes and django-otp (a superuser's) show Chinese
names for their apps, models, columns, filters, fields and fieldsets (zhihui/core/thirdparty.py),
and English ones from the catalogue when English is chosen; the libraries' migrations see no
change."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.usability.test_no_english_on_chinese_pages import latin_words

pytestmark = pytest.mark.django_db

# Data in the records below (and axes' "<unknown>" for a login with no browser), and the three
# visually hidden column headers of Django's own admin index ("Model name", "Add link", "Change
# or view list link"), which Django 5.2's Chinese catalogue does not translate yet.
DATA = {"Mozilla", "text", "html", "phone", "recovery", "zhangsan", "root_t", "unknown",
        "Model", "name", "Add", "link", "Change", "or", "view", "list"}


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root_t", "root@example.org", "Correct-Horse-42")


@pytest.fixture
def records(superuser):
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    attempt = AccessAttempt.objects.create(user_agent="Mozilla", ip_address="10.0.0.1", username="zhangsan",
                                           http_accept="text/html", path_info="/login/", get_data="", post_data="",
                                           failures_since_start=3)
    AccessFailureLog.objects.create(user_agent="Mozilla", ip_address="10.0.0.1", username="zhangsan",
                                    http_accept="text/html", path_info="/login/")
    AccessLog.objects.create(user_agent="Mozilla", ip_address="10.0.0.1", username="zhangsan",
                             http_accept="text/html", path_info="/login/")
    totp = TOTPDevice.objects.create(user=superuser, name="phone", confirmed=True)
    static = StaticDevice.objects.create(user=superuser, name="recovery", confirmed=True)
    return {"attempt": attempt, "totp": totp, "static": static}


def _pages(records):
    return [
        "/admin/",
        "/admin/axes/", "/admin/axes/accessattempt/", f"/admin/axes/accessattempt/{records['attempt'].pk}/change/",
        "/admin/axes/accessfailurelog/", "/admin/axes/accesslog/",
        "/admin/otp_totp/totpdevice/", "/admin/otp_totp/totpdevice/add/", f"/admin/otp_totp/totpdevice/{records['totp'].pk}/change/",
        "/admin/otp_static/staticdevice/", f"/admin/otp_static/staticdevice/{records['static'].pk}/change/",
    ]


def test_axes_and_otp_admin_pages_are_chinese(client, superuser, records):
    client.force_login(superuser, backend="zhihui.core.auth.LockoutModelBackend")
    found = {}
    for path in _pages(records):
        r = client.get(path)
        assert r.status_code == 200, path
        page = r.content.decode()
        words = latin_words(page) - DATA
        if words:
            found[path] = sorted(words)
    assert not found, "\n".join(f"{k}: {v}" for k, v in found.items())
    index = client.get("/admin/").content.decode()
    assert "登录失败锁定" in index and "登录失败记录" in index and "动态口令设备" in index
    changelist = client.get("/admin/axes/accessattempt/").content.decode()
    assert "浏览器标识" in changelist and "连续失败次数" in changelist and "User Agent" not in changelist
    assert "设备与用户" in client.get(f"/admin/otp_totp/totpdevice/{records['totp'].pk}/change/").content.decode()


def test_in_english_they_read_english(client, superuser, records):
    client.force_login(superuser, backend="zhihui.core.auth.LockoutModelBackend")
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        r = client.get("/admin/axes/accessattempt/", HTTP_ACCEPT_LANGUAGE="en")
    page = r.content.decode()
    assert "Login lockout" in page and "User agent" in page and "浏览器标识" not in page


def test_the_libraries_models_are_unchanged_for_migrations():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("makemigrations", "axes", "otp_totp", "otp_static", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
