"""Rights pages and API: a worker files online and follows her case; the office accepts and
assigns; the arbitrator awards; out-of-scope cases are 404; the indicators page draws a chart."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import create_org, create_person
from zhihui.core.roles import Role
from zhihui.rights.models import Case

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(make_user):
    return make_user(Role.CITIZEN, person=create_person("陈女士", dt.date(1990, 3, 3)))


@pytest.fixture
def firm():
    return create_org("济源某制造公司")


def test_a_worker_files_arbitration_online_and_the_arbitrator_awards(worker, firm, clerk, reviewer, client_for, client):
    c = client_for(worker)
    r = c.post("/rights/new/", {"kind": "arbitration", "respondent_uscc": firm.uscc, "facts": "未支付加班费",
                                "claimed_amount": "5200", "knew_on": "2026-10-01"})
    assert r.status_code == 302, r.content.decode()
    case = Case.objects.get()
    page = c.get(f"/rights/{case.number}/").content.decode()
    assert "受理决定期限" in page and "撤回仲裁申请" in page and "受理</button>" not in page
    client.logout()
    office = client_for(clerk)
    assert "受理</button>" in office.get(f"/rights/{case.number}/").content.decode()
    assert office.post(f"/rights/{case.number}/do/accept/", {"handler": reviewer.pk}).status_code == 302
    case.refresh_from_db()
    assert case.status == "accepted" and case.handler == reviewer and case.decide_due is not None
    client.logout()
    arb = client_for(reviewer)
    arb.post(f"/rights/{case.number}/do/award/", {"reason": "裁决支付加班费5200元", "recovered_amount": "5200"})
    case.refresh_from_db()
    assert case.status == "awarded"
    client.logout()
    assert "裁决支付加班费5200元" in client_for(worker).get(f"/rights/{case.number}/").content.decode()


def test_another_worker_and_an_unassigned_arbitrator_get_404(worker, firm, clerk, make_user, client_for, client):
    client_for(worker).post("/rights/new/", {"kind": "mediation", "respondent_uscc": firm.uscc, "facts": "x", "claimed_amount": "0"})
    number = Case.objects.get().number
    client.logout()
    other = make_user(Role.CITIZEN, person=create_person("路人", dt.date(1980, 1, 1)))
    assert client_for(other).get(f"/rights/{number}/").status_code == 404
    client.logout()
    assert client_for(make_user(Role.REVIEWER)).get(f"/rights/{number}/").status_code == 404
    client.logout()
    assert client_for(make_user(Role.REVIEWER)).get(f"/api/v1/rights/cases/{number}").status_code == 404


def test_the_respondent_never_sees_who_complained_to_the_inspectorate(worker, firm, make_user, client_for, client):
    client_for(worker).post("/rights/new/", {"kind": "inspection", "respondent_uscc": firm.uscc, "facts": "不签劳动合同", "claimed_amount": "0"})
    number = Case.objects.get().number
    client.logout()
    page = client_for(make_user(Role.EMPLOYER, organisation=firm)).get(f"/rights/{number}/").content.decode()
    assert "陈女士" not in page and "保密" in page


def test_bad_input_names_the_field(worker, client_for):
    r = client_for(worker).post("/rights/new/", {"kind": "arbitration", "respondent_uscc": "91419001XXXXXXXXXX", "facts": "x"})
    assert r.status_code == 200 and "没有这个统一社会信用代码的单位" in r.content.decode()
    api = client_for(worker).post("/api/v1/rights/cases", {"kind": "strike", "respondent_uscc": "x", "facts": "x"},
                                  content_type="application/json")
    assert api.status_code == 422 and api.json()["detail"][0]["loc"][-1] == "respondent_uscc"


def test_the_indicators_page_draws_a_chart_for_leaders_only(leader, worker, client_for, client):
    page = client_for(leader).get("/rights/kpis/")
    assert page.status_code == 200 and 'data-chart="rights-kpis"' in page.content.decode()
    client.logout()
    assert client_for(worker).get("/rights/kpis/").status_code == 403
