"""Issue 2: Chinese by default, English switchable — for every feature, not only the shell.

With the language set to English, the main page of each feature, opened by a role that may see
it, (a) is in English and (b) has no Chinese left in its chrome: the navigation, headings,
table headers, form labels and buttons. Data (people's names, service and benefit titles, the
plan's own wording) stays as recorded, so the check skips table cells and removes the known
data strings before looking for CJK characters.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from tests.factories import create_person
from zhihui.core.roles import Role

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
CHROME = re.compile(
    r"<(nav|aside|h1|h2|th|label|button|legend|summary)\b[^>]*>(.*?)</\1>", re.S | re.I
)
# Inside chrome elements these hold data or a language's own name, not chrome.
NOT_CHROME = re.compile(r"<(select|textarea|code)\b[^>]*>.*?</\1>", re.S | re.I)
TAG = re.compile(r"<[^>]+>")


def chrome_texts(page: str, data: tuple[str, ...] = ()) -> list[str]:
    """The visible text of the page's chrome elements, with known data strings removed."""
    out = []
    for _tag, inner in CHROME.findall(page):
        text = html.unescape(TAG.sub(" ", NOT_CHROME.sub(" ", inner)))
        for d in data:
            text = text.replace(d, "")
        out.append(" ".join(text.split()))
    return out


def assert_english(page: str, words: list[str], data: tuple[str, ...] = ()) -> None:
    assert 'lang="en"' in page
    for w in words:
        assert w in page, f"{w!r} missing from the English page"
    texts = chrome_texts(page, data)
    assert texts, "no chrome elements found"
    chinese = [t for t in texts if CJK.search(t)]
    assert not chinese, f"untranslated chrome: {chinese[:5]}"


@pytest.fixture
def english(client, settings, tmp_path, monkeypatch):
    monkeypatch.delenv("ZHIHUI_CARD_SIGNING_KEY", raising=False)
    settings.KEY_DIR = tmp_path / "keys"
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.ZHIHUI_SMS_BACKEND = "locmem"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    def login(user):
        client.force_login(user, backend="zhihui.core.auth.LockoutModelBackend")
        return client

    return login


@pytest.fixture
def person(db):
    return create_person("王英文", dt.date(1990, 1, 1))


@pytest.fixture
def card(person):
    from zhihui.talent import actions
    from zhihui.talent.verify import today_in_city

    _record, card = actions.record_recognition(
        None, person, category="D", recognised_on=today_in_city() - dt.timedelta(days=1),
        basis="济人才〔2026〕1号", issue=True,
    )
    return card


def test_policy_library_and_explain_page_in_english(english, make_user, person):
    c = english(make_user(Role.CLERK, "en_clerk"))
    library = c.get("/policy/").content.decode()
    assert_english(library, ["Policy library", "Who qualifies", "Plan clause", "One-window service"])
    explain = c.get(f"/policy/explain/person/{person.pk}/").content.decode()
    assert_english(
        explain, ["Policy decision", "Decide again", "Conditions one by one"], data=(person.name,)
    )


def test_citizen_check_in_english_including_form_errors(english, make_user, person):
    c = english(make_user(Role.CITIZEN, "en_citizen", person=person))
    page = c.get("/policy/check/").content.decode()
    assert_english(page, ["Which benefits can I get?", "Highest degree", "About you", "See the result"])
    result = c.post("/policy/check/", {"degree": "master", "birth_date": "1995-03-01"}).content.decode()
    assert_english(result, ["Result", "Benefits that need more information"], _benefit_titles())
    error = c.post("/policy/check/", {"birth_date": "not a date"}).content.decode()
    assert "Please check these fields" in error and "Enter a valid date" in error
    assert_english(error, ["Date of birth"])


def _benefit_titles() -> tuple[str, ...]:
    """Benefit titles are the policy package's data (title_zh)."""
    from zhihui.benefits import engine

    return tuple(b.title_zh for b in engine.package().benefits if b.title_zh)


def _service_names() -> tuple[str, ...]:
    from zhihui.window.models import Service

    return tuple(Service.objects.values_list("name", flat=True))


