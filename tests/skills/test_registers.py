"""Competitions (the zone's only in its dated years), studios, labour brands, apprenticeships."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import create_org, create_person
from zhihui.skills import actions
from zhihui.skills.actions import SkillsError

pytestmark = pytest.mark.django_db


def test_the_zone_competition_is_held_in_its_dated_years_only(world, clerk):
    with pytest.raises(SkillsError, match="2021、2023、2025") as exc:
        actions.record_competition(clerk, name="全区职业技能大赛", year=2024, level="zone")
    assert exc.value.field == "year"
    actions.record_competition(clerk, name="企业岗位练兵", year=2024, level="enterprise")  # any year
    comp = actions.record_competition(clerk, name="全区职业技能大赛", year=2025, level="zone")
    actions.add_entry(clerk, comp, world["worker"], rank=1, award="一等奖", title="济源示范区技术能手")
    with pytest.raises(SkillsError, match="已登记"):
        actions.add_entry(clerk, comp, world["worker"])
    with pytest.raises(PermissionDenied):
        actions.record_competition(world["citizen"], name="x", year=2025, level="zone")


def test_registers_page_shows_competition_studio_brands_and_apprenticeship(world, clerk, leader, client_for):
    comp = actions.record_competition(clerk, name="全区职业技能大赛（电工）", year=2023, level="zone")
    actions.add_entry(clerk, comp, world["worker"], rank=2, award="二等奖")
    actions.record_studio(clerk, name="电工技能大师工作室", kind="skill_master", level="zone", host=create_org("济源电力"),
                          master=create_person("周师傅", dt.date(1970, 1, 1)), recognised_by="济源示范区人社局",
                          recognised_on=dt.date(2024, 5, 1), funding="50000")
    actions.add_brand_member(clerk, "electrician", world["worker"], joined_on=dt.date(2024, 1, 1))
    with pytest.raises(SkillsError) as exc:
        actions.record_apprenticeship(clerk, firm=create_org("济源钢铁"), school=create_org("不是院校"), apprentice=world["worker"],
                                      level="senior_worker", starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2027, 2, 28), plan="计划")
    assert exc.value.field == "school"
    actions.record_apprenticeship(clerk, firm=create_org("济源钢铁"), school=world["provider"].organisation, apprentice=world["worker"],
                                  level="senior_worker", starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2027, 2, 28), plan="企校双师")
    page = client_for(clerk).get("/skills/registers/").content.decode()
    assert "全区职业技能大赛（电工）" in page and "二等奖" in page and "电工技能大师工作室" in page
    assert "愚公电工" in page and "愚公药农" in page and "企业" in page
    assert client_for(world["citizen"]).get("/skills/registers/").status_code == 403


# --- Who sees names: leaders and reviewers the aggregates, the office the names ------------------


def _filled(world, clerk):
    comp = actions.record_competition(clerk, name="全区职业技能大赛（焊工）", year=2025, level="zone")
    actions.add_entry(clerk, comp, world["worker"], rank=1, award="一等奖", title="济源示范区技术能手")
    apprentice = create_person("钱学徒", dt.date(2004, 2, 2))
    actions.record_apprenticeship(clerk, firm=create_org("济源钢铁"), school=world["provider"].organisation, apprentice=apprentice,
                                  level="senior_worker", starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2027, 2, 28), plan="企校双师",
                                  subsidy="5000")
    actions.record_studio(clerk, name="焊接技能大师工作室", kind="skill_master", level="zone", host=create_org("济源重工"),
                          master=create_person("孙大师", dt.date(1968, 1, 1)), recognised_by="济源示范区人社局",
                          recognised_on=dt.date(2024, 5, 1), funding="50000")
    return comp


@pytest.mark.parametrize("role", ["leader", "reviewer"])
def test_leaders_and_reviewers_see_the_registers_in_aggregate_without_names(world, clerk, client_for, role, request):
    _filled(world, clerk)
    page = client_for(request.getfixturevalue(role)).get("/skills/registers/").content.decode()
    assert "全区职业技能大赛（焊工）" in page and "aggregate-note" in page
    for name in ("赵铁柱", "钱学徒", "孙大师"):
        assert name not in page
    assert "register-forms" not in page
    # the competition's counts and the apprenticeships by year are there
    assert "<td>1</td><td>1</td><td>1</td>" in page  # one contestant, one award, one title
    assert "5000" in page


def test_the_office_sees_the_names_and_its_view_is_audited(world, clerk, admin_user, client_for):
    from zhihui.core.models import AuditEvent

    _filled(world, clerk)
    for user in (clerk, admin_user):
        page = client_for(user).get("/skills/registers/").content.decode()
        assert "赵铁柱" in page and "钱学徒" in page and "孙大师" in page and "register-forms" in page
    assert AuditEvent.objects.filter(object_type="skills.registers", summary__contains="含姓名").count() == 2


def test_the_registers_entry_forms_are_the_offices_only(world, clerk, leader, reviewer, client_for):
    assert client_for(leader).get("/skills/registers/new/competition/").status_code == 403
    assert client_for(reviewer).post("/skills/registers/new/studio/", {}).status_code == 403
    assert client_for(clerk).get("/skills/registers/new/nothing/").status_code == 404
