"""POST /api/v1/postings/screen — the postings screen (shared/contracts/postings-screen.md).

Body: one posting `{"id", "title", "text", "occupation_code"?}` → one result
`{"id", "flags": [...]}`; or a list of postings → a list of results in the same order, where a
malformed posting gives `{"id": <id or null>, "line": N, "error": "…"}` (N counts from 1) for that
item only. A single malformed posting is a 422 naming the field.

Open without login (other systems and the public call it; it reads nothing stored), limited to
`MAX_POSTINGS_PER_REQUEST` postings a request and `RATE_LIMITS["screen"]` requests a minute per
client.
"""

from __future__ import annotations

import json
from typing import Any

from django.http.request import RawPostDataException
from ninja import Router
from ninja.responses import Status as Reply

from .enums import MAX_POSTING_CHARS, MAX_POSTINGS_PER_REQUEST, RATE_LIMITS
from .ratelimit import hit
from .screen import PostingInputError, screen_posting, validate_posting

router = Router(tags=["postings 招聘信息筛查"])


def _field_of(message: str) -> str:
    for f in ("occupation_code", "title", "text", "id"):
        if f in message:
            return f
    return "body"


def _too_long(obj) -> str | None:
    if isinstance(obj, dict):
        for f in ("title", "text"):
            v = obj.get(f)
            if isinstance(v, str) and len(v) > MAX_POSTING_CHARS:
                return f"{f} 超过 {MAX_POSTING_CHARS} 字 ({f} longer than {MAX_POSTING_CHARS} characters)"
    return None


@router.post("/screen", auth=None, summary="Screen one posting or a list of postings",
             response={200: Any, 422: dict, 429: dict},
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": {
                 "oneOf": [{"type": "object"}, {"type": "array", "items": {"type": "object"}}]}}}}})
def screen(request):
    limit, window = RATE_LIMITS["screen"]
    if not hit(request, "screen", limit, window):
        return Reply(429, {"detail": "请求过于频繁，请稍后再试 (too many requests)"})
    try:
        body = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError, RawPostDataException):
        # RawPostDataException: a form body (multipart) already read as form data: not JSON
        return Reply(422, {"detail": [{"loc": ["body"], "msg": "不是有效的 JSON (not valid JSON)"}]})
    if isinstance(body, list):
        if len(body) > MAX_POSTINGS_PER_REQUEST:
            return Reply(422, {"detail": [{"loc": ["body"], "msg": f"一次最多 {MAX_POSTINGS_PER_REQUEST} 条 (at most {MAX_POSTINGS_PER_REQUEST} postings a request)"}]})
        out = []
        for n, item in enumerate(body, start=1):
            try:
                validate_posting(item)
                too_long = _too_long(item)
                if too_long:
                    raise PostingInputError(too_long, item.get("id"))
            except PostingInputError as exc:
                pid = exc.posting_id if isinstance(exc.posting_id, str | int | float) else None
                out.append({"id": pid, "line": n, "error": str(exc)})
                continue
            out.append(screen_posting(item))
        return Reply(200, out)
    try:
        validate_posting(body)
        too_long = _too_long(body)
        if too_long:
            raise PostingInputError(too_long)
    except PostingInputError as exc:
        return Reply(422, {"detail": [{"loc": ["body", _field_of(str(exc))], "msg": str(exc)}]})
    return Reply(200, screen_posting(body))
