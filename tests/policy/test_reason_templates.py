"""Reasons are template ids with values (zhihui/policy/reasons.py, the package's reasons.yaml):
the English line is unchanged and every phrase of the Jiyuan rules has a template, so the pages
render it in the reader's language instead of translating English."""

from __future__ import annotations

import datetime as dt
import string

import pytest

from zhihui.policies.jiyuan.samples import profiles
from zhihui.policy import PackageError, load_package
from zhihui.policy.reasons import TEMPLATES, Req, Rows, register


def _fields(pattern: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(pattern) if f}


def test_every_template_has_english_and_chinese_with_the_same_placeholders():
    load_package("jiyuan")
    assert len(TEMPLATES) > 60
    for tid, t in TEMPLATES.items():
        assert _fields(t["en"]) == _fields(t["zh"]), tid


def test_a_phrase_is_its_english_and_keeps_its_values():
    load_package("jiyuan")
    r = Req("at_least", n="12", unit=Req("unit.months_on_time"))
    assert r == "at least 12 months (on time, back-paid months not counted)"
    assert r.item() == {"id": "at_least", "values": {"n": "12", "unit": {"id": "unit.months_on_time", "values": {}}}}
    assert Req("one_of", codes=("doctorate", "master", "bachelor")) == "doctorate, master or bachelor"
    rows = Rows("aged_on", age=[34, 36], date=["2024-09-01", "2025-01-02"])
    assert rows == ["aged 34 on 2024-09-01", "aged 36 on 2025-01-02"]
    assert rows.item(1) == {"id": "aged_on", "values": {"age": 36, "date": "2025-01-02"}}


def test_a_template_defined_twice_differently_or_half_fails():
    with pytest.raises(PackageError, match="already defined"):
        register({"true": {"en": "yes", "zh": "是"}}, "test")
    with pytest.raises(PackageError, match="`en` and `zh`"):
        register({"only_english": {"en": "x"}}, "test")
    with pytest.raises(PackageError, match="unknown reason template"):
        Req("no_such_template")


def _phrases(item: dict):
    if item.get("kind") == "note":
        yield item["note"]
        return
    for key in ("label", "required", "had"):
        if item.get(key):
            yield item[key]


def test_every_reason_of_the_samples_is_structured_beside_its_unchanged_line():
    pkg = load_package("jiyuan")
    as_of = dt.date(2025, 6, 30)
    for p in profiles(150, seed=11):
        plain = pkg.screen_one(p, as_of, include_extra=True)
        full = pkg.screen_one(p, as_of, include_extra=True, items=True)
        for a, b in zip(plain["benefits"], full["benefits"], strict=True):
            assert "reason_items" not in a
            assert b["reasons"] == a["reasons"]
            assert len(b["reason_items"]) == len(b["reasons"]), b["benefit"]
            for item in b["reason_items"]:
                for phrase in _phrases(item):
                    assert phrase["id"] != "text", (b["benefit"], item)  # a template, not prose

