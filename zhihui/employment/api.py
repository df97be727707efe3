"""Employment API under /api/v1/employment.

    POST /api/v1/employment/households/check?as_of=YYYY-MM-DD
         body: one household, the same JSON object as one line of `zhihui employment
         households` (shared/contracts/households.md); a top-level "as_of" field is accepted
         when the query parameter is absent. A JSON list of households answers a list of results.
         -> the contract's result object (or list). Invalid input -> 422
         {"detail": [{"loc": ["body", <path>...], "msg": "<field path>: <reason>"}]}

The check is open to anonymous callers, as the benefits screening is: it applies public rules
to the facts the caller sends and stores nothing (the registry sweep is the bureau's job).
"""

from __future__ import annotations

import re

import orjson
from ninja import Query, Router, Status

from zhihui.employment.households import HouseholdError, check_household, parse_date

router = Router(tags=["employment 就业服务"])

_PATH_PART = re.compile(r"([^.\[\]]+)|\[([^\]]*)\]")
MAX_HOUSEHOLDS = 1000  # per request; larger files go through the command


def _loc(field: str, prefix: list) -> list:
    loc: list = ["body", *prefix]
    for name, index in _PATH_PART.findall(field or ""):
        if name:
            loc.append(name)
        else:
            loc.append(int(index) if index.isdigit() else index)
    return loc


def _unprocessable(loc: list, msg: str):
    return Status(422, {"detail": [{"loc": loc, "msg": msg, "type": "value_error"}]})


CHECK_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {
                        "id": {"type": "string"},
                        "urban": {"type": "boolean"},
                        "business_income": {"type": "boolean"},
                        "members": {"type": "array", "items": {"type": "object"}},
                    },
                    "additionalProperties": True,
                    "description": "One household (or a list): the fields of shared/contracts/households.md.",
                }
            }
        },
    }
}


@router.post("/households/check", response={200: dict | list, 422: dict}, openapi_extra=CHECK_BODY,
             summary="Decide whether households are zero-employment households (零就业家庭)")
def households_check(
    request,
    as_of: str | None = Query(None, description="YYYY-MM-DD: the date ages and statuses are judged at"),
):
    try:
        body = orjson.loads(request.body or b"")
    except orjson.JSONDecodeError as e:
        return _unprocessable(["body"], f"body is not valid JSON: {e}")
    raw = as_of if as_of is not None else (body.get("as_of") if isinstance(body, dict) else None)
    if raw is None:
        return _unprocessable(["query", "as_of"], "as_of: required (query parameter YYYY-MM-DD)")
    try:
        day = parse_date(raw)
    except ValueError as e:
        return _unprocessable(["query", "as_of"], f"as_of: {e}")
    if isinstance(body, list):
        if len(body) > MAX_HOUSEHOLDS:
            return _unprocessable(["body"], f"at most {MAX_HOUSEHOLDS} households per request")
        results = []
        for i, h in enumerate(body):
            try:
                results.append(check_household(h, day))
            except HouseholdError as e:
                return _unprocessable(_loc(e.field, [i]), f"[{i}].{e}" if e.field else f"[{i}]: {e}")
        return Status(200, results)
    try:
        return Status(200, check_household(body, day))
    except HouseholdError as e:
        return _unprocessable(_loc(e.field, []), str(e))
