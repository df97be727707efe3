"""Password login: after 5 failures for a username (known or not, staff, citizen or employer)
the login answers 429 with one message (django-axes); a staff account also locks; a success
resets the count. Found 5 (issue 12): citizens could guess without limit, and the lock message
told which usernames exist."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from zhihui.core.models import AuditEvent
from zhihui.core.roles import Role

PASSWORD = "Correct-Horse-42"


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LOGIN_FAILURE_LIMIT = 5


def login(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


THROTTLED = "登录失败次数过多"


def test_five_failures_lock_a_staff_account(client, make_user):
    clerk = make_user(Role.CLERK, "lock_clerk")
    for _ in range(4):
        assert login(client, "lock_clerk", "wrong").status_code == 200
    assert login(client, "lock_clerk", "wrong").status_code == 429
    clerk.refresh_from_db()
    assert clerk.is_locked()
    r = login(client, "lock_clerk", PASSWORD)  # even the right password is refused now
    assert r.status_code == 429
    assert THROTTLED in r.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="locked", object_id=str(clerk.pk)).count() == 1
    assert AuditEvent.objects.filter(action="login_failed", object_id=str(clerk.pk)).count() == 5


def test_four_failures_do_not_lock(client, make_user):
    make_user(Role.REVIEWER, "four")
    for _ in range(4):
        login(client, "four", "wrong")
    r = login(client, "four", PASSWORD)
    assert r.status_code == 302 and client.session["_auth_user_id"]


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.EMPLOYER])
def test_citizens_and_employers_are_throttled_too(client, make_user, role):
    """Found 5: 40 wrong citizen logins then the right one logged in."""
    user = make_user(role, f"nolock_{role}")
    codes = [login(client, user.username, "wrong").status_code for _ in range(8)]
    assert codes == [200] * 4 + [429] * 4
    r = login(client, user.username, PASSWORD)
    assert r.status_code == 429 and "_auth_user_id" not in client.session


def test_a_success_resets_the_count(client, make_user):
    clerk = make_user(Role.CLERK, "reset_clerk")
    for _ in range(3):
        login(client, "reset_clerk", "wrong")
    assert login(client, "reset_clerk", PASSWORD).status_code == 302
    client.logout()
    clerk.refresh_from_db()
    assert clerk.failed_login_count == 0
    for _ in range(3):
        login(client, "reset_clerk", "wrong")
    clerk.refresh_from_db()
    assert not clerk.is_locked() and clerk.failed_login_count == 3


def test_after_the_lock_runs_out_the_count_starts_afresh(client, make_user):
    clerk = make_user(Role.AUDITOR, "expired")
    for _ in range(5):
        login(client, "expired", "wrong")
    clerk.refresh_from_db()
    clerk.locked_until = timezone.now() - dt.timedelta(minutes=1)
    clerk.save(update_fields=["locked_until"])
    from axes.utils import reset

    reset(username="expired")  # django-axes' cool-off has run out as well
    login(client, "expired", "wrong")  # one more typo after the lock: not locked again at once
    clerk.refresh_from_db()
    assert not clerk.is_locked() and clerk.failed_login_count == 1
    assert login(client, "expired", PASSWORD).status_code == 302


def test_unknown_user_gets_the_same_answer_as_a_wrong_password(client, make_user):
    """Found 5: the staff lock message told which usernames exist. Now every attempt, and the
    lock after five, answers the same for a known and an unknown username."""
    make_user(Role.CLERK, "known")

    def answers(username):
        out = []
        for _ in range(6):
            r = login(client, username, "wrong")
            out.append((r.status_code, re.search(r'role="alert">(.*?)</div>', r.content.decode(), re.S).group(1)))
        return out

    a, b = answers("known"), answers("nobody-here")
    assert a == b and a[0][1].strip()
    assert [code for code, _m in a] == [200, 200, 200, 200, 429, 429] and THROTTLED in a[-1][1]
