"""Agency and list pages and API: what the public, the agency and staff each see."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import create_org
from zhihui.core.models import AuditEvent
from zhihui.core.roles import Role
from zhihui.registry.enums import OrgKind
from zhihui.regulation import actions
from zhihui.regulation.enums import ListKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency(clerk):
    org = create_org("诚信人力资源公司", kind=OrgKind.HR_AGENCY)
    actions.record_licence(clerk, org, kind="licence", number="豫人服证字[2024]018", scope="职业中介",
                           issued_on=dt.date(2024, 1, 1), valid_until=dt.date(2099, 1, 1))
    return org


def test_the_public_sees_agencies_and_grades_but_not_the_items(agency, client):
    page = client.get("/regulation/agencies/").content.decode()
    assert agency.name in page and "豫人服证字[2024]018" in page
    detail = client.get(f"/regulation/agencies/{agency.uscc}/").content.decode()
    assert "分（" in detail and "扣分明细" not in detail and "依据" not in detail
    body = client.get(f"/api/v1/regulation/agencies/{agency.uscc}").json()
    assert body["grade"] in "ABCD" and body["items"] is None


def test_staff_see_the_items_and_their_read_is_audited(agency, client_for, reviewer):
    detail = client_for(reviewer).get(f"/regulation/agencies/{agency.uscc}/").content.decode()
    assert "依据" in detail
    assert AuditEvent.objects.filter(actor=reviewer, action="view", object_id=str(agency.pk)).exists()


def test_the_agency_submits_its_report_and_a_bad_figure_names_the_field(agency, client_for, make_user):
    c = client_for(make_user(Role.EMPLOYER, organisation=agency))
    bad = c.post(f"/regulation/agencies/{agency.uscc}/reports/", {"year": 2025, "people_served": 5, "placements": 9, "employers_served": 1})
    assert bad.status_code == 200 and "介绍成功人数不得多于服务人次" in bad.content.decode()
    ok = c.post(f"/regulation/agencies/{agency.uscc}/reports/", {"year": 2025, "people_served": 50, "placements": 9, "employers_served": 1})
    assert ok.status_code == 302
    assert "2025" in c.get(f"/regulation/agencies/{agency.uscc}/").content.decode()


def test_another_employer_cannot_report_for_the_agency(agency, client_for, make_user):
    other = make_user(Role.EMPLOYER, organisation=create_org("他家", kind=OrgKind.HR_AGENCY))
    r = client_for(other).post(f"/regulation/agencies/{agency.uscc}/reports/", {"year": 2025, "people_served": 1, "placements": 0, "employers_served": 0})
    assert r.status_code == 404


def test_a_proposed_entry_is_not_public_until_listed(agency, admin_user, reviewer, client, client_for):
    entry = actions.propose_listing(admin_user, agency, kind=ListKind.HR_MARKET, reason="发布虚假招聘信息",
                                    basis="人力资源市场暂行条例", notified_on=dt.date(2026, 6, 1))
    assert client.get(f"/regulation/lists/{entry.pk}/").status_code == 404
    assert client_for(reviewer).get(f"/regulation/lists/{entry.pk}/").status_code == 200
    actions.decide_listing(reviewer, entry, today=dt.date(2026, 6, 9))
    client.logout()
    assert client.get(f"/regulation/lists/{entry.pk}/").status_code == 200
    assert agency.name in client.get("/regulation/agencies/").content.decode()


def test_the_list_entry_page_offers_the_decider_the_workflow_buttons(agency, admin_user, reviewer, client_for):
    entry = actions.propose_listing(admin_user, agency, kind=ListKind.HR_MARKET, reason="x", basis="y",
                                    notified_on=dt.date(2026, 6, 1))
    assert "决定列入" in client_for(reviewer).get(f"/regulation/lists/{entry.pk}/").content.decode()
    assert "决定列入" not in client_for(admin_user).get(f"/regulation/lists/{entry.pk}/").content.decode()
