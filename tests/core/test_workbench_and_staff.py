"""Everyday tools (issue 15, found 10): the workbench on the home page lists each role's to-dos
with counts and deadlines; an anonymous visitor is led to 我能享受哪些政策; the department
administrator adds a clerk, changes a role and deactivates an account (audited), within the
case-handling roles only."""

import datetime as dt

import pytest

from tests.conftest import PASSWORD
from tests.factories import create_person
from zhihui.core.models import AuditEvent, User
from zhihui.core.roles import Role

pytestmark = pytest.mark.django_db


def test_anonymous_home_leads_to_the_policy_check(client):
    page = client.get("/").content.decode()
    assert 'id="check-cta"' in page and 'href="/policy/check/"' in page


def _application(user, person, status, due=None, number="SQ0001"):
    from zhihui.window.catalogue import seed
    from zhihui.window.models import Application, Quota, Service, TalentPool

    if not Service.objects.exists():
        seed(Service, Quota, TalentPool)
    svc = Service.objects.exclude(applicant_kind="organisation").first()
    return Application.objects.create(number=number, service=svc, person=person, subject_key=f"p:{person.pk}:{number}",
                                      period="2026", status=status, submitted_by=user, due_date=due)


def test_citizen_workbench_shows_a_correction_to_answer(client_for, make_user):
    person = create_person("工作台", dt.date(1990, 1, 1))
    citizen = make_user(Role.CITIZEN, "wb_citizen", person=person)
    _application(citizen, person, "correction")
    page = client_for(citizen).get("/").content.decode()
    assert 'id="todos"' in page and "待补正的申请" in page and 'class="urgent"' in page


def test_clerk_workbench_counts_overdue_and_waiting(client_for, make_user):
    clerk = make_user(Role.CLERK, "wb_clerk")
    person = create_person("超期者", dt.date(1990, 1, 1))
    _application(clerk, person, "accepted", due=dt.date.today() - dt.timedelta(days=3), number="SQ0002")
    _application(clerk, person, "submitted", number="SQ0003")
    page = client_for(clerk).get("/").content.decode()
    assert "已超期的申请" in page and "待受理的申请" in page
    overdue_row = page[page.index("已超期的申请"):page.index("</tr>", page.index("已超期的申请"))]
    assert ">1<" in overdue_row


def test_finance_and_auditor_workbenches_have_their_tasks(client_for, make_user):
    assert "待付款的支付批次" in client_for(make_user(Role.FINANCE, "wb_fin")).get("/").content.decode()
    assert "被拒绝的访问" in client_for(make_user(Role.AUDITOR, "wb_aud")).get("/").content.decode()


def test_department_admin_adds_a_clerk_changes_role_and_deactivates(client_for, admin_user):
    c = client_for(admin_user)
    r = c.post("/account/staff/", {"username": "new_clerk", "display_name": "新受理员", "role": Role.CLERK,
                                   "password": PASSWORD})
    assert r.status_code == 302
    u = User.objects.get(username="new_clerk")
    assert u.role == Role.CLERK and u.must_change_password and u.is_active
    assert "new_clerk" in c.get("/account/staff/").content.decode()
    c.post(f"/account/staff/{u.pk}/role/", {"role": Role.REVIEWER})
    u.refresh_from_db()
    assert u.role == Role.REVIEWER
    r = c.post(f"/account/staff/{u.pk}/active/", {"active": "0", "reason": ""}, follow=True)
    assert "停用账户须说明原因" in r.content.decode()
    c.post(f"/account/staff/{u.pk}/active/", {"active": "0", "reason": "调离"})
    u.refresh_from_db()
    assert not u.is_active
    summaries = list(AuditEvent.objects.filter(actor=admin_user, object_type="core.user").values_list("summary", flat=True))
    assert any("new_clerk" in s for s in summaries) and any("变更角色" in s for s in summaries)
    assert any("停用账户" in s and "调离" in s for s in summaries)


def test_department_admin_cannot_make_an_admin_or_touch_the_three_administrators(client_for, admin_user, make_user):
    c = client_for(admin_user)
    r = c.post("/account/staff/", {"username": "x_admin", "display_name": "越权", "role": Role.ADMIN, "password": PASSWORD})
    assert r.status_code == 400 and "role" in r.content.decode()
    assert not User.objects.filter(username="x_admin").exists()
    auditor = make_user(Role.AUDITOR, "sd_auditor")
    assert c.post(f"/account/staff/{auditor.pk}/active/", {"active": "0", "reason": "试图停用"}).status_code == 403
    clerk = make_user(Role.CLERK, "sd_clerk")
    c.post(f"/account/staff/{clerk.pk}/role/", {"role": Role.SYSADMIN})
    clerk.refresh_from_db()
    assert clerk.role == Role.CLERK
    r = c.post(f"/account/staff/{admin_user.pk}/active/", {"active": "0", "reason": "自己"}, follow=True)
    assert "不能修改自己的账户" in r.content.decode() or r.status_code == 403


def test_a_weak_password_is_refused_naming_the_field(client_for, admin_user):
    r = client_for(admin_user).post("/account/staff/", {"username": "weak", "display_name": "弱", "role": Role.CLERK,
                                                        "password": "123"})
    assert r.status_code == 400 and "password:" in r.content.decode()


@pytest.mark.parametrize("role", [Role.CLERK, Role.SYSADMIN, Role.CITIZEN])
def test_only_the_department_admin_sees_the_staff_page(client_for, make_user, role):
    assert client_for(make_user(role, f"sp_{role}")).get("/account/staff/").status_code == 403


def test_the_clerks_application_page_links_to_the_applicants_file(client_for, make_user):
    clerk = make_user(Role.CLERK, "link_clerk")
    person = create_person("档案人", dt.date(1990, 1, 1))
    app = _application(clerk, person, "submitted", number="SQ0009")
    page = client_for(clerk).get(f"/window/a/{app.number}/").content.decode()
    assert f'href="/registry/persons/{person.pk}/" id="applicant-file"' in page
