"""Issue 13, found item 5: the privacy notice, consents (sensitive ones separately), rights
requests as a workflow with deadlines, corrections with evidence and history, closure,
deletion where the law allows, restriction, and everything held in a resident's download."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import pdf_bytes
from tests.privacy.conftest import valid_number
from zhihui.core.models import AuditEvent, User
from zhihui.privacy import actions, selectors
from zhihui.privacy.enums import RIGHTS_RESPONSE_WORKING_DAYS
from zhihui.privacy.models import Consent, FieldCorrection, RightsRequest
from zhihui.registry.models import Person

pytestmark = pytest.mark.django_db


def test_the_privacy_notice_is_public_and_generated_from_the_inventory(client):
    r = client.get("/privacy/")
    assert r.status_code == 200
    page = r.content.decode()
    assert "个人信息保护政策" in page and "身份证号码" in page and "单独同意" in page
    assert "会计档案管理办法" in page  # a retention basis from retention.yaml
    assert 'href="/privacy/"' in client.get("/login/").content.decode()  # linked from every page


def test_consents_are_recorded_one_purpose_at_a_time_and_can_be_withdrawn(citizen, client_for):
    c = client_for(citizen)
    page = c.get("/privacy/me/").content.decode()
    assert page.count("单独同意") == 3  # health, family, disability: each its own consent
    c.post("/privacy/me/consents/", {"purpose": "health"})
    assert list(Consent.objects.values_list("purpose", flat=True)) == ["health"]
    assert actions.has_consent(citizen.person, "health") and not actions.has_consent(citizen.person, "family")
    c.post("/privacy/me/consents/", {"purpose": "health", "action": "withdraw"})
    assert not actions.has_consent(citizen.person, "health")
    assert Consent.objects.get().withdrawn_at is not None
    assert AuditEvent.objects.filter(object_type="privacy.consent").count() == 2


def test_a_clerk_can_no_longer_change_an_identity_number_directly(clerk, resident):
    from zhihui.registry import actions as registry_actions
    from zhihui.registry.actions import RegistryInputError

    with pytest.raises(RegistryInputError, match="更正申请"):
        registry_actions.update_person(clerk, resident, id_number=valid_number("19750101", "442"))
    resident.refresh_from_db()
    assert resident.birth_date == dt.date(1990, 1, 1)


def test_a_correction_needs_evidence_and_keeps_a_history(citizen, clerk, reviewer):
    new = valid_number("19751111", "442")
    with pytest.raises(actions.PrivacyError, match="证明材料"):
        actions.file_request(citizen, citizen.person, "correction", field="id_number", new_value=new)
    with pytest.raises(actions.PrivacyError, match="不是有效的 PDF"):
        actions.file_request(citizen, citizen.person, "correction", field="id_number", new_value=new,
                             evidence=("户口簿.pdf", b"%PDF-1.4 <script>"))
    req = actions.file_request(citizen, citizen.person, "correction", field="id_number", new_value=new,
                               evidence=("户口簿.pdf", pdf_bytes()))
    assert req.status == "submitted" and new not in str(req.new_value_encrypted)
    actions.accept_request(clerk, req)
    # separation of duties: whoever accepted may not decide; a citizen may not decide either
    with pytest.raises(PermissionDenied):
        actions.complete_request(citizen, req)
    req = actions.complete_request(reviewer, req, "户口簿核对无误")
    person = Person.objects.get(pk=citizen.person.pk)
    assert person.birth_date == dt.date(1975, 11, 11) and person.sex == "F"
    c = FieldCorrection.objects.get()
    assert c.old_value == "419001********" + c.old_value[-4:] and c.new_value.endswith(new[-4:]) and "*" in c.new_value
    assert c.evidence_sha256 == req.evidence_sha256 and c.applied_by == reviewer
    assert RightsRequest.objects.get().new_value_encrypted is None
    assert "已更正" in req.decision


def test_whoever_accepted_a_request_may_not_complete_it(citizen, make_user):
    admin = make_user("admin", "priv_admin2")
    req = actions.file_request(citizen, citizen.person, "access")
    actions.accept_request(admin, req)
    with pytest.raises(PermissionDenied, match="职责分离"):
        actions.complete_request(admin, req)


def test_a_request_has_a_deadline_in_working_days(citizen):
    from zhihui.window.workdays import official_calendar

    req = actions.file_request(citizen, citizen.person, "access", today=dt.date(2026, 12, 1))
    assert req.due_on == official_calendar().due_date(dt.date(2026, 12, 1), RIGHTS_RESPONSE_WORKING_DAYS, ())
    assert req.due_on > dt.date(2026, 12, 1) + dt.timedelta(days=RIGHTS_RESPONSE_WORKING_DAYS)


def test_closure_deactivates_the_account(citizen, clerk, reviewer, client):
    req = actions.file_request(citizen, citizen.person, "closure", details="不再使用")
    actions.accept_request(clerk, req)
    actions.complete_request(reviewer, req)
    u = User.objects.get(pk=citizen.pk)
    assert not u.is_active and u.username == f"closed-{u.pk}" and not u.has_usable_password()
    client.post("/login/", {"username": "zhao_liu", "password": "Correct-Horse-42"})
    assert "_auth_user_id" not in client.session  # the closed account cannot log in


def test_deletion_removes_what_no_law_keeps_and_says_what_is_kept(citizen, clerk, reviewer):
    from zhihui.window.models import Message

    Message.objects.create(user=citizen, text="您的申请已受理")
    actions.give_consent(citizen, citizen.person, "sms")
    req = actions.file_request(citizen, citizen.person, "deletion", details="删除通知和推送")
    actions.accept_request(clerk, req)
    req = actions.complete_request(reviewer, req)
    assert Message.objects.count() == 0 and not actions.has_consent(citizen.person, "sms")
    assert Person.objects.filter(pk=citizen.person.pk).exists()
    assert "依档案管理规定保存" in req.decision


def test_restriction_and_refusal_with_reason(citizen, clerk, reviewer):
    req = actions.file_request(citizen, citizen.person, "restriction", details="暂停免申即享推送")
    actions.accept_request(clerk, req)
    actions.complete_request(reviewer, req)
    assert selectors.is_restricted(citizen.person)
    req2 = actions.file_request(citizen, citizen.person, "deletion", details="删除档案")
    actions.accept_request(clerk, req2)
    with pytest.raises(ValueError, match="理由"):
        actions.refuse_request(reviewer, req2, "")
    assert actions.refuse_request(reviewer, req2, "档案法规定长期保存").status == "refused"


def test_pages_draw_the_buttons_from_the_workflow(citizen, clerk, reviewer, client_for):
    c = client_for(citizen)
    r = c.post("/privacy/me/", {"kind": "access", "details": "我要查阅"})
    req = RightsRequest.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/privacy/requests/{req.number}/"
    page = c.get(r["Location"]).content.decode()
    assert 'value="withdraw"' in page and 'value="accept"' not in page
    staff = client_for(clerk)
    assert req.number in staff.get("/privacy/requests/").content.decode()
    page = staff.get(f"/privacy/requests/{req.number}/").content.decode()
    assert 'value="accept"' in page and 'value="complete"' not in page
    staff.post(f"/privacy/requests/{req.number}/", {"action": "accept"})
    page = staff.get(f"/privacy/requests/{req.number}/").content.decode()
    assert 'value="complete"' not in page  # the clerk accepted: may not complete
    assert 'value="complete"' in client_for(reviewer).get(f"/privacy/requests/{req.number}/").content.decode()


def test_another_citizen_gets_404_for_a_request(citizen, make_user, client_for):
    from tests.factories import create_person

    req = actions.file_request(citizen, citizen.person, "access")
    other = make_user("citizen", "other_c", person=create_person("钱七", dt.date(1991, 2, 2)))
    assert client_for(other).get(f"/privacy/requests/{req.number}/").status_code == 404


def test_a_residents_download_holds_everything_and_a_watermark(citizen, client_for, admin_user):
    actions.register_sharing(admin_user, recipient="济源示范区财政局", legal_basis="资金拨付", purpose="补贴发放",
                             categories="姓名、金额", persons=[citizen.person.pk], reference="PB1")
    actions.give_consent(citizen, citizen.person, "online_services")
    r = client_for(citizen).get(f"/registry/persons/{citizen.person.pk}/export/")
    assert r.status_code == 200
    data = r.json()
    for key in ("applications", "payments", "consents", "rights_requests", "shared_with_other_bodies", "corrections"):
        assert key in data, key
    assert data["shared_with_other_bodies"][0]["recipient"] == "济源示范区财政局"
    assert "zhao_liu" in data["watermark"] and "本人查阅" in data["watermark"]


def test_staff_exports_state_a_purpose_and_are_registered(clerk, resident, client_for, admin_user):
    from zhihui.privacy.models import ExportRecord

    c = client_for(clerk)
    assert "导出用途" in c.get(f"/registry/persons/{resident.pk}/export/").content.decode()
    assert ExportRecord.objects.count() == 0
    r = c.get(f"/registry/persons/{resident.pk}/export/", {"purpose": "x"})
    assert r.status_code == 422 and "用途" in r.content.decode()
    r = c.get(f"/registry/persons/{resident.pk}/export/", {"purpose": "核对人才认定材料"})
    assert r.status_code == 200
    rec = ExportRecord.objects.get()
    assert rec.purpose == "核对人才认定材料" and rec.person == resident and "clerk_t" in rec.watermark
    page = client_for(admin_user).get("/privacy/registers/").content.decode()
    assert "核对人才认定材料" in page


def test_an_employers_view_of_its_employee_list_is_registered_as_sharing(make_user, resident):
    from tests.factories import create_org
    from zhihui.privacy.models import SharingRecord
    from zhihui.registry.actions import record_employee_list_view

    org = create_org("济源某公司")
    employer = make_user("employer", "emp_priv", organisation=org)
    record_employee_list_view(employer, org, [resident.pk])
    share = SharingRecord.objects.get()
    assert org.name in share.recipient and list(share.persons.all()) == [resident]
    assert selectors.sharing_of(resident).count() == 1
