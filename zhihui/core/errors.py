"""The one shape of an action's refusal: a message and the input it names.

Actions raise a subclass of `FieldError` with `field` (the form field, API body key or file
column at fault; "__all__" when the refusal is about the whole request). Pages put
`exc.message` beside that field (`add_to_form`), the API answers `{"loc": [.., field], "msg":
exc.message}`, and `str(exc)` stays the text as raised (the CLI and logs). Nobody cuts strings
apart to find the field.
"""

from __future__ import annotations

NON_FIELD = "__all__"


class FieldError(ValueError):
    """A refused input or action. `message` never starts with the field's name: a message
    written as "<field>: text" (the older style, still in the catalogues) is kept as "text"."""

    def __init__(self, message: str, field: str = NON_FIELD):
        text = str(message)
        prefix = f"{field}: "
        self.field = field or NON_FIELD
        self.message = text[len(prefix):] if field and text.startswith(prefix) else text
        super().__init__(text)


def add_to_form(form, exc: FieldError) -> None:
    """Show an action's refusal on a Django form: beside its field when the form has one,
    otherwise as a non-field error."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)
