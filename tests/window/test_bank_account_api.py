"""The bank-account and payment-file API (issue 15): the same actions and permissions as the
pages. Per endpoint: it works, the wrong method is refused, someone else's object is not
there, a bad id and a missing object are answered without a 500."""

import io

import pytest
from openpyxl import load_workbook

from zhihui.core.models import AuditEvent
from zhihui.core.roles import Role
from zhihui.window import actions
from zhihui.window.models import Application, BankAccount, BankAccountStatus
from zhihui.window.payments import FINANCE_HEADERS

pytestmark = pytest.mark.django_db

CARD = "6222021234567890128"  # a UnionPay-style number with a valid Luhn check digit
API = "/api/v1/window"


@pytest.fixture
def finance(make_user):
    return make_user(Role.FINANCE, "finance_api")


@pytest.fixture
def account(citizen):
    return actions.declare_bank_account(citizen, bank_name="中国银行济源分行", account_number=CARD, person=citizen.person)


@pytest.fixture
def other(make_user, make_person):
    return make_user(Role.CITIZEN, "other_api", person=make_person(name="王另一"))


def _post(c, url, body=None):
    return c.post(url, data=body or {}, content_type="application/json")


# --- POST /bank-accounts -------------------------------------------------------------------


class TestDeclare:
    def test_it_works_for_the_citizen_and_answers_masked(self, client_for, citizen):
        r = _post(client_for(citizen), f"{API}/bank-accounts", {"bank_name": "中国银行", "account_number": "6222 0212 3456 7890 128"})
        assert r.status_code == 201, r.content
        body = r.json()
        assert body["account_masked"] == "**** **** 0128" and body["status"] == "declared"
        assert body["status_label"] == "本人申报" and body["person_id"] == citizen.person_id
        assert CARD not in r.content.decode()
        acc = BankAccount.objects.get(person=citizen.person)
        assert acc.account_number() == CARD and CARD.encode() not in bytes(acc.account_encrypted)

    def test_it_works_for_an_employer_for_its_organisation(self, client_for, employer):
        r = _post(client_for(employer), f"{API}/bank-accounts", {"bank_name": "中国建设银行", "account_number": "410123456789012"})
        assert r.status_code == 201 and r.json()["organisation_id"] == employer.organisation_id

    def test_a_clerk_declares_on_someones_behalf(self, client_for, clerk, citizen):
        r = _post(client_for(clerk), f"{API}/bank-accounts", {"bank_name": "中国银行", "account_number": CARD, "person_id": citizen.person_id})
        assert r.status_code == 201 and r.json()["person_id"] == citizen.person_id
        assert BankAccount.objects.get(person=citizen.person).declared_by == clerk

    def test_it_handles_wrong_method(self, client_for, citizen):
        assert client_for(citizen).put(f"{API}/bank-accounts", data={}, content_type="application/json").status_code == 405

    def test_it_refuses_someone_elses_person(self, client_for, citizen, other):
        r = _post(client_for(other), f"{API}/bank-accounts", {"bank_name": "中国银行", "account_number": CARD, "person_id": citizen.person_id})
        assert r.status_code == 404
        assert not BankAccount.objects.exists()

    @pytest.mark.parametrize("body, field", [
        ({"bank_name": "中国银行", "account_number": "6222021234567890129"}, "account_number"),
        ({"bank_name": "中", "account_number": CARD}, "bank_name"),
        ({"bank_name": "中国银行", "account_number": "abc"}, "account_number"),
    ])
    def test_it_names_the_field_of_a_bad_value(self, client_for, citizen, body, field):
        r = _post(client_for(citizen), f"{API}/bank-accounts", body)
        assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == field

    def test_it_handles_a_bad_id(self, client_for, clerk):
        r = _post(client_for(clerk), f"{API}/bank-accounts", {"bank_name": "中国银行", "account_number": CARD, "person_id": "abc"})
        assert r.status_code == 422

    def test_it_handles_a_missing_person(self, client_for, clerk):
        r = _post(client_for(clerk), f"{API}/bank-accounts", {"bank_name": "中国银行", "account_number": CARD, "person_id": 999999})
        assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "person_id"

    def test_staff_without_the_window_role_are_refused(self, client_for, make_user, citizen):
        for role in (Role.REVIEWER, Role.FINANCE, Role.LEADER, Role.AUDITOR):
            r = _post(client_for(make_user(role, f"decl_{role}")), f"{API}/bank-accounts",
                      {"bank_name": "中国银行", "account_number": CARD, "person_id": citizen.person_id})
            assert r.status_code == 403, role


# --- GET /bank-accounts/mine ---------------------------------------------------------------


