"""Issue 20: collective contracts and their statutory review period, campaigns and model
agencies, the dispatched-worker cap, and new-form workers' covers as platforms report them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import create_org, create_person
from zhihui.core.crypto import decrypt
from zhihui.core.models import AuditEvent
from zhihui.core.roles import Role
from zhihui.registry.enums import OrgKind
from zhihui.regulation import actions, selectors
from zhihui.regulation.actions import RegulationError
from zhihui.regulation.enums import CollectiveContractStatus as C
from zhihui.regulation.models import AnnualReport

pytestmark = pytest.mark.django_db


def _contract(actor, **over):
    data = {"kind": "enterprise", "organisation": create_org("济源钢铁"), "employer_party": "济源钢铁集团",
            "worker_party": "济源钢铁集团工会委员会", "workers_covered": 3200, "terms": "月工资不低于最低工资标准的1.3倍；每周工作40小时",
            "signed_on": dt.date(2025, 9, 10), "term_start": dt.date(2025, 10, 1), "term_end": dt.date(2028, 9, 30),
            "received_on": dt.date(2025, 9, 16)}
    data.update(over)
    return actions.file_collective_contract(actor, **data)


# --- the review period (劳动合同法 第五十四条): 15 calendar days from receipt ---------------------


@pytest.mark.parametrize(("received", "due"), [
    (dt.date(2025, 9, 1), dt.date(2025, 9, 16)),   # an ordinary Tuesday: receipt day not counted
    (dt.date(2025, 9, 16), dt.date(2025, 10, 9)),  # day 15 is 1 October: after the National Day holiday
    (dt.date(2025, 9, 13), dt.date(2025, 9, 28)),  # day 15 is a Sunday that is a make-up working day
    (dt.date(2025, 1, 19), dt.date(2025, 2, 5)),   # day 15 is 3 February, in the Spring Festival holiday
])
def test_the_review_period_ends_on_the_right_day(received, due):
    assert actions.review_due(received) == due


def test_filing_starts_the_review_and_a_late_filing_is_marked(clerk):
    contract = _contract(clerk, signed_on=dt.date(2025, 9, 1))  # filed on day 15 after signing: late
    assert (contract.status, contract.review_due, contract.submitted_late) == (C.SUBMITTED, dt.date(2025, 10, 9), True)
    assert contract.number.startswith("JT2025")
    on_time = _contract(clerk, signed_on=dt.date(2025, 9, 6))  # 10 days after signing: on time
    assert on_time.submitted_late is False
    assert AuditEvent.objects.filter(summary__startswith="集体合同报送").count() == 2


def test_a_reviewer_not_the_filer_decides_within_the_period(admin_user, reviewer):
    contract = _contract(admin_user)
    with pytest.raises(PermissionDenied, match="职责分离"):  # the filer may not approve
        actions.approve_collective_contract(admin_user, contract, today=dt.date(2025, 9, 20))
    with pytest.raises(RegulationError) as exc:  # an objection needs its content
        actions.object_collective_contract(reviewer, contract, "", today=dt.date(2025, 9, 20))
    assert exc.value.field == "reason"
    contract = actions.approve_collective_contract(reviewer, contract, today=dt.date(2025, 10, 9))  # last day
    assert (contract.status, contract.effective_on) == (C.EFFECTIVE, dt.date(2025, 10, 9))


def test_after_the_period_no_decision_and_the_contract_takes_effect_by_itself(clerk, reviewer):
    contract = _contract(clerk)
    with pytest.raises(RegulationError) as exc:
        actions.object_collective_contract(reviewer, contract, "工资条款低于最低工资标准", today=dt.date(2025, 10, 10))
    assert exc.value.field == "review_due"
    assert actions.lapse_collective_contracts("system", today=dt.date(2025, 10, 9)) == 0  # not before the end
    assert actions.lapse_collective_contracts("system", today=dt.date(2025, 10, 10)) == 1
    contract.refresh_from_db()
    assert (contract.status, contract.effective_on) == (C.EFFECTIVE, dt.date(2025, 10, 10))
    assert contract.transitions.last().name == "lapse"


def test_an_objection_stops_the_contract(clerk, reviewer):
    contract = actions.object_collective_contract(reviewer, _contract(clerk), "工资条款低于最低工资标准",
                                                  today=dt.date(2025, 9, 30))
    assert contract.status == C.OBJECTED and contract.effective_on is None
    assert actions.lapse_collective_contracts("system", today=dt.date(2025, 12, 1)) == 0


@pytest.mark.parametrize(("over", "field"), [
    ({"kind": "x"}, "kind"),
    ({"organisation": None}, "organisation"),
    ({"kind": "industry", "organisation": None}, "industry"),
    ({"employer_party": ""}, "employer_party"),
    ({"worker_party": ""}, "worker_party"),
    ({"workers_covered": 0}, "workers_covered"),
    ({"terms": ""}, "terms"),
    ({"signed_on": dt.date(2025, 9, 17)}, "signed_on"),
    ({"term_end": dt.date(2025, 10, 1)}, "term_end"),
    ({"received_on": dt.date.today() + dt.timedelta(days=1), "signed_on": dt.date.today()}, "received_on"),
])
def test_bad_filings_name_the_field(clerk, over, field):
    with pytest.raises(RegulationError) as exc:
        _contract(clerk, **over)
    assert exc.value.field == field


def test_the_pages_file_review_and_show_employers_only_their_own(clerk, reviewer, make_user, client_for):
    org = create_org("济源煤业")
    c = client_for(clerk)
    r = c.post("/regulation/collective-contracts/", {"kind": "enterprise", "uscc": org.uscc, "employer_party": "济源煤业",
                                                     "worker_party": "济源煤业工会", "workers_covered": "800", "terms": "工资每年增长不低于5%",
                                                     "signed_on": "2025-09-10", "term_start": "2025-10-01", "term_end": "2025-09-01",
                                                     "received_on": "2025-09-16"})
    assert r.status_code == 400 and "期限至须晚于期限自" in r.content.decode()
    r = c.post("/regulation/collective-contracts/", {"kind": "enterprise", "uscc": org.uscc, "employer_party": "济源煤业",
                                                     "worker_party": "济源煤业工会", "workers_covered": "800", "terms": "工资每年增长不低于5%",
                                                     "signed_on": "2025-09-10", "term_start": "2025-10-01", "term_end": "2026-09-30",
                                                     "received_on": dt.date.today().isoformat()}, follow=True)
    page = r.content.decode()
    assert "审查期限届满日" in page and "审查通过" not in page  # the filer gets no decision buttons
    number = r.redirect_chain[-1][0].rstrip("/").rsplit("/", 1)[-1]
    r = client_for(reviewer).post(f"/regulation/collective-contracts/{number}/do/approve/", follow=True)
    assert "已生效" in r.content.decode()
    own = make_user(Role.EMPLOYER, organisation=org)
    other = make_user(Role.EMPLOYER, organisation=create_org("别家"))
    assert number in client_for(own).get("/regulation/collective-contracts/").content.decode()
    assert number not in client_for(other).get("/regulation/collective-contracts/").content.decode()
    assert client_for(other).get(f"/regulation/collective-contracts/{number}/").status_code == 404


# --- campaigns and model agencies ---------------------------------------------------------------


@pytest.fixture
def good_agency(clerk):
    org = create_org("济源诚信人力", kind=OrgKind.HR_AGENCY)
    today = dt.date.today()
    actions.record_licence(clerk, org, kind="licence", number="豫人服证字[2024]009", scope="职业中介",
                           issued_on=today - dt.timedelta(days=400), valid_until=today + dt.timedelta(days=800))
    for year in (today.year - 2, today.year - 1):
        AnnualReport.objects.create(organisation=org, year=year, submitted_on=dt.date(year + 1, 1, 15),
                                    people_served=10, placements=2, employers_served=1)
    return org


def _campaign(admin, kind):
    today = dt.date.today()
    return actions.open_campaign(admin, title=f"{kind}活动", kind=kind, period_start=today - dt.timedelta(days=10),
                                 period_end=today + dt.timedelta(days=50), matters="重点检查无证经营、虚假招聘")


def test_a_clean_up_campaign_counts_illegal_intermediaries(admin_user, clerk, good_agency, client):
    campaign = _campaign(admin_user, "clean_up")
    today = dt.date.today()
    a = actions.record_finding(clerk, campaign, party_name="某某劳务信息部", address="济源市宣化街12号", finding="未经许可从事职业中介",
                               measure="banned", found_on=today)
    b = actions.record_finding(clerk, campaign, party_name=good_agency.name, organisation=good_agency, address="济源市",
                               finding="招聘信息未标明用人单位", measure="ordered", found_on=today)
    assert (a.unlicensed, b.unlicensed) == (True, False)
    row = selectors.campaigns().get(pk=campaign.pk)
    assert (row.n_findings, row.n_unlicensed) == (2, 1)
    page = client.get(f"/regulation/campaigns/{campaign.pk}/").content.decode()
    assert "共 2 起，其中非法职业中介（无证经营） 1 起" in page and "某某劳务信息部" not in page  # public: counts only
    with pytest.raises(RegulationError) as exc:
        actions.name_model_agency(admin_user, campaign, good_agency)
    assert exc.value.field == "campaign"  # a clean-up campaign names no models
    actions.close_campaign(admin_user, campaign, "取缔非法中介1家")
    with pytest.raises(RegulationError):
        actions.record_finding(clerk, campaign, party_name="x", address="y", finding="z", measure="banned", found_on=today)


def test_only_an_eligible_agency_is_named_and_listing_withdraws_the_honour(admin_user, clerk, reviewer, good_agency, client):
    campaign = _campaign(admin_user, "integrity")
    weak = create_org("济源某人力", kind=OrgKind.HR_AGENCY)  # no licence, no reports
    with pytest.raises(RegulationError) as exc:
        actions.name_model_agency(admin_user, campaign, weak)
    assert "无有效的人力资源服务许可或备案" in str(exc.value) and "须为 A" in str(exc.value)
    with pytest.raises(PermissionDenied):
        actions.name_model_agency(clerk, campaign, good_agency)
    honour = actions.name_model_agency(admin_user, campaign, good_agency)
    assert (honour.grade, honour.score) == ("A", 100)
    assert good_agency.name in client.get("/regulation/campaigns/").content.decode()
    entry = actions.propose_listing(clerk, good_agency, kind="hr_market", reason="发布虚假招聘信息", basis="人力资源市场暂行条例 第四十三条",
                                    notified_on=dt.date.today() - dt.timedelta(days=30))
    actions.decide_listing(reviewer, entry)
    honour.refresh_from_db()
    assert honour.revoked_on == dt.date.today() and "列入" in honour.revoke_reason
    assert good_agency.name not in client.get("/regulation/campaigns/").content.decode().split("专项活动</h2>")[0]


# --- dispatched workers: at most 10 % of the user firm's workforce --------------------------------


@pytest.fixture
def dispatcher(clerk):
    firm = create_org("济源劳务派遣公司", kind=OrgKind.HR_AGENCY)
    actions.record_licence(clerk, firm, kind="dispatch", number="豫派遣[2024]01", scope="劳务派遣",
                           issued_on=dt.date(2024, 1, 1), valid_until=dt.date.today() + dt.timedelta(days=365))
    return firm


@pytest.mark.parametrize(("contract", "dispatched", "alert", "over_by"), [
    (90, 10, False, 0),    # exactly 10 % of 100: allowed
    (90, 11, True, 1),     # 11/101 = 10.89 %: one too many
    (900, 101, True, 1),   # 101/1001 = 10.09 %
    (0, 1, True, 1),       # only dispatched workers
    (100, 0, False, 0),
])
def test_the_dispatch_share_at_its_boundary(clerk, dispatcher, contract, dispatched, alert, over_by):
    user_firm = create_org("济源制造")
    report = actions.report_dispatch(clerk, user_firm, as_of=dt.date(2026, 6, 30), contract_employees=contract,
                                     dispatched_workers=dispatched, dispatch_firm=dispatcher)
    result = selectors.dispatch_check(report)
    assert (result is not None) == alert
    if alert:
        assert result.over_by == over_by and "第四条" in result.reasons[0]


def test_a_dispatch_firm_without_a_dispatch_licence_is_alerted(clerk):
    unlicensed = create_org("无证派遣公司")
    report = actions.report_dispatch(clerk, create_org("济源食品"), as_of=dt.date(2026, 6, 30), contract_employees=95,
                                     dispatched_workers=5, dispatch_firm=unlicensed)
    result = selectors.dispatch_check(report)
    assert result is not None and result.over_by == 0 and "第五十七条" in result.reasons[0]


def test_the_firm_reports_its_own_and_staff_see_the_latest_alerts(make_user, client_for, dispatcher, reviewer):
    firm = create_org("济源化工")
    owner = make_user(Role.EMPLOYER, organisation=firm)
    c = client_for(owner)
    r = c.post("/regulation/dispatch/", {"as_of": "2026-03-31", "contract_employees": "180", "dispatched_workers": "30",
                                         "dispatch_uscc": dispatcher.uscc}, follow=True)
    assert "被派遣劳动者占用工总量 14.29%，超过 10%" in r.content.decode()
    with pytest.raises(PermissionDenied):
        actions.report_dispatch(owner, create_org("别家"), as_of=dt.date(2026, 3, 31), contract_employees=1, dispatched_workers=0)
    r = c.post("/regulation/dispatch/", {"as_of": "2026-03-31", "contract_employees": "180", "dispatched_workers": "20"})
    assert r.status_code == 400 and "已报送" in r.content.decode()
    c.post("/regulation/dispatch/", {"as_of": "2026-06-30", "contract_employees": "180", "dispatched_workers": "20"})
    assert selectors.dispatch_alerts(dt.date(2026, 5, 1))[0].report.dispatched_workers == 30
    assert selectors.dispatch_alerts(dt.date(2026, 7, 1)) == []  # 20/200 = 10 %: corrected
    assert "须减少被派遣劳动者" not in client_for(reviewer).get("/regulation/dispatch/").content.decode()
    assert client_for(make_user(Role.CITIZEN)).get("/regulation/dispatch/").status_code == 403


# --- new-form workers' covers ------------------------------------------------------------------


HEAD = "身份证号码,姓名,职业伤害保障,基本养老保险,基本医疗保险,商业意外伤害保险\n"


def _id(person):
    return decrypt(person.id_number_encrypted)


def test_a_cover_return_is_checked_whole_and_the_gaps_are_listed(make_user, client_for, clerk, auditor):
    platform = create_org("某外卖平台济源站")
    owner = make_user(Role.EMPLOYER, organisation=platform)
    a, b = create_person("骑手甲", dt.date(1995, 1, 1)), create_person("骑手乙", dt.date(1996, 2, 2))
    bad = (HEAD + f"{_id(a)},骑手甲,是,是,是,否\n{_id(b)},骑手丙,否,是,否,是\n110101199001011234,无名,是,是,是,是\n"
           f"{_id(a)},骑手甲,是,是,是,否\n").encode()
    with pytest.raises(RegulationError) as exc:
        actions.import_cover_return(owner, platform, month=dt.date(2026, 10, 1), data=bad, commit=True)
    msg = str(exc.value)
    assert "第3行 B列 姓名" in msg and "第4行 A列" in msg and "第5行 A列 身份证号码：与第2行重复" in msg
    good = (HEAD + f"{_id(a)},骑手甲,是,是,是,否\n{_id(b)},骑手乙,否,否,是,是\n").encode()
    c = client_for(owner)
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = c.post("/regulation/new-form-workers/", {"month": "2026-10-15", "file": SimpleUploadedFile("r.csv", good)}, follow=True)
    page = r.content.decode()
    assert "已导入 2 人" in page and "骑手乙" in page and "骑手甲" not in page.split('id="gaps"')[1]
    assert _id(b) not in page and b.id_number_masked in page
    r = c.post("/regulation/new-form-workers/", {"month": "2026-10-01", "file": SimpleUploadedFile("r.csv", good)})
    assert r.status_code == 400 and "2026-10 的参保情况已报送" in r.content.decode()
    ret = platform.cover_returns.get()
    client_for(clerk).get(f"/regulation/new-form-workers/{ret.pk}/")
    assert AuditEvent.objects.filter(summary__startswith="新就业形态劳动者参保名单").count() == 1  # the office's read, not the platform's
    assert client_for(auditor).get(f"/regulation/new-form-workers/{ret.pk}/").status_code in (403, 404)
    other = make_user(Role.EMPLOYER, organisation=create_org("别的平台"))
    assert client_for(other).get(f"/regulation/new-form-workers/{ret.pk}/").status_code == 404


def test_the_docs_print_the_declared_workflows():
    import pathlib

    from zhihui.regulation.workflows import CAMPAIGN, COLLECTIVE_CONTRACT

    docs = (pathlib.Path(__file__).resolve().parents[2] / "docs" / "regulation.md").read_text(encoding="utf-8")
    assert COLLECTIVE_CONTRACT.as_markdown().strip() in docs and CAMPAIGN.as_markdown().strip() in docs


def test_the_api_and_the_cli(clerk, reviewer, dispatcher, client_for, capsys):
    from zhihui.regulation.cli import cmd_dispatch_alerts, cmd_lapse

    firm = create_org("济源电子")
    r = client_for(clerk).post("/api/v1/regulation/dispatch/reports", {
        "uscc": firm.uscc, "as_of": "2026-06-30", "contract_employees": 90, "dispatched_workers": 11,
        "dispatch_uscc": dispatcher.uscc}, content_type="application/json")
    assert r.status_code == 201 and r.json()["over_by"] == 1 and r.json()["max_share"] == "0.10"
    r = client_for(clerk).post("/api/v1/regulation/dispatch/reports", {
        "uscc": firm.uscc, "as_of": "2026-06-30", "contract_employees": 90, "dispatched_workers": 11}, content_type="application/json")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "as_of"]
    assert [a["uscc"] for a in client_for(reviewer).get("/api/v1/regulation/dispatch/alerts").json()] == [firm.uscc]
    import argparse

    cmd_dispatch_alerts(argparse.Namespace(on=dt.date(2026, 7, 1)))
    assert f"{firm.uscc}\t" in capsys.readouterr().out
    contract = _contract(clerk)
    cmd_lapse(argparse.Namespace(today=dt.date(2025, 10, 10)))
    assert "1 collective contract took effect" in capsys.readouterr().out
    listed = client_for(reviewer).get("/api/v1/regulation/collective-contracts").json()
    assert [(c["number"], c["status"], c["effective_on"]) for c in listed] == [(contract.number, "effective", "2025-10-10")]


def test_the_demo_city_has_contracts_in_each_state_campaigns_an_over_cap_firm_and_a_cover_return(client):
    from zhihui.core.actions import ensure_demo_accounts
    from zhihui.regulation.demo import ensure_demo
    from zhihui.regulation.models import CollectiveContract

    for n in range(14):
        create_org("人力资源公司", kind=OrgKind.HR_AGENCY)
        create_org("制造企业", kind=OrgKind.ENTERPRISE)
        create_person(f"演示{n}", dt.date(1990, 1, 1 + n))
    ensure_demo_accounts()
    note = ensure_demo()
    assert "5 collective contracts" in note and "cover return of 12 workers" in note
    assert set(CollectiveContract.objects.values_list("status", flat=True)) == {C.SUBMITTED, C.EFFECTIVE, C.OBJECTED}
    assert len(selectors.dispatch_alerts(dt.date.today())) == 1
    api = client.get("/api/v1/regulation/campaigns").json()
    assert {c["kind"] for c in api} == {"clean_up", "integrity"}
    assert "labour relations: demo data exist" in ensure_demo()
