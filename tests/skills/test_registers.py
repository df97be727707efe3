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
    page = client_for(leader).get("/skills/registers/").content.decode()
    assert "全区职业技能大赛（电工）" in page and "二等奖" in page and "电工技能大师工作室" in page
    assert "愚公电工" in page and "愚公药农" in page and "企业" in page
    assert client_for(world["citizen"]).get("/skills/registers/").status_code == 403
