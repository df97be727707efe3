"""Role-aware navigation. Each domain's pages module (zhihui/www/<pages>/urls.py) lists its
entries in `NAV`; the template shows only those the user's role may use (the views still check permissions themselves: the menu is a convenience)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from zhihui.core.roles import Role


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    roles: frozenset[str]
    # a further condition on the user, for an entry only some users of a role may use (e.g. the
    # training sessions are an employer's only when it is a training provider)
    when: Callable[[object], bool] | None = None


def entry(label, url_name, *roles, when=None) -> NavEntry:
    return NavEntry(label, url_name, frozenset(roles), when)


ALL_STAFF = (Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.LEADER, Role.AUDITOR)

HOME = [entry(_("工作台"), "home", *Role.values)]


def entries() -> list[NavEntry]:
    """The home entry, then each domain's `NAV` (zhihui/www/<pages>/urls.py), in the order of
    zhihui/domains.py."""
    global _ENTRIES
    if _ENTRIES is None:
        from zhihui.domains import DOMAINS

        out = list(HOME)
        for d in DOMAINS:
            if d.pages:
                out.extend(getattr(importlib.import_module(d.pages_module), "NAV", []))
        _ENTRIES = out
    return _ENTRIES


_ENTRIES: list[NavEntry] | None = None


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for item in entries():
        if user.role not in item.roles or (item.when is not None and not item.when(user)):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue  # a domain whose pages are not installed yet
        items.append({"label": item.label, "url": url, "active": request.path == url})
    return {"nav_items": items}
