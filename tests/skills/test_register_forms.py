"""The office's entry forms for the registers: each goes through the action of its kind, and
a refusal is shown beside the field it names. Also the rules of the three newer registers:
chief technicians, training bases and 1+X certificates."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import create_org, create_person
from zhihui.core.crypto import decrypt
from zhihui.registry.models import Certificate, EducationLevel, EducationRecord, EmploymentRecord
from zhihui.skills import actions
from zhihui.skills.actions import SkillsError
from zhihui.skills.models import (
    BrandMember,
    ChiefTechnician,
    Competition,
    CompetitionEntry,
    OnePlusX,
    Studio,
    TrainingBase,
)

pytestmark = pytest.mark.django_db


def idn(person) -> str:
    return decrypt(bytes(person.id_number_encrypted))


def post(client, kind, data):
    return client.post(f"/skills/registers/new/{kind}/", data)


def test_a_refused_competition_shows_the_reason_beside_the_year(world, clerk, client_for):
    c = client_for(clerk)
    r = post(c, "competition", {"name": "全区职业技能大赛", "year": "2024", "level": "zone"})
    assert r.status_code == 200
    assert "2021、2023、2025" in r.content.decode()
    assert list(r.context["form"].errors) == ["year"]
    assert not Competition.objects.exists()
    r = post(c, "competition", {"name": "全区职业技能大赛", "year": "2025", "level": "zone", "mohrss_filed": "on"})
    assert r.status_code == 302 and r["Location"] == "/skills/registers/"
    assert Competition.objects.get().mohrss_filed


def test_entry_form_finds_the_contestant_by_identity_number(world, clerk, client_for):
    comp = actions.record_competition(clerk, name="焊工竞赛", year=2025, level="industry")
    c = client_for(clerk)
    r = post(c, "entry", {"competition": comp.pk, "person": "410881199001011234", "rank": "1"})
    assert "person" in r.context["form"].errors and "人员库中没有此身份证号码" in r.content.decode()
    r = post(c, "entry", {"competition": comp.pk, "person": idn(world["worker"]), "rank": "1", "award": "一等奖",
                          "unit": world["provider"].organisation.uscc})
    assert r.status_code == 302
    assert CompetitionEntry.objects.get().unit == world["provider"].organisation
    r = post(c, "entry", {"competition": comp.pk, "person": idn(world["worker"])})  # twice: the action refuses
    assert "已登记在该竞赛中" in r.context["form"].errors["person"][0]


def test_studio_brand_member_and_apprenticeship_forms(world, clerk, client_for):
    c = client_for(clerk)
    host, master = create_org("济源重工"), create_person("孙大师", dt.date(1968, 1, 1))
    r = post(c, "studio", {"name": "焊接技能大师工作室", "kind": "skill_master", "level": "zone", "host": "91410000XXXXXXXXXX",
                           "master": idn(master), "recognised_by": "人社局", "recognised_on": "2024-05-01", "funding": "50000"})
    assert list(r.context["form"].errors) == ["host"]
    r = post(c, "studio", {"name": "焊接技能大师工作室", "kind": "skill_master", "level": "zone", "host": host.uscc,
                           "master": idn(master), "recognised_by": "人社局", "recognised_on": "2024-05-01", "funding": "50000"})
    assert r.status_code == 302 and Studio.objects.get().master == master
    r = post(c, "brand_member", {"brand": "herb_farmer", "person": idn(world["worker"]), "joined_on": "2025-01-01"})
    assert r.status_code == 302 and BrandMember.objects.get().brand == "herb_farmer"
    firm = create_org("济源钢铁")
    base = {"firm": firm.uscc, "school": firm.uscc, "apprentice": idn(world["worker"]), "level": "senior_worker",
            "starts_on": "2026-03-01", "ends_on": "2027-02-28", "plan": "企校双师", "subsidy": "5000"}
    r = post(c, "apprenticeship", base)
    assert r.context["form"].errors["school"] == ["须为经认定的培训院校或机构"]
    r = post(c, "apprenticeship", {**base, "school": world["provider"].organisation.uscc, "ends_on": "2026-01-01"})
    assert list(r.context["form"].errors) == ["ends_on"]
    r = post(c, "apprenticeship", {**base, "school": world["provider"].organisation.uscc})
    assert r.status_code == 302


def test_a_chief_technician_holds_a_technician_certificate_and_works_for_the_firm(world, clerk, client_for):
    firm, person = create_org("济源钢铁"), world["worker"]
    c = client_for(clerk)
    form = {"firm": firm.uscc, "person": idn(person), "appointed_on": "2026-01-01", "term_ends_on": "2028-12-31",
            "monthly_allowance": "800"}
    r = post(c, "chief_technician", form)
    assert "没有有效的技师或高级技师证书" in r.context["form"].errors["person"][0]
    Certificate.objects.create(person=person, kind="skill_level", skill_level="senior_worker", name="焊工", obtained_on=dt.date(2020, 1, 1))
    r = post(c, "chief_technician", form)
    assert "person" in r.context["form"].errors  # a senior worker is not enough
    cert = Certificate.objects.create(person=person, kind="skill_level", skill_level="technician", name="焊工 技师",
                                      obtained_on=dt.date(2024, 6, 1))
    r = post(c, "chief_technician", form)
    assert "不是" in r.context["form"].errors["person"][0]  # not the firm's employee
    EmploymentRecord.objects.create(person=person, organisation=firm, start_date=dt.date(2019, 1, 1))
    r = post(c, "chief_technician", {**form, "term_ends_on": "2025-01-01"})
    assert list(r.context["form"].errors) == ["term_ends_on"]
    r = post(c, "chief_technician", form)
    assert r.status_code == 302
    chief = ChiefTechnician.objects.get()
    assert chief.certificate == cert and str(chief.monthly_allowance) == "800.00"


def test_training_base_form(world, clerk, client_for):
    c = client_for(clerk)
    host = create_org("济源职业技术学院", kind="institution")
    form = {"name": "高技能人才培训基地（智能制造）", "kind": "high_skill", "level": "provincial", "host": host.uscc,
            "recognised_by": "河南省人社厅", "recognised_on": "2023-09-01", "stations": "-5", "funding": "3000000"}
    r = post(c, "training_base", form)
    assert list(r.context["form"].errors) == ["stations"]
    r = post(c, "training_base", {**form, "stations": "240"})
    assert r.status_code == 302 and TrainingBase.objects.get().stations == 240
    with pytest.raises(SkillsError) as exc:
        actions.record_training_base(clerk, name="x", kind="nope", level="zone", host=host, recognised_by="x",
                                     recognised_on=dt.date(2024, 1, 1))
    assert exc.value.field == "kind"


def _level(code, name):
    return EducationLevel.objects.get_or_create(code=code, defaults={"name": name, "rank": 40, "engine_degree": "none"})[0]


def test_one_plus_x_pairs_a_vocational_diploma_with_a_skill_level_certificate(world, clerk, client_for):
    student = create_person("李同学", dt.date(2005, 3, 3))
    vocational = EducationRecord.objects.create(person=student, level=_level("47", "技工学校毕业"), school="济源技师学院",
                                                graduation_date=dt.date(2025, 6, 30))
    EducationRecord.objects.create(person=student, level=_level("61", "普通高中毕业"), school="济源一中",
                                   graduation_date=dt.date(2022, 6, 30))
    Certificate.objects.create(person=student, kind="skill_level", skill_level="intermediate_worker", name="电工 中级工",
                               number="X-2025-001", obtained_on=dt.date(2025, 5, 10))
    Certificate.objects.create(person=student, kind="special_operation", name="低压电工作业", number="T-1",
                               obtained_on=dt.date(2025, 5, 10))
    Certificate.objects.create(person=student, kind="skill_level", skill_level="intermediate_worker", name="钳工",
                               number="X-2027-009", obtained_on=dt.date(2027, 1, 10))
    c = client_for(clerk)
    base = {"person": idn(student), "school": "济源技师学院", "certificate_number": "X-2025-001"}
    r = post(c, "one_plus_x", {**base, "school": "济源一中"})
    assert "不是职业院校学历" in r.context["form"].errors["school"][0]
    r = post(c, "one_plus_x", {**base, "certificate_number": "T-1"})
    assert "职业技能等级证书" in r.context["form"].errors["certificate_number"][0]
    r = post(c, "one_plus_x", {**base, "certificate_number": "X-2027-009"})  # 18 months after graduating
    assert "12 个月之后" in r.context["form"].errors["certificate_number"][0]
    r = post(c, "one_plus_x", {**base, "certificate_number": "NONE"})
    assert "该学生没有此编号的证书" in r.content.decode()
    r = post(c, "one_plus_x", base)
    assert r.status_code == 302
    x = OnePlusX.objects.get()
    assert x.education == vocational and x.certificate.number == "X-2025-001"
    page = c.get("/skills/registers/").content.decode()
    assert "李同学" in page and "X-2025-001" in page


def test_the_api_enters_through_the_same_forms_and_shows_leaders_counts_only(world, clerk, leader, client_for):
    import json

    c = client_for(clerk)
    r = c.post("/api/v1/skills/registers/competition", json.dumps({"name": "全区职业技能大赛", "year": 2024, "level": "zone"}),
               content_type="application/json")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "year"]
    r = c.post("/api/v1/skills/registers/competition", json.dumps({"name": "全区职业技能大赛", "year": 2025, "level": "zone"}),
               content_type="application/json")
    assert r.status_code == 201
    comp = Competition.objects.get()
    r = c.post("/api/v1/skills/registers/entry", json.dumps({"competition": comp.pk, "person": idn(world["worker"]), "award": "一等奖"}),
               content_type="application/json")
    assert r.status_code == 201
    r = client_for(leader).get("/api/v1/skills/registers/summary")
    assert r.status_code == 200
    assert r.json()["competitions"] == [{"year": 2025, "name": "全区职业技能大赛", "level": "zone", "entries": 1, "awards": 1, "titles": 0}]
    assert "赵铁柱" not in r.content.decode()
    assert client_for(leader).post("/api/v1/skills/registers/entry", "{}", content_type="application/json").status_code == 403
