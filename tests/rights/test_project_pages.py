"""Wage-arrears pages: the contractor previews a payroll, commits the previewed file, sees the
month grid; a stranger gets 404; the arrears lines of a case are the office's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import create_org, create_person
from zhihui.core.crypto import decrypt
from zhihui.core.roles import Role
from zhihui.rights import actions
from zhihui.rights.enums import CaseKind
from zhihui.rights.models import Payroll

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(clerk, make_user):
    contractor = create_org("豫西建工")
    project = actions.register_project(clerk, code="JY-2026-021", name="济源职业技术学院实训楼", contractor=contractor,
                                       starts_on=dt.date(2026, 3, 1), payday=10, wage_bank="工商银行济源分行",
                                       wage_account="6222020000012345678")
    workers = [create_person(n, dt.date(1980, 1, 1 + i)) for i, n in enumerate(["周大力", "吴小山"])]
    for p in workers:
        actions.add_worker(clerk, project, p, employer=contractor, joined_on=dt.date(2026, 3, 1), monthly_wage="5500", trade="木工")
    return {"project": project, "workers": workers, "manager": make_user(Role.EMPLOYER, organisation=contractor)}


def test_preview_then_commit_the_previewed_file(site, client_for):
    a, b = site["workers"]
    body = f"身份证号码,姓名,实发金额\n{decrypt(a.id_number_encrypted)},{a.name},5500\n".encode()
    c = client_for(site["manager"])
    url = f"/rights/projects/{site['project'].code}/payroll/"
    form = {"month": "2026-03-01", "paid_on": "2026-04-09", "bank_reference": "ICBC0409"}
    preview = c.post(url, {**form, "file": SimpleUploadedFile("m3.csv", body, "text/csv")})
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "导入预览" in text and "吴小山" in text  # the worker left unpaid is named
    assert not Payroll.objects.exists()
    assert c.post(url, {**form, "commit": "1"}).status_code == 302
    assert Payroll.objects.get().lines.count() == 1
    page = c.get(f"/rights/projects/{site['project'].code}/").content.decode()
    assert "6222***********5678" in page and "6222020000012345678" not in page


def test_a_bad_file_lists_its_errors_and_imports_nothing(site, client_for):
    c = client_for(site["manager"])
    body = "身份证号码,姓名,实发金额\n123,某人,abc\n".encode()
    r = c.post(f"/rights/projects/{site['project'].code}/payroll/",
               {"month": "2026-03-01", "paid_on": "2026-04-09", "bank_reference": "X",
                "file": SimpleUploadedFile("bad.csv", body, "text/csv")})
    assert "第2行 A列" in r.content.decode()
    assert not Payroll.objects.exists()


def test_another_employer_gets_404(site, client_for, make_user):
    stranger = make_user(Role.EMPLOYER, organisation=create_org("别家"))
    assert client_for(stranger).get(f"/rights/projects/{site['project'].code}/").status_code == 404


def test_the_respondent_does_not_see_the_workers_owed(site, clerk, reviewer, client_for, client, make_user):
    firm = create_org("欠薪公司")
    case = actions.file_case(clerk, kind=CaseKind.INSPECTION, respondent=firm, applicant=site["workers"][0],
                             facts="拖欠工资", received_on=dt.date(2026, 5, 6))
    actions.accept(clerk, case, handler=reviewer)
    office = client_for(clerk)
    office.post(f"/rights/{case.number}/arrears/", {"id_number": decrypt(site["workers"][0].id_number_encrypted), "owed": "5500"})
    assert "周大力" in office.get(f"/rights/{case.number}/").content.decode()
    client.logout()
    page = client_for(make_user(Role.EMPLOYER, organisation=firm)).get(f"/rights/{case.number}/").content.decode()
    assert "周大力" not in page
