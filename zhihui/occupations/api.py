"""/api/v1/occupations/: coding titles (the contract's `POST /code`) and recording corrections."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from ninja import Router, Schema, Status
from ninja.security import django_auth
from pydantic import Field

from zhihui.core.perms import require
from zhihui.core.schemas import ErrorOut

from . import actions, perms
from .coder import MAX_TOP, code_titles
from .enums import CorrectionSource

router = Router(tags=["occupations 职业编码"], auth=django_auth)
MAX_TITLES = 1000  # per request; a larger batch goes through `zhihui occupations code`


class CodeIn(Schema):
    titles: list[str] = Field(..., max_length=MAX_TITLES)
    top: int = Field(1, ge=1, le=MAX_TOP)


class CodeOut(Schema):
    results: list[dict]


class CorrectionIn(Schema):
    title: str = Field(..., max_length=200)
    code: str = Field(..., max_length=10)
    coder_code: str = Field("", max_length=10)
    source: str = Field(CorrectionSource.API, max_length=20)


class CorrectionOut(Schema):
    id: int
    title: str
    code: str



@router.post("/code", response={200: CodeOut, 403: ErrorOut}, summary="Code job titles (contract: occupations.md)")
def code(request, payload: CodeIn):
    require(perms.can_code(request.user), "无权使用职业编码")
    return {"results": code_titles(payload.titles, payload.top)}


@router.post("/corrections", response={201: CorrectionOut, 403: ErrorOut, 422: ErrorOut},
             summary="Record a clerk's correction (a labelled example for the next retrain)")
def correct(request, payload: CorrectionIn):
    require(perms.can_correct(request.user), "无权更正职业编码")
    try:
        c = actions.record_correction(request.user, title=payload.title, code=payload.code,
                                      coder_code=payload.coder_code, source=payload.source)
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        # The shape of the API's other 422s: a list of errors, each naming its field.
        return Status(422, {"detail": [{"loc": ["body", f], "msg": m} for f, ms in errors.items() for m in ms]})
    return Status(201, {"id": c.pk, "title": c.title, "code": c.code})
