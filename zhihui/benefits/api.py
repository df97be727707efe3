"""Benefit screening API under /api/v1/benefits (the engine: zhihui.policy; contract:
shared/contracts/benefits.md).

    POST /api/v1/benefits/screen?as_of=YYYY-MM-DD[&include_extra=true]
         body: one profile, the same JSON object as one line of `zhihui benefits screen`
         -> the result object of that line (contract-shaped, plus "package" and "as_of")
         `as_of` is a query parameter; a top-level "as_of" field in the body is accepted
         when the query parameter is absent. Invalid input -> 422
         {"detail": [{"loc": ["body", <path>...], "msg": "<field path>: <reason>"}]}
    GET  /api/v1/benefits[?as_of=YYYY-MM-DD]
         -> the package's benefits with clauses, parameters (values, validity, units, plan
         references) and, with as_of, the value in force on that date.

Both are open to anonymous callers: they read public policy and the caller's own profile,
and store nothing (a screening of registry data for someone's file is the sweep's job).
"""

from __future__ import annotations

import datetime as dt
import re

import orjson
from django.conf import settings
from ninja import Query, Router, Status
from ninja.errors import HttpError

from zhihui.policy import ProfileError, load_package
from zhihui.policy.dates import parse_date

router = Router(tags=["benefits 政策待遇"])

_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _loc(field: str) -> list:
    loc: list = ["body"]
    for name, index in _PATH_PART.findall(field or ""):
        loc.append(int(index) if index else name)
    return loc


def _unprocessable(request, field: str, msg: str):
    return Status(
        422,
        {
            "detail": [
                {
                    "loc": _loc(field) if field != "as_of" else ["query", "as_of"],
                    "msg": msg,
                    "type": "value_error",
                }
            ]
        },
    )


SCREEN_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["id", "kind"],
                    "properties": {
                        "id": {"type": "string"},
                        "kind": {"type": "string", "enum": ["person", "organization"]},
                    },
                    "additionalProperties": True,
                    "description": "One profile: the fields of shared/contracts/benefits.md.",
                }
            }
        },
    }
}


@router.post(
    "/screen",
    response={200: dict, 422: dict},
    openapi_extra=SCREEN_BODY,
    summary="Screen one profile against the policy package",
)
def screen(
    request,
    as_of: str | None = Query(
        None, description="YYYY-MM-DD: the date facts are judged at (or a body field `as_of`)"
    ),
    include_extra: bool = Query(False, description="also benefits beyond the contract"),
):
    try:
        profile = orjson.loads(request.body or b"")
    except orjson.JSONDecodeError as e:
        return _unprocessable(request, "", f"body is not valid JSON: {e}")
    if not isinstance(profile, dict):
        return _unprocessable(request, "", "body: expected a JSON object (one profile)")
    raw = as_of if as_of is not None else profile.get("as_of")
    if raw is None:
        return _unprocessable(request, "as_of", "as_of: required (query parameter YYYY-MM-DD)")
    try:
        day = parse_date(raw) if isinstance(raw, str) else None
    except ValueError as e:
        return _unprocessable(request, "as_of", f"as_of: {e}")
    if day is None:
        return _unprocessable(request, "as_of", "as_of: expected a date YYYY-MM-DD")
    pkg = load_package(settings.ZHIHUI_POLICY_PACKAGE)
    try:
        return Status(200, pkg.screen_one(profile, day, include_extra=include_extra))
    except ProfileError as e:
        return _unprocessable(request, e.field, str(e))


@router.get("", response=dict, summary="Benefits of the policy package, with parameters")
def catalogue(
    request,
    as_of: str | None = Query(
        None, description="YYYY-MM-DD: also show the parameter values in force that day"
    ),
):
    day: dt.date | None = None
    if as_of is not None:
        try:
            day = parse_date(as_of)
        except ValueError as e:
            raise HttpError(422, f"as_of: {e}")
    return _without_sentinels(load_package(settings.ZHIHUI_POLICY_PACKAGE).describe(day))


def _without_sentinels(value):
    """describe() gives NOT_IN_FORCE / UNSET for a parameter on a day before any of its
    periods (e.g. ?as_of=0001-01-01); those are not JSON and gave HTTP 500. They become null."""
    from zhihui.policy.params import NOT_IN_FORCE, UNSET

    if value is NOT_IN_FORCE or value is UNSET:
        return None
    if isinstance(value, dict):
        return {k: _without_sentinels(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_sentinels(v) for v in value]
    return value
