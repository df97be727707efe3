"""Issue 15, found 1: a refusal says why — the condition table marks ✓/✗/?, the failed
condition leads (highlighted) with when it could be met, and alternative routes read as
alternatives, not failures."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from zhihui.benefits import marks

pytestmark = pytest.mark.django_db


def _block(page: str, bid: str) -> str:
    start = page.index(f'id="benefit-{bid}"')
    end = page.find('<section class="card benefit', start + 10)
    return page[start:end if end > 0 else None]


def _masters_graduate_with_four_months(client):
    today = timezone.localdate()
    return client.post("/policy/check/", {
        "birth_date": today.replace(year=today.year - 28, day=1).isoformat(),
        "degree": "master",
        "graduation_date": (today - dt.timedelta(days=200)).isoformat(),
        "full_time": "yes",
        "overseas": "no",
        "newly_introduced": "yes",
        "start_date": (today - dt.timedelta(days=120)).isoformat(),
        "contract_years": "3",
        "hukou_settled": "yes",
        "pension_months": "4",
    }).content.decode()


def test_the_failed_condition_leads_with_when_it_can_be_met(client):
    page = _masters_graduate_with_four_months(client)
    block = _block(page, "graduate_living")
    assert "不符合" in block
    lead = block[block.index("failed-lead"):block.index("</div>")]
    assert "按时连续缴纳养老保险月数" in lead and "4" in lead
    month = (timezone.localdate().replace(day=1) + dt.timedelta(days=32 * 8)).replace(day=1)
    assert re.search(r"满 12 个月后可申请（\d{4}-\d{2}）", lead)
    expected = timezone.localdate().month - 1 + 8
    y, m = divmod(expected, 12)
    assert f"（{timezone.localdate().year + y}-{m + 1:02d}）" in lead, (lead, month)
    # the only failure: nothing else is listed as unmet
    assert lead.count("<li") == 1
    # the row is highlighted and marked ✗
    assert re.search(r'<tr class="mark-fail"[^>]*><td class="mark"[^>]*>✗</td><td><span class="engine-text">按时连续缴纳养老保险月数', block)


def test_alternative_routes_are_not_failures(client):
    page = _masters_graduate_with_four_months(client)
    block = _block(page, "graduate_living")
    # 是否留学回国 = 否 is an alternative to 全日制 = 是: ○, not ✗, and not in the lead
    row = re.search(r'<tr class="mark-(\w+)"[^>]*><td class="mark"[^>]*>(.)</td><td><span class="engine-text">是否留学回国', block)
    assert row and row.group(1) == "alt" and row.group(2) == "○"
    assert "是否留学回国" not in block[block.index("failed-lead"):block.index("</div>")]
    assert re.search(r'<tr class="mark-ok"[^>]*><td class="mark"[^>]*>✓</td><td><span class="engine-text">是否全日制', block)
    # the legend explains the marks
    assert "○ 可选途径之一" in block


def test_an_eligible_benefit_shows_routes_not_taken_as_alternatives(client):
    page = _masters_graduate_with_four_months(client)
    block = _block(page, "recommended_placement")
    assert "符合" in block and "mark-fail" not in block and "failed-lead" not in block and "mark-alt" in block


def test_unknown_facts_are_marked_with_a_question_mark():
    assert marks.row_mark("hukou_settled: required true; profile: not stated")[0] == marks.UNKNOWN
    assert marks.row_mark("hukou_settled: required true; profile: false")[0] == marks.FAIL
    assert marks.row_mark("education.degree: required doctorate or master; profile: master")[0] == marks.OK
    assert marks.row_mark("master's age on the start date: required aged 35 or less on the start date; "
                          "profile: aged 36 on 2026-08-01")[0] == marks.FAIL
