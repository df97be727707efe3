"""Anti-fraud signals explain themselves; statistics and the Table 1 rows they feed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import create_org, create_person
from zhihui.skills import actions
from zhihui.skills.signals import signals
from zhihui.skills.stats import by_occupation, year_figures

from .conftest import DAY, at

pytestmark = pytest.mark.django_db


def _roster(world, clerk, n):
    people = [create_person(f"学员{i}", dt.date(1990, 3, 1 + i)) for i in range(n)]
    return [actions.enrol(clerk, world["session"], p, today=DAY) for p in people]


def test_one_device_checking_in_many_workers_is_flagged_with_who_and_where(world, clerk, make_user):
    from zhihui.core.roles import Role

    for e in _roster(world, clerk, 3):  # three workers, each signed in, all on one phone
        worker = make_user(Role.CITIZEN, person=e.person)
        actions.check_in(worker, e, method="qr", token=world["session"].checkin_token, at=at(DAY, 8, 35), device="one-phone")
    found = [s for s in signals(today=DAY) if s.kind == "shared_device"]
    assert len(found) == 1
    assert "3 名不同学员" in found[0].explanation and world["session"].number in found[0].explanation
    assert "阈值：3 名" in found[0].explanation and found[0].provider == world["provider"]


def test_a_check_in_at_night_is_flagged_and_a_morning_one_is_not(world, clerk):
    e = _roster(world, clerk, 1)[0]
    actions.check_in(world["trainer"], e, method="clerk", at=at(DAY, 8, 10))  # 20 minutes early: inside the slack
    actions.check_in(world["trainer"], e, method="clerk", at=at(DAY + dt.timedelta(days=1), 21, 15))
    found = [s for s in signals(today=DAY) if s.kind == "off_hours"]
    assert len(found) == 1 and found[0].count == 1
    assert "08:30–17:00" in found[0].explanation and "21:15" in found[0].explanation


def test_a_provider_certifying_far_above_its_peers_is_flagged(world, clerk, monkeypatch):
    from zhihui.skills import actions as a

    monkeypatch.setattr(a, "p", lambda pid, on: {"signals.cert_rate_min_trainees": 1}.get(pid) or a.value("skills", pid, on))
    evaluator = world["evaluator"]
    # two peers certify one of two trainees; ours certifies everyone
    results = []
    for k, prov_name in enumerate(["甲学校", "乙学校", None]):
        if prov_name:
            prov = actions.register_provider(clerk, create_org(prov_name), kind="social", approved_on=DAY)
            prog = actions.add_programme(clerk, prov, code=f"P{k}", name="电工", level="junior_worker", hours=40,
                                         price_cap="900", subsidy="800", capacity=10)
            session = actions.open_session(clerk, prog, starts_on=DAY, ends_on=DAY, day_start=dt.time(8), day_end=dt.time(17))
        else:
            session = world["session"]
        people = [create_person(f"{k}学员{i}", dt.date(1991, 1, 1 + i)) for i in range(2)]
        for person in people:
            e = actions.enrol(clerk, session, person, today=DAY)
            for d in range(session.days):
                actions.check_in(clerk, e, method="clerk", at=at(DAY + dt.timedelta(days=d), 9))
        actions.complete_session(clerk, session, today=session.ends_on)
        certified = people if prov_name is None else people[:1]
        for i, person in enumerate(certified):
            actions.record_certificate(clerk, person=person, kind="skill_level", level="junior_worker", name="电工",
                                       number=f"N{k}{i}", obtained_on=DAY + dt.timedelta(days=9), evaluator=evaluator)
        results.append(session)
    found = [s for s in signals(today=DAY + dt.timedelta(days=10)) if s.kind == "high_cert_rate"]
    assert [s.provider for s in found] == [world["provider"]]
    assert "取证率 100.0%" in found[0].explanation and "中位数 50.0%" in found[0].explanation and "高出 50.0" in found[0].explanation


def test_year_figures_and_the_table_1_rows(world, clerk):
    v = actions.issue_voucher(clerk, world["worker"], kind="general", group="rural", today=DAY - dt.timedelta(days=3))
    e = actions.enrol(clerk, world["session"], world["worker"], voucher=v, today=DAY)
    for d in range(5):
        actions.check_in(clerk, e, method="clerk", at=at(DAY + dt.timedelta(days=d), 9))
    _roster(world, clerk, 1)  # enrolled, never came
    actions.complete_session(clerk, world["session"], today=DAY + dt.timedelta(days=4))
    actions.record_certificate(clerk, person=world["worker"], kind="skill_level", level="intermediate_worker", name="焊工",
                               number="Y-1", obtained_on=DAY + dt.timedelta(days=9), evaluator=world["evaluator"])
    f = year_figures(2026)
    assert (f["trainings"], f["subsidised"], f["rural"], f["completed"], f["certified"], f["cert_rate"], f["holders"]) == (
        2, 2, 1, 1, 1, Decimal("100.0"), 1)
    assert by_occupation(2026)[0]["trainings"] == 2
    from zhihui.plan.compute import compute_years

    values = compute_years([2025, 2026])
    assert values[2026]["T1-11"] == Decimal("0.0002") and values[2026]["T1-12"] == Decimal("0.0001")
    assert values[2026]["C1-T20"] == Decimal("0.0002")
    assert values[2025]["T1-11"] is None  # no sessions: a figure entered by hand stays


def test_employment_and_income_gain_after_training(world, clerk, leader, client_for):
    """Four completed trainees: A earned 3,000 before and 4,500 after (+1,500); B had no job and
    earns 3,000 within six months (+3,000); C's new job has no known wage (employed, not in the
    income figure); D found a job only eight months later (neither). Average gain 2,250."""
    from zhihui.registry.models import EmploymentRecord
    from zhihui.skills.selectors import provider_results
    from zhihui.skills.stats import training_counts

    type(world["programme"]).objects.filter(pk=world["programme"].pk).update(capacity=4)
    a, b, c, d = (e.person for e in _roster(world, clerk, 4))
    for e in world["session"].enrolments.all():
        for day in range(5):
            actions.check_in(clerk, e, method="clerk", at=at(DAY + dt.timedelta(days=day), 9))
    actions.complete_session(clerk, world["session"], today=DAY + dt.timedelta(days=4))
    firm, end = create_org("济源钢铁"), DAY + dt.timedelta(days=4)
    EmploymentRecord.objects.create(person=a, organisation=firm, start_date=dt.date(2024, 1, 1), end_date=DAY + dt.timedelta(days=20),
                                    monthly_wage=Decimal("3000"))
    EmploymentRecord.objects.create(person=a, organisation=firm, start_date=DAY + dt.timedelta(days=21), monthly_wage=Decimal("4500"))
    EmploymentRecord.objects.create(person=b, organisation=firm, start_date=end + dt.timedelta(days=60), monthly_wage=Decimal("3000"))
    EmploymentRecord.objects.create(person=c, organisation=firm, start_date=end + dt.timedelta(days=30))
    EmploymentRecord.objects.create(person=d, organisation=firm, start_date=end + dt.timedelta(days=240), monthly_wage=Decimal("9000"))
    f = year_figures(2026)
    assert (f["completed"], f["employed"], f["employment_rate"], f["income_known"], f["income_gain"]) == (
        4, 3, Decimal("75.0"), 2, Decimal("2250"))
    [row] = provider_results(world["provider"])
    assert (row["employed"], row["income_gain"], row["income_known"]) == (3, Decimal("2250"), 2)
    counts = training_counts([2025, 2026])
    assert counts[2026]["completed"] == 4 and counts[2026]["trainings"] == 4 and counts[2025]["trainings"] == 0
    page = client_for(leader).get("/skills/stats/?year=2026").content.decode()
    assert '<td id="income-gain">2250（2 人）</td>' in page
    assert "2250" in client_for(leader).get("/skills/").content.decode()
