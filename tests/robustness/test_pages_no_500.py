"""Crawl every HTML page (zhihui/www URL patterns) as every role with junk and assert that no
request gets HTTP 500.

Path converters are filled with an id that exists, one that does not, and junk; each GET carries
junk query parameters (bad dates, huge numbers, NUL, unicode, negative pages) under every
parameter name the views read; each URL also gets a POST of junk form data under every form
field name. 200/302/400/403/404/405/422 are all fine — only a server error is not.
"""

from __future__ import annotations

import itertools
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from .conftest import ROLES

pytestmark = pytest.mark.django_db

JUNK_VALUES = [
    "2026-13-45", "-1", "99999999999999999999999999", "济源\U0001f600" * 8, "1e309",
    "0000-00-00", "<script>alert(1)</script>", "'; DROP TABLE x;--", "NaN", " ", "9999-12-31",
]
# NUL is refused for every field at once by zhihui.core.middleware.RejectNulMiddleware (it used
# to be a PostgreSQL DataError); it gets its own request so the other junk reaches the views.
NUL = {"q": "\x00", "name": "a\x00b"}
# Parameters most views read, tried one at a time on every page a role can open.
SINGLE = ["year", "q", "page", "status", "as_of", "since", "until", "tab", "line", "service",
          "category", "benefit", "who", "format", "date", "kind"]
DATE_PARAMS = {"as_of", "since", "until", "date"}


def _single_values(name: str) -> list[str]:
    return ["2026-13-45", "0001-01-01", "9999-12-31"] if name in DATE_PARAMS else ["9" * 30, "-1"]
# Pages that render a PDF (~1 s each): fewer junk requests, no one-at-a-time pass.
HEAVY = {"plan/report/", "talent/cards/<str:number>/card.pdf"}
# Every parameter name the pages read from GET/POST (grep of zhihui/www) plus form fields below.
PARAM_NAMES = [
    "year", "q", "page", "status", "line", "service", "category", "benefit", "as_of", "who",
    "value", "uscc", "text", "tab", "note", "name", "kind", "is_special", "idempotency_key",
    "id_number", "format", "amount", "since", "until", "birth_date", "skill_date", "skill_level",
    "title_date", "title_level", "national_expert", "wangwu_program", "wangwu_year", "reason",
    "date", "n", "limit", "offset", "actor", "action", "object_type", "object_id", "next",
    "person", "organisation", "period", "items", "opinion", "number", "code", "target",
]


def _form_field_names() -> set[str]:
    from django import forms

    from zhihui.www.core import views as core_views
    from zhihui.www.policy import forms as policy_forms
    from zhihui.www.registry import views as registry_views
    from zhihui.www.talent import views as talent_views

    names: set[str] = set()
    for module in (core_views, policy_forms, registry_views, talent_views):
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, forms.BaseForm) and obj is not forms.Form:
                names.update(obj.base_fields)
    return names


