"""Quota employment of disabled persons (残疾人按比例就业): the register per employer and year,
named employees checked against the verified disabled persons' ledger and their employment,
dated ratio and weight, separation of duties, audited reads, town scope, page, API, command."""

import datetime as dt
import json
import subprocess
import sys
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import create_org, create_person
from zhihui.core.models import AuditEvent
from zhihui.core.roles import Role
from zhihui.employment import actions, selectors
from zhihui.employment.actions import EmploymentInputError
from zhihui.employment.models import QuotaDeclaration, StaffAssignment
from zhihui.registry.models import Division

D = dt.date


def _number(person):
    from zhihui.core.crypto import decrypt

    return decrypt(person.id_number_encrypted)


@pytest.fixture
def setting(db, clerk, admin_user):
    """An employer in a town; two disabled persons on the verified ledger employed by it in
    2025 (one severely), one on the ledger employed elsewhere, one employed but not on it."""
    town = Division.objects.create(code="419001100", name="克井镇", level="town")
    org, other = create_org("济源铸造", division=town), create_org("别家公司")
    people = {}
    for name, employer, ledger in (("甲", org, True), ("乙", org, True), ("丙", other, True), ("丁", org, False)):
        p = create_person(name, D(1985, 1, 1), residence=town)
        actions.record_event(clerk, p, kind="employed", effective_on="2024-06-01", employer=employer.uscc,
                             contract_type="open_ended")
        if ledger:
            entry = actions.add_key_group(clerk, p, group="disabled", since="2020-01-01", evidence="残疾人证 41900119850101xxxx")
            actions.verify_key_group(admin_user, entry, verification="核验残疾人证")
        people[name] = p
    return org, people


def test_required_counted_and_shortfall_follow_the_dated_parameters(setting, clerk):
    org, p = setting
    decl = actions.declare_quota(clerk, org, year=2025, staff_count=250, employees=[(p["甲"], True), (p["乙"], False)])
    # 250 × 1.5 % = 3.75 required; a severely disabled employee counts as 2 → 3 counted
    assert (decl.ratio_pct, decl.required, decl.counted) == (Decimal("1.5"), Decimal("3.75"), 3)
    assert decl.shortfall == Decimal("0.75") and decl.state == "declared"
    assert AuditEvent.objects.filter(object_type="employment.quotadeclaration", action="create").count() == 1
    met = actions.declare_quota(clerk, org, year=2024, staff_count=200, employees=[(p["甲"], True), (p["乙"], False)])
    assert met.required == Decimal("3.00") and met.shortfall == 0  # exactly at the line: met


@pytest.mark.parametrize("who, field, message", [
    ("丙", "employees[1]", "当年没有在本单位就业"),
    ("丁", "employees[1]", "不在残疾人台账中或未核实"),
])
def test_named_employees_are_checked(setting, clerk, who, field, message):
    org, p = setting
    with pytest.raises(EmploymentInputError) as e:
        actions.declare_quota(clerk, org, year=2025, staff_count=100, employees=[(p[who], False)])
    assert e.value.field == field and message in e.value.message
    assert not QuotaDeclaration.objects.exists()


def test_bad_input_names_the_field(setting, clerk):
    org, p = setting
    cases = [({"year": 2025, "staff_count": 0, "employees": []}, "staff_count"),
             ({"year": 2099, "staff_count": 10, "employees": []}, "year"),
             ({"year": 2025, "staff_count": 10, "employees": [(p["甲"], False), (p["甲"], False)]}, "employees[2]"),
             ({"year": 2023, "staff_count": 10, "employees": [(p["甲"], False)]}, "employees[1]")]  # not employed in 2023
    for data, field in cases:
        with pytest.raises(EmploymentInputError) as e:
            actions.declare_quota(clerk, org, **data)
        assert e.value.field == field, data
    actions.declare_quota(clerk, org, year=2025, staff_count=10, employees=[])
    with pytest.raises(EmploymentInputError) as e:
        actions.declare_quota(clerk, org, year=2025, staff_count=10, employees=[])
    assert e.value.field == "year"  # once per employer and year


