"""One scarce-talent formula (issue 11): the window's recognition and the package's rule both
read the `scarce_talent.weight_*` parameters in force, so a dated change moves both."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.dated_package import dated_package, use_package
from zhihui.window import decisions as engine

PARTS = {"quality": Decimal(85), "scarcity": Decimal(75), "salary": Decimal(70)}


@pytest.fixture
def reweighted(tmp_path, settings):
    since = dt.date(2026, 1, 1)
    path = dated_package(tmp_path, {
        "scarce_talent.weight_quality": (since, "0.5"),
        "scarce_talent.weight_scarcity": (since, "0.3"),
        "scarce_talent.weight_salary": (since, "0.2"),
    })
    use_package(settings, path)
    yield
    engine.package.cache_clear()


def test_the_window_score_follows_the_dated_weights(reweighted):
    assert engine.scarce_talent_score(PARTS, dt.date(2025, 6, 1)) == Decimal("76.0")  # 0.3/0.3/0.4
    assert engine.scarce_talent_score(PARTS, dt.date(2026, 6, 1)) == Decimal("79.0")  # 0.5/0.3/0.2


def test_the_rule_uses_the_same_weights_and_says_them(reweighted):
    profile = {"id": "p1", "kind": "person", "birth_date": "1990-01-01",
               "scarce_talent": {"quality": 85, "scarcity": 75, "salary": 70, "recognized_year": 2025}}
    old = engine.package().screen_one(profile, dt.date(2025, 6, 1), include_extra=True)
    new = engine.package().screen_one(profile, dt.date(2026, 6, 1), include_extra=True)
    old_r = next(b for b in old["benefits"] if b["benefit"] == "scarce_talent_salary")
    new_r = next(b for b in new["benefits"] if b["benefit"] == "scarce_talent_salary")
    assert any("0.3×quality + 0.3×scarcity + 0.4×salary" in r for r in old_r["reasons"])
    assert any("score 76" in r for r in old_r["reasons"])
    assert any("0.5×quality + 0.3×scarcity + 0.2×salary" in r for r in new_r["reasons"])
    assert any("score 79" in r for r in new_r["reasons"])


def test_no_weight_is_written_in_code_or_text():
    import zhihui.benefits.texts as texts
    import zhihui.window.actions as actions
    from zhihui.policies.jiyuan import rules

    for mod in (actions, rules, texts):
        src = open(mod.__file__, encoding="utf-8").read()
        for lit in ('Decimal("0.3")', 'Decimal("0.4")', "0.3×", "0.4×", "×30%", "×40%"):
            assert lit not in src, (mod.__name__, lit)
