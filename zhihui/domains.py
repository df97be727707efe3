"""THE list of domains. Adding a domain is one line here: settings (INSTALLED_APPS), the JSON
API (`zhihui/api.py`), the command line (`zhihui/cli.py`), the HTML pages (`zhihui/www/urls.py`),
the navigation (`zhihui/www/nav.py`) and the workflow docs (`zhihui workflows show`) all read it.

A module a domain declares must exist: a misspelt name fails at start-up with ImportError, it
does not silently vanish. No Django here (settings and the cheap CLI import this module).
See docs/architecture.md, "Adding a domain".
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Domain:
    name: str  # the package zhihui/<name>/
    app: bool = True  # a Django app (models, migrations): listed in INSTALLED_APPS
    api: str | None = None  # URL prefix under /api/v1/ of zhihui/<name>/api.py's `router`
    cli: bool = True  # zhihui/<name>/cli.py has `register(subparsers)`
    pages: str | None = None  # zhihui/www/<pages>/urls.py (its `NAV` list feeds the menu), namespace <pages>
    prefix: str | None = None  # URL prefix of the pages; default "<pages>/"
    workflows: bool = False  # zhihui/<name>/workflows.py declares Workflow tables
    extra_api: tuple[tuple[str, str], ...] = ()  # further (URL prefix, module with `router`)
    extra_cli: tuple[str, ...] = ()  # further modules with `register(subparsers)`

    @property
    def module(self) -> str:
        return f"zhihui.{self.name}"

    @property
    def pages_module(self) -> str | None:
        return f"zhihui.www.{self.pages}.urls" if self.pages else None

    @property
    def pages_prefix(self) -> str:
        return self.prefix if self.prefix is not None else f"{self.pages}/"


DOMAINS: list[Domain] = [
    Domain("core", api="audit", pages="core", prefix="", extra_cli=("zhihui.core.ops_cli",)),
    # Staff accounts' own pages (password, second factor) and the security administrator's.
    Domain("account", app=False, cli=False, pages="account"),
    Domain("registry", api="registry", pages="registry"),
    Domain("policy", app=False),  # the rules engine: no Django, CLI only
    Domain("benefits", api="benefits", pages="policy"),
    Domain("window", api="window", pages="window", workflows=True),
    Domain("talent", api="talent", pages="talent"),
    Domain("plan", api="plan", pages="plan"),
    Domain("regulation", api="regulation", pages="regulation", workflows=True),
    Domain("rights", api="rights", pages="rights", workflows=True),
    Domain("occupations", api="occupations", pages="occupations"),
    # The postings screen is its own contract at /api/v1/postings/ (../shared/contracts/postings-screen.md).
    Domain("market", api="market", pages="market", workflows=True, extra_api=(("postings", "zhihui.market.api_screen"),)),
    Domain("privacy", pages="privacy", workflows=True),
    Domain("employment", api="employment", pages="employment", workflows=True),
    Domain("skills", api="skills", pages="skills", workflows=True),
    # New domains: one line each, e.g. Domain("employment", api="employment", pages="employment", workflows=True),
]

APPS = [d.module for d in DOMAINS if d.app]


def get(name: str) -> Domain:
    for d in DOMAINS:
        if d.name == name:
            return d
    raise KeyError(name)
