"""Youth employment screening (青年就业排查, C10-S11/C10-D03): who is on the list (age band at its
edges, not working, not in school), contacts recorded and audited, town scope, page, API, command."""

import datetime as dt
import subprocess
import sys

import pytest

from tests.factories import create_person
from zhihui.core.models import AuditEvent
from zhihui.core.roles import Role
from zhihui.employment import actions, selectors
from zhihui.employment.actions import EmploymentInputError
from zhihui.employment.models import StaffAssignment
from zhihui.registry.models import Division

D = dt.date
ON = D(2026, 6, 15)


@pytest.fixture
def town(db):
    return Division.objects.create(code="419001100", name="克井镇", level="town")


def _names(user=None, on=ON):
    return sorted(p.name for p in selectors.youth_screening(user, on))


def test_the_list_at_its_edges(clerk, town):
    create_person("刚满16", D(2010, 6, 15), residence=town)  # 16 today: on
    create_person("差一天16", D(2010, 6, 16), residence=town)  # 15: off
    create_person("24岁最后一天", D(2001, 6, 16), residence=town)  # 24 until tomorrow: on
    create_person("满25", D(2001, 6, 15), residence=town)  # 25 today: off
    unemployed = create_person("登记失业", D(2004, 1, 1), residence=town)
    actions.record_event(clerk, unemployed, kind="registered_unemployed", effective_on="2026-03-01",
                         unemployment_reason="graduate")
    working = create_person("就业了", D(2004, 1, 1), residence=town)
    actions.record_event(clerk, working, kind="flexible", effective_on="2026-06-15")
    left_job = create_person("离职了", D(2004, 1, 1), residence=town)
    actions.record_event(clerk, left_job, kind="employed", effective_on="2025-01-01", employer_name="某公司",
                         contract_type="open_ended")
    actions.record_event(clerk, left_job, kind="out_of_labour_force", effective_on="2026-06-01")
    student = create_person("在读", D(2005, 1, 1), residence=town)
    from zhihui.registry.models import EducationLevel, EducationRecord

    level = EducationLevel.objects.first() or EducationLevel.objects.create(code="bachelor", name="本科", rank=6)
    EducationRecord.objects.create(person=student, level=level, school="郑州大学", graduation_date=D(2027, 6, 30))
    assert _names() == sorted(["刚满16", "24岁最后一天", "登记失业", "离职了"])
    # the job started after the day: still on the list that day
    assert "就业了" in _names(on=D(2026, 6, 14))


def test_contacts_are_recorded_audited_and_counted(clerk, town, leader):
    p = create_person("小王", D(2004, 1, 1), residence=town)
    q = create_person("小李", D(2005, 1, 1), residence=town)
    qs = selectors.youth_screening(None, ON)
    assert selectors.youth_summary(qs, ON) == {"total": 2, "never": 2, "due": 2, "by_result": {}}
    actions.record_youth_contact(clerk, p, result="seeking", contacted_on="2026-06-10", note="想找电工岗位")
    with pytest.raises(EmploymentInputError) as e:
        actions.record_youth_contact(clerk, q, result="maybe")
    assert e.value.field == "result"
    with pytest.raises(EmploymentInputError) as e:
        actions.record_youth_contact(clerk, q, result="unreachable", contacted_on="2099-01-01")
    assert e.value.field == "contacted_on"
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.record_youth_contact(leader, q, result="unreachable")
    got = selectors.youth_summary(selectors.youth_screening(None, ON), ON)
    assert got == {"total": 2, "never": 1, "due": 1, "by_result": {"seeking": 1}}
    # 90 days later the contact is due again
    assert selectors.youth_summary(selectors.youth_screening(None, D(2026, 9, 8)), D(2026, 9, 8))["due"] == 2
    assert AuditEvent.objects.filter(object_type="employment.youthcontact", action="create").count() == 1


@pytest.mark.django_db
def test_page_town_scope_api_and_command(client_for, clerk, make_user, town, leader):
    from unittest import mock

    p = create_person("小王", D(2004, 1, 1), residence=town)
    create_person("外镇青年", D(2004, 1, 1), residence=Division.objects.create(code="419001101", name="五龙口镇", level="town"))
    kejing = make_user(Role.CLERK, "clerk_kj")
    StaffAssignment.objects.create(user=kejing, division=town)
    with mock.patch("zhihui.employment.actions.today", return_value=ON):
        c = client_for(kejing)
        page = c.get("/employment/youth/").content.decode()
        assert "小王" in page and p.id_number_masked in page and "外镇青年" not in page
        r = c.post("/employment/youth/", {"person": p.pk, "result": "seeking", "note": "想学电工"}, follow=True)
        assert "已登记排查结果" in r.content.decode() and "求职中" in r.content.decode()
        other = Division.objects.get(code="419001101")
        outsider = create_person("外镇二", D(2004, 1, 1), residence=other)
        assert c.post("/employment/youth/", {"person": outsider.pk, "result": "seeking"}).status_code == 404
        got = client_for(clerk).get("/api/v1/employment/youth?as_of=2026-06-15").json()
        assert got["total"] == 3 and got["by_result"] == {"seeking": 1} and "小王" not in str(got)
        assert client_for(leader).get("/employment/youth/").status_code == 403


def test_command_help():
    out = subprocess.run([sys.executable, "-m", "zhihui.cli", "employment", "youth", "--help"],
                         capture_output=True, text=True, check=True)
    assert "--as-of" in out.stdout
