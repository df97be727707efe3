"""Employers declaring their own quota employment of disabled persons (用人单位网上申报, C10-S20):
the employer's account files for its organisation only, named employees must be on the verified
disabled ledger, the required number, shortfall and the levy (or why there is none) are computed,
a clerk verifies; one employer never sees another's declaration (page, API)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import create_org, create_person
from zhihui.core.models import AuditEvent
from zhihui.core.roles import Role
from zhihui.employment import actions, selectors
from zhihui.employment.actions import EmploymentInputError
from zhihui.employment.models import QuotaDeclaration

D = dt.date


def _number(person):
    from zhihui.core.crypto import decrypt

    return decrypt(person.id_number_encrypted)


@pytest.fixture
def firm(db, clerk, admin_user, make_user):
    org, rival = create_org("济源铸造"), create_org("别家公司")
    p = create_person("甲", D(1985, 1, 1))
    actions.record_event(clerk, p, kind="employed", effective_on="2024-06-01", employer=org.uscc,
                         contract_type="open_ended")
    entry = actions.add_key_group(clerk, p, group="disabled", since="2020-01-01", evidence="残疾人证")
    actions.verify_key_group(admin_user, entry, verification="核验残疾人证")
    q = create_person("乙", D(1986, 1, 1))  # employed, not on the ledger
    actions.record_event(clerk, q, kind="employed", effective_on="2024-06-01", employer=org.uscc,
                         contract_type="open_ended")
    return {"org": org, "rival": rival, "p": p, "q": q,
            "me": make_user(Role.EMPLOYER, organisation=org), "them": make_user(Role.EMPLOYER, organisation=rival)}


def test_an_employer_declares_for_itself_and_a_clerk_verifies(firm, clerk):
    decl = actions.declare_quota(firm["me"], firm["org"], year=2025, staff_count=200, employees=[(firm["p"], False)],
                                 average_wage="68000")
    assert (decl.channel, decl.required, decl.counted, decl.shortfall) == ("employer", Decimal("3.00"), 1, Decimal("2.00"))
    assert decl.average_wage == Decimal("68000.00") and decl.declared_by == firm["me"]
    assert actions.verify_quota(clerk, decl, verification="核验工资表").state == "verified"
    with pytest.raises(PermissionDenied):
        actions.declare_quota(firm["me"], firm["rival"], year=2025, staff_count=10, employees=[])  # not its own


def test_the_employer_s_employees_must_be_on_the_verified_ledger_and_the_wage_is_checked(firm):
    with pytest.raises(EmploymentInputError) as e:
        actions.declare_quota(firm["me"], firm["org"], year=2025, staff_count=100, employees=[(firm["q"], False)])
    assert e.value.field == "employees[1]" and "不在残疾人台账中" in e.value.message
    with pytest.raises(EmploymentInputError) as e:
        actions.declare_quota(firm["me"], firm["org"], year=2025, staff_count=100, employees=[], average_wage="-1")
    assert e.value.field == "average_wage"
    assert not QuotaDeclaration.objects.exists()


def test_the_levy_is_not_invented_without_the_city_parameter(firm, monkeypatch):
    decl = actions.declare_quota(firm["me"], firm["org"], year=2025, staff_count=200, employees=[(firm["p"], False)],
                                 average_wage="68000")
    levy = selectors.quota_levy(decl)
    assert levy["amount"] is None and "quota.local_average_wage" in levy["note"]
    met = actions.declare_quota(firm["me"], firm["org"], year=2024, staff_count=50, employees=[(firm["p"], False)])
    assert selectors.quota_levy(met)["amount"] == 0  # 0.75 required, 1 counted: met
    # with the parameter set: shortfall × the wage, capped at the multiple of the local average wage
    from zhihui.core import params

    real = params.value

    def fake(domain, pid, on):
        return {"quota.local_average_wage": Decimal("30000.00")}.get(pid) or real(domain, pid, on)

    monkeypatch.setattr(params, "value", fake)
    assert selectors.quota_levy(decl)["amount"] == Decimal("120000.00")  # 2 × min(68000, 2 × 30000)


@pytest.mark.django_db
def test_pages_own_form_own_detail_and_never_another_employer_s(client_for, firm):
    c = client_for(firm["me"])
    r = c.post("/employment/quota/mine/", {"year": 2025, "staff_count": 200, "average_wage": "68000",
                                           "employees": _number(firm["q"])})
    assert r.status_code == 200 and "第1行" in r.content.decode() and "不在残疾人台账中" in r.content.decode()
    r = c.post("/employment/quota/mine/", {"year": 2025, "staff_count": 200, "average_wage": "68000",
                                           "employees": _number(firm["p"])})
    assert r.status_code == 302
    detail = r["Location"]
    page = c.get(detail).content.decode()
    assert "3.00" in page and "quota.local_average_wage" in page and firm["p"].id_number_masked in page
    assert 'id="quota-verify"' not in page  # the employer does not verify its own declaration
    assert firm["org"].name in c.get("/employment/quota/mine/").content.decode()
    assert c.get("/employment/quota/?year=2025").status_code == 403  # the register is the bureau's
    # another employer sees neither the page nor the declaration in its own list
    t = client_for(firm["them"])
    assert t.get(detail).status_code == 404
    assert firm["org"].name not in t.get("/employment/quota/mine/").content.decode()


@pytest.mark.django_db
def test_api_declaration_detail(client_for, firm, clerk, make_user):
    c = client_for(firm["me"])
    r = c.post("/api/v1/employment/quota", {"uscc": firm["org"].uscc, "year": 2025, "staff_count": 200,
                                            "average_wage": "68000", "employees": [{"id_number": _number(firm["p"])}]},
               content_type="application/json")
    assert r.status_code == 201 and r.json()["shortfall"] == "2.00"
    pk = r.json()["id"]
    r = c.post("/api/v1/employment/quota", {"uscc": firm["rival"].uscc, "year": 2025, "staff_count": 10},
               content_type="application/json")
    assert r.status_code == 404  # not its own organisation
    r = c.get(f"/api/v1/employment/quota/{pk}")
    assert r.status_code == 200 and r.json()["levy"] is None and r.json()["channel"] == "employer"
    assert r.json()["employees"] == [{"name": "甲", "id_number": firm["p"].id_number_masked, "severe": False}]
    assert AuditEvent.objects.filter(object_type="employment.quotadeclaration", action="view").count() == 1
    assert c.delete(f"/api/v1/employment/quota/{pk}").status_code == 405     # wrong method
    assert c.get("/api/v1/employment/quota/x1").status_code == 422           # bad id
    assert c.get("/api/v1/employment/quota/999999").status_code == 404       # missing
    assert client_for(firm["them"]).get(f"/api/v1/employment/quota/{pk}").status_code == 404  # another employer's
    assert client_for(clerk).get(f"/api/v1/employment/quota/{pk}").status_code == 200
