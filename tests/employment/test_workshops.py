"""就业帮扶车间 (C10-D07): recognition by a second person with an annual review date (dated
parameter), workers, and the poverty-alleviated / low-income among them counted only from the
verified ledger; bad input names the field; town scope; pages, API and command."""

import argparse
import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import create_org, create_person
from zhihui.core.roles import Role
from zhihui.employment import actions, cli, selectors
from zhihui.employment.actions import EmploymentInputError
from zhihui.employment.models import StaffAssignment
from zhihui.employment.retirement import add_months
from zhihui.registry.models import Division

D = dt.date


def _number(person):
    from zhihui.core.crypto import decrypt

    return decrypt(person.id_number_encrypted)


@pytest.fixture
def village(db):
    town = Division.objects.create(code="419001100", name="王屋镇", level="town")
    return Division.objects.create(code="419001100201", name="愚公村", level="village", parent=town)


@pytest.fixture
def workshop(village, clerk):
    return actions.apply_workshop(clerk, name="愚公村手工编织帮扶车间", operator=create_org("济源编织合作社"),
                                  division=village, address="愚公村村委会西侧", products="手工编织")


def test_recognised_by_a_second_person_with_the_annual_review_date(workshop, clerk, reviewer, admin_user):
    with pytest.raises(PermissionDenied):
        actions.decide_workshop(clerk, workshop, "recognise")
    ws = actions.decide_workshop(reviewer, workshop, "recognise")
    today = actions.today()
    assert ws.state == "recognised" and ws.recognised_on == today and ws.review_due == add_months(today, 12)
    ws = actions.decide_workshop(admin_user, ws, "review", note="吸纳脱贫人口稳定")
    assert ws.review_due == add_months(today, 12) and ws.state == "recognised"
    other = actions.apply_workshop(admin_user, name="另一车间", operator=create_org("某公司"), division=workshop.division,
                                   address="村东", products="服装加工")
    with pytest.raises(PermissionDenied, match="职责分离"):
        actions.decide_workshop(admin_user, other, "recognise")


def test_only_verified_ledger_members_count_as_assisted(workshop, clerk, admin_user):
    today = actions.today()
    people = {k: create_person(k, D(1975, 1, 1)) for k in ("核实脱贫", "申报脱贫", "核实低收入", "普通", "已离开")}
    for name, group, verify in (("核实脱贫", "poverty", True), ("申报脱贫", "poverty", False),
                                ("核实低收入", "low_income", True), ("已离开", "poverty", True)):
        e = actions.add_key_group(clerk, people[name], group=group, since="2020-01-01", evidence="系统比对")
        if verify:
            actions.verify_key_group(admin_user, e, verification="与乡村振兴部门数据比对一致")
    for p in people.values():
        actions.add_workshop_worker(clerk, workshop, p, since="2024-03-01")
    gone = workshop.workers.get(person=people["已离开"])
    actions.end_workshop_worker(clerk, gone, until=today - dt.timedelta(days=1))
    w = selectors.workshops(None, on=today).get(pk=workshop.pk)
    assert (w.workers_n, w.assisted_n) == (4, 2)
    assert selectors.workshops(None, on=D(2024, 2, 29)).get(pk=workshop.pk).workers_n == 0
    flags = {x.person.name: x.assisted_group for x in selectors.workshop_workers(workshop, today)}
    assert flags["核实脱贫"] == "poverty" and flags["核实低收入"] == "low_income" and flags["申报脱贫"] is None


def test_bad_input_names_the_field(workshop, clerk, village):
    op = create_org("运营方")
    for data, field in [(dict(name="", address="x", products="y", division=village), "name"),
                        (dict(name="车间", address="", products="y", division=village), "address"),
                        (dict(name="车间", address="x", products="", division=village), "products"),
                        (dict(name="车间", address="x", products="y", division=None), "division")]:
        with pytest.raises(EmploymentInputError) as e:
            actions.apply_workshop(clerk, operator=op, **data)
        assert e.value.field == field, data
    p = create_person("工人", D(1980, 1, 1))
    with pytest.raises(EmploymentInputError) as e:
        actions.add_workshop_worker(clerk, workshop, p, since=actions.today() + dt.timedelta(days=1))
    assert e.value.field == "since"
    actions.add_workshop_worker(clerk, workshop, p, since="2024-01-01")
    with pytest.raises(EmploymentInputError) as e:
        actions.add_workshop_worker(clerk, workshop, p, since="2024-02-01")
    assert e.value.field == "person"


