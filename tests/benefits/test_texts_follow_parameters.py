"""No amount of parameters.yaml is written anywhere else (issue 11): the pages' plain-Chinese
summaries are templates filled with the value in force on the date shown, so a dated line in
parameters.yaml moves every page and explanation, and nothing can drift."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as dj_settings

from tests.dated_package import dated_package, use_package
from zhihui.benefits import texts
from zhihui.policy import load_package

ROOT = Path(__file__).resolve().parents[2]


def _amounts():
    pkg = load_package(dj_settings.ZHIHUI_POLICY_PACKAGE)
    out = set()
    for p in pkg.parameters.values():
        if p.type != "money":
            continue
        for period in p.periods:
            if period.value not in (None,) and isinstance(period.value, Decimal | int | str):
                out.add(Decimal(str(period.value)))
    return out


def _forms(v: Decimal) -> list[str]:
    """How a page could restate an amount: 2万元, 20,000, 20000元, 20000.00."""
    n = int(v)
    forms = [texts.money_words(v), f"{n:,}", f"{n}元", f"{n}.00"]
    return [f for f in forms if len(f) >= 4]  # 3-digit numbers alone are not amounts ("500人")


def _sources():
    yield ROOT / "zhihui/benefits/texts.py"
    yield ROOT / "zhihui/policy/reasons.py"  # the reason templates: values, never amounts
    yield ROOT / "zhihui/policies/jiyuan/reasons.yaml"
    yield from sorted((ROOT / "zhihui/www/templates").rglob("*.html"))


def test_no_template_or_text_restates_an_amount_of_the_package():
    found = []
    for path in _sources():
        src = path.read_text(encoding="utf-8")
        for v in _amounts():
            for form in _forms(v):
                for m in re.finditer(re.escape(form), src):
                    before = src[m.start() - 1] if m.start() else " "
                    after = src[m.end()] if m.end() < len(src) else " "
                    if before.isdigit() or before in ".," or after.isdigit():
                        continue
                    found.append(f"{path.relative_to(ROOT)}: {form}")
    assert not found, found


def test_every_placeholder_names_a_parameter_of_the_package():
    pkg = load_package(dj_settings.ZHIHUI_POLICY_PACKAGE)
    for bid, parts in texts.BENEFIT_TEXTS.items():
        for template in parts.values():
            for pid, _mod in re.findall(r"\{([a-z_]+\.[a-z_]+)(?:\|(lowest))?\}", template):
                assert pid in pkg.parameters, (bid, pid)


@pytest.fixture
def raised(tmp_path, settings):
    """From 2026-01-01 the E-class subsidy is 25,000 a year and the doctorate's 36,000."""
    since = dt.date(2026, 1, 1)
    use_package(settings, dated_package(tmp_path, {
        "youth_living.amount_e": (since, "25000"),
        "graduate_living.amount_doctorate": (since, "36000"),
    }))
    yield
    from zhihui.benefits import engine

    engine.package.cache_clear()


@pytest.mark.django_db
def test_the_library_and_detail_pages_follow_a_dated_parameter(raised, client_for, clerk):
    c = client_for(clerk)
    before = c.get("/policy/?as_of=2025-06-30").content.decode()
    after = c.get("/policy/?as_of=2026-06-30").content.decode()
    assert "E类每年2万元" in before and "博士每年3万元" in before
    assert "E类每年2.5万元" in after and "博士每年3.6万元" in after
    detail = c.get("/policy/benefits/youth_talent_living/?as_of=2026-06-30").content.decode()
    assert "E类每年2.5万元" in detail and "E类每年2万元" not in detail


@pytest.mark.django_db
def test_the_explanation_follows_a_dated_parameter(raised):
    from zhihui.benefits.explain import explain_profile

    profile = {
        "id": "p", "kind": "person", "birth_date": "1994-03-01", "hukou_settled": True,
        "education": {"degree": "doctorate", "full_time": True, "graduation_date": "2025-06-30"},
        "employment": {"start_date": "2026-02-01", "newly_introduced": True, "contract_years": 5},
        "pension": {"continuous_months": 14, "back_paid": False},
    }
    out = explain_profile(profile, dt.date(2027, 6, 30))
    block = next(b for b in out["blocks"] if b["id"] == "graduate_living")
    assert block["status"] == "eligible", block["reasons"]
    assert {"year": 2026, "amount": "36,000.00 元"} in block["payments"]
    assert "博士每年3.6万元" in block["text"]["amount"]
