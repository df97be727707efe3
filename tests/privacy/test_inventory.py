"""Issue 13, found item 5: an inventory of every personal field, checked against every model:
a new model or field without an entry fails here, naming it and where to add it."""

from __future__ import annotations

import pytest

from zhihui.privacy import inventory


def test_every_field_of_every_model_has_an_inventory_entry():
    problems = inventory.problems()
    assert problems == [], "\n".join(problems)


def test_a_field_without_an_entry_is_named_with_where_to_add_it(monkeypatch):
    inv = {k: dict(v) for k, v in inventory.inventory().items()}
    inv["registry.Person"] = dict(inv["registry.Person"])
    inv["registry.Person"]["personal"] = {k: v for k, v in inv["registry.Person"]["personal"].items() if k != "phone"}
    del inv["window.Message"]
    monkeypatch.setattr(inventory, "inventory", lambda: inv)
    problems = inventory.problems()
    assert any(p.startswith("registry.Person.phone: field has no entry in zhihui/privacy/data/inventory.yaml: add it under "
                            "`registry.Person: personal:`") for p in problems), problems
    assert any(p.startswith("window.Message: model missing from zhihui/privacy/data/inventory.yaml") for p in problems)


def test_retention_rules_name_real_models_and_fields():
    from django.apps import apps

    for rule_id, rule in inventory.retention_rules().items():
        assert rule.get("keep") and rule.get("basis"), rule_id
        purge = rule.get("purge")
        if purge:
            model = apps.get_model(purge["model"])
            names = {f.name for f in model._meta.get_fields()}
            assert purge["date_field"] in names, rule_id
            assert purge["action"] in ("delete", "anonymise") and int(purge["older_than_days"]) > 0


@pytest.mark.parametrize("label,field", [("registry.Person", "id_number_encrypted"), ("core.AuditEvent", "ip"),
                                         ("window.Attachment", "file")])
def test_the_obvious_personal_fields_are_personal(label, field):
    assert field in inventory.inventory()[label]["personal"]


def test_every_category_has_a_label():
    from zhihui.privacy.enums import DATA_CATEGORIES

    used = {c for e in inventory.inventory().values() for c in (e.get("personal") or {}).values()}
    assert used - set(DATA_CATEGORIES) == set()


def test_every_category_and_retention_rule_named_in_the_inventory_exists():
    # An unknown category would break the public privacy notice that is drawn from it.
    from zhihui.privacy.enums import DATA_CATEGORIES

    rules = inventory.retention_rules()
    for model, entry in inventory.inventory().items():
        for field, category in (entry.get("personal") or {}).items():
            assert category in DATA_CATEGORIES, f"{model}.{field}: unknown category {category!r}"
        if entry.get("personal"):
            assert entry.get("retention") in rules, f"{model}: retention {entry.get('retention')!r} is not in retention.yaml"
