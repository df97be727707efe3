"""A posting's life: draft → submitted and screened → published / returned with reasons /
refused; withdrawn; expired. Employers act only on their own organisation; every step logged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tests.market.conftest import posting_data
from zhihui.core.models import AuditEvent
from zhihui.core.workflow import TransitionNotAllowed
from zhihui.market import actions
from zhihui.market.enums import PostingStatus
from zhihui.market.models import PostingTransition
from zhihui.market.workflows import POSTING

pytestmark = pytest.mark.django_db


def test_submit_runs_the_screen_and_keeps_its_flags(make_posting, employer):
    p = make_posting(text="任职要求：限男性，35岁以下，持叉车证。")
    assert p.status == PostingStatus.DRAFT and p.town_name == "沁园街道"
    p = actions.submit_posting(employer, p)
    assert p.status == PostingStatus.PENDING
    assert [(f["category"], f["phrase"]) for f in p.flags] == [("sex", "限男性"), ("age", "35岁以下")]
    assert p.text[p.flags[0]["start"]:p.flags[0]["end"]] == "限男性"
    t = PostingTransition.objects.get(posting=p, name="submit")
    assert t.actor == employer and t.flags == p.flags
    assert AuditEvent.objects.filter(object_type="market.posting", object_id=str(p.pk), action="transition").exists()


def test_clerk_returns_with_reason_employer_corrects_and_clerk_publishes(make_posting, employer, clerk):
    p = actions.submit_posting(employer, make_posting(text="女士优先，形象气质佳。"))
    with pytest.raises(TransitionNotAllowed):
        actions.return_posting(clerk, p, "  ")
    p = actions.return_posting(clerk, p, "“女士优先”属于性别歧视，请删除")
    assert p.status == PostingStatus.RETURNED and "性别歧视" in p.return_reason
    p = actions.save_posting(employer, posting_data(text="男女不限，有相关经验者优先。"), p)
    p = actions.submit_posting(employer, p)
    assert p.flags == [] and p.return_reason == ""
    p = actions.publish_posting(clerk, p)
    assert p.status == PostingStatus.PUBLISHED and p.published_at is not None
    assert list(p.transitions.values_list("name", flat=True)) == ["submit", "return", "submit", "publish"]


def test_refuse_needs_a_reason_and_is_final(make_posting, employer, reviewer):
    p = actions.submit_posting(employer, make_posting())
    p = actions.refuse_posting(reviewer, p, "虚假招聘：单位未在本市登记经营")
    assert p.status == PostingStatus.REFUSED
    with pytest.raises(TransitionNotAllowed):
        actions.submit_posting(employer, p)


def test_employer_cannot_review_and_clerk_cannot_submit(make_posting, employer, clerk):
    p = make_posting()
    with pytest.raises(PermissionDenied):
        actions.submit_posting(clerk, p)
    p = actions.submit_posting(employer, p)
    with pytest.raises(PermissionDenied):
        actions.publish_posting(employer, p)


def test_another_organisation_cannot_touch_the_posting(make_posting, other_employer):
    p = make_posting()
    with pytest.raises(PermissionDenied):
        actions.save_posting(other_employer, posting_data(title="改名"), p)
    with pytest.raises(Http404):
        actions.submit_posting(other_employer, p)


def test_published_posting_cannot_be_edited_but_can_be_withdrawn(make_posting, employer, clerk):
    p = actions.publish_posting(clerk, actions.submit_posting(employer, make_posting()))
    with pytest.raises(TransitionNotAllowed):
        actions.save_posting(employer, posting_data(), p)
    p = actions.withdraw_posting(employer, p)
    assert p.status == PostingStatus.WITHDRAWN


def test_expiry_moves_published_postings_past_their_date(make_posting, employer, clerk):
    p = actions.publish_posting(clerk, actions.submit_posting(employer, make_posting()))
    assert actions.expire_due_postings(on=p.valid_until) == 0
    assert actions.expire_due_postings(on=p.valid_until + dt.timedelta(days=1)) == 1
    p.refresh_from_db()
    assert p.status == PostingStatus.EXPIRED
    assert p.transitions.last().actor is None


@pytest.mark.parametrize("field, value", [
    ("title", ""), ("salary_min", "abc"), ("salary_max", "1000"), ("contact_phone", "call me"),
    ("town_code", "110101001"), ("valid_until", "2001-01-01"), ("occupation_code", "4020303"),
    ("education", "phd"), ("vacancies", "0"), ("text", "a\x00b"),
])
def test_bad_input_names_the_field(make_posting, field, value):
    with pytest.raises(actions.MarketError) as exc:
        make_posting(**{field: value})
    assert exc.value.field == field and exc.value.message


def test_title_is_coded_to_an_occupation_when_no_code_is_given(make_posting):
    p = make_posting(title="叉车司机")
    assert p.occupation_code and p.occupation_name


def test_workflow_table_is_documented():
    md = POSTING.as_markdown()
    assert "提交审核" in md and "退回修改" in md and "不予发布" in md


def test_docs_print_every_market_workflow_table():
    from pathlib import Path

    from zhihui.market.gig import GIG
    from zhihui.market.workflows import APPLICATION

    doc = (Path(__file__).resolve().parents[2] / "docs/market.md").read_text(encoding="utf-8")
    for wf in (POSTING, APPLICATION, GIG):
        assert wf.as_markdown().strip() in doc, f"docs/market.md is out of date: run `zhihui workflows show {wf.name}`"
