"""Labour-rights cases: statutory time limits on the official calendar (one ending on a holiday),
the workflows with their separation of duties, who sees what, and the Table 1 indicators."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import create_org, create_person
from zhihui.core.roles import Role
from zhihui.rights import actions, selectors
from zhihui.rights.actions import RightsError
from zhihui.rights.enums import CaseKind, CaseStatus
from zhihui.rights.models import Case

pytestmark = pytest.mark.django_db


@pytest.fixture
def parties(make_user):
    worker = create_person("王师傅", dt.date(1985, 5, 5))
    firm = create_org("济源建筑工程公司")
    return {
        "worker": worker,
        "citizen": make_user(Role.CITIZEN, person=worker),
        "firm": firm,
        "employer": make_user(Role.EMPLOYER, organisation=firm),
    }


def _file(actor, parties, kind, received_on, **extra):
    return actions.file_case(actor, kind=kind, respondent=parties["firm"], applicant=parties["worker"],
                             facts="拖欠2026年4月至6月工资共计18600元", claimed_amount="18600",
                             received_on=received_on, **extra)


def test_arbitration_acceptance_is_due_5_days_after_receipt_moved_past_national_day(parties, clerk):
    case = _file(clerk, parties, CaseKind.ARBITRATION, dt.date(2026, 9, 28))
    # 28 Sep + 5 days = 3 Oct, inside the National Day holiday (1–7 Oct): the next working day.
    assert case.accept_due == dt.date(2026, 10, 8)
    assert case.accept_due_provisional is False


def test_mediation_is_due_15_days_from_the_application(parties, clerk):
    case = _file(clerk, parties, CaseKind.MEDIATION, dt.date(2026, 9, 25))
    assert case.decide_due == dt.date(2026, 10, 10)  # a Saturday worked in lieu (调休): not moved


def test_the_award_is_due_45_days_from_acceptance_and_may_be_extended_once_by_15(parties, clerk, reviewer, admin_user):
    case = _file(clerk, parties, CaseKind.ARBITRATION, dt.date(2026, 6, 1))
    case = actions.accept(clerk, case, handler=reviewer, today=dt.date(2026, 6, 1))
    assert case.decide_due == dt.date(2026, 7, 16)
    with pytest.raises(PermissionDenied):
        actions.extend(reviewer, case, "案情复杂")  # the chair (administrator) approves
    case = actions.extend(admin_user, case, "案情复杂，经仲裁委员会主任批准")
    assert case.decide_due == dt.date(2026, 7, 31)  # 1 June + 60 days
    with pytest.raises(RightsError, match="一次"):
        actions.extend(admin_user, case, "再次延期")


def test_inspection_acceptance_in_5_and_conclusion_in_60_working_days(parties, clerk, reviewer):
    case = _file(clerk, parties, CaseKind.INSPECTION, dt.date(2026, 9, 25))
    assert case.accept_due == dt.date(2026, 10, 9)  # Fri 25 Sep: 28, 29, 30 Sep, 8, 9 Oct
    case = actions.accept(clerk, case, handler=reviewer, today=dt.date(2026, 6, 1))
    assert case.decide_due == dt.date(2026, 8, 25)


def test_a_deadline_in_a_year_without_a_notice_is_provisional(parties, clerk):
    case = _file(clerk, parties, CaseKind.MEDIATION, dt.date(2026, 12, 20))
    assert case.decide_due == dt.date(2027, 1, 4) and case.decide_due_provisional


def test_an_application_beyond_the_one_year_limitation_is_flagged_for_the_committee(parties, clerk):
    case = _file(clerk, parties, CaseKind.ARBITRATION, dt.date(2026, 6, 2), knew_on=dt.date(2025, 6, 1))
    assert "超过一年仲裁时效" in case.transitions.get().note
    fresh = _file(clerk, parties, CaseKind.ARBITRATION, dt.date(2026, 6, 1), knew_on=dt.date(2025, 6, 1))
    assert "时效" not in fresh.transitions.get().note


def test_whoever_accepted_the_case_does_not_award_it(parties, admin_user, reviewer):
    case = _file(admin_user, parties, CaseKind.ARBITRATION, dt.date(2026, 6, 1))
    case = actions.accept(admin_user, case, handler=reviewer, today=dt.date(2026, 6, 2))
    with pytest.raises(PermissionDenied, match="职责分离"):
        actions.conclude(admin_user, case, "award", "裁决支付工资18600元", "18600")
    case = actions.conclude(reviewer, case, "award", "裁决支付工资18600元", "18600", today=dt.date(2026, 7, 1))
    assert (case.status, case.recovered_amount, case.closed_on) == (CaseStatus.AWARDED, Decimal("18600.00"), dt.date(2026, 7, 1))


def test_hearings_cannot_double_book_a_room(parties, clerk, reviewer):
    a = actions.accept(clerk, _file(clerk, parties, CaseKind.ARBITRATION, dt.date(2026, 6, 1)), handler=reviewer)
    b = actions.accept(clerk, _file(clerk, parties, CaseKind.ARBITRATION, dt.date(2026, 6, 1)), handler=reviewer)
    at = dt.datetime(2026, 6, 20, 9, 0, tzinfo=dt.UTC)
    actions.schedule(clerk, a, hearing_at=at, hearing_room="第一仲裁庭")
    with pytest.raises(RightsError) as err:
        actions.schedule(clerk, b, hearing_at=at, hearing_room="第一仲裁庭")
    assert err.value.field == "hearing_at"


def test_the_worker_files_online_and_may_withdraw_but_not_decide(parties):
    case = _file(parties["citizen"], parties, CaseKind.MEDIATION, dt.date(2026, 6, 1))
    assert case.channel == "online"
    with pytest.raises(PermissionDenied):
        actions.conclude(parties["citizen"], case, "mediated", "达成协议")
    case = actions.conclude(parties["citizen"], case, "withdraw", "已私下和解")
    assert case.status == CaseStatus.WITHDRAWN


def test_a_citizen_cannot_file_for_someone_else(parties, make_user):
    other = make_user(Role.CITIZEN, person=create_person("李四", dt.date(1990, 1, 1)))
    with pytest.raises(PermissionDenied):
        _file(other, parties, CaseKind.MEDIATION, dt.date(2026, 6, 1))


def test_each_party_sees_only_its_own_cases_and_arbitrators_their_assigned(parties, clerk, reviewer, make_user):
    mine = _file(clerk, parties, CaseKind.ARBITRATION, dt.date(2026, 6, 1))
    other_worker = create_person("赵六", dt.date(1992, 2, 2))
    theirs = actions.file_case(clerk, kind=CaseKind.MEDIATION, respondent=create_org("别家公司"), applicant=other_worker,
                               facts="x", received_on=dt.date(2026, 6, 1))
    assert list(selectors.cases_for(parties["citizen"])) == [mine]
    assert list(selectors.cases_for(parties["employer"])) == [mine]
    assert list(selectors.cases_for(reviewer)) == []
    actions.accept(clerk, mine, handler=reviewer)
    assert list(selectors.cases_for(reviewer)) == [mine]
    assert theirs not in selectors.cases_for(parties["citizen"])


def test_the_indicators_follow_their_definitions(parties, clerk, reviewer):
    def arbitration(received, accepted=None, outcome=None, closed=None):
        case = _file(clerk, parties, CaseKind.ARBITRATION, received)
        if accepted:
            case = actions.accept(clerk, case, handler=reviewer, today=accepted)
        if outcome:
            case = actions.conclude(reviewer, case, outcome, "结案", today=closed)
        return case

    arbitration(dt.date(2025, 11, 3), dt.date(2025, 11, 5))  # open on 1 Jan 2026, closed in 2026 below
    carried = Case.objects.get()
    actions.conclude(reviewer, carried, "award", "裁决", today=dt.date(2026, 1, 20))
    arbitration(dt.date(2026, 3, 2), dt.date(2026, 3, 3), "mediated", dt.date(2026, 4, 1))
    arbitration(dt.date(2026, 3, 2), dt.date(2026, 3, 3))  # still open
    mediation = _file(clerk, parties, CaseKind.MEDIATION, dt.date(2026, 5, 6))
    actions.accept(clerk, mediation)
    actions.conclude(clerk, mediation, "failed", "调解不成", today=dt.date(2026, 5, 15))
    k = selectors.kpis(2026)
    # arbitration: closed 2 (carried award + mediated) of load 3 (1 carried + 2 accepted in 2026)
    assert (k["T1-25"]["numerator"], k["T1-25"]["denominator"], k["T1-25"]["value"]) == (2, 3, Decimal("66.7"))
    # mediation success: 1 settled (arbitration by mediation) of 3 concluded (award, mediated, failed)
    assert (k["T1-24"]["numerator"], k["T1-24"]["denominator"]) == (1, 3)
    assert k["T1-26"]["value"] is None  # no inspection cases: no figure, not zero


def test_the_plan_indicators_read_the_cases(parties, clerk, reviewer):
    from zhihui.plan.compute import compute_year

    case = _file(clerk, parties, CaseKind.INSPECTION, dt.date(2026, 3, 2))
    case = actions.accept(clerk, case, handler=reviewer, today=dt.date(2026, 3, 3))
    actions.conclude(clerk, case, "order", "责令十日内支付工资", "18600", today=dt.date(2026, 4, 1))
    values = compute_year(2026)
    assert values["T1-26"] == Decimal("100.0")
    assert values["T1-25"] is None


def test_the_docs_print_the_declared_workflows():
    import pathlib

    from zhihui.rights.workflows import BY_KIND

    docs = (pathlib.Path(__file__).resolve().parents[2] / "docs" / "rights.md").read_text(encoding="utf-8")
    for workflow in BY_KIND.values():
        assert workflow.as_markdown().strip() in docs


def test_the_demo_city_has_cases_in_every_state_and_rates_near_the_baselines(db, make_user):
    from zhihui.core.actions import ensure_demo_accounts
    from zhihui.rights.demo import ensure_demo

    for i in range(30):
        create_person(f"居民{i}", dt.date(1980 + i % 20, 1 + i % 12, 1 + i % 27))
        create_org("企业", kind="enterprise")
    ensure_demo_accounts()
    assert "demo cases" in ensure_demo(today=dt.date(2026, 12, 7))
    assert "exist" in ensure_demo(today=dt.date(2026, 12, 7))
    statuses = set(Case.objects.values_list("status", flat=True))
    assert {"received", "awarded", "mediated", "mediation_failed", "ordered"} <= statuses
    assert statuses & {"accepted", "hearing"}  # open cases inside their time limits
    k = selectors.kpis(2025)
    assert all(k[c]["value"] is not None for c in ("T1-24", "T1-25", "T1-26"))
    from zhihui.rights.arrears import unpaid_months
    from zhihui.rights.models import Project

    missed = unpaid_months(Project.objects.get(), dt.date(2026, 12, 16))
    assert {u.month for u in missed} == {dt.date(2026, 11, 1)}  # last month's payroll never came


def test_an_inspection_is_extended_once_by_30_working_days_with_approval(parties, clerk, reviewer, admin_user):
    case = _file(clerk, parties, CaseKind.INSPECTION, dt.date(2026, 5, 29))
    case = actions.accept(clerk, case, handler=reviewer, today=dt.date(2026, 6, 1))
    assert case.decide_due == dt.date(2026, 8, 25)  # 60 working days
    with pytest.raises(PermissionDenied):
        actions.extend(reviewer, case, "案情复杂")  # the inspector does not extend its own case
    case = actions.extend(admin_user, case, "案情复杂，经劳动保障行政部门负责人批准")
    # 30 more working days: 4 in August, 22 in September (Sunday 20 Sep worked in lieu; 25 Sep is
    # the Mid-Autumn Festival), none 1–7 October, then 8, 9, Saturday 10 (worked in lieu), 12 October
    assert case.decide_due == dt.date(2026, 10, 12)
    with pytest.raises(RightsError, match="一次"):
        actions.extend(admin_user, case, "再次延期")


@pytest.mark.parametrize(("received", "late"), [
    (dt.date(2026, 10, 8), False),  # the year ends on 1 October, a holiday: moved to 8 October
    (dt.date(2026, 10, 9), True),
])
def test_the_limitation_year_ending_on_a_holiday_runs_to_the_next_working_day(parties, clerk, received, late):
    case = _file(clerk, parties, CaseKind.ARBITRATION, received, knew_on=dt.date(2025, 10, 1))
    assert ("超过一年仲裁时效" in case.transitions.get().note) == late
