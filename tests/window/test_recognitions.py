"""Recognitions decided at the window (talent category incl. 偏才/专才, scarce-talent scoring),
and the notifications every status change sends."""

import pytest

from zhihui.window import actions, notify
from zhihui.window.models import Application, Service

pytestmark = pytest.mark.django_db


def decided(actor, code, clerk, reviewer, **kw):
    app, _ = actions.submit(actor, Service.objects.get(code=code), **kw)
    actions.accept(clerk, app)
    actions.review(reviewer, app)
    return Application.objects.get(pk=app.pk)


def test_a_special_talent_recognised_by_the_leading_group(fake_engine, citizen, clerk, reviewer, approver):
    app = decided(citizen, "talent_category", clerk, reviewer, person=citizen.person, facts={"category": "C", "is_special": True})
    actions.approve(approver, app, "人才工作领导小组认定为偏才专才")
    rec = citizen.person.talent_categories.get()
    assert rec.category == "C" and rec.is_special and rec.source == "leading_group"
    assert Application.objects.get(pk=app.pk).status == "approved" and not app.payments.exists()


def test_an_approved_recognition_supersedes_the_old_one_and_issues_a_card(fake_engine, citizen, clerk, reviewer, approver):
    first = decided(citizen, "talent_category", clerk, reviewer, person=citizen.person, facts={"category": "F"}, period="2025")
    actions.approve(approver, first)
    second = decided(citizen, "talent_category", clerk, reviewer, person=citizen.person, facts={"category": "E"}, period="2026")
    actions.approve(approver, second)
    current = citizen.person.talent_categories.filter(valid_to__isnull=True).get()
    assert current.category == "E"
    assert citizen.person.talent_categories.count() == 2  # the F record is closed, not edited away
    from zhihui.talent.models import TalentCard

    cards = TalentCard.objects.filter(person=citizen.person)
    assert [c.category for c in cards.filter(status="active")] == ["E"]
    assert Application.objects.get(pk=second.pk).outcome["card"]


def test_a_category_outside_a_to_g_is_refused_naming_the_fact(fake_engine, citizen, clerk, reviewer, approver):
    app = decided(citizen, "talent_category", clerk, reviewer, person=citizen.person, facts={"category": "Z"})
    with pytest.raises(actions.WindowError, match="facts.category"):
        actions.approve(approver, app)
    assert not citizen.person.talent_categories.exists()


def test_scarce_talent_scoring_is_exact(fake_engine, citizen, clerk, reviewer, approver):
    facts = {"scarce_talent": {"quality": 85, "scarcity": 75, "salary": 70}}
    app = decided(citizen, "scarce_talent_scoring", clerk, reviewer, person=citizen.person, facts=facts, period="2026")
    actions.approve(approver, app)
    assert Application.objects.get(pk=app.pk).outcome["scarce_talent_score"] == "76.0"  # 25.5 + 22.5 + 28.0


def test_status_changes_send_sms_and_email_after_commit(fake_engine, citizen, clerk, mailoutbox, django_capture_on_commit_callbacks):
    from zhihui.privacy.actions import give_consent

    citizen.email = "zhang@example.cn"
    citizen.save()
    give_consent(citizen, citizen.person, "sms")
    with django_capture_on_commit_callbacks(execute=True):
        app, _ = actions.submit(citizen, Service.objects.get(code="youth_talent_living"), person=citizen.person)
        actions.accept(clerk, app)
    texts = [t for _, t in notify.outbox]
    assert any("已提交" in t for t in texts) and any("已受理" in t for t in texts)
    assert notify.outbox[0][0] == "13800000000"
    assert len(mailoutbox) == 2 and app.number in mailoutbox[1].subject


def test_a_rolled_back_action_texts_no_one(fake_engine, citizen, clerk, reviewer, service, django_capture_on_commit_callbacks, approver):
    app, _ = actions.submit(citizen, service, person=citizen.person)
    actions.accept(clerk, app)
    actions.review(reviewer, app)
    notify.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(actions.BudgetExceeded):  # no budget at all
            actions.approve(approver, app)
    assert callbacks == []
    assert notify.outbox == [] and Application.objects.get(pk=app.pk).messages.filter(text__contains="已批准").count() == 0


def test_no_sms_without_consent_or_under_restriction_the_skip_is_logged(
        fake_engine, citizen, clerk, reviewer, caplog, django_capture_on_commit_callbacks):
    """Issue 13: an SMS needs the person's recorded consent (PIPL art. 13(1)) and is not sent
    while processing is restricted; the in-app message (the answer to their own application)
    is kept; each skipped SMS is logged with its cause and without the number."""
    import logging

    from zhihui.privacy import actions as privacy

    caplog.set_level(logging.INFO, logger="zhihui.window.notify")
    with django_capture_on_commit_callbacks(execute=True):
        app, _ = actions.submit(citizen, Service.objects.get(code="youth_talent_living"), person=citizen.person)
    assert notify.outbox == [] and app.messages.filter(text__contains="已提交").exists()
    assert "no_consent" in caplog.text and "13800000000" not in caplog.text
    consent = privacy.give_consent(citizen, citizen.person, "sms")
    with django_capture_on_commit_callbacks(execute=True):
        actions.accept(clerk, app)
    assert [phone for phone, _t in notify.outbox] == ["13800000000"]
    req = privacy.file_request(citizen, citizen.person, "restriction", details="暂停短信和推送")
    privacy.accept_request(clerk, req)
    privacy.complete_request(reviewer, req)
    notify.outbox.clear()
    caplog.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.review(reviewer, app)
    assert notify.outbox == [] and "restricted" in caplog.text
    privacy.withdraw_consent(citizen, consent)
    from zhihui.privacy.models import ProcessingRestriction

    privacy.lift_restriction(reviewer, ProcessingRestriction.objects.get(person=citizen.person), "本人申请恢复")
    assert privacy.may_text(citizen.person) == (False, "no_consent")


def test_staff_see_the_applicants_restriction_on_the_application(fake_engine, citizen, clerk, reviewer, client_for):
    from zhihui.privacy import actions as privacy

    app, _ = actions.submit(citizen, Service.objects.get(code="youth_talent_living"), person=citizen.person)
    assert 'id="restricted-mark"' not in client_for(clerk).get(f"/window/a/{app.number}/").content.decode()
    req = privacy.file_request(citizen, citizen.person, "restriction", details="暂停短信和推送")
    privacy.accept_request(clerk, req)
    privacy.complete_request(reviewer, req)
    page = client_for(clerk).get(f"/window/a/{app.number}/").content.decode()
    assert 'id="restricted-mark"' in page and "暂停短信和推送" in page
    assert 'id="restricted-mark"' not in client_for(citizen).get(f"/window/a/{app.number}/").content.decode()
