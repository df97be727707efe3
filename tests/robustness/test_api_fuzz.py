"""Property-based fuzzing of the JSON API from its own OpenAPI document (schemathesis).

The document is read from /api/v1/openapi.json and every operation is called in-process through
Django's WSGI handler (no network server), with generated valid *and* invalid input (bad
types, missing fields, junk path ids), once per role: anonymous, citizen, employer, clerk,
reviewer, admin, leader, auditor. For every response we check:

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

EXAMPLES = int(os.environ.get("ZHIHUI_FUZZ_EXAMPLES", "8"))
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


@pytest.fixture
def sessions(world):
    """role -> cookies for a logged-in session (None for anonymous)."""
    from django.test import Client

    out = {"anonymous": {"csrftoken": CSRF}}
    for role in ROLES[1:]:
        c = Client()
        c.force_login(world["users"][role], backend="zhihui.core.auth.LockoutModelBackend")
        out[role] = {"sessionid": c.cookies["sessionid"].value, "csrftoken": CSRF}
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
        for role in ROLES:
            response = case.call(cookies=sessions[role], headers={"X-CSRFToken": CSRF})
            assert not server_errors, f"as {role}:\n" + "\n".join(server_errors)
            case.validate_response(response, checks=CHECKS)
