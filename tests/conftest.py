"""Shared fixtures: accounts per role, registry factories and a headless browser.

Browser tests use Playwright driving Debian's chromium (/usr/bin/chromium, installed by
`make install` through scripts/system-deps.sh); they are marked `browser`.
"""

from __future__ import annotations

import os
import shutil

import pytest

from zhihui.core.roles import Role

PASSWORD = "Correct-Horse-42"


@pytest.fixture
def make_user(db):
    from zhihui.core.actions import create_user

    counter = {"n": 0}

    def _make(role: str = Role.CITIZEN, username: str | None = None, **extra):
        counter["n"] += 1
        return create_user(
            None,
            username=username or f"{role}{counter['n']}",
            password=PASSWORD,
            role=role,
            display_name=extra.pop("display_name", ""),
            **extra,
        )

    return _make


@pytest.fixture
def clerk(make_user):
    return make_user(Role.CLERK, "clerk_t")


@pytest.fixture
def reviewer(make_user):
    return make_user(Role.REVIEWER, "reviewer_t")


@pytest.fixture
def approver(make_user):
    """A second reviewer: whoever accepted or reviewed an application may not approve it."""
    return make_user(Role.REVIEWER, "approver_t")


@pytest.fixture
def admin_user(make_user):
    return make_user(Role.ADMIN, "admin_t")


@pytest.fixture
def leader(make_user):
    return make_user(Role.LEADER, "leader_t")


@pytest.fixture
def auditor(make_user):
    return make_user(Role.AUDITOR, "auditor_t")


def _second_factor_for_test_logins(sender, request, user, **kwargs):
    """Test-only: a staff session made by the test client's `force_login` (its request has no
    path; a real login through /login/ has one) has passed the second factor, with a confirmed
    TOTP device as a real enrolment leaves. Real logins still go through /account/otp/."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from zhihui.core.roles import STAFF_ROLES

    if request is None or request.path or user.role not in STAFF_ROLES:
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="test", confirmed=True
    )
    request.session[DEVICE_ID_SESSION_KEY] = device.persistent_id


@pytest.fixture(autouse=True)
def _force_login_passes_second_factor():
    from django.contrib.auth.signals import user_logged_in

    user_logged_in.connect(_second_factor_for_test_logins, dispatch_uid="zhihui-test-otp")
    yield
    user_logged_in.disconnect(dispatch_uid="zhihui-test-otp")


@pytest.fixture
def client_for(client):
    """client_for(user) -> a Django test client logged in as that user; a staff member's
    session has passed the second factor (as after /account/otp/verify/)."""

    def _login(user):
        client.force_login(user, backend="zhihui.core.auth.LockoutModelBackend")
        return client

    return _login


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters (zhihui.core.ratelimits) live in the cache: each test starts at zero."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _no_model_training_outside_the_occupations_tests(request, monkeypatch):
    """A retrain started by a test that is not about the coder (the role matrix's cell, the pages
    and forms fed junk) keeps the shipped model instead of fitting a new one, which takes minutes
    on the whole labelled set. The retrain itself (held-out figures before and after, refusing a
    worse model, folding corrections in, the real fit) is tested in tests/occupations."""
    if "occupations" in request.node.path.parts:
        return

    def keep_the_shipped_model(examples, progress=None):
        from zhihui.occupations.model import SHIPPED_MODEL_DIR, Model

        return Model.load(SHIPPED_MODEL_DIR)

    monkeypatch.setattr("zhihui.occupations.retrain._default_trainer", keep_the_shipped_model)


CHROMIUM = os.environ.get("ZHIHUI_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    """A headless Debian chromium driven by Playwright (no browser download)."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"chromium not found at {CHROMIUM}: run `make install` (scripts/system-deps.sh)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser page; `page.base` is the live server's URL."""
    context = browser.new_context(locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(15000)
    pg.base = live_server.url
    yield pg
    context.close()


def browser_login(page, username: str, password: str = PASSWORD) -> None:
    """Log in through the login page; a staff member then types a second-factor code (a fresh
    single-use recovery code of an enrolled account, so logging in twice within one TOTP step
    works too)."""
    page.goto(page.base + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    code = _second_factor_code(username)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    if code is not None and "/account/otp/verify/" in page.url:
        page.fill("input[name=otp_token]", code)
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")


def _second_factor_code(username: str) -> str | None:
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from zhihui.core.models import User
    from zhihui.core.roles import STAFF_ROLES

    user = User.objects.filter(username=username).first()
    if user is None or user.role not in STAFF_ROLES:
        return None
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    device, _ = StaticDevice.objects.get_or_create(user=user, name="recovery", defaults={"confirmed": True})
    code = StaticToken.random_token()
    device.token_set.create(token=code)
    return code


# --- The official calendar's end ------------------------------------------------------------
# Years after chinesecalendar's last one are covered by the provisional calendar
# (zhihui/window/workdays.py, issue 10): tests that accept applications "today" need no
# test-only notice. Tests about the calendar's sources pass `today=` or freeze the clock
# (tests/window/conftest.py `frozen_today`); the `real_calendar` marker is kept for old tests.


# --- Tests that could not run here say so (issue 11) ---------------------------------------
# A test that needs PostgreSQL or the plan files skips with a reason naming them; the summary
# lists them under "NOT RUN" so a green run never hides them, and on CI (CI=true) they fail the
# run: CI has both and must run them.
_NEEDS = ("PostgreSQL", "../shared/plan")


def _not_run(terminalreporter) -> list[tuple[str, str]]:
    out = []
    for rep in terminalreporter.stats.get("skipped", []):
        reason = rep.longrepr[2] if isinstance(rep.longrepr, tuple) else str(rep.longrepr)
        if any(n in reason for n in _NEEDS):
            out.append((rep.nodeid, reason.removeprefix("Skipped: ")))
    return out


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    missing = _not_run(terminalreporter)
    if not missing:
        return
    terminalreporter.section("NOT RUN: these tests need PostgreSQL or the plan files", sep="!", red=True)
    for nodeid, reason in missing:
        terminalreporter.line(f"NOT RUN {nodeid}: {reason}", red=True)


def pytest_sessionfinish(session, exitstatus):
    import os

    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and os.environ.get("CI") and _not_run(reporter) and exitstatus == 0:
        session.exitstatus = 1  # on CI a test that could not run is a failure


@pytest.fixture(autouse=True)
def _demo_accounts_allowed(settings):
    """The test suite runs as a development install: the demo accounts may exist. Tests of the
    production refusal switch it off themselves."""
    settings.ZHIHUI_DEMO_ACCOUNTS = True


@pytest.fixture(autouse=True)
def _chinese_by_default():
    """Each test starts in the default language (Chinese): a test that switches to English must
    not leave it on for the next one."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _is_transactional_db_test(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    names = getattr(item, "fixturenames", ())
    return "transactional_db" in names or "live_server" in names


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by emptying every table, the window's catalogue too, which the
    data migrations seeded. Django's own runner runs such tests last; with xdist work-stealing a
    worker can take ordinary tests after one. So the catalogue is put back as the migrations
    left it, after the flush, and the next test on this worker finds the services it expects."""
    yield
    # The last test's teardown has also dropped the test database (session fixtures end there,
    # nextitem is None): nothing is left to seed, and the connection points at the real database.
    if nextitem is None or not _is_transactional_db_test(item):
        return
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        from zhihui.window.catalogue import seed
        from zhihui.window.models import Quota, Service, TalentPool

        seed(Service, Quota, TalentPool)