@pytest.mark.django_db
def test_pages_api_scope_and_command(client_for, workshop, clerk, leader, make_user, capsys):
    from tests.usability.test_no_english_on_chinese_pages import latin_words

    p = create_person("务工者", D(1980, 1, 1))
    c = client_for(clerk)
    detail = f"/employment/workshops/{workshop.pk}/"
    c.post(detail, {"op": "worker", "id_number": _number(p), "since": "2024-05-01"})
    page = c.get(detail).content.decode()
    assert p.id_number_masked in page and not latin_words(page)
    r = c.post(detail, {"op": "worker", "id_number": "123", "since": "2024-05-01"})
    assert "身份证号码：" in c.get(detail).content.decode()
    listing = c.get("/employment/workshops/").content.decode()
    assert workshop.name in listing and not latin_words(listing)
    c.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Assistance workshops" in c.get("/employment/workshops/").content.decode()
    c.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert client_for(leader).get(detail).status_code == 404
    c = client_for(clerk)
    got = c.get("/api/v1/employment/workshops").json()
    assert got["workshops"][0]["workers"] == 1 and got["summary"]["workshops"] == 1
    assert c.get(f"/api/v1/employment/workshops/{workshop.pk}").json()["name"] == workshop.name
    assert c.get("/api/v1/employment/workshops/999999").status_code == 404
    assert c.get("/api/v1/employment/workshops/x").status_code == 422
    assert c.delete(f"/api/v1/employment/workshops/{workshop.pk}").status_code == 405
    r = c.post("/api/v1/employment/workshops", {"name": "新车间", "operator_uscc": "X", "division_code": "1",
                                                "address": "a", "products": "b"}, content_type="application/json")
    assert r.status_code == 422 and "operator_uscc" in r.content.decode()
    elsewhere = make_user(Role.CLERK, "clerk_other")
    StaffAssignment.objects.create(user=elsewhere, division=Division.objects.create(code="419001101", name="邵原镇",
                                                                                    level="town"))
    oc = client_for(elsewhere)
    assert oc.get(detail).status_code == 404
    assert oc.get(f"/api/v1/employment/workshops/{workshop.pk}").status_code == 404
    assert oc.get("/api/v1/employment/workshops").json()["workshops"] == []
    assert cli.cmd_workshops(argparse.Namespace(as_of=None, json=True)) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["workshops"][0]["name"] == workshop.name and out["summary"]["workers"] == 1


@pytest.mark.django_db
def test_pages_record_applications_with_errors_naming_the_field(client_for, clerk, village):
    c = client_for(clerk)
    op = create_org("运营合作社")
    r = c.post("/employment/workshops/", {"name": "车间", "uscc": "91419001MA0000000X", "division": village.pk,
                                         "address": "村口", "products": "编织"}, follow=True)
    assert "统一社会信用代码：" in r.content.decode()
    r = c.post("/employment/workshops/", {"name": "车间", "uscc": op.uscc, "division": village.pk,
                                         "address": "村口", "products": "编织"})
    assert r.status_code == 302 and r["Location"].startswith("/employment/workshops/")
    r = c.post("/employment/traineeship/", {"uscc": op.uscc, "contact": ""}, follow=True)
    assert "联系人及电话：" in r.content.decode()
    r = c.post("/employment/traineeship/", {"uscc": op.uscc, "contact": "赵 13700000000"})
    assert r.status_code == 302 and r["Location"].startswith("/employment/traineeship/")


def test_commands_are_registered():
    import subprocess
    import sys

    for name in ("traineeship", "workshops"):
        out = subprocess.run([sys.executable, "-m", "zhihui.cli", "employment", name, "--help"],
                             capture_output=True, text=True, check=True)
        assert "--json" in out.stdout
