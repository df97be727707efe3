"""One registration per domain (zhihui/domains.py): settings, API, CLI, pages and navigation all
read it, and a declared module that does not exist fails loudly (issue 11)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from zhihui import domains
from zhihui.domains import DOMAINS, Domain


def test_every_domain_app_is_installed():
    for d in DOMAINS:
        assert (d.module in settings.INSTALLED_APPS) == d.app, d.name


def test_every_declared_router_and_page_set_is_mounted():
    from zhihui.api import api

    prefixes = {prefix.strip("/") for prefix, _router in api._routers}
    for d in DOMAINS:
        if d.api:
            assert d.api in prefixes, d.name
        if d.pages:
            from zhihui.www import urls

            namespaces = {getattr(p, "namespace", None) for p in urls.urlpatterns}
            assert d.pages in namespaces, d.name


def test_every_cli_module_registers_its_commands():
    from zhihui.cli import build_parser, cli_modules

    expected = [m for d in DOMAINS for m in ([f"zhihui.{d.name}.cli"] if d.cli else []) + list(d.extra_cli)]
    assert cli_modules() == expected and "zhihui.core.ops_cli" in expected
    build_parser()


def test_the_menu_is_assembled_from_the_domains_and_every_entry_resolves():
    from zhihui.www.nav import entries

    names = [e.url_name for e in entries()]
    assert names[0] == "home" and "window:desk" in names and "registry:person_search" in names
    for name in names:
        reverse(name)


def test_a_misspelt_module_fails_loudly(monkeypatch):
    from zhihui.cli import build_parser

    monkeypatch.setattr(domains, "DOMAINS", [*DOMAINS, Domain("windw")])
    monkeypatch.setattr("zhihui.cli.DOMAINS", domains.DOMAINS)
    with pytest.raises(ModuleNotFoundError, match="windw"):
        build_parser()


def test_every_domain_workflow_is_printed():
    from zhihui.core.cli import load_workflows

    flows = load_workflows()
    assert {"window.application", "window.payment_batch"} <= set(flows)
