"""API schemas every domain shares. The OpenAPI document keys its components by class name, so a
schema written again under the same name in another app would replace this one there (or be
replaced): define shared shapes here once, and give a domain's own schemas names of their own
(`tests/core/test_home_and_api.py::test_no_two_api_schemas_share_a_name`)."""

from __future__ import annotations

from ninja import Schema


class ErrorOut(Schema):
    """A refusal: one message, or one entry per field or row ({"field": …, "message": …})."""

    detail: list[dict] | str
