"""Enterprise monitoring: monthly reports (form, API), missing reports chased, layoff early
warning rules with dated thresholds (which rule fired on which numbers), alerts assigned and
closed, mass-layoff reports."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import create_org
from zhihui.core.models import AuditEvent
from zhihui.core.roles import Role
from zhihui.core.workflow import TransitionNotAllowed
from zhihui.employment import actions, selectors
from zhihui.employment.actions import EmploymentInputError
from zhihui.employment.warning import evaluate

D = dt.date


def test_rules_fire_with_their_numbers():
    f = evaluate(D(2026, 3, 1), 430, 0, [(D(2026, 2, 1), 500)], D(2026, 3, 1))
    assert [x.rule for x in f] == ["headcount_drop_pct", "headcount_drop_people"]
    assert f[0].level == "2" and f[0].numbers["drop_pct"] == "14.0" and f[0].numbers["threshold_pct"] == 10
    assert "500人降至430人" in f[0].message
    assert evaluate(D(2026, 3, 1), 451, 0, [(D(2026, 2, 1), 500)], D(2026, 3, 1)) == []  # 9.8 %, 49 people
    assert evaluate(D(2026, 3, 1), 450, 0, [(D(2026, 2, 1), 500)], D(2026, 3, 1))[0].rule == "headcount_drop_pct"
    assert evaluate(D(2026, 3, 1), 390, 0, [(D(2026, 2, 1), 500)], D(2026, 3, 1))[0].level == "1"  # ≥ 20 %
    # a gap is not a monthly change
    assert evaluate(D(2026, 3, 1), 100, 0, [(D(2026, 1, 1), 500)], D(2026, 3, 1)) == []


def test_mass_layoff_is_the_laws_line():
    assert evaluate(D(2026, 3, 1), 1000, 20, [], D(2026, 3, 1))[0].rule == "mass_layoff"
    assert evaluate(D(2026, 3, 1), 1000, 19, [], D(2026, 3, 1)) == []
    assert evaluate(D(2026, 3, 1), 100, 10, [], D(2026, 3, 1))[0].numbers["planned_layoffs"] == 10  # 10 %
    assert evaluate(D(2026, 3, 1), 100, 9, [], D(2026, 3, 1)) == []


def test_consecutive_decline():
    prev = [(D(2025, 11, 1), 100), (D(2025, 12, 1), 99), (D(2026, 1, 1), 98)]
    f = evaluate(D(2026, 2, 1), 97, 0, prev, D(2026, 2, 1))
    assert [x.rule for x in f] == ["consecutive_decline"] and f[0].numbers["months"] == 3
    assert evaluate(D(2026, 2, 1), 97, 0, prev[1:], D(2026, 2, 1)) == []


def test_thresholds_are_the_city_packages_dated_parameters(tmp_path, settings):
    """The thresholds are read from the city package's domains/employment.yaml: another city's
    package (here a copy with a lower line from 2026-06-01) changes the rule from its date on."""
    import shutil

    import yaml

    from zhihui.core import params
    from zhihui.policy.package import POLICIES_DIR

    drop = (D(2026, 2, 1), 470, 0, [(D(2026, 1, 1), 500)])  # 6 %, 30 people
    assert evaluate(*drop, D(2026, 7, 1)) == []  # Jiyuan: 10 %
    other = tmp_path / "othercity"
    shutil.copytree(POLICIES_DIR / "jiyuan", other, ignore=shutil.ignore_patterns("__pycache__", "tests"))
    path = other / "domains" / "employment.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["warning.headcount_drop_pct"]["values"] = [{"valid_from": D(2021, 1, 1), "valid_to": D(2026, 5, 31), "value": 10},
                                                   {"valid_from": D(2026, 6, 1), "value": 5}]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    settings.ZHIHUI_POLICY_PACKAGE = str(other)
    params.clear_cache()
    try:
        assert evaluate(*drop, D(2026, 5, 31)) == []
        fired = evaluate(*drop, D(2026, 6, 1))
        assert [x.rule for x in fired] == ["headcount_drop_pct"] and fired[0].numbers["threshold_pct"] == 5
        assert "预警线5%" in fired[0].message
    finally:
        params.clear_cache()


@pytest.fixture
def monitored(db, admin_user, clerk):
    org = create_org("济源钢铁")
    return actions.enrol_enterprise(admin_user, org, kind="key", officer=clerk, since="2025-01-01")


def test_report_raises_alerts_which_are_assigned_and_closed(make_user, monitored, clerk, reviewer):
    employer = make_user(Role.EMPLOYER, organisation=monitored.organisation)
    actions.submit_report(employer, monitored, month="2026-01", headcount=500, hires=5, separations=3, vacancies=2)
    report, alerts = actions.submit_report(employer, monitored, month="2026-02", headcount=430, hires=0,
                                           separations=70, vacancies=0)
    assert [a.rule for a in alerts] == ["headcount_drop_pct", "headcount_drop_people"]
    with pytest.raises(EmploymentInputError) as e:
        actions.submit_report(employer, monitored, month="2026-02", headcount=1, hires=0, separations=0, vacancies=0)
    assert e.value.field == "month"
    with pytest.raises(EmploymentInputError) as e:
        actions.submit_report(employer, monitored, month="2026-03", headcount="x", hires=0, separations=0, vacancies=0)
    assert e.value.field == "headcount"
    alert = alerts[0]
    with pytest.raises(PermissionDenied):
        actions.assign_alert(clerk, alert, assignee=clerk)  # assignment is a reviewer's decision
    with pytest.raises(TransitionNotAllowed):
        actions.close_alert(reviewer, alert, note="x")  # not assigned yet
    alert = actions.assign_alert(reviewer, alert, assignee=clerk)
    with pytest.raises(TransitionNotAllowed):
        actions.close_alert(clerk, alert, note="")
    alert = actions.close_alert(clerk, alert, note="企业转产，已组织专场招聘会")
    assert alert.state == "closed" and [t.name for t in alert.transitions.all()] == ["assign", "close"]
    assert AuditEvent.objects.filter(object_type="employment.alert", action="create").count() == 2


def test_an_employer_reports_only_for_itself(make_user, monitored):
    other = make_user(Role.EMPLOYER, organisation=create_org("别家"))
    with pytest.raises(PermissionDenied):
        actions.submit_report(other, monitored, month="2026-01", headcount=1, hires=0, separations=0, vacancies=0)


def test_missing_reports_are_listed_and_chased(monitored, clerk):
    missing = selectors.missing_reports(D(2026, 10, 1), D(2026, 11, 20))
    assert [(e.pk, overdue) for e, overdue in missing] == [(monitored.pk, True)]
    assert selectors.missing_reports(D(2026, 10, 1), D(2026, 11, 5))[0][1] is False  # not yet due (10th)
    actions.chase_report(clerk, monitored, month="2026-10", note="电话催报")
    assert selectors.missing_reports(D(2026, 10, 1), D(2026, 11, 20))[0][0].chased == 1
    actions.submit_report(clerk, monitored, month="2026-10", channel="window", headcount=1, hires=0,
                          separations=0, vacancies=0)
    assert selectors.missing_reports(D(2026, 10, 1), D(2026, 11, 20)) == []
    with pytest.raises(EmploymentInputError):
        actions.chase_report(clerk, monitored, month="2026-10", note="x")


@pytest.mark.django_db
def test_api_report_answers_the_alerts(client_for, make_user, monitored):
    employer = make_user(Role.EMPLOYER, organisation=monitored.organisation)
    c = client_for(employer)
    body = {"uscc": monitored.organisation.uscc, "month": "2026-05", "headcount": 100, "hires": 0,
            "separations": 0, "vacancies": 0, "planned_layoffs": 30}
    r = c.post("/api/v1/employment/monitoring/reports", data=body, content_type="application/json")
    assert r.status_code == 201 and r.json()["alerts"][0]["rule"] == "mass_layoff"
    r = c.post("/api/v1/employment/monitoring/reports", data={**body, "month": "2026-13"},
               content_type="application/json")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "month"]
    other = create_org("别家")
    r = c.post("/api/v1/employment/monitoring/reports", data={**body, "uscc": other.uscc}, content_type="application/json")
    assert r.status_code == 404


def test_mass_layoff_report_and_response(make_user, monitored, reviewer, clerk):
    employer = make_user(Role.EMPLOYER, organisation=monitored.organisation)
    with pytest.raises(EmploymentInputError) as e:
        actions.report_mass_layoff(employer, monitored.organisation, headcount=100, planned_count=120, reason="x", plan="y")
    assert e.value.field == "planned_count"
    rep = actions.report_mass_layoff(employer, monitored.organisation, headcount=100, planned_count=25,
                                     reason="生产线关停", plan="经济补偿N+1；内部转岗10人")
    with pytest.raises(PermissionDenied):
        actions.respond_mass_layoff(clerk, rep, response="同意")
    rep = actions.respond_mass_layoff(reviewer, rep, response="请优先内部转岗，人社局组织专场招聘")
    assert rep.responded_by == reviewer


def test_alerts_for_many_reports_at_once_equal_one_report_at_a_time(db, admin_user):
    """The batched path (`raise_alerts_for`: one grouped query per fact) raises exactly the
    alerts the reports raise one at a time, whatever order they come in, and never twice."""
    import random

    from django.db import transaction

    from zhihui.employment.models import Alert, MonthlyReport

    rnd = random.Random(7)
    reports = []
    for k in range(6):
        ent = actions.enrol_enterprise(admin_user, create_org(f"监测企业{k}"), kind="key", since="2025-01-01")
        head = 300
        for m in range(1, 13):
            if m == 7 and k % 3 == 0:
                continue  # a gap: not a monthly change
            head = max(10, head - rnd.choice([0, 2, 5, 40, 90]) + rnd.choice([0, 3]))
            reports.append(MonthlyReport(enterprise=ent, month=D(2025, m, 1), headcount=head, hires=0, separations=0,
                                         vacancies=0, planned_layoffs=rnd.choice([0, 0, 0, 25]), channel="form"))
    MonthlyReport.objects.bulk_create(reports)
    stored = list(MonthlyReport.objects.order_by("?"))

    def raised():
        return sorted((a.report_id, a.rule, a.level, a.message, str(a.numbers)) for a in Alert.objects.all())

    with transaction.atomic():
        for r in stored:
            actions.raise_alerts("t", r)
        one_by_one = raised()
        transaction.set_rollback(True)
    new = actions.raise_alerts_for("t", stored)
    assert raised() == one_by_one and len(one_by_one) > 5
    assert {rule for _, rule, *_ in one_by_one} >= {"headcount_drop_pct", "mass_layoff", "consecutive_decline"}
    assert sum(len(v) for v in new.values()) == len(one_by_one)
    assert AuditEvent.objects.filter(object_type="employment.alert", action="create").count() == len(one_by_one)
    from zhihui.core.audit import verify_chain

    assert verify_chain()[1] is None  # the alerts' audit rows are chained like any others
    assert all(v == [] for v in actions.raise_alerts_for("t", stored).values())  # idempotent
