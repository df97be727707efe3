"""Issue 20: an employer on a dishonesty list, or with an open wage-arrears case, is marked on
its postings (the board and the posting page); the employment early warning raises a
wage-arrears alert for a monitored enterprise in that state."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import create_person
from zhihui.market import actions
from zhihui.regulation import actions as regulation
from zhihui.regulation.enums import ListKind
from zhihui.rights import actions as rights
from zhihui.rights.enums import CaseKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(make_posting, employer, clerk):
    return actions.publish_posting(clerk, actions.submit_posting(employer, make_posting()))


def _list(org, admin_user, decider, kind=ListKind.WAGE_ARREARS):
    today = timezone.localdate()
    entry = regulation.propose_listing(admin_user, org, kind=kind, reason="拖欠农民工工资数额较大",
                                       basis="保障农民工工资支付条例 第四十八条", notified_on=today - dt.timedelta(days=40))
    return regulation.decide_listing(decider, entry, today=today)  # a second person decides


def _arrears_case(org, clerk, reviewer):
    worker = create_person("赵师傅", dt.date(1980, 3, 3))
    case = rights.file_case(clerk, kind=CaseKind.INSPECTION, respondent=org, applicant=worker, facts="拖欠三个月工资")
    case = rights.accept(clerk, case, handler=reviewer)
    rights.record_arrears(clerk, case, [{"person": worker, "owed": "15000"}])
    return case


def test_a_clean_employer_has_no_mark(published):
    assert "employer-mark" not in Client().get("/market/").content.decode()
    assert 'id="employer-marks"' not in Client().get(f"/market/postings/{published.pk}/").content.decode()


def test_a_listed_employer_is_marked_on_the_board_and_the_posting(published, org, admin_user, reviewer):
    _list(org, admin_user, reviewer)
    board = Client().get("/market/").content.decode()
    assert "employer-mark-list" in board and "拖欠农民工工资失信联合惩戒名单" in board
    page = Client().get(f"/market/postings/{published.pk}/").content.decode()
    assert 'id="employer-marks"' in page and "拖欠农民工工资失信联合惩戒名单" in page
    api = Client().get("/api/v1/market/postings").json()["results"][0]
    assert [m["kind"] for m in api["employer_marks"]] == ["list"]
    assert Client().get(f"/api/v1/market/postings/{published.pk}").json()["employer_marks"][0]["kind"] == "list"


def test_an_open_arrears_case_marks_the_postings_until_it_is_closed(published, org, clerk, reviewer):
    case = _arrears_case(org, clerk, reviewer)
    page = Client().get(f"/market/postings/{published.pk}/").content.decode()
    assert "employer-mark-arrears" in page and "有未结的拖欠工资案件 1 件" in page
    assert "赵师傅" not in page  # no worker's name on a public page
    rights.conclude(clerk, case, "order", "责令限期支付", recovered_amount="0")
    assert "employer-mark" not in Client().get(f"/market/postings/{published.pk}/").content.decode()


def test_the_early_warning_raises_a_wage_arrears_alert(org, admin_user, clerk, reviewer, make_user):
    from zhihui.core.roles import Role
    from zhihui.employment import actions as employment

    monitored = employment.enrol_enterprise(admin_user, org, kind="key", officer=clerk, since="2025-01-01")
    employer = make_user(Role.EMPLOYER, "arrears_employer", organisation=org)
    _report, alerts = employment.submit_report(employer, monitored, month="2026-01", headcount=100, hires=0,
                                               separations=0, vacancies=0)
    assert alerts == []
    _arrears_case(org, clerk, reviewer)
    _list(org, admin_user, reviewer)
    _report, alerts = employment.submit_report(employer, monitored, month="2026-02", headcount=100, hires=0,
                                               separations=0, vacancies=0)
    assert [a.rule for a in alerts] == ["wage_arrears"]
    a = alerts[0]
    assert a.numbers["open_cases"] == 1 and a.numbers["owed"] == "15000.00"
    assert "未结欠薪案件1件" in a.message and "拖欠农民工工资失信联合惩戒名单" in a.message
    # the HR-market blacklist alone is not a wage-arrears signal
    from zhihui.employment.warning import wage_arrears

    assert wage_arrears(None, []) is None