def test_a_second_clerk_verifies(setting, clerk, reviewer, leader, make_user):
    org, p = setting
    decl = actions.declare_quota(clerk, org, year=2025, staff_count=100, employees=[(p["甲"], False)])
    with pytest.raises(EmploymentInputError):
        actions.verify_quota(clerk, decl, verification="自己核实")
    with pytest.raises(PermissionDenied):
        actions.verify_quota(leader, decl, verification="看过")
    with pytest.raises(PermissionDenied):
        actions.verify_quota(reviewer, decl, verification="核验工资表")  # a reviewer decides, does not keep registers
    other = make_user(Role.CLERK, "clerk_two")
    assert actions.verify_quota(other, decl, verification="核验工资表、残疾人证").state == "verified"
    with pytest.raises(EmploymentInputError):
        actions.verify_quota(other, decl, verification="再次")  # once


@pytest.mark.django_db
def test_pages_register_form_detail_audited_and_scoped(client_for, setting, clerk, make_user, leader):
    org, p = setting
    c = client_for(clerk)
    r = c.post("/employment/quota/?year=2025", {"uscc": org.uscc, "year": 2025, "staff_count": 250,
                                               "employees": f"{_number(p['甲'])},重度\n{_number(p['丁'])}"})
    body = r.content.decode()
    assert r.status_code == 200 and "第2行" in body and "不在残疾人台账中" in body
    r = c.post("/employment/quota/?year=2025", {"uscc": org.uscc, "year": 2025, "staff_count": 250,
                                               "employees": f"{_number(p['甲'])}，重度\n{_number(p['乙'])}"})
    assert r.status_code == 302
    detail = r["Location"]
    page = c.get(detail).content.decode()
    assert "甲" in page and p["甲"].id_number_masked in page and _number(p["甲"]) not in page
    assert AuditEvent.objects.filter(object_type="employment.quotadeclaration", action="view").count() == 1
    register = c.get("/employment/quota/?year=2025").content.decode()
    assert "济源铸造" in register and "3.75" in register and "0.75" in register
    # a leader sees the numbers, not the names
    c = client_for(leader)
    assert "3.75" in c.get("/employment/quota/?year=2025").content.decode()
    assert c.get(detail).status_code == 404
    # a town clerk elsewhere sees neither the row nor the page
    elsewhere = make_user(Role.CLERK, "clerk_wl")
    StaffAssignment.objects.create(user=elsewhere, division=Division.objects.create(code="419001101", name="五龙口镇", level="town"))
    c = client_for(elsewhere)
    assert "济源铸造" not in c.get("/employment/quota/?year=2025").content.decode()
    assert c.get(detail).status_code == 404


@pytest.mark.django_db
def test_api_and_command(client_for, setting, clerk, leader):
    org, p = setting
    c = client_for(clerk)
    r = c.post("/api/v1/employment/quota", {"uscc": org.uscc, "year": 2025, "staff_count": 100,
                                            "employees": [{"id_number": _number(p["甲"]), "severe": True}]},
               content_type="application/json")
    assert r.status_code == 201 and r.json()["required"] == "1.50" and r.json()["counted"] == 2
    r = c.post("/api/v1/employment/quota", {"uscc": org.uscc, "year": 2024, "staff_count": 100,
                                            "employees": [{"id_number": _number(p["丁"])}]},
               content_type="application/json")
    assert r.status_code == 422 and "employees[1]" in r.content.decode()
    got = client_for(leader).get("/api/v1/employment/quota?year=2025").json()
    assert got["summary"]["met"] == "1" and "甲" not in json.dumps(got, ensure_ascii=False)
    assert selectors.quota_summary(selectors.quota_register(None, 2025))["employers"] == 1


def test_command_prints_the_register():
    out = subprocess.run([sys.executable, "-m", "zhihui.cli", "employment", "quota", "--help"],
                         capture_output=True, text=True, check=True)
    assert "--year" in out.stdout
