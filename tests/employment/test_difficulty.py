"""就业困难人员: application (declared) → verification of evidence (verified) → recognition by
someone else, with the category's dated criteria; periodic review that keeps or ends it."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import create_person
from zhihui.core.roles import Role
from zhihui.employment import actions, difficulty, selectors
from zhihui.employment.actions import EmploymentInputError
from zhihui.employment.models import DifficultyRecognition
from zhihui.employment.retirement import add_months
from zhihui.employment.workflows import DIFFICULTY_WORKFLOW

D = dt.date


def _unemployed(clerk, person, since):
    actions.record_event(clerk, person, kind="registered_unemployed", effective_on=since,
                         unemployment_reason="contract_ended")


@pytest.mark.django_db
def test_older_criteria_at_their_boundary(clerk):
    on = D(2026, 6, 1)
    woman = create_person("王芳", D(1986, 6, 1), sex="F")   # 40 on the day
    younger = create_person("赵丽", D(1986, 6, 2), sex="F")  # 39
    man = create_person("钱强", D(1976, 6, 2))               # 49
    for p in (woman, younger, man):
        _unemployed(clerk, p, D(2026, 1, 1))
    assert difficulty.check("older", woman, on)[0] is True
    assert difficulty.check("older", younger, on)[0] is False
    assert difficulty.check("older", man, on)[0] is False
    assert "40周岁" in difficulty.check("older", woman, on)[1]


@pytest.mark.django_db
def test_long_term_unemployment_counts_uninterrupted_months(clerk):
    p = create_person("孙伟", D(1990, 1, 1))
    _unemployed(clerk, p, D(2025, 6, 1))
    assert difficulty.check("long_term", p, D(2026, 5, 31))[0] is False
    assert difficulty.check("long_term", p, D(2026, 6, 1))[0] is True
    actions.record_event(clerk, p, kind="flexible", effective_on=D(2026, 7, 1))
    _unemployed(clerk, p, D(2026, 8, 1))
    assert difficulty.check("long_term", p, D(2026, 12, 1))[0] is False  # interrupted by flexible work
    assert difficulty.check("disabled", p, D(2026, 1, 1))[0] is None  # only documents can tell


@pytest.mark.django_db
def test_application_verify_recognise_with_separation_of_duties(make_user, clerk, reviewer, admin_user):
    person = create_person("周敏", D(1980, 1, 1))
    citizen = make_user(Role.CITIZEN, person=person)
    with pytest.raises(EmploymentInputError) as e:
        actions.apply_difficulty(citizen, person, category="disabled", statement="")
    assert e.value.field == "statement"
    app = actions.apply_difficulty(citizen, person, category="disabled", statement="肢体残疾三级")
    assert app.channel == "self" and app.state == "submitted"
    other = create_person("别人", D(1980, 1, 1))
    with pytest.raises(PermissionDenied):
        actions.apply_difficulty(citizen, other, category="disabled", statement="x")
    with pytest.raises(PermissionDenied):
        actions.verify_difficulty(citizen, app, evidence="残疾人证")
    app = actions.verify_difficulty(admin_user, app, evidence="残疾人证 41900119800101xxxx43")
    assert app.state == "verified" and "证明材料" in app.criteria
    with pytest.raises(PermissionDenied, match="职责分离"):
        actions.decide_difficulty(admin_user, app, recognise=True)
    app = actions.decide_difficulty(reviewer, app, recognise=True)
    rec = app.recognition
    assert app.state == "recognised" and rec.review_due == add_months(rec.recognised_on, 12)
    assert [t.name for t in app.transitions.all()] == ["apply", "verify", "recognise"]


@pytest.mark.django_db
def test_unmet_criteria_refuse_recognition_naming_the_category(clerk, reviewer):
    p = create_person("吴刚", D(1995, 1, 1))
    _unemployed(clerk, p, actions.today() - dt.timedelta(days=30))
    app = actions.apply_difficulty(clerk, p, category="long_term", statement="失业一年多")
    app = actions.verify_difficulty(clerk, app, evidence="失业登记证")
    with pytest.raises(EmploymentInputError) as e:
        actions.decide_difficulty(reviewer, app, recognise=True)
    assert e.value.field == "category" and "连续12个月" in e.value.message
    from zhihui.core.workflow import TransitionNotAllowed

    with pytest.raises(TransitionNotAllowed):
        actions.decide_difficulty(reviewer, app, recognise=False, note="")
    app = actions.decide_difficulty(reviewer, app, recognise=False, note="连续失业不足一年")
    assert app.state == "rejected" and not DifficultyRecognition.objects.exists()


@pytest.mark.django_db
def test_periodic_review_keeps_or_ends_and_the_list_adjusts(clerk, reviewer):
    p = create_person("郑洁", D(1975, 1, 1))
    today = actions.today()
    rec = actions.recognise_difficulty(reviewer, p, category="disabled", recognised_on=add_months(today, -12))
    assert rec.review_due == today
    assert list(selectors.reviews_due(reviewer, today)) == [rec]
    assert selectors.recognised_count(reviewer, today) == 1
    with pytest.raises(PermissionDenied):
        actions.review_recognition(clerk, rec, keep=True, note="x")
    rec = actions.review_recognition(reviewer, rec, keep=True, note="仍未就业，继续认定")
    assert rec.review_due == add_months(today, 12) and list(selectors.reviews_due(reviewer, today)) == []
    rec = actions.review_recognition(reviewer, rec, keep=False, note="已稳定就业")
    assert rec.ended_on == today and selectors.recognised_count(reviewer, today) == 0


@pytest.mark.django_db
def test_pages(client_for, make_user, clerk, reviewer):
    person = create_person("冯雪", D(1980, 1, 1))
    citizen = make_user(Role.CITIZEN, person=person)
    c = client_for(citizen)
    r = c.post("/employment/me/difficulty/", {"category": "low_income", "statement": "享受城市低保"})
    assert r.status_code == 302
    page = c.get("/employment/me/difficulty/").content.decode()
    assert "享受最低生活保障人员" in page and "已申请" in page
    app = person.difficulty_applications.get()
    assert client_for(clerk).get(f"/employment/difficulty/{app.pk}/").status_code == 200
    r = client_for(clerk).post(f"/employment/difficulty/{app.pk}/", {"step": "verify", "evidence": ""})
    assert "请填写核实的证明材料" in r.content.decode()
    client_for(clerk).post(f"/employment/difficulty/{app.pk}/", {"step": "verify", "evidence": "低保证 No.123"})
    page = client_for(reviewer).get(f"/employment/difficulty/{app.pk}/").content.decode()
    assert "低保证 No.123" in page and 'value="recognise"' in page
    assert 'value="recognise"' not in client_for(clerk).get(f"/employment/difficulty/{app.pk}/").content.decode()
    client_for(reviewer).post(f"/employment/difficulty/{app.pk}/", {"step": "recognise"})
    assert "已认定" in client_for(citizen).get(f"/employment/difficulty/{app.pk}/").content.decode()
    stranger = make_user(Role.CITIZEN, person=create_person("陌生", D(1990, 1, 1)))
    assert client_for(stranger).get(f"/employment/difficulty/{app.pk}/").status_code == 404
    assert "目前在册就业困难人员 1 人" in client_for(reviewer).get("/employment/difficulty/").content.decode()


def test_workflow_table_is_in_the_docs():
    from pathlib import Path

    from zhihui.employment.workflows import ALERT_WORKFLOW, CASE_WORKFLOW

    doc = (Path(__file__).resolve().parents[2] / "docs" / "employment.md").read_text(encoding="utf-8")
    for wf in (CASE_WORKFLOW, ALERT_WORKFLOW, DIFFICULTY_WORKFLOW):
        assert wf.as_markdown().strip() in doc, wf.name
