"""The policy package this city runs, loaded once per process (settings.ZHIHUI_POLICY_PACKAGE).

`package()` is the one loader: the window's decisions (zhihui.window.decisions), the sweep, the
explanation pages and the apply form all ask it, so they judge by the same loaded package (and
one `package.cache_clear()` makes them all read a changed one)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=4)
def package(name: str | None = None):
    from zhihui.policy import load_package

    return load_package(name or settings.ZHIHUI_POLICY_PACKAGE)


def screen_one(profile: dict, as_of: dt.date, *, items: bool = True) -> dict:
    """Contract result of one profile, extra (non-contract) benefits included, with each
    benefit's `reason_items` (the reasons structured, for the pages) unless `items=False` (a
    caller that reads only the statuses)."""
    return package().screen_one(profile, as_of, include_extra=True, items=items)
