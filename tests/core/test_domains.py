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


def _module_files(d: Domain) -> set[str]:
    from pathlib import Path

    import zhihui

    return {p.stem for p in (Path(zhihui.__file__).parent / d.name).glob("*.py")}


def test_every_domain_app_has_the_same_file_set():
    """models, enums, actions, selectors, perms (every Django app); api and cli where the domain
    declares them; workflows where it has one (docs/architecture.md, "Same files in every app")."""
    wrong = []
    for d in DOMAINS:
        if not d.app:
            continue
        files = _module_files(d)
        expected = {"models", "actions", "selectors", "perms"}
        if d.name != "core":  # core's vocabulary is the roles (roles.py) and the audit actions
            expected.add("enums")
        if d.api:
            expected.add("api")
        if d.cli:
            expected.add("cli")
        if d.workflows:
            expected.add("workflows")
        missing = expected - files
        if missing:
            wrong.append(f"zhihui/{d.name}: no {', '.join(sorted(missing))}.py")
        if not d.workflows and "workflows" in files:
            wrong.append(f"zhihui/{d.name}: workflows.py but workflows=False in zhihui/domains.py")
    assert not wrong, wrong


def test_vocabularies_live_in_enums_not_in_models():
    """A domain's choices are declared in its enums.py (models import them), so that forms, the
    API, the CLI and the docs import one list."""
    import ast
    from pathlib import Path

    import zhihui

    found = []
    for d in DOMAINS:
        path = Path(zhihui.__file__).parent / d.name / "models.py"
        if not d.app or not path.exists():
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef) and any(
                isinstance(b, ast.Attribute) and b.attr in ("TextChoices", "IntegerChoices") for b in node.bases
            ):
                found.append(f"zhihui/{d.name}/models.py: {node.name}")
    assert not found, found


def test_no_module_name_means_two_things():
    """One name, one job: the policy engine's entry is zhihui/benefits/engine.py; the window's
    decisions are zhihui/window/decisions.py; the plan's indicator list is indicators.py."""
    from pathlib import Path

    import zhihui

    root = Path(zhihui.__file__).parent
    assert sorted(str(p.relative_to(root)) for p in root.glob("*/engine.py")) == ["benefits/engine.py"]
    assert not (root / "plan" / "registry.py").exists() and not (root / "plan" / "services.py").exists()
