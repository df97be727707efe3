"""就业见习 (C10-D02): bases recognised by a second person (with model units), posts within the
dated term, trainees eligible on the start day (graduation years, youth ages: dated parameters),
months served, completion and retention, the monthly subsidy as a dated share of the dated
minimum wage, approved by a second person and paid through the one window; town scope; pages,
API and command."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import create_org, create_person
from zhihui.core.models import AuditEvent
from zhihui.core.roles import Role
from zhihui.employment import actions, selectors
from zhihui.employment.actions import EmploymentInputError
from zhihui.employment.models import StaffAssignment, TraineeshipClaim
from zhihui.employment.traineeship import eligibility, monthly_rate
from zhihui.registry.models import Division, EducationLevel, EducationRecord

D = dt.date


def _number(person):
    from zhihui.core.crypto import decrypt

    return decrypt(person.id_number_encrypted)


@pytest.fixture
def town(db):
    return Division.objects.create(code="419001100", name="克井镇", level="town")


@pytest.fixture
def graduate(db, town):
    level = EducationLevel.objects.create(code="20", name="大学本科", engine_degree="bachelor")
    p = create_person("毕业生", D(1999, 9, 1), residence=town)
    EducationRecord.objects.create(person=p, level=level, school="河南理工大学", graduation_date=D(2021, 6, 30))
    return p


@pytest.fixture
def base(db, town, clerk, reviewer):
    org = create_org("济源见习科技", division=town)
    b = actions.apply_base(clerk, org, contact="王经理 13900000000", description="研发助理")
    return actions.decide_base(reviewer, b, "recognise", note="材料齐全")


# --- eligibility at its boundaries ---------------------------------------------------------------

def test_graduate_eligible_until_the_day_before_the_second_anniversary(graduate, clerk):
    assert eligibility(graduate, "graduate", D(2023, 6, 29))[0] is True
    ok, why = eligibility(graduate, "graduate", D(2023, 6, 30))
    assert ok is False and "离校2年" in why
    assert eligibility(graduate, "graduate", D(2021, 6, 29))[0] is False  # not yet graduated
    actions.record_event(clerk, graduate, kind="employed", effective_on="2022-03-01", employer_name="某公司",
                         contract_type="open_ended")
    ok, why = eligibility(graduate, "graduate", D(2022, 3, 1))
    assert ok is False and "已就业" in why


def test_youth_aged_16_to_24_and_registered_unemployed(db, clerk):
    p = create_person("青年", D(2005, 3, 15))
    assert eligibility(p, "youth", D(2021, 3, 14)) == (False, "2021-03-14年龄15周岁，不在16–24周岁之间")
    actions.record_event(clerk, p, kind="registered_unemployed", effective_on="2021-03-15", unemployment_reason="other")
    assert eligibility(p, "youth", D(2021, 3, 15))[0] is True  # 16
    assert eligibility(p, "youth", D(2030, 3, 14))[0] is True  # 24
    assert eligibility(p, "youth", D(2030, 3, 15))[0] is False  # 25
    q = create_person("未登记", D(2003, 1, 1))
    assert eligibility(q, "youth", D(2024, 1, 1)) == (False, "2024-01-01不是登记失业人员")


# --- the subsidy from dated parameters -------------------------------------------------------------

def test_subsidy_follows_the_minimum_wage_changing_on_2022_01_01():
    # wages.yaml: 1900 until 2021-12-31, 2000 from 2022-01-01; employment.yaml: 70 %
    assert monthly_rate(D(2021, 12, 15)) == (Decimal("1900.00"), Decimal("70"), Decimal("1330.00"))
    assert monthly_rate(D(2022, 1, 1))[2] == Decimal("1400.00")


def test_share_is_the_packages_dated_parameter(tmp_path, settings):
    import shutil

    import yaml

    from zhihui.core import params
    from zhihui.policy.package import POLICIES_DIR

    other = tmp_path / "othercity"
    shutil.copytree(POLICIES_DIR / "jiyuan", other, ignore=shutil.ignore_patterns("__pycache__", "tests"))
    path = other / "domains" / "employment.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["traineeship.subsidy_share_pct"]["values"] = [
        {"valid_from": D(2021, 1, 1), "valid_to": D(2024, 6, 30), "value": 70},
        {"valid_from": D(2024, 7, 1), "value": 80}]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    settings.ZHIHUI_POLICY_PACKAGE = str(other)
    params.clear_cache()
    try:
        assert monthly_rate(D(2024, 6, 1))[2] == Decimal("1400.00")
        assert monthly_rate(D(2024, 7, 1))[2] == Decimal("1600.00")
    finally:
        params.clear_cache()


# --- the register and its workflow ------------------------------------------------------------------

def test_recognition_by_a_second_person_and_model_units(db, town, clerk, reviewer, admin_user):
    org = create_org("某单位", division=town)
    b = actions.apply_base(admin_user, org, contact="李 13800000000")
    with pytest.raises(PermissionDenied):
        actions.decide_base(clerk, b, "recognise")  # a clerk records, does not decide
    with pytest.raises(PermissionDenied, match="职责分离"):
        actions.decide_base(admin_user, b, "recognise")  # not who recorded it
    with pytest.raises(EmploymentInputError) as e:
        actions.apply_base(clerk, org, contact="重复")
    assert e.value.field == "organisation"
    b = actions.decide_base(reviewer, b, "recognise")
    assert b.state == "recognised" and b.recognised_on == actions.today()
    from zhihui.core.workflow import TransitionNotAllowed
    with pytest.raises(TransitionNotAllowed):
        actions.decide_base(reviewer, b, "designate")  # the reason is required
    assert actions.decide_base(reviewer, b, "designate", note="留用率高，管理规范").state == "model"
    assert AuditEvent.objects.filter(object_type="employment.traineeshipbase").count() == 3


@pytest.mark.parametrize("months, ok", [(2, False), (3, True), (12, True), (13, False)])
def test_post_term_within_the_dated_minimum_and_maximum(base, clerk, months, ok):
    if ok:
        assert actions.add_post(clerk, base, title="研发助理", kind="research", count=2, months=months).months == months
    else:
        with pytest.raises(EmploymentInputError) as e:
            actions.add_post(clerk, base, title="研发助理", kind="research", count=2, months=months)
        assert e.value.field == "months"


def test_bad_input_names_the_field(base, clerk, graduate, db, town):
    cases = [(dict(title="", kind="technical", count=1, months=6), "title"),
             (dict(title="技术员", kind="chef", count=1, months=6), "kind"),
             (dict(title="技术员", kind="technical", count=0, months=6), "count"),
             (dict(title="技术员", kind="technical", count="两", months=6), "count")]
    for data, field in cases:
        with pytest.raises(EmploymentInputError) as e:
            actions.add_post(clerk, base, **data)
        assert e.value.field == field, data
    post = actions.add_post(clerk, base, title="技术员", kind="technical", count=1, months=6, opened_on="2021-07-01")
    for data, field in [(dict(group="pupil", start_on="2021-08-01"), "group"),
                        (dict(group="graduate", start_on="2021-13-01"), "start_on"),
                        (dict(group="graduate", start_on="2021-06-01"), "start_on"),  # before the post
                        (dict(group="graduate", start_on="2021-08-01", months=7), "months"),  # over the post's term
                        (dict(group="youth", start_on="2021-08-01"), "person")]:  # not a youth
        with pytest.raises(EmploymentInputError) as e:
            actions.enrol_trainee(clerk, post, graduate, **data)
        assert e.value.field == field, data
    actions.enrol_trainee(clerk, post, graduate, group="graduate", start_on="2021-08-01")
    with pytest.raises(EmploymentInputError) as e:
        actions.enrol_trainee(clerk, post, create_person("另一人", D(2001, 1, 1)), group="youth", start_on="2021-08-01")
    assert e.value.field == "post" and "已满" in e.value.message


def test_months_claim_from_dated_parameters_approved_by_another_and_paid_through_the_window(
        base, clerk, reviewer, admin_user, graduate):
    from zhihui.window import actions as window
    from zhihui.window.models import Application, PaymentInstruction

    post = actions.add_post(clerk, base, title="研发助理", kind="research", count=2, months=6, opened_on="2021-11-01")
    t = actions.enrol_trainee(clerk, post, graduate, group="graduate", start_on="2021-11-15")
    for m in ("2021-11", "2021-12", "2022-01"):
        actions.record_trainee_month(clerk, t, m)
    with pytest.raises(EmploymentInputError) as e:
        actions.record_trainee_month(clerk, t, "2022-05")  # the 6-month term ends in 2022-04
    assert e.value.field == "month" and "2021-11至2022-04" in e.value.message
    with pytest.raises(EmploymentInputError):
        actions.record_trainee_month(clerk, t, "2021-12")  # once
    dec = actions.compute_claim(clerk, base, "2021-12")
    jan = actions.compute_claim(clerk, base, "2022-01")
    assert (dec.rate, dec.amount, jan.rate, jan.amount) == (Decimal("1330.00"), Decimal("1330.00"),
                                                            Decimal("1400.00"), Decimal("1400.00"))
    with pytest.raises(EmploymentInputError) as e:
        actions.compute_claim(clerk, base, "2022-02")
    assert e.value.field == "month" and "没有登记见习月份" in e.value.message
    with pytest.raises(PermissionDenied):
        actions.decide_claim(clerk, jan, "approve")
    with pytest.raises(EmploymentInputError) as e:
        actions.decide_claim(reviewer, jan, "approve")  # no budget line set for the year yet
    assert e.value.field == "budget"
    window.set_budget(admin_user, actions.today().year, "employment_subsidy", Decimal("100000"))
    jan = actions.decide_claim(reviewer, jan, "approve")
    assert jan.state == "approved" and jan.payment is not None
    app = Application.objects.get(pk=jan.payment_id)
    assert app.organisation_id == base.organisation_id and app.approved_total == Decimal("1400.00")
    assert PaymentInstruction.objects.get(application=app).amount == Decimal("1400.00")
    from zhihui.core.workflow import TransitionNotAllowed
    with pytest.raises(TransitionNotAllowed):
        actions.decide_claim(reviewer, dec, "return")  # a reason is required
    assert actions.decide_claim(reviewer, dec, "return", note="考勤表缺页").state == "rejected"
    assert actions.compute_claim(clerk, base, "2021-12").state == "computed"  # computed again after return


def test_completion_retention_and_rate(base, clerk, db):
    post = actions.add_post(clerk, base, title="管理助理", kind="management", count=5, months=3, opened_on="2024-01-01")
    people = []
    for i in range(4):
        p = create_person(f"青年{i}", D(2002, 1, 1))
        actions.record_event(clerk, p, kind="registered_unemployed", effective_on="2023-06-01", unemployment_reason="other")
        people.append(actions.enrol_trainee(clerk, post, p, group="youth", start_on="2024-01-02"))
    actions.end_trainee(clerk, people[0], outcome="retained", end_on="2024-04-01")
    actions.end_trainee(clerk, people[1], outcome="retained", end_on="2024-04-01")
    actions.end_trainee(clerk, people[2], outcome="left", end_on="2024-02-10")
    with pytest.raises(EmploymentInputError) as e:
        actions.end_trainee(clerk, people[3], outcome="retained", end_on="2023-12-31")
    assert e.value.field == "end_on"
    with pytest.raises(EmploymentInputError) as e:
        actions.record_trainee_month(clerk, people[2], "2024-03")
    assert "结束" in e.value.message
    b = selectors.traineeship_bases(None).get(pk=base.pk)
    assert (b.trainees_n, b.running, b.ended, b.retained) == (4, 1, 3, 2)
    assert selectors.retention_rate(b.retained, b.ended) == Decimal("66.7")
    assert selectors.retention_rate(0, 0) is None


def test_town_clerks_see_and_record_only_their_town(base, make_user, clerk):
    elsewhere = make_user(Role.CLERK, "clerk_wl")
    StaffAssignment.objects.create(user=elsewhere, division=Division.objects.create(code="419001101", name="五龙口镇",
                                                                                    level="town"))
    assert list(selectors.traineeship_bases(elsewhere)) == []
    assert [b.pk for b in selectors.traineeship_bases(clerk)] == [base.pk]
    with pytest.raises(EmploymentInputError) as e:
        actions.apply_base(elsewhere, create_org("镇外单位", division=base.organisation.division), contact="张")
    assert e.value.field == "organisation"
    with pytest.raises(type(base).DoesNotExist):
        actions.add_post(elsewhere, base, title="岗位", kind="other", count=1, months=3)


# --- pages, API, command -------------------------------------------------------------------------------

@pytest.mark.django_db
def test_pages_in_chinese_and_english_audited_and_scoped(client_for, base, clerk, graduate, leader, make_user):
    from tests.usability.test_no_english_on_chinese_pages import latin_words

    c = client_for(clerk)
    detail = f"/employment/traineeship/{base.pk}/"
    r = c.post(detail, {"op": "post", "title": "研发助理", "kind": "research", "count": "2", "months": "2"})
    assert r.status_code == 302
    page = c.get(detail).content.decode()
    assert "见习期（月）：见习期应为3到12个月" in page
    c.post(detail, {"op": "post", "title": "研发助理", "kind": "research", "count": "2", "months": "6",
                    "opened_on": "2021-07-01"})
    post = base.posts.get()
    c.post(detail, {"op": "enrol", "post": post.pk, "id_number": _number(graduate), "group": "graduate",
                    "start_on": "2021-08-01"})
    page = c.get(detail).content.decode()
    assert graduate.id_number_masked in page and _number(graduate) not in page and "离校未就业高校毕业生" in page
    assert AuditEvent.objects.filter(object_type="employment.traineeshipbase", action="view").count() == 2
    for path in ("/employment/traineeship/", detail, "/employment/traineeship/claims/?month=2021-12"):
        body = c.get(path).content.decode()
        assert not latin_words(body), path
    assert "1330.00" in c.get("/employment/traineeship/claims/?month=2021-12").content.decode()
    c.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = c.get("/employment/traineeship/").content.decode()
    assert "Traineeship bases" in english and "Retention rate" in english
    assert "Trainees" in c.get(detail).content.decode()
    c.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    lc = client_for(leader)
    assert base.organisation.name in lc.get("/employment/traineeship/").content.decode()
    assert lc.get(detail).status_code == 404
    elsewhere = make_user(Role.CLERK, "clerk_wl")
    StaffAssignment.objects.create(user=elsewhere, division=Division.objects.create(code="419001101", name="五龙口镇",
                                                                                    level="town"))
    assert client_for(elsewhere).get(detail).status_code == 404


@pytest.mark.django_db
def test_api(client_for, base, clerk, make_user):
    c = client_for(clerk)
    got = c.get("/api/v1/employment/traineeship/bases").json()
    assert [b["id"] for b in got["bases"]] == [base.pk] and got["bases"][0]["state"] == "recognised"
    assert c.get(f"/api/v1/employment/traineeship/bases/{base.pk}").json()["organisation"] == base.organisation.name
    assert c.get("/api/v1/employment/traineeship/bases/999999").status_code == 404
    assert c.get("/api/v1/employment/traineeship/bases/abc").status_code == 422
    assert c.put("/api/v1/employment/traineeship/bases", {}, content_type="application/json").status_code == 405
    org = create_org("新单位")
    r = c.post("/api/v1/employment/traineeship/bases", {"uscc": org.uscc, "contact": "赵 13700000000"},
               content_type="application/json")
    assert r.status_code == 201 and r.json()["state"] == "applied"
    r = c.post("/api/v1/employment/traineeship/bases", {"uscc": org.uscc, "contact": ""}, content_type="application/json")
    assert r.status_code == 422 and "contact" in r.content.decode()
    r = c.post(f"/api/v1/employment/traineeship/bases/{base.pk}/claims", {"month": "2021-13"},
               content_type="application/json")
    assert r.status_code == 422 and "month" in r.content.decode()
    assert c.get("/api/v1/employment/traineeship/claims?month=bad").status_code == 422
    elsewhere = make_user(Role.CLERK, "clerk_wl")
    StaffAssignment.objects.create(user=elsewhere, division=Division.objects.create(code="419001101", name="五龙口镇",
                                                                                    level="town"))
    oc = client_for(elsewhere)
    assert oc.get(f"/api/v1/employment/traineeship/bases/{base.pk}").status_code == 404
    assert oc.post(f"/api/v1/employment/traineeship/bases/{base.pk}/claims", {"month": "2021-12"},
                   content_type="application/json").status_code == 404
    assert client_for(make_user(Role.CITIZEN, "citizen_t")).get("/api/v1/employment/traineeship/bases").status_code == 403


@pytest.mark.django_db
def test_command(base, capsys):
    import argparse

    from zhihui.employment import cli

    assert cli.cmd_traineeship(argparse.Namespace(month="2021-12", json=True)) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["bases"][0]["organisation"] == base.organisation.name and out["month"] == "2021-12"
    assert cli.cmd_traineeship(argparse.Namespace(month="2021-13", json=False)) == 2
    assert "--month" in capsys.readouterr().err
    assert not TraineeshipClaim.objects.exists()


def test_workflow_tables_are_in_the_docs():
    from pathlib import Path

    from zhihui.employment.workflows import BASE_WORKFLOW, CLAIM_WORKFLOW, WORKSHOP_WORKFLOW

    doc = (Path(__file__).resolve().parents[2] / "docs" / "employment.md").read_text(encoding="utf-8")
    for wf in (BASE_WORKFLOW, CLAIM_WORKFLOW, WORKSHOP_WORKFLOW):
        assert wf.as_markdown().strip() in doc, wf.name


def test_a_day_before_the_rules_is_named_not_a_500(base, clerk, graduate, client_for):
    with pytest.raises(EmploymentInputError) as e:
        actions.add_post(clerk, base, title="岗位", kind="other", count=1, months=6, opened_on="2019-01-01")
    assert e.value.field == "opened_on"
    c = client_for(clerk)
    r = c.post(f"/employment/traineeship/{base.pk}/", {"op": "claim", "month": "2015-01"}, follow=True)
    assert r.status_code == 200 and "月份：" in r.content.decode()
    assert c.get("/employment/traineeship/claims/?month=2015-01").status_code == 200
    assert c.post(f"/api/v1/employment/traineeship/bases/{base.pk}/claims", {"month": "2015-01"},
                  content_type="application/json").status_code == 422
