"""Inspection plans end to end: pools published before the seed, a draw anyone recomputes from
the downloads, inspectors recording findings, results published; who may do what."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import create_org
from zhihui.core.models import AuditEvent
from zhihui.core.roles import Role
from zhihui.registry.enums import OrgKind
from zhihui.regulation import actions
from zhihui.regulation.actions import RegulationError
from zhihui.regulation.enums import EntityScope, InspectionOutcome, PlanStatus
from zhihui.regulation.models import InspectionRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(make_user, admin_user):
    agencies = [create_org("人力资源服务公司", kind=OrgKind.HR_AGENCY) for _ in range(12)]
    create_org("钢铁厂", kind=OrgKind.ENTERPRISE)
    inspectors = []
    for n in range(1, 5):
        user = make_user(Role.CLERK, f"inspector{n}")
        inspectors.append(actions.enrol_inspector(admin_user, user, f"JY-{n:03d}"))
    actions.declare_conflict(inspectors[0].user, inspectors[0], agencies[0], "亲属在该机构任职")
    plan = actions.create_plan(
        admin_user, title="2027年度人力资源服务机构双随机抽查", scope=EntityScope.HR_AGENCY,
        matters="许可证照、年度报告、收费公示", period_start=dt.date(2027, 3, 1),
        period_end=dt.date(2027, 6, 30), entities_to_draw=5, seed_source="2027年2月28日福彩3D开奖号码",
    )
    return {"admin": admin_user, "agencies": agencies, "inspectors": inspectors, "plan": plan}


def _drawn(setting, seed="2027-02-28 3D 519"):
    plan = actions.publish_pools(setting["admin"], setting["plan"])
    return actions.draw(setting["admin"], plan, seed)


def test_the_pools_hold_the_scope_only_with_conflicts_and_their_digests(setting):
    plan = actions.publish_pools(setting["admin"], setting["plan"])
    entities = [json.loads(line) for line in bytes(plan.entity_pool).decode().splitlines()]
    assert sorted(e["id"] for e in entities) == sorted(a.uscc for a in setting["agencies"])
    assert all(e["weight"] == 1.0 for e in entities)
    inspectors = [json.loads(line) for line in bytes(plan.inspector_pool).decode().splitlines()]
    assert inspectors[0] == {"id": "JY-001", "conflicts": [setting["agencies"][0].uscc]}
    assert plan.entity_pool_sha256 == hashlib.sha256(bytes(plan.entity_pool)).hexdigest()
    assert plan.status == PlanStatus.POOLS_PUBLISHED


def test_the_draw_creates_one_record_per_drawn_entity_with_conflict_free_teams(setting):
    plan = _drawn(setting)
    assert plan.status == PlanStatus.DRAWN
    records = list(InspectionRecord.objects.filter(plan=plan).order_by("draw_rank"))
    assert [r.organisation.uscc for r in records] == [row["entity"] for row in plan.result["draw"]]
    conflicted = setting["agencies"][0]
    for r in records:
        codes = {i.code for i in r.inspectors.all()}
        assert len(codes) == 2
        if r.organisation == conflicted:
            assert "JY-001" not in codes


def test_no_draw_before_the_pools_are_published_and_no_second_draw(setting):
    with pytest.raises(RegulationError, match="当前状态"):
        actions.draw(setting["admin"], setting["plan"], "seed")
    plan = _drawn(setting)
    with pytest.raises(RegulationError, match="当前状态"):
        actions.draw(setting["admin"], plan, "another seed")


def test_results_are_published_only_when_every_inspection_is_recorded(setting):
    plan = _drawn(setting)
    with pytest.raises(RegulationError, match="未录入"):
        actions.publish_results(setting["admin"], plan)
    for record in plan.records.all():
        inspector = record.inspectors.first().user
        actions.record_inspection(inspector, record, outcome=InspectionOutcome.NO_PROBLEM,
                                  findings="证照齐全，收费已公示", inspected_on=dt.date(2027, 3, 15))
    plan = actions.publish_results(setting["admin"], plan)
    assert plan.status == PlanStatus.RESULTS_PUBLISHED


def test_only_a_drawn_inspector_records_and_orders_need_a_deadline(setting, make_user):
    plan = _drawn(setting)
    record = plan.records.order_by("draw_rank").first()
    drawn = {i.user for i in record.inspectors.all()}
    outsider = next(i.user for i in setting["inspectors"] if i.user not in drawn)
    with pytest.raises(PermissionDenied):
        actions.record_inspection(outsider, record, outcome=InspectionOutcome.NO_PROBLEM,
                                  findings="x", inspected_on=dt.date(2027, 3, 2))
    inspector = next(iter(drawn))
    with pytest.raises(RegulationError) as err:
        actions.record_inspection(inspector, record, outcome=InspectionOutcome.ORDERED_TO_CORRECT,
                                  findings="未公示收费标准", inspected_on=dt.date(2027, 3, 2))
    assert err.value.field == "correction_order"
    with pytest.raises(RegulationError) as err:
        actions.record_inspection(inspector, record, outcome=InspectionOutcome.NO_PROBLEM,
                                  findings="x", inspected_on=dt.date(2027, 7, 2))
    assert err.value.field == "inspected_on"


def test_a_citizen_or_clerk_cannot_draw_up_plans(setting, make_user):
    for role in (Role.CITIZEN, Role.CLERK, Role.REVIEWER, Role.LEADER):
        with pytest.raises(PermissionDenied):
            actions.create_plan(make_user(role), title="x", scope=EntityScope.ALL, matters="x",
                                period_start=dt.date(2027, 1, 1), period_end=dt.date(2027, 2, 1),
                                entities_to_draw=1, seed_source="x")


def test_bad_plans_are_refused_naming_the_field(setting):
    base = dict(title="计划", scope=EntityScope.ALL, matters="事项", period_start=dt.date(2027, 1, 1),
                period_end=dt.date(2027, 2, 1), entities_to_draw=3, seed_source="福彩")
    for field, value in [("scope", "banks"), ("period_end", dt.date(2026, 1, 1)),
                         ("entities_to_draw", 0), ("seed_source", " "), ("title", "")]:
        with pytest.raises(RegulationError) as err:
            actions.create_plan(setting["admin"], **{**base, field: value})
        assert err.value.field == field


def test_every_step_is_audited_and_logged(setting):
    plan = _drawn(setting)
    assert list(plan.transitions.values_list("name", flat=True)) == ["create", "publish_pools", "draw"]
    assert AuditEvent.objects.filter(object_type="regulation.inspectionplan", object_id=str(plan.pk)).count() == 3


# --- pages and API ----------------------------------------------------------------------------


def test_anyone_downloads_the_pools_and_recomputes_the_published_draw(setting, client, tmp_path):
    plan = _drawn(setting)
    page = client.get(f"/regulation/inspections/{plan.number}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert plan.entity_pool_sha256 in text and plan.seed in text
    ep = client.get(f"/regulation/inspections/{plan.number}/entity-pool.jsonl")
    ip = client.get(f"/regulation/inspections/{plan.number}/inspector-pool.jsonl")
    assert ep["Content-Disposition"].startswith("attachment")
    assert hashlib.sha256(ep.content).hexdigest() == plan.entity_pool_sha256
    (tmp_path / "e.jsonl").write_bytes(ep.content)
    (tmp_path / "i.jsonl").write_bytes(ip.content)
    (tmp_path / "verify_draw.py").write_bytes(client.get("/regulation/inspections/verify_draw.py").content)
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, str(tmp_path / "verify_draw.py"), plan.seed, str(plan.entities_to_draw),
         str(plan.inspectors_per_entity), str(tmp_path / "e.jsonl"), str(tmp_path / "i.jsonl")],
        capture_output=True, text=True, check=True,
    ).stdout
    assert json.loads(out) == json.loads(client.get(f"/regulation/inspections/{plan.number}/result.json").content)


def test_drafts_are_hidden_from_the_public_and_findings_until_published(setting, client):
    plan = setting["plan"]
    assert client.get(f"/regulation/inspections/{plan.number}/").status_code == 404
    assert client.get(f"/api/v1/regulation/inspections/plans/{plan.number}").status_code == 404
    plan = _drawn(setting)
    record = plan.records.order_by("draw_rank").first()
    actions.record_inspection(record.inspectors.first().user, record, outcome=InspectionOutcome.PENALISED,
                              findings="超范围经营劳务派遣", penalty="罚款", inspected_on=dt.date(2027, 3, 9))
    assert "超范围经营劳务派遣" not in client.get(f"/regulation/inspections/{plan.number}/").content.decode()
    assert client.get(f"/api/v1/regulation/inspections/plans/{plan.number}").json()["records"][0]["findings"] is None


def test_the_plan_page_draws_its_buttons_from_the_workflow(setting, client_for):
    plan = actions.publish_pools(setting["admin"], setting["plan"])
    page = client_for(setting["admin"]).get(f"/regulation/inspections/{plan.number}/").content.decode()
    # buttons for the next steps; the step taken is in the history (办理记录), not a button
    assert ">录入种子并抽取</button>" in page and "撤销计划</button>" in page and ">公示名录库</button>" not in page
    assert "公示名录库 检查对象" in page


def test_the_admin_runs_a_plan_through_the_api(setting, client_for):
    c = client_for(setting["admin"])
    body = {"title": "劳务派遣单位专项抽查", "scope": "all", "matters": "派遣比例", "period_start": "2027-04-01",
            "period_end": "2027-05-31", "entities_to_draw": 3, "seed_source": "2027-03-31 上证指数收盘点位"}
    created = c.post("/api/v1/regulation/inspections/plans", body, content_type="application/json")
    assert created.status_code == 201, created.content
    number = created.json()["number"]
    bad = c.post(f"/api/v1/regulation/inspections/plans/{number}/draw", {"seed": "x"}, content_type="application/json")
    assert bad.status_code == 422
    assert c.post(f"/api/v1/regulation/inspections/plans/{number}/publish-pools").status_code == 200
    drawn = c.post(f"/api/v1/regulation/inspections/plans/{number}/draw", {"seed": "3250.17"}, content_type="application/json")
    assert drawn.status_code == 200
    assert len(drawn.json()["result"]["draw"]) == 3
    assert c.post("/api/v1/regulation/inspections/plans/SJ2027XXXX/publish-pools").status_code == 404


def test_a_citizen_cannot_create_plans_through_the_api(setting, client_for, make_user):
    c = client_for(make_user(Role.CITIZEN))
    r = c.post("/api/v1/regulation/inspections/plans", {"title": "x"}, content_type="application/json")
    assert r.status_code in (403, 422)
    r = c.post("/api/v1/regulation/inspections/plans", {"title": "x", "scope": "all", "matters": "x", "period_start": "2027-01-01",
                                              "period_end": "2027-01-02", "entities_to_draw": 1, "seed_source": "x"},
               content_type="application/json")
    assert r.status_code == 403


def test_the_docs_print_the_declared_workflow():
    import pathlib

    from zhihui.regulation.workflows import INSPECTION_PLAN

    docs = pathlib.Path(__file__).resolve().parents[2] / "docs" / "regulation.md"
    assert INSPECTION_PLAN.as_markdown().strip() in docs.read_text(encoding="utf-8")


def test_the_demo_city_shows_a_published_plan_and_one_waiting_for_its_seed(db, client):
    from zhihui.core.actions import ensure_demo_accounts
    from zhihui.regulation.demo import ensure_demo

    for _n in range(14):
        create_org("人力资源公司", kind=OrgKind.HR_AGENCY)
        create_org("制造企业", kind=OrgKind.ENTERPRISE)
    ensure_demo_accounts()
    assert "results published" in ensure_demo()
    assert "demo plans exist" in ensure_demo()
    page = client.get("/regulation/inspections/").content.decode()
    assert "结果已公开" in page and "名录库已公示" in page
    grades = set(client.get("/api/v1/regulation/agencies").json()[i]["grade"] for i in range(10))
    assert len(grades) >= 2  # a spread of grades
    assert len(client.get("/api/v1/regulation/lists").json()) == 1


def test_the_docs_print_the_list_workflow():
    import pathlib

    from zhihui.regulation.workflows import LIST_ENTRY

    docs = pathlib.Path(__file__).resolve().parents[2] / "docs" / "regulation.md"
    assert LIST_ENTRY.as_markdown().strip() in docs.read_text(encoding="utf-8")