class TestMine:
    def test_it_works(self, client_for, citizen, account):
        r = client_for(citizen).get(f"{API}/bank-accounts/mine")
        assert r.status_code == 200 and r.json()["id"] == account.pk and CARD not in r.content.decode()

    def test_it_handles_wrong_method(self, client_for, citizen):
        assert _post(client_for(citizen), f"{API}/bank-accounts/mine").status_code == 405

    def test_it_answers_404_when_none_is_declared(self, client_for, other, account):
        r = client_for(other).get(f"{API}/bank-accounts/mine")
        assert r.status_code == 404 and "尚未登记" in r.json()["detail"][0]["msg"]

    def test_staff_have_no_own_account(self, client_for, clerk):
        assert client_for(clerk).get(f"{API}/bank-accounts/mine").status_code == 403

    def test_an_employer_has_its_organisations_account_on_the_api_and_the_page(self, client_for, employer, citizen,
                                                                              account):
        """The own payee (window.selectors.own_party / own_bank_account): the same account on
        GET /mine, on the page and as the default payee of a declaration."""
        c = client_for(employer)
        assert c.get(f"{API}/bank-accounts/mine").status_code == 404  # the citizen's is not the employer's
        r = _post(c, f"{API}/bank-accounts", {"bank_name": "中国建设银行", "account_number": "410123456789012"})
        assert r.status_code == 201 and r.json()["organisation_id"] == employer.organisation_id
        mine = c.get(f"{API}/bank-accounts/mine").json()
        assert mine["id"] == r.json()["id"] != account.pk and mine["organisation_id"] == employer.organisation_id
        page = c.get("/window/bank-account/").content.decode()
        assert "**** **** 9012" in page and "中国建设银行" in page
        assert "**** **** 0128" in client_for(citizen).get("/window/bank-account/").content.decode()

    def test_a_citizen_without_a_person_file_has_no_own_payee(self, client_for, make_user):
        bare = make_user(Role.CITIZEN, "bare_api")
        c = client_for(bare)
        assert c.get(f"{API}/bank-accounts/mine").status_code == 404
        assert c.get("/window/bank-account/").status_code == 403
        assert _post(c, f"{API}/bank-accounts", {"bank_name": "中国银行", "account_number": CARD}).status_code == 403


# --- GET /bank-accounts/{id} ---------------------------------------------------------------


class TestGet:
    def test_it_works_for_the_payee_and_staff(self, client_for, citizen, clerk, finance, account):
        for user in (citizen, clerk, finance):
            r = client_for(user).get(f"{API}/bank-accounts/{account.pk}")
            assert r.status_code == 200 and r.json()["account_masked"] == "**** **** 0128"
            assert CARD not in r.content.decode()

    def test_it_handles_wrong_method(self, client_for, citizen, account):
        assert client_for(citizen).delete(f"{API}/bank-accounts/{account.pk}").status_code == 405

    def test_someone_elses_account_is_not_there(self, client_for, other, account):
        assert client_for(other).get(f"{API}/bank-accounts/{account.pk}").status_code == 404

    def test_the_auditor_and_leader_are_refused(self, client_for, make_user, account):
        for role in (Role.AUDITOR, Role.LEADER, Role.SYSADMIN):
            assert client_for(make_user(role, f"get_{role}")).get(f"{API}/bank-accounts/{account.pk}").status_code == 403

    def test_it_handles_bad_id(self, client_for, clerk):
        assert client_for(clerk).get(f"{API}/bank-accounts/abc").status_code in (404, 422)

    def test_it_handles_missing(self, client_for, clerk):
        assert client_for(clerk).get(f"{API}/bank-accounts/999999").status_code == 404


# --- POST /bank-accounts/{id}/verify -------------------------------------------------------


class TestVerify:
    def test_it_works_and_is_audited(self, client_for, clerk, account):
        r = _post(client_for(clerk), f"{API}/bank-accounts/{account.pk}/verify", {"note": "核对银行卡原件"})
        assert r.status_code == 200 and r.json()["status"] == "verified" and r.json()["verified_at"]
        assert BankAccount.objects.get(pk=account.pk).status == BankAccountStatus.VERIFIED
        event = AuditEvent.objects.filter(actor=clerk, object_type="window.bankaccount").get()
        assert "核实收款账户" in event.summary and "0128" in event.summary and CARD not in event.summary

    def test_the_declarer_does_not_verify_their_own_entry(self, client_for, clerk, citizen):
        acc = actions.declare_bank_account(clerk, bank_name="中国银行", account_number=CARD, person=citizen.person)
        r = _post(client_for(clerk), f"{API}/bank-accounts/{acc.pk}/verify")
        assert r.status_code == 403
        assert BankAccount.objects.get(pk=acc.pk).status == BankAccountStatus.DECLARED

    def test_the_payee_does_not_verify_their_own_account(self, client_for, citizen, account):
        assert _post(client_for(citizen), f"{API}/bank-accounts/{account.pk}/verify").status_code == 403

    def test_twice_is_refused_with_a_reason(self, client_for, clerk, account):
        c = client_for(clerk)
        _post(c, f"{API}/bank-accounts/{account.pk}/verify")
        r = _post(c, f"{API}/bank-accounts/{account.pk}/verify")
        assert r.status_code == 422 and "已核实" in r.json()["detail"][0]["msg"]

    def test_it_handles_wrong_method(self, client_for, clerk, account):
        assert client_for(clerk).get(f"{API}/bank-accounts/{account.pk}/verify").status_code == 405

    def test_someone_elses_account_is_not_there_for_a_citizen(self, client_for, other, account):
        assert _post(client_for(other), f"{API}/bank-accounts/{account.pk}/verify").status_code == 403

    def test_it_handles_bad_id(self, client_for, clerk):
        assert _post(client_for(clerk), f"{API}/bank-accounts/abc/verify").status_code in (404, 422)

    def test_it_handles_missing(self, client_for, clerk):
        assert _post(client_for(clerk), f"{API}/bank-accounts/999999/verify").status_code == 404

    def test_the_ledger_button_verifies_too(self, client_for, admin_user, account):
        r = client_for(admin_user).post(f"/window/bank-accounts/{account.pk}/verify/", {"next": "/window/payments/"})
        assert r.status_code == 302 and r["Location"] == "/window/payments/"
        assert BankAccount.objects.get(pk=account.pk).status == BankAccountStatus.VERIFIED

    def test_the_ledger_button_does_not_redirect_off_site(self, client_for, admin_user, account):
        r = client_for(admin_user).post(f"/window/bank-accounts/{account.pk}/verify/", {"next": "https://evil.example/"})
        # back to the verification page, which every verifier (clerks too) may open
        assert r["Location"] == "/window/bank-accounts/"


