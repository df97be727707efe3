"""The unemployed's help chain: a checklist from registration to outcome with dated deadlines,
shown on the clerk's view of the file and on the person's own page."""

import datetime as dt

import pytest

from tests.factories import create_person
from zhihui.core.roles import Role
from zhihui.employment import actions, help_chain
from zhihui.window.workdays import add_working_days

D = dt.date


@pytest.mark.django_db
def test_chain_steps_deadlines_and_outcome(clerk):
    p = create_person("陈晨", D(1990, 1, 1))
    assert help_chain.chain(p, actions.today()) is None  # never registered unemployed
    start = actions.today() - dt.timedelta(days=40)
    actions.record_event(clerk, p, kind="registered_unemployed", effective_on=start, unemployment_reason="resigned")
    c = help_chain.chain(p, actions.today())
    steps = {s.key: s for s in c["steps"]}
    assert steps["interview"].deadline == add_working_days(start, 5)
    assert steps["interview"].state == "overdue" and steps["referrals"].state == "overdue"
    assert steps["outcome"].state == "pending" and steps["outcome"].deadline == start + dt.timedelta(days=90)
    from zhihui.registry.models import Division

    p.residence = Division.objects.create(code="419001100", name="克井镇", level="town")
    p.save()
    case = actions.open_case(clerk, p, source="unemployed")
    today = actions.today()
    actions.plan_case(clerk, case, services=[
        {"kind": "guidance", "detail": "职业指导面谈", "starts_on": today},
        *({"kind": "referral", "detail": f"推荐岗位{i}", "starts_on": today} for i in range(3))])
    steps = {s.key: s for s in help_chain.chain(p, today)["steps"]}
    # done today, 40 days after registration: past the 5 working days and the 30 days
    assert steps["interview"].state == "late" and steps["referrals"].state == "late"
    assert steps["plan"].state == "late" and steps["training"].state == "open"
    assert "已推荐 3 次" in steps["referrals"].detail
    actions.record_event(clerk, p, kind="employed", effective_on=today, employer_name="济源某厂",
                         contract_type="fixed", contract_end=today + dt.timedelta(days=365))
    c = help_chain.chain(p, today)
    assert c["employed"] and {s.key: s for s in c["steps"]}["outcome"].state == "done"


@pytest.mark.django_db
def test_chain_is_on_the_clerks_and_the_persons_page(client_for, make_user, clerk):
    p = create_person("林立", D(1991, 1, 1))
    actions.record_event(clerk, p, kind="registered_unemployed", effective_on=actions.today(),
                         unemployment_reason="resigned")
    page = client_for(clerk).get(f"/employment/persons/{p.pk}/").content.decode()
    assert "失业人员帮扶链" in page and "首次面谈（职业指导）" in page and "待办" in page
    own = client_for(make_user(Role.CITIZEN, person=p)).get("/employment/me/").content.decode()
    assert "失业人员帮扶链" in own and "岗位推荐" in own
