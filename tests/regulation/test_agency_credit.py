"""HR agencies: credit scores at their boundaries, explained item by item, recomputed when a
fact changes; the dishonesty list's life cycle with notice, a second decider and expiry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import create_org
from zhihui.core.roles import Role
from zhihui.registry.enums import OrgKind
from zhihui.regulation import actions, credit
from zhihui.regulation.actions import RegulationError
from zhihui.regulation.enums import ListKind, ListStatus
from zhihui.regulation.models import AgencyLicence, AnnualReport

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 6, 1)


@pytest.fixture
def agency(clerk):
    org = create_org("济源人力资源服务公司", kind=OrgKind.HR_AGENCY)
    actions.record_licence(clerk, org, kind="licence", number="豫人服证字[2021]001", scope="职业中介、人才推荐",
                           issued_on=dt.date(2021, 3, 1), valid_until=dt.date(2026, 2, 28))
    return org


def _report(org, year, submitted_on):
    return AnnualReport.objects.create(organisation=org, year=year, submitted_on=submitted_on,
                                       people_served=100, placements=20, employers_served=5)


def test_an_agency_with_everything_in_order_scores_100_grade_a(agency):
    AgencyLicence.objects.filter(organisation=agency).update(valid_until=dt.date(2027, 2, 28))
    _report(agency, 2024, dt.date(2025, 3, 1))
    _report(agency, 2025, dt.date(2026, 3, 31))  # the due day itself is on time
    result = credit.evaluate(agency, ON)
    assert (result.score, result.grade, result.items) == (100, "A", [])


def test_an_expired_licence_a_late_and_a_missing_report_are_each_explained(agency):
    _report(agency, 2025, dt.date(2026, 4, 1))  # one day late
    result = credit.evaluate(agency, ON)
    ids = sorted(i.id for i in result.items)
    # licence expired 2026-02-28; 2024's report (due 2025-03-31, within 24 months) missing; 2025 late
    assert ids == ["annual_report_late", "annual_report_missing", "no_valid_licence"]
    assert result.score == 100 - 40 - 20 - 10
    assert result.grade == "D"
    late = next(i for i in result.items if i.id == "annual_report_late")
    assert "2026-03-31" in late.detail and "2026-04-01" in late.detail and "第二十五条" in late.reference


@pytest.mark.parametrize(("score", "grade"), [(90, "A"), (89, "B"), (75, "B"), (74, "C"), (60, "C"), (59, "D"), (0, "D")])
def test_grade_floors_are_inclusive(score, grade):
    assert credit.grade_for(score, ON) == grade


def test_the_evaluation_is_recomputed_when_a_fact_changes(agency, clerk, make_user):
    first = agency.credit_evaluations.latest()
    employer = make_user(Role.EMPLOYER, organisation=agency)
    actions.submit_annual_report(employer, agency, year=2025, people_served=300, placements=40,
                                 employers_served=12, today=dt.date(2026, 3, 20))
    latest = agency.credit_evaluations.latest()
    assert latest.pk != first.pk
    assert "报送2025年度报告" in latest.trigger


def test_an_employer_reports_only_for_its_own_agency(agency, make_user):
    other = make_user(Role.EMPLOYER, organisation=create_org("别家公司", kind=OrgKind.HR_AGENCY))
    with pytest.raises(PermissionDenied):
        actions.submit_annual_report(other, agency, year=2025, people_served=1, placements=0, employers_served=0)


def test_report_figures_are_checked_naming_the_field(agency, clerk):
    with pytest.raises(RegulationError) as err:
        actions.submit_annual_report(clerk, agency, year=2025, people_served=5, placements=9, employers_served=1,
                                     today=dt.date(2026, 3, 1))
    assert err.value.field == "placements"
    with pytest.raises(RegulationError) as err:
        actions.submit_annual_report(clerk, agency, year=2026, people_served=5, placements=1, employers_served=1,
                                     today=dt.date(2026, 3, 1))
    assert err.value.field == "year"


def test_listing_needs_notice_then_a_second_person_and_expires_by_itself(agency, clerk, reviewer, admin_user):
    entry = actions.propose_listing(admin_user, agency, kind=ListKind.HR_MARKET, reason="伪造招聘信息骗取求职者费用",
                                    basis="人力资源市场暂行条例 第四十三条", notified_on=dt.date(2026, 6, 1))
    assert entry.objection_due == dt.date(2026, 6, 8)  # 5 working days, Monday 1 June → Monday 8 June
    with pytest.raises(PermissionDenied):
        actions.decide_listing(clerk, entry, today=dt.date(2026, 6, 9))  # clerks do not decide
    with pytest.raises(RegulationError, match="届满后方可决定"):
        actions.decide_listing(reviewer, entry, today=dt.date(2026, 6, 8))
    with pytest.raises(PermissionDenied, match="职责分离"):
        actions.decide_listing(admin_user, entry, today=dt.date(2026, 6, 9))
    entry = actions.decide_listing(reviewer, entry, today=dt.date(2026, 6, 9))
    assert (entry.status, entry.listed_on, entry.listed_until) == (ListStatus.LISTED, dt.date(2026, 6, 9), dt.date(2029, 6, 8))
    evaluation = agency.credit_evaluations.latest()
    assert any(i["id"] == "listed" for i in evaluation.items)
    with pytest.raises(RegulationError, match="12 个月"):
        actions.remove_early(reviewer, entry, "已整改", today=dt.date(2027, 6, 8))
    assert actions.expire_lists(None, today=dt.date(2029, 6, 8)) == 0
    assert actions.expire_lists(None, today=dt.date(2029, 6, 9)) == 1
    entry.refresh_from_db()
    assert entry.status == ListStatus.EXPIRED


def test_the_party_states_its_case_within_the_period_only(agency, clerk, make_user, reviewer):
    employer = make_user(Role.EMPLOYER, organisation=agency)
    entry = actions.propose_listing(clerk, agency, kind=ListKind.WAGE_ARREARS, reason="拖欠工资",
                                    basis="保障农民工工资支付条例", notified_on=dt.date(2026, 6, 1))
    actions.state_objection(employer, entry, "工资已于6月3日足额支付，附银行回单", today=dt.date(2026, 6, 8))
    with pytest.raises(RegulationError, match="届满"):
        actions.state_objection(employer, entry, "补充", today=dt.date(2026, 6, 9))
    entry = actions.withdraw_listing(reviewer, entry, "申辩成立：工资已足额支付", today=dt.date(2026, 6, 10))
    assert entry.status == ListStatus.WITHDRAWN


def test_a_poorer_grade_weighs_more_in_the_inspection_draw(agency):
    assert credit.inspection_weight("A", ON) < credit.inspection_weight("B", ON) < credit.inspection_weight("D", ON)
    latest = agency.credit_evaluations.latest()
    assert actions.risk_weight(agency, ON) == credit.inspection_weight(latest.grade, ON)


def test_upheld_complaints_and_penalties_count_within_the_look_back_and_the_stored_grade_follows(agency, clerk, reviewer):
    from zhihui.rights import actions as rights

    AgencyLicence.objects.filter(organisation=agency).update(valid_until=dt.date(2029, 2, 28))
    _report(agency, 2024, dt.date(2025, 3, 1))
    _report(agency, 2025, dt.date(2026, 3, 1))

    def closed(outcome, on):
        case = rights.file_case(clerk, kind="inspection", respondent=agency, facts="收取求职者押金", anonymous=True,
                                received_on=on - dt.timedelta(days=20))
        case = rights.accept(clerk, case, handler=reviewer, today=on - dt.timedelta(days=19))
        return rights.conclude(reviewer, case, outcome, "查实", today=on)

    closed("order", dt.date(2024, 6, 1))        # exactly 24 months before ON: still counted
    closed("order", dt.date(2024, 5, 31))       # one day older: not counted
    closed("no_violation", dt.date(2026, 1, 10))  # not upheld: not counted
    penalised = closed("penalise", dt.date(2026, 2, 1))
    result = credit.evaluate(agency, ON)
    assert sorted(i.id for i in result.items) == ["complaint_penalised", "complaint_upheld"]
    assert result.score == 100 - 10 - 25 and result.grade == "C"
    assert penalised.number in next(i for i in result.items if i.id == "complaint_penalised").detail
    latest = agency.credit_evaluations.latest()  # recomputed when the case closed, not on the next read
    assert any(i["id"] == "complaint_penalised" for i in latest.items) and penalised.number in latest.trigger


def test_licences_in_force_one_rule_for_credit_and_models(clerk, reviewer, agency):
    """A licence is in force from its issue day to its last valid day, until the day it is
    revoked; the credit evaluation and the model-agency check ask credit.licences_in_force."""
    lic = AgencyLicence.objects.get(organisation=agency)  # 2021-03-01 .. 2026-02-28
    assert credit.licences_in_force(agency, dt.date(2021, 2, 28)) == []
    assert credit.licences_in_force(agency, dt.date(2021, 3, 1)) == [lic]
    assert credit.licences_in_force(agency, dt.date(2026, 2, 28)) == [lic]
    assert credit.licences_in_force(agency, dt.date(2026, 3, 1)) == []
    assert credit.licences_in_force(agency, dt.date(2024, 1, 1), kind="dispatch") == []
    filing = actions.record_licence(clerk, agency, kind="filing", number="济人服备[2025]01", scope="人才推荐",
                                    issued_on=dt.date(2025, 1, 1))
    assert credit.licences_in_force(agency, dt.date(2030, 1, 1)) == [filing]  # a filing has no end
    actions.revoke_licence(reviewer, filing, on=dt.date(2026, 1, 1), reason="停业")
    assert credit.licences_in_force(agency, dt.date(2025, 12, 31), kind="filing") == [AgencyLicence.objects.get(pk=filing.pk)]
    assert credit.licences_in_force(agency, dt.date(2026, 1, 1)) == [lic]
    assert credit.licences_in_force(agency, dt.date(2026, 3, 1)) == []
    # the callers
    assert "no_valid_licence" in [i.id for i in credit.evaluate(agency, dt.date(2026, 3, 1)).items]
    assert "no_valid_licence" not in [i.id for i in credit.evaluate(agency, dt.date(2025, 12, 31)).items]
    assert ("organisation", "无有效的人力资源服务许可或备案") in actions.model_ineligibility(agency, dt.date(2026, 3, 1))
    assert ("organisation", "无有效的人力资源服务许可或备案") not in actions.model_ineligibility(agency, dt.date(2025, 6, 1))
