"""Property-based fuzzing of the JSON API from its own OpenAPI document (schemathesis).

The document is read from /api/v1/openapi.json and every operation is called in-process through
Django's WSGI handler (no network server), with generated valid *and* invalid input (bad
types, missing fields, junk path ids), once per role: anonymous, citizen, employer, clerk, admin. For every response we check:

* not a 5xx (the standard: bad input gets 4xx naming the field, never a server error), and
* the response conforms to the documented schema and content type where the status is documented.

Each generated case is also replayed with the path ids replaced by ids of records that exist,
so validation deeper than "404" is exercised.

Bounded for CI (derandomized, a few examples per operation, ~1 min for the file). For a long
local run:  ZHIHUI_FUZZ_EXAMPLES=300 .venv/bin/python -m pytest tests/robustness/test_api_fuzz.py
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from .conftest import ROLES

# Roles each generated case is sent as (the crawl of pages uses all eight).
API_ROLES = ["anonymous", "citizen", "employer", "clerk", "admin"]

EXAMPLES = int(os.environ.get("ZHIHUI_FUZZ_EXAMPLES", "10"))
EXHAUSTIVE = EXAMPLES > 50
CSRF = "r" * 32  # a fixed CSRF secret: cookie and header agree, so unsafe methods get past CSRF

pytestmark = pytest.mark.django_db


def _load_schema():
    # Loaded at collection (pytest-django has configured Django by then); the lazy
    # `schemathesis.pytest.from_fixture` loader does not work with pytest 9.
    from django.core.wsgi import get_wsgi_application

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    schema.config.generation.update(
        modes=["positive", "negative"], deterministic=True, allow_x00=True,
        max_examples=EXAMPLES, no_shrink=not EXHAUSTIVE,
    )
    return schema


schema = _load_schema()


@pytest.fixture(autouse=True)
def _keep_test_connection():
    """Requests go through the real WSGI handler, whose request_started/finished signals close
    a connection that is inside a transaction — i.e. the test's own transaction on PostgreSQL.
    Django's test client disconnects the same handler; do so here too."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def sessions(world):
    """role -> cookies for a logged-in session (None for anonymous)."""
    from django.conf import settings
    from django.test import Client

    session_cookie, csrf_cookie = settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME
    out = {"anonymous": {csrf_cookie: CSRF}}
    for role in ROLES[1:]:
        c = Client()
        c.force_login(world["users"][role], backend="zhihui.core.auth.LockoutModelBackend")
        out[role] = {session_cookie: c.cookies[session_cookie].value, csrf_cookie: CSRF}
    # The sessions really authenticate through the WSGI path the fuzzer uses (else every case
    # would only test the 401 answer).
    from django.core.wsgi import get_wsgi_application
    from werkzeug.test import Client as WsgiClient

    probe = WsgiClient(get_wsgi_application())
    probe.set_cookie(session_cookie, out["clerk"][session_cookie], domain="localhost")
    assert probe.get("/api/v1/window/services").status_code == 200
    assert WsgiClient(get_wsgi_application()).get("/api/v1/window/services").status_code == 401
    return out


@pytest.fixture
def real_ids(world):
    """Path parameter name -> an id that exists, for the replay with real records."""
    return {"person_id": world["person"].pk, "org_id": world["org"].pk, "kind": "divisions"}


CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@schema.parametrize()
@settings(
    max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate] + ([Phase.shrink] if EXHAUSTIVE else []),
)
def test_no_server_error_and_schema_conformance(case, sessions, real_ids, server_errors):
    variants = [case.path_parameters]
    if case.path_parameters and any(k in real_ids for k in case.path_parameters):
        variants.append({**case.path_parameters, **{k: v for k, v in real_ids.items() if k in case.path_parameters}})
    for path_parameters in variants:
        case.path_parameters = path_parameters
        for role in API_ROLES:
            response = case.call(cookies=sessions[role], headers={"X-CSRFToken": CSRF})
            assert not server_errors, f"as {role}:\n" + "\n".join(server_errors)
            case.validate_response(response, checks=CHECKS)


# --------------------------------------------------------------------------- targeted junk
# Random generation rarely hits the values that break databases and parsers, so every
# operation also gets a fixed list of nasty values in every parameter and body property
# (a small deterministic generator over the same OpenAPI document).

