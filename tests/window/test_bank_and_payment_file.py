"""Payments finance can pay (issue 15, found 6): the payee declares a bank account (validated,
stored encrypted, shown masked), the ledger shows benefit year and instalment, and the finance
role — only it — downloads a payment file with full name, identity number, bank and account,
audited as a read of personal data; a paid return marks the account verified."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from zhihui.core.models import AuditEvent
from zhihui.core.roles import Role
from zhihui.window import actions
from zhihui.window.models import Application, BankAccount, BankAccountStatus
from zhihui.window.payments import FINANCE_HEADERS, export_batch

pytestmark = pytest.mark.django_db

CARD = "6222021234567890128"  # a UnionPay-style number with a valid Luhn check digit


@pytest.fixture
def scheduled(fake_engine, citizen, clerk, reviewer, service, budgets, approver):
    fake_engine["payments"] = [{"year": 2026, "amount": "10000.00"}, {"year": 2026, "amount": "10000.00"}]
    app, _ = actions.submit(citizen, service, person=citizen.person)
    actions.accept(clerk, app)
    actions.review(reviewer, app)
    actions.approve(approver, app)
    return Application.objects.get(pk=app.pk)


@pytest.fixture
def finance(make_user):
    return make_user(Role.FINANCE, "finance_t")


@pytest.fixture
def released(scheduled, admin_user, make_user):
    batch = actions.create_payment_batch(admin_user, 2026)
    actions.release_batch(make_user(Role.ADMIN, "admin2_t"), batch)
    batch.refresh_from_db()
    return batch


def test_citizen_declares_an_account_and_sees_it_masked(client_for, citizen):
    c = client_for(citizen)
    r = c.post("/window/bank-account/", {"bank_name": "中国工商银行济源分行", "account_number": "6222 0212 3456 7890 128"})
    assert r.status_code == 302
    acc = BankAccount.objects.get(person=citizen.person)
    assert acc.status == BankAccountStatus.DECLARED and acc.account_number() == CARD
    assert CARD.encode() not in bytes(acc.account_encrypted)
    page = c.get("/window/bank-account/").content.decode()
    assert "**** **** 0128" in page and CARD not in page and "本人申报" in page
    event = AuditEvent.objects.filter(object_type="window.bankaccount").get()
    assert CARD not in event.summary and "0128" in event.summary


@pytest.mark.parametrize("number, field_error", [
    ("", "请填写银行账号"),
    ("12345", "12–30 位数字"),
    ("6222abcd34567890", "12–30 位数字"),
    ("6222021234567890129", "校验位"),
])
def test_a_bad_account_number_is_refused_naming_the_field(client_for, citizen, number, field_error):
    r = client_for(citizen).post("/window/bank-account/", {"bank_name": "中国银行", "account_number": number})
    assert r.status_code == 200
    assert field_error in r.content.decode() and "account_number" in r.content.decode()
    assert not BankAccount.objects.exists()


def test_only_the_payee_declares_their_account(citizen, make_user, make_person):
    other = make_user(Role.CITIZEN, "other_t", person=make_person(name="另一人"))
    with pytest.raises(PermissionDenied):
        actions.declare_bank_account(other, bank_name="中国银行", account_number=CARD, person=citizen.person)


def test_ledger_shows_benefit_year_instalments_and_the_masked_account(client_for, scheduled, admin_user, citizen):
    actions.declare_bank_account(citizen, bank_name="中国银行", account_number=CARD, person=citizen.person)
    page = client_for(admin_user).get("/window/payments/").content.decode()
    assert "第 1/2 期" in page and "第 2/2 期" in page
    assert "2026 年度" in page and "**** **** 0128" in page and CARD not in page


def test_finance_downloads_the_payment_file_with_what_a_transfer_needs(client_for, released, finance, citizen):
    from zhihui.core import crypto

    actions.declare_bank_account(citizen, bank_name="中国银行济源分行", account_number=CARD, person=citizen.person)
    r = client_for(finance).post(f"/window/payments/batches/{released.number}/payment-file.xlsx")
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content)).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == FINANCE_HEADERS and len(rows) == 3
    row = dict(zip(FINANCE_HEADERS, rows[1], strict=True))
    assert row["收款人全名"] == citizen.person.name
    assert row["证件号码/统一社会信用代码"] == crypto.decrypt(citizen.person.id_number_encrypted)
    assert row["开户银行"] == "中国银行济源分行" and row["银行账号"] == CARD
    assert row["批次号"] == released.number and row["待遇所属年度"] == 2026
    assert Decimal(str(row["金额(元)"])) == Decimal("10000")
    reads = AuditEvent.objects.filter(actor=finance, action="view", object_type="registry.person")
    assert reads.count() == 1 and reads.get().object_id == str(citizen.person.pk)


def test_a_formula_in_a_bank_name_is_neutralised(client_for, released, finance, citizen):
    actions.declare_bank_account(citizen, bank_name="=HYPERLINK(\"x\")", account_number=CARD, person=citizen.person)
    r = client_for(finance).post(f"/window/payments/batches/{released.number}/payment-file.xlsx")
    ws = load_workbook(io.BytesIO(r.content)).worksheets[0]
    assert ws["G2"].value.startswith("'=")


def test_no_other_role_gets_the_payment_file(client_for, released, make_user):
    for role in (Role.ADMIN, Role.REVIEWER, Role.CLERK, Role.LEADER, Role.AUDITOR):
        r = client_for(make_user(role, f"pf_{role}")).post(f"/window/payments/batches/{released.number}/payment-file.xlsx")
        assert r.status_code == 403, role


def test_an_unreleased_batch_has_no_payment_file(client_for, scheduled, admin_user, finance):
    batch = actions.create_payment_batch(admin_user, 2026)
    r = client_for(finance).post(f"/window/payments/batches/{batch.number}/payment-file.xlsx", follow=True)
    assert "尚未复核放行" in r.content.decode()


def test_finance_sees_the_button_but_not_the_batch_controls(client_for, released, finance):
    page = client_for(finance).get("/window/payments/").content.decode()
    assert f"payment-file-{released.number}" in page
    assert "make-batch" not in page and "release-" not in page


def test_a_paid_return_verifies_the_account(released, admin_user, citizen):
    acc = actions.declare_bank_account(citizen, bank_name="中国银行", account_number=CARD, person=citizen.person)
    BankAccount.objects.filter(pk=acc.pk).update(declared_at=released.created_at)
    actions.export_batch(admin_user, released)
    wb = load_workbook(io.BytesIO(export_batch(released)))
    ws = wb.worksheets[0]
    for r in (2, 3):
        ws[f"I{r}"], ws[f"J{r}"], ws[f"K{r}"] = "成功", "2026-12-01", f"B{r}"
    out = io.BytesIO()
    wb.save(out)
    actions.reconcile_batch(admin_user, released, out.getvalue())
    assert BankAccount.objects.get(pk=acc.pk).status == BankAccountStatus.VERIFIED
