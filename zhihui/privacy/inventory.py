"""The inventory of personal fields (data/inventory.yaml) and the retention rules
(data/retention.yaml), loaded and checked against the models."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

REQUIRED_WHEN_PERSONAL = ("purpose", "legal_ground", "retention", "readers")
INVENTORY_PATH = "zhihui/privacy/data/inventory.yaml"


@cache
def inventory() -> dict:
    return yaml.safe_load((resources.files("zhihui.privacy") / "data" / "inventory.yaml").read_text(encoding="utf-8"))


@cache
def retention_rules() -> dict:
    return yaml.safe_load((resources.files("zhihui.privacy") / "data" / "retention.yaml").read_text(encoding="utf-8"))


def problems() -> list[str]:
    """Every model field without an entry, every entry without a field, every incomplete entry."""
    from django.apps import apps

    from zhihui.core.roles import Role

    inv, rules = inventory(), retention_rules()
    readers_known = {str(r) for r in Role.values} | {"owner"}
    out = []
    seen = set()
    for model in apps.get_models():
        if not model.__module__.startswith("zhihui."):
            continue
        label = model._meta.label
        seen.add(label)
        entry = inv.get(label)
        fields = [f.name for f in [*model._meta.concrete_fields, *model._meta.local_many_to_many]]
        if entry is None:
            out.append(f"{label}: model missing from {INVENTORY_PATH}: add `{label}:` with its fields under "
                       f"`personal:` (field: category) or `other:` — fields {fields}")
            continue
        personal = entry.get("personal") or {}
        other = entry.get("other") or []
        for name in fields:
            if name not in personal and name not in other:
                out.append(f"{label}.{name}: field has no entry in {INVENTORY_PATH}: add it under "
                           f"`{label}: personal:` (with its category) if it holds personal information, else under `other:`")
        for name in [*personal, *other]:
            if name not in fields:
                out.append(f"{label}.{name}: listed in {INVENTORY_PATH} but the model has no such field")
        if personal:
            for key in REQUIRED_WHEN_PERSONAL:
                if not entry.get(key):
                    out.append(f"{label}: `{key}` missing in {INVENTORY_PATH} (a model with personal fields needs "
                               f"{', '.join(REQUIRED_WHEN_PERSONAL)})")
            if entry.get("retention") and entry["retention"] not in rules:
                out.append(f"{label}: retention `{entry['retention']}` is not a rule of zhihui/privacy/data/retention.yaml")
            for r in entry.get("readers") or []:
                if r not in readers_known:
                    out.append(f"{label}: reader `{r}` is not a role")
    for label in inv:
        if label not in seen:
            out.append(f"{label}: in {INVENTORY_PATH} but no such model")
    return out


def personal_fields() -> list[tuple[str, str, str]]:
    """(model, field, category) of every personal field: the table docs/privacy.md prints."""
    return [(label, name, cat) for label, e in sorted(inventory().items())
            for name, cat in sorted((e.get("personal") or {}).items())]
