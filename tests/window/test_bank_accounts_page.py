"""Issue 15: the window's page for verifying declared bank accounts. A clerk (or the department
administrator) finds accounts awaiting verification, sees them masked, and verifies one
(audited); the member of staff who declared an account on someone's behalf cannot verify it;
citizens, finance and reviewers cannot open the page."""

import pytest

from zhihui.core.models import AuditEvent
from zhihui.core.roles import Role
from zhihui.window import actions
from zhihui.window.models import BankAccount, BankAccountStatus

pytestmark = pytest.mark.django_db

CARD = "6222021234567890128"


def test_a_clerk_finds_a_declared_account_and_verifies_it(client_for, citizen, clerk):
    actions.declare_bank_account(citizen, bank_name="中国工商银行济源分行", account_number=CARD, person=citizen.person)
    c = client_for(clerk)
    page = c.get("/window/bank-accounts/").content.decode()
    assert "收款账户核实" in page and "待核实的收款账户 1 个" in page
    assert citizen.person.name in page and "**** **** 0128" in page and CARD not in page
    assert citizen.person.id_number_masked in page
    acc = BankAccount.objects.get(person=citizen.person)
    r = c.post(f"/window/bank-accounts/{acc.pk}/verify/", {"note": "银行卡", "next": "/window/bank-accounts/"})
    assert r.status_code == 302 and r["Location"] == "/window/bank-accounts/"
    acc.refresh_from_db()
    assert acc.status == BankAccountStatus.VERIFIED
    event = AuditEvent.objects.filter(object_type="window.bankaccount", summary__startswith="核实").get()
    assert event.actor_id == clerk.pk and "0128" in event.summary and CARD not in event.summary
    after = c.get("/window/bank-accounts/").content.decode()
    assert "收款账户 **** **** 0128 已核实" in after  # the message after the redirect
    after = c.get("/window/bank-accounts/").content.decode()
    assert "待核实的收款账户 0 个" in after and "**** **** 0128" not in after
    assert "**** **** 0128" in c.get("/window/bank-accounts/?status=verified").content.decode()


def test_the_clerk_who_declared_an_account_cannot_verify_it(client_for, citizen, clerk, make_user):
    actions.declare_bank_account(clerk, bank_name="中国银行济源分行", account_number=CARD, person=citizen.person)
    acc = BankAccount.objects.get(person=citizen.person)
    c = client_for(clerk)
    page = c.get("/window/bank-accounts/").content.decode()
    assert "由您登记，须另一名工作人员核实" in page
    assert f"/window/bank-accounts/{acc.pk}/verify/" not in page
    c.post(f"/window/bank-accounts/{acc.pk}/verify/")
    acc.refresh_from_db()
    assert acc.status == BankAccountStatus.DECLARED
    other = make_user(Role.ADMIN, "admin_other_t")
    assert f"/window/bank-accounts/{acc.pk}/verify/" in client_for(other).get("/window/bank-accounts/").content.decode()


def test_the_menu_leads_clerks_there_and_others_are_refused(client_for, clerk, citizen, make_user):
    assert "/window/bank-accounts/" in client_for(clerk).get("/").content.decode()
    for user in (citizen, make_user(Role.FINANCE, "fin_t"), make_user(Role.REVIEWER, "rev_t")):
        assert client_for(user).get("/window/bank-accounts/").status_code == 403