def test_window_pages_in_english(english, make_user, person):
    from zhihui.window import actions
    from zhihui.window.models import Service

    citizen = make_user(Role.CITIZEN, "en_citizen", person=person)
    service = Service.objects.get(code="youth_talent_living")
    app, _created = actions.submit(citizen, service, person=person, facts={}, note="")
    data = (*_service_names(), person.name)

    c = english(citizen)
    mine = c.get("/window/mine/").content.decode()
    assert_english(mine, ["My applications", "Application number", "Due date", "Messages"], data)
    detail = c.get(f"/window/a/{app.number}/").content.decode()
    assert_english(detail, ["Policy engine result", "History", "Submitted"], data)
    apply = c.get("/window/apply/?service=youth_talent_living").content.decode()
    assert_english(apply, ["Service applied for", "Submit the application"], data)

    c = english(make_user(Role.CLERK, "en_clerk"))
    desk = c.get("/window/desk/").content.decode()
    assert_english(desk, ["One-window service", "Awaiting acceptance", "Overdue", "Due soon"], data)
    assert "Accept" in c.get(f"/window/a/{app.number}/").content.decode()

    c = english(make_user(Role.REVIEWER, "en_reviewer"))
    queue = c.get("/window/queue/").content.decode()
    assert_english(queue, ["My review queue", "Under my review"], data)

    c = english(make_user(Role.ADMIN, "en_admin"))
    payments = c.get("/window/payments/").content.decode()
    assert_english(payments, ["Payment ledger", "Budget line", "Make a payment batch"], data)


def test_window_form_errors_in_english(english, make_user, person):
    import io

    c = english(make_user(Role.CITIZEN, "en_applicant", person=person))
    r = c.post("/window/apply/", {"service": "", "idempotency_key": "en1"})
    assert r.status_code == 422 and "Choose a service" in r.content.decode()
    exe = io.BytesIO(b"MZ\x90")
    exe.name = "virus.pdf"
    r = c.post("/window/apply/", {"service": "youth_talent_living", "idempotency_key": "en2",
                                  "attachments": exe})
    assert r.status_code == 422 and "only PDF, PNG and JPEG files are accepted" in r.content.decode()


def test_talent_card_and_verify_page_in_english(english, make_user, person, card):
    c = english(make_user(Role.CITIZEN, "en_holder", person=person))
    mine = c.get("/talent/my-card/").content.decode()
    assert_english(mine, ["My Wangwu Talent card", "Card number", "Valid until"], (person.name,))

    c = english(make_user(Role.CLERK, "en_clerk"))
    verify = c.get("/talent/verify/").content.decode()
    assert_english(verify, ["Verify a Wangwu Talent code", "Offline verification", "Verify"])
    checked = c.post("/talent/verify/", {"token": card.token}).content.decode()
    assert "Valid (until" in checked and "Identity number" in checked
    assert_english(checked, ["Verify a Wangwu Talent code"])
    register = c.get("/talent/cards/").content.decode()
    assert_english(register, ["Wangwu Talent card register", "Issue a card"], (person.name,))

    c = english(make_user(Role.ADMIN, "en_admin"))
    refused = c.post("/talent/cards/issue/", {"person": "1" + "0" * 17, "valid_years": 3})
    assert refused.status_code == 400
    assert "Person not found: enter an 18-character identity number" in refused.content.decode()


def test_plan_dashboard_in_english(english, make_user):
    from zhihui.plan.models import Indicator

    c = english(make_user(Role.LEADER, "en_leader"))
    page = c.get("/plan/?year=2024").content.decode()
    indicator_names = tuple(Indicator.objects.values_list("name", flat=True))
    assert_english(
        page,
        ["Plan indicator dashboard", "Talent development", "Completion", "Latest actual (year · source · entered on)"],
        indicator_names,
    )


def test_chinese_stays_the_default_on_feature_pages(client, make_user, person):
    client.force_login(make_user(Role.CITIZEN, "zh_citizen", person=person),
                       backend="zhihui.core.auth.LockoutModelBackend")
    page = client.get("/window/mine/").content.decode()
    assert 'lang="zh-hans"' in page and "我的申请" in page and "My applications" not in page
    check = client.get("/policy/check/").content.decode()
    assert "我能享受哪些政策" in check and "Highest degree" not in check
