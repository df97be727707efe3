"""Zero-employment households swept over the registry and tracked to zero; assistance cases
一人一档一人一策 through their workflow, town scope and audit."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import create_person
from zhihui.core.models import AuditEvent, BackgroundJob
from zhihui.core.params import value
from zhihui.core.roles import Role
from zhihui.core.workflow import TransitionNotAllowed
from zhihui.employment import actions, selectors
from zhihui.employment.actions import EmploymentInputError
from zhihui.employment.models import (
    AssistanceCase,
    Household,
    HouseholdMember,
    StaffAssignment,
    SweepRun,
    ZeroHousehold,
)

D = dt.date


@pytest.fixture
def towns(db):
    from zhihui.registry.models import Division

    a = Division.objects.create(code="419001100", name="克井镇", level="town")
    b = Division.objects.create(code="419001101", name="五龙口镇", level="town")
    return a, b


def _household(code, town, *people, urban=True, business_income=False):
    h = Household.objects.create(code=code, division=town, urban=urban, business_income=business_income)
    for p in people:
        HouseholdMember.objects.create(household=h, person=p, able_to_work=True, wants_work=True)
    return h


def _unemployed(clerk, p, day="2026-01-05"):
    actions.record_event(clerk, p, kind="registered_unemployed", effective_on=day, unemployment_reason="contract_ended")


def test_sweep_finds_lists_and_clears_households(clerk, towns):
    a = create_person("甲", D(1980, 1, 1))
    b = create_person("乙", D(1982, 2, 2))
    c = create_person("丙", D(1984, 3, 3))
    _unemployed(clerk, a)
    _unemployed(clerk, b)
    _unemployed(clerk, c)
    h1 = _household("H1", towns[0], a, b)  # both registered unemployed: zero-employment
    _household("H2", towns[0], c, urban=False)  # rural: not
    unknown = create_person("丁", D(1986, 4, 4))  # no status event: undecided
    _household("H3", towns[1], unknown)
    counts = actions.sweep_zero_households(clerk, D(2026, 2, 1))
    assert counts["zero"] == 1 and counts["found"] == 1 and counts["undetermined"] == 1
    z = ZeroHousehold.objects.get()
    days = value("employment", "zero_household.clearing_days", D(2026, 2, 1))
    assert z.household == h1 and z.found_on == D(2026, 2, 1) and z.deadline == D(2026, 2, 1) + dt.timedelta(days=days)
    again = actions.sweep_zero_households(clerk, D(2026, 2, 8))
    assert again["found"] == 0 and ZeroHousehold.objects.count() == 1  # tracked, not re-found
    actions.record_event(clerk, b, kind="flexible", effective_on="2026-02-10")
    done = actions.sweep_zero_households(clerk, D(2026, 2, 15))
    z.refresh_from_db()
    assert done["cleared"] == 1 and z.state == "cleared" and z.cleared_on == D(2026, 2, 15)
    assert [r.open_after for r in selectors.sweep_series()] == [1, 1, 0]  # going to zero
    assert AuditEvent.objects.filter(object_type="employment.sweeprun").count() == 3
    from zhihui.plan.compute import compute_year

    assert compute_year(2025)["C10-T02"] is None  # no sweep had run by the end of 2025
    assert compute_year(2026)["C10-T02"] == 0  # cleared: the plan's 动态清零 indicator


def test_sweep_runs_as_a_job_with_progress(clerk, towns):
    job = actions.start_sweep(clerk, D(2026, 2, 1))  # eager without a broker
    job = BackgroundJob.objects.get(pk=job.pk)
    assert job.status == "done" and job.result["households"] == 0
    assert SweepRun.objects.count() == 1


def test_members_who_moved_away_or_study_are_read_from_the_registry(clerk, towns):
    a = create_person("甲", D(1980, 1, 1))
    s = create_person("学", D(2004, 1, 1))
    gone = create_person("迁", D(1981, 1, 1))
    _unemployed(clerk, a)
    actions.record_event(clerk, gone, kind="moved_away", effective_on="2025-05-01")
    h = _household("H1", towns[0], a, s, gone)
    HouseholdMember.objects.filter(person=s).update(in_school=True)
    (_, facts), = selectors.household_facts([h], D(2026, 2, 1))
    assert [m["id"] for m in facts["members"]] == [str(a.pk), str(s.pk)]
    assert facts["members"][1]["status"] == "student"
    assert facts["members"][0]["retirement_category"] == "male"


# --- assistance cases ------------------------------------------------------------------------

SERVICE = {"kind": "public_welfare_post", "detail": "社区保洁公益性岗位", "starts_on": "2026-02-01",
           "ends_on": "2027-01-31", "monthly_subsidy": "1500"}


def test_case_from_opening_to_closure_follows_the_workflow(clerk, reviewer, towns):
    p = create_person("甲", D(1980, 1, 1), residence=towns[0])
    case = actions.open_case(clerk, p, source="zero_household")
    assert case.state == "open" and case.division == towns[0]
    with pytest.raises(TransitionNotAllowed):
        actions.close_case(clerk, case, outcome="employed", note="x")
    with pytest.raises(EmploymentInputError) as e:
        actions.plan_case(clerk, case, services=[])
    assert e.value.field == "services"
    with pytest.raises(EmploymentInputError) as e:
        actions.plan_case(clerk, case, services=[{**SERVICE, "monthly_subsidy": ""}])
    assert e.value.field == "services[0].monthly_subsidy"
    case = actions.plan_case(clerk, case, services=[SERVICE])
    assert case.state == "active" and case.next_follow_up > actions.today()
    from zhihui.window.workdays import add_working_days

    assert case.next_follow_up == add_working_days(actions.today(), 10)
    case = actions.follow_up(clerk, case, note="已上岗，工作稳定")
    with pytest.raises(EmploymentInputError) as e:
        actions.close_case(clerk, case, outcome="", note="结案")
    assert e.value.field == "outcome"
    with pytest.raises(TransitionNotAllowed):
        actions.close_case(clerk, case, outcome="public_welfare_post", note="")
    case = actions.close_case(clerk, case, outcome="public_welfare_post", note="公益性岗位安置")
    assert case.state == "closed" and case.outcome == "public_welfare_post" and case.closed_on == actions.today()
    assert [t.name for t in case.transitions.all()] == ["open", "plan", "follow_up", "close"]
    with pytest.raises(PermissionDenied):
        actions.reopen_case(clerk, case, reason="误结")  # a clerk may not reopen
    case = actions.reopen_case(reviewer, case, reason="岗位到期未续")
    assert case.state == "active" and case.outcome == ""


def test_town_clerks_see_only_their_town(make_user, clerk, towns, client_for):
    p1 = create_person("甲", D(1980, 1, 1), residence=towns[0])
    p2 = create_person("乙", D(1981, 1, 1), residence=towns[1])
    c1 = actions.open_case(clerk, p1, source="difficulty")
    c2 = actions.open_case(clerk, p2, source="difficulty")
    town_clerk = make_user(Role.CLERK, "kejing")
    StaffAssignment.objects.create(user=town_clerk, division=towns[0])
    assert list(selectors.visible_cases(town_clerk)) == [c1]
    assert set(selectors.visible_cases(clerk)) == {c1, c2}
    with pytest.raises(PermissionDenied):
        actions.open_case(town_clerk, p2, source="difficulty", division=towns[1])
    with pytest.raises(AssistanceCase.DoesNotExist):
        actions.plan_case(town_clerk, c2, services=[SERVICE])
    c = client_for(town_clerk)
    assert c.get(f"/employment/cases/{c2.pk}/").status_code == 404
    assert c.get(f"/employment/persons/{p2.pk}/").status_code == 404
    r = c.get(f"/employment/cases/{c1.pk}/")
    assert r.status_code == 200 and "甲" in r.content.decode()
    assert AuditEvent.objects.filter(action="view", summary__contains=f"个案#{c1.pk}").count() == 1
    loads = selectors.caseloads(clerk)
    assert {r["division__name"]: r["n"] for r in loads["by_town"]} == {"克井镇": 1, "五龙口镇": 1}


def test_citizen_sees_own_cases_only(make_user, clerk, towns, client_for):
    p1 = create_person("甲", D(1980, 1, 1), residence=towns[0])
    p2 = create_person("乙", D(1981, 1, 1), residence=towns[0])
    mine = actions.open_case(clerk, p1, source="unemployed")
    other = actions.open_case(clerk, p2, source="unemployed")
    citizen = make_user(Role.CITIZEN, person=p1)
    assert list(selectors.visible_cases(citizen)) == [mine]
    c = client_for(citizen)
    assert c.get(f"/employment/cases/{other.pk}/").status_code == 404
    r = c.get(f"/employment/cases/{mine.pk}/")
    body = r.content.decode()
    assert r.status_code == 200 and "甲" in body
    assert 'id="plan-form"' not in body and 'id="step-form"' not in body  # no buttons for the citizen