# --- POST /payment-batches/{number}/payment-file -------------------------------------------


@pytest.fixture
def released(fake_engine, citizen, clerk, reviewer, service, budgets, approver, admin_user, make_user):
    fake_engine["payments"] = [{"year": 2026, "amount": "10000.00"}]
    app, _ = actions.submit(citizen, service, person=citizen.person)
    actions.accept(clerk, app)
    actions.review(reviewer, app)
    actions.approve(approver, Application.objects.get(pk=app.pk))
    batch = actions.create_payment_batch(admin_user, 2026)
    actions.release_batch(make_user(Role.ADMIN, "admin2_api"), batch)
    batch.refresh_from_db()
    return batch


class TestPaymentFile:
    def test_it_works_for_finance_with_watermark_and_one_read_per_payee(self, client_for, finance, released, citizen, account):
        r = _post(client_for(finance), f"{API}/payment-batches/{released.number}/payment-file", {"purpose": "12月发放"})
        assert r.status_code == 200, r.content
        assert r["X-Missing-Accounts"] == "0"
        wb = load_workbook(io.BytesIO(r.content))
        rows = list(wb.worksheets[0].iter_rows(values_only=True))
        assert list(rows[0]) == FINANCE_HEADERS
        row = dict(zip(FINANCE_HEADERS, rows[1], strict=True))
        assert row["银行账号"] == CARD and row["收款人全名"] == citizen.person.name
        assert "12月发放" in wb.worksheets[0].oddHeader.center.text
        reads = AuditEvent.objects.filter(actor=finance, action="view", object_type="registry.person")
        assert [e.object_id for e in reads] == [str(citizen.person_id)]

    def test_no_other_role_gets_it(self, client_for, make_user, released):
        for role in (Role.ADMIN, Role.REVIEWER, Role.CLERK, Role.LEADER, Role.AUDITOR, Role.SECADMIN):
            r = _post(client_for(make_user(role, f"pfa_{role}")), f"{API}/payment-batches/{released.number}/payment-file")
            assert r.status_code == 403, role

    def test_a_citizen_is_refused(self, client_for, citizen, released):
        assert _post(client_for(citizen), f"{API}/payment-batches/{released.number}/payment-file").status_code == 403

    def test_it_handles_wrong_method(self, client_for, finance, released):
        assert client_for(finance).get(f"{API}/payment-batches/{released.number}/payment-file").status_code == 405

    def test_it_handles_a_bad_number(self, client_for, finance):
        assert _post(client_for(finance), f"{API}/payment-batches/..%2F..%2Fetc/payment-file").status_code in (404, 422)

    def test_it_handles_missing(self, client_for, finance):
        assert _post(client_for(finance), f"{API}/payment-batches/PB-NONE/payment-file").status_code == 404

    def test_an_unreleased_batch_is_refused_with_a_reason(self, client_for, finance, fake_engine, citizen, clerk, reviewer,
                                                          service, budgets, approver, admin_user):
        app, _ = actions.submit(citizen, service, person=citizen.person)
        actions.accept(clerk, app)
        actions.review(reviewer, app)
        actions.approve(approver, Application.objects.get(pk=app.pk))
        batch = actions.create_payment_batch(admin_user, 2026)
        r = _post(client_for(finance), f"{API}/payment-batches/{batch.number}/payment-file")
        assert r.status_code == 422 and "尚未复核放行" in r.json()["detail"][0]["msg"]

    def test_a_too_short_purpose_names_the_field(self, client_for, finance, released):
        r = _post(client_for(finance), f"{API}/payment-batches/{released.number}/payment-file", {"purpose": " a"})
        assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "purpose"
