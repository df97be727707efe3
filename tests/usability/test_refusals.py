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


def _marked(profile: dict, bid: str, as_of=dt.date(2026, 12, 7)) -> dict:
    from zhihui.benefits import explain

    return next(b for b in explain.explain_profile(profile, as_of)["blocks"] if b["id"] == bid)


def test_unknown_facts_are_marked_with_a_question_mark():
    def mark(reason: dict) -> str:
        return marks.item_mark({"kind": "required", "field": "hukou_settled", "label": None, **reason})[0]

    true = {"id": "true", "values": {}}
    assert mark({"required": true, "had": {"id": "not_stated", "values": {}}}) == marks.UNKNOWN
    assert mark({"required": true, "had": {"id": "value", "values": {"code": "false"}}}) == marks.FAIL
    assert mark({"required": {"id": "one_of", "values": {"codes": ["doctorate", "master"]}},
                 "had": {"id": "value", "values": {"code": "master"}}}) == marks.OK
    assert mark({"required": {"id": "aged_at_most_on_start", "values": {"age": 35}},
                 "had": {"id": "aged_on", "values": {"age": 36, "date": "2026-08-01"}}}) == marks.FAIL


def test_marks_are_read_from_the_structured_reasons_not_the_english_lines():
    """The ✓/✗ of a row follow its reason item: the engine's English line can change its
    wording (here: replaced outright) and the marks stay."""
    from zhihui.benefits import engine, explain

    as_of = dt.date(2026, 12, 7)
    profile = {"id": "o", "kind": "organization", "org_kind": "local_university",
               "graduate_transfers": {"year": 2025, "count": 10}}
    entry = next(e for e in engine.screen_one(profile, as_of)["benefits"]
                 if e["benefit"] == "graduate_transfer_award")
    entry["reasons"] = [f"line {i}" for i in range(len(entry["reasons"]))]
    blocks = explain.benefit_blocks({"benefits": [entry]}, as_of)
    marks.mark_blocks(blocks, profile, as_of)
    assert [r["mark"] for r in blocks[0]["reasons"]] == [marks.OK, marks.FAIL, marks.OK]
    assert [r["condition"] for r in blocks[0]["failed"]] == ["输送到济源企业的毕业生人数"]


def test_a_year_in_time_is_met_not_failed():
    """ "2026 年或以前", had 2025: ✓ (the English-line regexes read "2026 or earlier" as a list
    of codes and marked every year but 2026 ✗)."""
    block = _marked({"id": "o", "kind": "organization", "org_kind": "local_university",
                     "graduate_transfers": {"year": 2025, "count": 600}}, "graduate_transfer_award")
    assert block["status"] == "eligible"
    assert {r["field"]: r["mark"] for r in block["reasons"]}["graduate_transfers.year"] == marks.OK


def test_routes_and_fields_of_the_marked_rows():
    block = _marked({"id": "p", "kind": "person"}, "green_channel_hiring")
    # "route n" from the label ("route 1: degree") or from the requirement ("route 2: a title")
    assert [(r["route"], marks.item_mark(r["item"])[1]["path"]) for r in block["reasons"]] == [
        ("1", "education.degree"), (None, "education.full_time"), ("2", "titles"),
        ("3", "education.degree"), (None, "education.full_time"), (None, "education.shortage_major"),
        ("4", "education.degree"), (None, "education.double_first_class")]
    # a condition about a field whose name has digits still names its field (the materials)
    row = next(r for r in _marked({"id": "p", "kind": "person"}, "elderly_care")["reasons"]
               if r["field"] == "parents_60_moved_to_jiyuan")
    assert marks.item_mark(row["item"]) == (marks.UNKNOWN, {"path": "parents_60_moved_to_jiyuan", "route": None})
