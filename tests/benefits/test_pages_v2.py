"""The policy pages at contract version 2: the library states the version-2 conditions and lists
every reading the package records; decisions on file are counted by the rule version they were
taken under; the citizen check no longer asks what decides nothing."""

from __future__ import annotations

import re

import pytest

from zhihui.core.roles import Role

pytestmark = pytest.mark.django_db


def test_the_library_states_the_version_2_conditions_and_every_recorded_reading(client_for, clerk):
    page = client_for(clerk).get("/policy/").content.decode()
    assert "jiyuan@2026.1" in page
    # the conditions the plan sets, as version 2 reads them
    assert "公立医院从事一线专业技术岗位" in page  # 等 = examples (change 3)
    assert "判定日期时35周岁及以下" in page  # the youth station (change 5)
    assert "订单企业(仅限企业)" in page  # change 6
    assert "至少1人" in page  # change 7
    assert "或2021年1月1日以后被企业全职新引进、持有高级技师证书(取得时间不限)" in page  # change 4
    assert "2021年1月1日以后获得“全国技术能手”称号" in page  # change 8
    assert "缺少的分项按满分计仍不足70分的，判定为不符合" in page  # change 9
    # the readings section lists the recorded decisions, with their reasons, in Chinese
    readings = page[page.index('id="readings"'):]
    assert "“初始创业”(首次创业)不由规则判定" in readings
    assert "专科毕业生不符合条件，预备技师(技师)班毕业生判定为“待定”" in readings
    assert "L199(专栏6)还提出对培养的驻济高校给予“一定补贴”" in readings
    assert "非全日制硕士研究生不能按此途径引进" in readings
    assert len(set(re.findall(r"（合同 v2 第(\d)项变更）|合同 v2 第(\d)项变更", readings))) >= 9
    assert "contract v2 change" not in readings
    assert "已记录的判定" not in page  # no application on file yet


def test_the_benefit_page_shows_the_youth_age_parameter(client_for, clerk):
    page = client_for(clerk).get("/policy/benefits/youth_talent_station/?as_of=2025-06-30")
    text = page.content.decode()
    assert "youth_station.max_age" in text and "青年人才年龄上限" in text
    assert "《中长期青年发展规划(2016—2025年)》中青年的年龄上限" in text


def test_decisions_on_file_are_counted_by_the_rule_version_they_were_taken_under(
    client_for, clerk, phd
):
    from zhihui.window.models import Application, Service, Status

    svc = Service.objects.get(code="graduate_living")
    for i, (version, status) in enumerate([
        ("jiyuan@2025.1", Status.APPROVED), ("jiyuan@2025.1", Status.REFUSED),
        ("jiyuan@2026.1", Status.REVIEWED),
    ]):
        Application.objects.create(number=f"T-{i}", service=svc, person=phd,
                                   subject_key=f"p:{phd.pk}", period=str(2020 + i),
                                   submitted_by=clerk, status=status, rule_version=version)
    page = client_for(clerk).get("/policy/").content.decode()
    table = page[page.index('id="decisions-on-file"'):]
    rows = re.findall(r"<tr><td>(jiyuan@[\d.]+).*?</td><td class=\"num\">(\d+)</td>"
                      r"<td class=\"num\">(\d+)</td></tr>", table)
    assert rows == [("jiyuan@2026.1", "0", "1"), ("jiyuan@2025.1", "2", "0")]


def test_the_check_no_longer_asks_what_decides_nothing(client):
    page = client.get("/policy/check/").content.decode()
    assert "其中是否有补缴" not in page and 'name="post"' not in page
    assert "补缴月份不计入" in page


def test_a_front_line_clinical_e_talent_at_a_public_hospital_is_told_eligible(client):
    page = client.post("/policy/check/", {
        "talent_category": "E", "employer_kind": "public_hospital",
        "frontline_professional": "yes", "newly_introduced": "yes", "start_date": "2023-03-01",
    }).content.decode()
    result = page[page.index('id="check-result"'):]
    assert "青年人才储备生活补贴(E/F/G类)" in result
    assert "60,000.00 元" in result


def test_a_citizen_is_not_shown_the_library(client_for, make_user):
    assert client_for(make_user(Role.CITIZEN, "c_lib_v2")).get("/policy/").status_code == 403
