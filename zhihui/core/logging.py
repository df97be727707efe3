"""A logging filter that masks anything shaped like a resident identity number."""

import logging
import re

_ID_RE = re.compile(r"(?<!\d)(\d{6})(\d{8})(\d{3}[\dXx])(?!\d)")


def mask_identity_numbers(text: str) -> str:
    return _ID_RE.sub(lambda m: m.group(1) + "********" + m.group(3), text)


class MaskIdentityNumbersFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_identity_numbers(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
