"""Skill and title levels are defined once (zhihui/vocab.py) and every reader takes them from
there: registry choices, the engine's schema, the citizen-check form, the page labels, the
registry → profile mapping and the plan's indicator groups (issue 11)."""

from __future__ import annotations

import pytest

from zhihui import vocab


@pytest.mark.parametrize("name", ["title_level", "skill_level"])
def test_every_reader_has_the_same_levels(name, settings):
    from zhihui.benefits import profiles, texts
    from zhihui.policy import load_package
    from zhihui.registry.enums import SkillLevel, TitleLevel
    from zhihui.www.policy.forms import CheckForm

    values = vocab.values(name)
    enum = {"title_level": TitleLevel, "skill_level": SkillLevel}[name]
    assert tuple(enum.values) == values
    assert [str(label) for label in enum.labels] == [label for _v, label in vocab.VOCABULARIES[name]]
    leaf = {"title_level": "titles[].level", "skill_level": "skill_certificates[].level"}[name]
    schema = dict(load_package(settings.ZHIHUI_POLICY_PACKAGE).schema.leaves("person"))
    assert set(schema[leaf].values) == set(values)
    field = CheckForm.base_fields[name]
    assert {v for v, _label in field.choices} - {"", "none"} == set(values)
    assert {"title_level": profiles.TITLE_LEVELS, "skill_level": profiles.SKILL_LEVELS}[name] == set(values)
    for v, label in vocab.VOCABULARIES[name]:
        assert texts.VALUE_LABELS[v] == label


def test_the_plan_groups_are_named_in_the_vocabulary():
    from zhihui.plan import compute

    assert set(compute.SENIOR_TITLES) <= set(vocab.values("title_level"))
    assert set(compute.HIGH_LEVELS) <= set(vocab.values("skill_level"))


def test_an_unknown_vocabulary_in_a_schema_is_refused():
    from zhihui.policy.errors import PackageError
    from zhihui.policy.schema import Schema

    with pytest.raises(PackageError, match="unknown vocabulary"):
        Schema({"kinds": {"person": {"fields": {"x": {"type": "enum", "vocabulary": "nope"}}}}}, "t")
