"""The regulation workflows' transitions go through one step (actions._step): each moves the
object, logs a transition row (from, to, actor, note) and writes one audit event with the
summary staff read in the audit log; the running numbers come from zhihui.core.numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import create_org
from zhihui.core.models import AuditEvent
from zhihui.core.numbers import next_number
from zhihui.registry.enums import OrgKind
from zhihui.regulation import actions
from zhihui.regulation.enums import EntityScope, ListKind
from zhihui.regulation.models import InspectionPlan

pytestmark = pytest.mark.django_db


def _last_audit(obj) -> AuditEvent:
    return AuditEvent.objects.filter(object_id=str(obj.pk), action="transition").order_by("-id").first()


def _plan(admin, year=2027):
    return actions.create_plan(
        admin, title=f"{year}年度双随机抽查", scope=EntityScope.HR_AGENCY, matters="许可证照",
        period_start=dt.date(year, 3, 1), period_end=dt.date(year, 6, 30), entities_to_draw=1,
        seed_source="福彩3D开奖号码")


def test_a_plan_is_numbered_in_turn_and_its_cancellation_logged_and_audited(admin_user):
    first, second = _plan(admin_user), _plan(admin_user)
    assert (first.number, second.number) == ("SJ20270001", "SJ20270002")
    assert next_number(InspectionPlan.objects.all(), "SJ2027", 6) == "SJ2027000003"
    assert next_number(InspectionPlan.objects.all(), "SJ2031", 4) == "SJ20310001"
    before = second.status
    plan = actions.cancel(admin_user, second, "  计划调整  ")
    t = plan.transitions.last()
    assert (t.name, t.from_status, t.to_status, t.actor, t.note) == ("cancel", before, plan.status, admin_user, "计划调整")
    event = _last_audit(plan)
    assert event.summary.startswith("SJ20270002 ") and len(event.summary) > len("SJ20270002 ")
    assert (event.before, event.after) == ({"status": before}, {"status": plan.status})


def test_a_list_entry_withdrawn_and_a_campaign_closed(admin_user, reviewer):
    agency = create_org("济源某人力资源公司", kind=OrgKind.HR_AGENCY)
    entry = actions.propose_listing(admin_user, agency, kind=ListKind.HR_MARKET, reason="发布虚假招聘信息",
                                    basis="人力资源市场暂行条例 第四十三条")
    before = entry.status
    entry = actions.withdraw_listing(admin_user, entry, "查无实据")
    t = entry.transitions.last()
    assert (t.name, t.from_status, t.note) == ("withdraw", before, "查无实据")
    assert _last_audit(entry).summary == f"{agency.name} 申辩成立，不予列入：已告知，陈述申辩期→申辩成立，不予列入"

    today = dt.date.today()
    campaign = actions.open_campaign(admin_user, title="清理整顿人力资源市场", kind="clean_up",
                                     period_start=today - dt.timedelta(days=10), period_end=today + dt.timedelta(days=5),
                                     matters="无证经营")
    campaign = actions.close_campaign(admin_user, campaign, "取缔非法中介1家")
    campaign.refresh_from_db()
    assert campaign.summary == "取缔非法中介1家"
    t = campaign.transitions.last()
    assert (t.name, t.to_status, t.actor, t.note) == ("close", campaign.status, admin_user, "取缔非法中介1家")
    assert _last_audit(campaign).summary == "结束专项活动 清理整顿人力资源市场"


def test_a_contract_lapsing_by_the_system_has_no_actor_on_its_transition(clerk):
    data = {"kind": "enterprise", "organisation": create_org("济源钢铁"), "employer_party": "济源钢铁集团",
            "worker_party": "济源钢铁集团工会委员会", "workers_covered": 3200, "terms": "每周工作40小时",
            "signed_on": dt.date(2025, 9, 10), "term_start": dt.date(2025, 10, 1), "term_end": dt.date(2028, 9, 30),
            "received_on": dt.date(2025, 9, 16)}
    first = actions.file_collective_contract(clerk, **data)
    second = actions.file_collective_contract(clerk, **data)
    assert (first.number, second.number) == ("JT20250001", "JT20250002")
    assert actions.lapse_collective_contracts("system", today=dt.date(2025, 10, 10)) == 2
    t = first.transitions.last()
    assert (t.name, t.actor, t.note) == ("lapse", None, "审查期限 2025-10-09 届满未提异议")
    assert _last_audit(first).summary.startswith("JT20250001 ")
