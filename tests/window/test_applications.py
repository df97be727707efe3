"""The application's life: submission, acceptance, correction, review, approval, refusal,
withdrawal — each a logged transition; duplicates and double submissions; attachments."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import pdf_bytes, png_bytes
from zhihui.core.models import AuditEvent
from zhihui.window import actions
from zhihui.window.models import Application, Message, PaymentInstruction, Status, Transition

PDF = pdf_bytes()
PNG = png_bytes()

pytestmark = pytest.mark.django_db


def _through_review(app, clerk, reviewer, today=None):
    actions.accept(clerk, app, today=today)
    actions.review(reviewer, app, "材料真实")
    return Application.objects.get(pk=app.pk)


def test_the_whole_path_is_logged_with_who_why_and_rule_version(fake_engine, citizen, clerk, reviewer, service, budgets, approver):
    app, created = actions.submit(citizen, service, person=citizen.person, note="首次申请")
    assert created and app.status == Status.SUBMITTED and app.channel == "online"
    assert app.engine_status == "eligible" and app.engine_total == Decimal("40000.00")
    app = _through_review(app, clerk, reviewer)
    actions.approve(approver, app, "符合青年人才储备政策")
    app.refresh_from_db()
    assert app.status == Status.SCHEDULED and app.approved_total == Decimal("40000.00")
    log = list(app.transitions.values_list("from_status", "to_status", "actor_label", "rule_version"))
    assert [(a, b) for a, b, *_ in log] == [
        ("", "submitted"), ("submitted", "accepted"), ("accepted", "reviewed"),
        ("reviewed", "approved"), ("approved", "scheduled"),
    ]
    assert [x[2] for x in log] == ["citizen_t", "clerk_t", "reviewer_t", "approver_t", "approver_t"]
    assert all(x[3] == "test@1" for x in log)
    assert app.transitions.get(to_status="approved").reason == "符合青年人才储备政策"
    assert AuditEvent.objects.filter(object_type="window.application", object_id=str(app.pk), action="transition").count() == 5
    # one in-app message per status change for the applicant
    assert Message.objects.filter(user=citizen, application=app).count() == 5
    pays = list(PaymentInstruction.objects.filter(application=app).values_list("year", "amount"))
    assert pays == [(2026, Decimal("20000.00")), (2027, Decimal("20000.00"))]


def test_a_double_submission_with_the_same_key_creates_one_application(fake_engine, citizen, service):
    a, created1 = actions.submit(citizen, service, person=citizen.person, idempotency_key="k-1")
    b, created2 = actions.submit(citizen, service, person=citizen.person, idempotency_key="k-1")
    assert a.pk == b.pk and created1 and not created2
    assert Application.objects.count() == 1


def test_a_second_open_application_for_the_same_benefit_is_refused(fake_engine, citizen, clerk, service):
    first, _ = actions.submit(citizen, service, person=citizen.person)
    with pytest.raises(actions.DuplicateApplication, match=first.number):
        actions.submit(clerk, service, person=citizen.person)
    actions.withdraw(citizen, first, "填错了")
    again, created = actions.submit(citizen, service, person=citizen.person)
    assert created and again.pk != first.pk


def test_yearly_services_allow_one_application_per_year(fake_engine, employer):
    from zhihui.window.models import Service

    svc = Service.objects.get(code="skill_studio_grant")
    org = employer.organisation
    actions.submit(employer, svc, organisation=org, period="2025")
    actions.submit(employer, svc, organisation=org, period="2026")
    with pytest.raises(actions.DuplicateApplication):
        actions.submit(employer, svc, organisation=org, period="2026")
    with pytest.raises(actions.WindowError, match="period"):
        actions.submit(employer, svc, organisation=org, period="明年")


def test_a_citizen_cannot_apply_for_someone_else(fake_engine, citizen, make_person, service):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.submit(citizen, service, person=make_person(name="李四"))


def test_a_clerk_files_on_behalf_at_the_window(fake_engine, clerk, make_person, service):
    app, _ = actions.submit(clerk, service, person=make_person())
    assert app.channel == "window"


def test_attachments_are_checked_by_content_and_size(fake_engine, citizen, service, settings):
    app, _ = actions.submit(citizen, service, person=citizen.person, files=[("学历证书.pdf", PDF), ("照片.png", PNG)])
    assert sorted(app.attachments.values_list("kind", flat=True)) == ["pdf", "png"]
    with pytest.raises(actions.WindowError, match="只接受 PDF、PNG、JPEG"):
        actions.add_attachment(citizen, app, ("伪装.pdf", b"MZ\x90\x00 not a pdf"))
    with pytest.raises(actions.WindowError, match="超过上限"):
        actions.add_attachment(citizen, app, ("大.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024)))
    assert app.attachments.count() == 2


def test_a_bad_attachment_writes_nothing(fake_engine, citizen, service):
    with pytest.raises(actions.WindowError):
        actions.submit(citizen, service, person=citizen.person, files=[("a.pdf", PDF), ("b.exe", b"MZ")])
    assert Application.objects.count() == 0


def test_acceptance_sets_the_due_date_in_working_days(fake_engine, citizen, clerk, service):
    service.time_limit_days = 5
    service.save()
    app, _ = actions.submit(citizen, service, person=citizen.person)
    actions.accept(clerk, app, today=dt.date(2024, 9, 27))  # Friday before National Day
    app.refresh_from_db()
    # 29 Sep (Sunday make-up day), 30 Sep, then 8, 9, 10 October
    assert app.due_date == dt.date(2024, 10, 10)


def test_correction_stops_the_clock_and_restarts_it(fake_engine, citizen, clerk, service):
    service.time_limit_days = 5
    service.save()
    app, _ = actions.submit(citizen, service, person=citizen.person)
    actions.accept(clerk, app, today=dt.date(2024, 3, 1))
    actions.request_correction(clerk, app, ["劳动合同复印件", "社保缴费证明"], today=dt.date(2024, 3, 5))
    app.refresh_from_db()
    assert app.status == Status.CORRECTION and app.due_date is None
    assert app.correction_items == ["劳动合同复印件", "社保缴费证明"]
    assert "劳动合同复印件" in Message.objects.filter(user=citizen).first().text
    actions.answer_correction(citizen, app, "已补交", files=[("合同.pdf", PDF)], today=dt.date(2024, 3, 12))
    app.refresh_from_db()
    assert app.status == Status.ACCEPTED and app.due_date == dt.date(2024, 3, 15)


def test_a_correction_needs_the_list_of_what_is_missing(fake_engine, citizen, clerk, service):
    app, _ = actions.submit(citizen, service, person=citizen.person)
    with pytest.raises(actions.WindowError, match="补正"):
        actions.request_correction(clerk, app, ["  "])


def test_refusal_needs_reasons_and_frees_the_slot(fake_engine, citizen, clerk, reviewer, service):
    app, _ = actions.submit(citizen, service, person=citizen.person)
    actions.accept(clerk, app)
    with pytest.raises(actions.WindowError, match="理由"):
        actions.refuse(reviewer, app, "")
    actions.refuse(reviewer, app, "社保缴费不足12个月")
    app.refresh_from_db()
    assert app.status == Status.REFUSED and app.decision_reason == "社保缴费不足12个月"
    assert Transition.objects.get(application=app, to_status="refused").reason == "社保缴费不足12个月"
    actions.submit(citizen, service, person=citizen.person)  # allowed again


def test_an_ineligible_application_cannot_be_approved(fake_engine, citizen, clerk, reviewer, service, budgets, approver):
    fake_engine["status"] = "ineligible"
    fake_engine["reasons"] = ["须为E/F/G类人才；申请人无人才类别"]
    app, _ = actions.submit(citizen, service, person=citizen.person)
    app = _through_review(app, clerk, reviewer)
    with pytest.raises(actions.WindowError, match="E/F/G"):
        actions.approve(approver, app)
    app.refresh_from_db()
    assert app.status == Status.REVIEWED and not app.payments.exists()


def test_a_discretionary_amount_stays_in_the_engine_range(fake_engine, citizen, clerk, reviewer, budgets, approver):
    from zhihui.window.models import Service

    svc = Service.objects.get(code="startup_project_award")
    svc.budget_line = "talent_living"
    svc.save()
    fake_engine["status"] = "undetermined"
    fake_engine["raw"] = {"amount_range": {"min": "20000.00", "max": "100000.00"}}
    app, _ = actions.submit(citizen, svc, person=citizen.person)
    app = _through_review(app, clerk, reviewer)
    with pytest.raises(actions.WindowError, match="20000.00–100000.00"):
        actions.approve(approver, app, "优秀项目", amount="150000")
    actions.approve(approver, app, "评审第一名", amount="80000")
    app.refresh_from_db()
    assert app.approved_total == Decimal("80000.00") and app.status == Status.SCHEDULED


def test_an_undetermined_decision_without_a_policy_range_takes_no_amount_of_the_reviewers_choosing(
        fake_engine, citizen, clerk, reviewer, service, budgets, approver, client_for):
    """Issue 12: a reviewer could approve an undetermined benefit with any amount and a reason
    when the policy gave no range. The amount now comes from the engine or from the range the
    policy package sets; without one there is nothing to approve (page, API and action)."""
    fake_engine["status"] = "undetermined"
    fake_engine["reasons"] = ["缺少事实：学历"]
    fake_engine["raw"] = {}
    app, _ = actions.submit(citizen, service, person=citizen.person)
    app = _through_review(app, clerk, reviewer)
    with pytest.raises(actions.WindowError, match="自由裁量金额区间") as exc:
        actions.approve(approver, app, "领导同意", amount="60000")
    assert exc.value.field == "amount"
    with pytest.raises(actions.WindowError, match="不能批准"):
        actions.approve(approver, app, "领导同意")
    c = client_for(approver)
    r = c.post(f"/api/v1/window/applications/{app.number}/approve", {"reason": "领导同意", "amount": "60000"},
               content_type="application/json")
    assert r.status_code == 422 and "amount" in r.content.decode()
    page = c.get(f"/window/a/{app.number}/").content.decode()
    assert 'name="amount"' not in page  # no amount field is offered without a range
    app.refresh_from_db()
    assert app.status == Status.REVIEWED and app.approved_total in (None, Decimal("0.00")) and not app.payments.exists()


def test_staff_transitions_need_the_right_role(fake_engine, citizen, clerk, reviewer, service, approver):
    from django.core.exceptions import PermissionDenied

    app, _ = actions.submit(citizen, service, person=citizen.person)
    with pytest.raises(PermissionDenied):
        actions.accept(citizen, app)
    actions.accept(clerk, app)
    with pytest.raises(PermissionDenied):
        actions.review(clerk, app)
    with pytest.raises(actions.InvalidTransition):
        actions.approve(approver, app)  # not reviewed yet