JUNK = [
    "\x00", "x\x00y", "9" * 40, -1, -(2**63), 2**63, 10**30, 1e308, "1e309", "NaN", "",
    "2026-13-45", "0000-00-00", "0001-01-01", "9999-12-31", "济源" * 2000, "../../etc/passwd", "<b>", [], {},
    None, True, "%00", "  ",
]


def _operations(doc):
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            body = (op.get("requestBody") or {}).get("content", {}).get("application/json", {}).get("schema")
            if body and "$ref" in body:
                body = doc["components"]["schemas"][body["$ref"].rsplit("/", 1)[-1]]
            yield method, path, op.get("parameters", []), (body or {}).get("properties")


@pytest.fixture
def application_number(world):
    from zhihui.window import actions
    from zhihui.window.models import Service

    app, _ = actions.submit(world["users"]["clerk"], Service.objects.get(code="youth_talent_living"),
                            person=world["person"], facts={})
    return app.number


def test_targeted_junk_in_every_parameter(world, sessions, real_ids, application_number, server_errors):
    import json

    from django.db import transaction
    from django.test import Client

    doc = Client().get("/api/v1/openapi.json").json()
    ids = {**real_ids, "number": application_number}
    clients = {}
    for role in ("anonymous", "citizen", "clerk", "admin"):
        c = Client(raise_request_exception=False)  # a 500 is counted, with its traceback
        if role != "anonymous":
            c.force_login(world["users"][role], backend="zhihui.core.auth.LockoutModelBackend")
        clients[role] = c
    failures, calls = [], 0
    for method, path, params, body_props in _operations(doc):
        for k, junk in enumerate(JUNK):
            # Path ids: the real one on even rounds (to reach validation), junk on odd ones.
            url = path
            query = {}
            for p in params:
                value = junk if k % 2 or p["name"] not in ids else ids[p["name"]]
                if p["in"] == "path":
                    url = url.replace("{" + p["name"] + "}", "%00" if value == "\x00" else str(value).replace("/", "%2F") or "x")
                elif p["in"] == "query" and junk is not None:
                    query[p["name"]] = json.dumps(junk) if isinstance(junk, list | dict) else junk
            body = None
            if body_props is not None:
                body = {name: JUNK[(k + i) % len(JUNK)] for i, name in enumerate(body_props)}
            for role, c in clients.items():
                server_errors.clear()
                kwargs = {"data": json.dumps(body), "content_type": "application/json"} if body is not None else {}
                # A savepoint per call: on PostgreSQL one failed statement would otherwise
                # abort the test's transaction and fail every later call.
                savepoint = transaction.savepoint()
                if method == "get":
                    r = c.get(url, query)
                else:
                    qs = "&".join(f"{key}={value}" for key, value in query.items() if isinstance(value, str | int))
                    r = getattr(c, method)(url + ("?" + qs if qs else ""), **kwargs)
                transaction.savepoint_rollback(savepoint) if r.status_code >= 500 else transaction.savepoint_commit(savepoint)
                calls += 1
                if r.status_code >= 500:
                    failures.append(f"{role} {method.upper()} {url} {query} {body}: {r.status_code}\n{server_errors[-1:]}")
    # One parameter at a time (the others left out), so a nasty value is not masked by a
    # neighbour's 422.
    for method, path, params, _ in _operations(doc):
        for p in params:
            if p["in"] != "query":
                continue
            url = path
            for q in params:
                if q["in"] == "path":
                    url = url.replace("{" + q["name"] + "}", str(ids.get(q["name"], "x")))
            for junk in ("\x00", "9" * 40, 2**63, -(2**63), 2**62, "济源" * 2000, "2026-13-45", "0001-01-01", "9999-12-31", "-1"):
                for role in ("citizen", "admin"):
                    server_errors.clear()
                    savepoint = transaction.savepoint()
                    if method == "get":
                        r = clients[role].get(url, {p["name"]: junk})
                    else:
                        r = getattr(clients[role], method)(f"{url}?{p['name']}={junk}", data="{}", content_type="application/json")
                    transaction.savepoint_rollback(savepoint) if r.status_code >= 500 else transaction.savepoint_commit(savepoint)
                    calls += 1
                    if r.status_code >= 500:
                        failures.append(f"{role} {method.upper()} {url} {p['name']}={str(junk)[:40]}: {r.status_code}\n{server_errors[-1:]}")
    assert calls > 1000
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(f[:1500] for f in failures[:15])
