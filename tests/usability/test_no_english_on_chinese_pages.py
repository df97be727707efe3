"""Issue 15, found 2: no English on Chinese pages. Every role opens the pages of its menu (and
the citizen's check and apply pages with results); the visible text may hold Latin words only
from an allow-list of proper names and codes. Fast: one page per address, no engine sweep."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from zhihui.core.roles import Role
from zhihui.www import nav

pytestmark = pytest.mark.django_db

# Proper names, file formats and codes a Chinese page may show as they are.
ALLOWED = {
    "English",  # the language menu shows each language in its own language
    "PDF", "PNG", "JPEG", "JPG", "Excel", "CSV", "JSON", "YAML", "XLSX", "MB", "KB",
    "IP", "API", "ID", "QR", "OTP", "TOTP", "URL", "HTTP", "HTTPS", "SMS",
    # the audit log records the request refused: its method and address are data, not words
    "GET", "POST", "http", "https",
    "Zhihui", "Jiyuan", "ECharts", "Swagger", "OpenAPI",
    "GB", "ISCO", "GDPR", "chinesecalendar",
    "GBK",  # a file encoding the import pages accept
}
# Letters within codes (T1-22, SQ2026…, L130, 91419001MA…) and file names (public-keys.json,
# docs/employment.md) are not words: a word is a run of two or more Latin letters with no
# letter, digit, underscore, dot, hyphen or slash on either side.
WORD = re.compile(r"(?<![A-Za-z0-9_./@-])[A-Za-z]{2,}(?![A-Za-z0-9_./@-])")
# Not checked: scripts and styles, <code> (commands, raw records). Everything else is checked,
# whatever its `lang` attribute: the engine's reasons are rendered from their templates in the
# reader's language, and the policy package's own notes (benefits.yaml `decisions`, the
# parameters' description and note, the manifest's source) are written in both languages and
# shown in the reader's (the loader refuses a note missing one).
HIDDEN = re.compile(r"<(script|style|template|code|noscript)\b.*?</\1>", re.S | re.I)
TAG = re.compile(r"<[^>]+>")


def latin_words(page: str) -> set[str]:
    body = page[page.find("<body"):] if "<body" in page else page
    text = html.unescape(TAG.sub(" ", HIDDEN.sub(" ", body)))
    words = {w for w in WORD.findall(text) if w not in ALLOWED}
    for w in words:  # where, for the failure message
        i = text.find(w)
        print(repr(text[max(0, i - 60):i + 60]))
    return words


def _pages_of(role: str) -> list[str]:
    out = []
    for e in nav.entries():
        if role in e.roles:
            try:
                out.append(reverse(e.url_name))
            except Exception:  # noqa: BLE001 - an entry needing arguments is not a menu page
                continue
    return out


ROLES = [Role.CITIZEN, Role.EMPLOYER, Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.LEADER,
         Role.AUDITOR, Role.SYSADMIN, Role.SECADMIN, Role.FINANCE]


def test_main_pages_of_every_role_have_no_english_words(client, make_user, client_for):
    from tests.factories import create_org, create_person

    person = create_person("张测试", __import__("datetime").date(1995, 5, 5))
    org = create_org("济源测试科技有限公司", "enterprise")
    seen: set[str] = set()
    found: dict[str, set[str]] = {}
    for path in ("/", "/policy/check/", "/talent/verify/", "/account/login/"):
        r = client.get(path)
        if r.status_code == 200:
            words = latin_words(r.content.decode())
            if words:
                found[f"anonymous {path}"] = words
    page = client.post("/policy/check/", {"degree": "master", "pension_months": "4"}).content.decode()
    if words := latin_words(page):
        found["anonymous check result"] = words
    for role in ROLES:
        extra = {"person": person} if role == Role.CITIZEN else {"organisation": org} if role == Role.EMPLOYER else {}
        user = make_user(role, display_name="测试用户", **extra)
        c = client_for(user)
        paths = _pages_of(role)
        if role == Role.CITIZEN:
            paths += ["/window/apply/?service=graduate_living", "/policy/check/"]
        for path in paths:
            if (role, path) in seen or path in seen:
                continue
            seen.add(path)
            r = c.get(path)
            if r.status_code != 200 or "text/html" not in r.get("Content-Type", ""):
                continue
            if words := latin_words(r.content.decode()):
                found[f"{role} {path}"] = words
        c.logout()
    assert not found, "English words on Chinese pages: " + "; ".join(f"{k}: {sorted(v)}" for k, v in found.items())


def test_the_policy_packages_notes_are_chinese_on_every_benefit_page(make_user, client_for):
    """The library's readings and each benefit's page (its readings, its parameters' notes):
    the policy officers' notes in Chinese, with no English words, and in English under English."""
    from zhihui.benefits import engine

    pkg = engine.package()
    c = client_for(make_user(Role.CLERK, display_name="测试用户"))
    library = c.get("/policy/").content.decode()
    found = {"/policy/": latin_words(library)} if latin_words(library) else {}
    assert "（合同 v2 第3项变更）" in library and pkg.source_zh in library
    for b in pkg.benefits:
        path = reverse("policy:benefit_detail", args=[b.id])
        page = c.get(path).content.decode()
        assert all(html.escape(z) in page for z in b.decisions_zh), path
        if words := latin_words(page):
            found[path] = words
    assert not found, "English words on Chinese pages: " + "; ".join(f"{k}: {sorted(v)}" for k, v in found.items())
    c.post("/i18n/setlang/", {"language": "en", "next": "/policy/"})
    english = c.get(reverse("policy:benefit_detail", args=["youth_talent_living"])).content.decode()
    info = pkg.benefit("youth_talent_living")
    assert html.escape(info.decisions[1]) in english and html.escape(info.decisions_zh[1]) not in english


def test_the_language_menu_names_english_in_english(client):
    page = client.get("/policy/check/").content.decode()
    assert '<option value="en" lang="en">English</option>' in page and "英语" not in page


def test_an_unknown_address_gets_the_chinese_page_even_with_debug(client, settings):
    settings.DEBUG = True
    r = client.get("/no-such-page/")
    assert r.status_code == 404 and "页面不存在" in r.content.decode() and "DEBUG = True" not in r.content.decode()