def _patterns(resolver=None, prefix=""):
    """(route with <converters>, {name: converter}) for every pattern under zhihui.www."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            if route.startswith(("admin/", "api/", "i18n/")):
                continue
            yield from _patterns(p, route)
        elif isinstance(p, URLPattern):
            yield route, dict(p.pattern.converters)


def _fill(route: str, values: dict[str, str]) -> str:
    import re

    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)


@pytest.fixture
def records(world, admin_user):
    """Real ids for path converters, by converter name."""
    from zhihui.core import jobs
    from zhihui.plan.loader import load_indicators
    from zhihui.plan.models import Indicator
    from zhihui.window import actions as window
    from zhihui.window.models import Service
    from zhihui.www.policy.views import _package_or_none

    load_indicators(verbose=False)
    pkg, _ = _package_or_none()
    clerk = world["users"]["clerk"]
    app, _ = window.submit(clerk, Service.objects.get(code="youth_talent_living"), person=world["person"], facts={})
    job = jobs.start("robustness", "robustness crawl", user=clerk)
    return {
        "pk": [world["person"].pk, world["org"].pk],
        "code": [Indicator.objects.values_list("code", flat=True).first() or "X"],
        "benefit_id": [pkg.benefits[0].id],
        "number": [app.number],
        "offer_id": [],
        "attachment_id": [],
        "action": ["accept", "review", "approve", "refuse", "withdraw", "correction"],
        "job_id": [job.pk],
    }


MISSING = {"int": "987654", "str": "NOPE-404", "slug": "no-such-thing", "path": "no/such"}
JUNK_PATH = {"int": "0", "str": "%00%E6%B5%8E..%2F" + "x" * 300, "slug": "-" * 5, "path": "..%2F..%2Fetc"}


def _urls(records):
    for route, converters in _patterns():
        if not converters:
            yield route, "/" + route
            continue
        variants = []
        names = list(converters)
        for choice in ("real", "missing", "junk"):
            values = {}
            for name, conv in converters.items():
                kind = {"IntConverter": "int", "SlugConverter": "slug", "PathConverter": "path"}.get(type(conv).__name__, "str")
                if choice == "real":
                    values[name] = (records.get(name) or [MISSING[kind]])[0]
                else:
                    values[name] = (MISSING if choice == "missing" else JUNK_PATH)[kind]
            variants.append("/" + _fill(route, values))
        if "pk" in names:  # pk is a person on some pages, an organisation on others: try both
            variants.append("/" + _fill(route, {**{n: records.get(n, ["x"])[0] for n in names}, "pk": records["pk"][1]}))
        if "action" in names:
            variants += ["/" + _fill(route, {"number": records["number"][0], "action": a}) for a in records["action"][1:]]
        for url in dict.fromkeys(variants):
            yield route, url


def _junk(seed: int, names) -> dict[str, str]:
    values = itertools.islice(itertools.cycle(JUNK_VALUES), seed, None)
    return {name: next(values) for name in names}


# One test per role, so that the crawl (the longest test of the suite) spreads over the
# pytest-xdist workers instead of holding one for all roles.
@pytest.mark.parametrize("role", ROLES)
def test_every_page_survives_junk_as_every_role(role, world, records, server_errors, client):
    from django.db import transaction
    from django.test import Client

    names = sorted(set(PARAM_NAMES) | _form_field_names())
    # /logout/ ends the session, so it is crawled last for each role.
    urls = sorted(_urls(records), key=lambda ru: ru[0] == "logout/")
    assert len(urls) > 40, urls  # the crawl really found the pages
    failures = []
    seen_ok = 0
    i = ROLES.index(role)
    c = Client(raise_request_exception=False)  # a 500 is counted, with its traceback
    if role != "anonymous":
        c.force_login(world["users"][role], backend="zhihui.core.auth.LockoutModelBackend")
    for j, (route, url) in enumerate(urls):
        requests = [("get", None), ("get", _junk(i + j, names)), ("get", _junk(i + j + 5, names)),
                    ("post", _junk(i + j + 3, names)), ("post", _junk(i + j + 7, names)), ("get", NUL), ("post", NUL)]
        if route in HEAVY:
            requests = requests[:2] + requests[3:4]
        for method, data in requests:
            server_errors.clear()
            # A savepoint per request: on PostgreSQL one failed statement would otherwise
            # abort the test's transaction and fail every later request.
            savepoint = transaction.savepoint()
            r = getattr(c, method)(url, data)
            transaction.savepoint_rollback(savepoint) if r.status_code >= 500 else transaction.savepoint_commit(savepoint)
            if r.status_code >= 500:
                failures.append(f"{role} {method.upper()} {url[:120]}: {r.status_code}\n" + "\n".join(e[-600:] for e in server_errors[-1:]))
            elif r.status_code == 200:
                seen_ok += 1
                # A page this role can open: also try the common parameters one at a time (one
                # bad value each, taking turns page by page, to keep the crawl within CI's time).
                if data is None and role in ("clerk", "admin") and route not in HEAVY and route != "logout/":
                    requests += [("get", {name: _single_values(name)[(j + k) % len(_single_values(name))]})
                                 for k, name in enumerate(SINGLE)]
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(failures[:40])
    if role != "anonymous":
        assert seen_ok > 10  # pages were really rendered for this role, not just refused


FIELD = re.compile(r"<(?:input|select|textarea)\b[^>]*?\bname=\"([^\"]+)\"[^>]*>", re.S)
VALUE = re.compile(r"\bvalue=\"([^\"]*)\"")
FORM = re.compile(r"<form\b[^>]*>", re.S)
ACTION = re.compile(r"\baction=\"([^\"]*)\"")
ONE_FIELD_JUNK = ["9" * 30, "-1", "2026-13-45", "济源\U0001f600" * 300, "1e309"]


def _forms(html: str, page_url: str):
    """(action URL, {field: default value}) for each POST form on a page, read from its HTML."""
    out = []
    for m in FORM.finditer(html):
        tag = m.group(0)
        if 'method="post"' not in tag.lower():
            continue
        end = html.find("</form>", m.end())
        body = html[m.end(): end if end > 0 else None]
        action = ACTION.search(tag)
        fields = {}
        for f in FIELD.finditer(body):
            name = f.group(1)
            if name == "csrfmiddlewaretoken":
                continue
            value = VALUE.search(f.group(0))
            fields[name] = value.group(1) if value else ""
        out.append(((action.group(1) if action and action.group(1) else page_url), fields))
    return out


def test_every_form_survives_one_junk_field_at_a_time(world, records, server_errors):
    """For each POST form that staff can open, every field gets junk alone, the others keeping
    the defaults the page rendered — so a view's check of a later field is reached too."""
    import html as html_lib

    from django.db import transaction
    from django.test import Client

    failures, posted = [], 0
    for role in ("clerk", "reviewer", "admin"):
        c = Client(raise_request_exception=False)
        c.force_login(world["users"][role], backend="zhihui.core.auth.LockoutModelBackend")
        for route, url in _urls(records):
            if route in HEAVY or route.startswith(("logout/", "login/")):
                continue
            r = c.get(url)
            if r.status_code != 200 or "text/html" not in r.get("Content-Type", ""):
                continue
            for action, fields in _forms(r.content.decode(), url):
                action = html_lib.unescape(action)
                if not action.startswith("/") or "logout" in action:
                    continue
                for name in fields:
                    for junk in ONE_FIELD_JUNK:
                        data = {**{k: html_lib.unescape(v) for k, v in fields.items()}, name: junk}
                        server_errors.clear()
                        savepoint = transaction.savepoint()
                        resp = c.post(action, data)
                        transaction.savepoint_rollback(savepoint) if resp.status_code >= 500 else transaction.savepoint_commit(savepoint)
                        posted += 1
                        if resp.status_code >= 500:
                            failures.append(f"{role} POST {action} {name}={junk[:30]!r}: {resp.status_code}\n"
                                            + "\n".join(e[-600:] for e in server_errors[-1:]))
    assert posted > 100  # the forms were really found
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(failures[:20])
