"""Wage arrears: payroll files checked whole with row-and-column errors, months not paid found
by worker and project, warnings before a payday is missed, owed and recovered per worker, and
an open arrears case weighing on the employer's credit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import create_org, create_person
from zhihui.core.crypto import decrypt
from zhihui.core.roles import Role
from zhihui.registry.enums import OrgKind
from zhihui.rights import actions
from zhihui.rights.actions import RightsError
from zhihui.rights.arrears import PayrollFileError, payroll_warnings, unpaid_months
from zhihui.rights.enums import CaseKind
from zhihui.rights.models import Payroll

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(clerk, make_user):
    contractor = create_org("济源建工集团")
    project = actions.register_project(
        clerk, code="JY-2026-017", name="济源市第一中学新校区", contractor=contractor, starts_on=dt.date(2026, 3, 1),
        payday=15, wage_bank="中国银行济源分行", wage_account="6216600000001234567", deposit_amount="300000",
    )
    people = [create_person(n, dt.date(1975 + i, 3, 3)) for i, n in enumerate(["张建国", "李二牛", "王小工"])]
    workers = [actions.add_worker(clerk, project, p, employer=contractor, joined_on=dt.date(2026, 3, 1),
                                  monthly_wage="6000", trade="钢筋工") for p in people]
    manager = make_user(Role.EMPLOYER, organisation=contractor)
    return {"project": project, "people": people, "workers": workers, "manager": manager, "contractor": contractor}


def _csv(rows):
    return ("身份证号码,姓名,实发金额\n" + "".join(",".join(r) + "\n" for r in rows)).encode("utf-8")


def _id(person):
    return decrypt(person.id_number_encrypted)


def test_the_account_number_is_kept_masked(site):
    assert site["project"].wage_account_masked == "6216***********4567"


def test_a_payroll_is_previewed_then_stored_whole(site):
    a, b, c = site["people"]
    data = _csv([[_id(a), a.name, "6000"], [_id(b), b.name, "5800.50"]])
    preview = actions.import_payroll(site["manager"], site["project"], month=dt.date(2026, 3, 1), paid_on=dt.date(2026, 4, 14),
                                     bank_reference="BOC202604140001", data=data, filename="march.csv")
    assert preview.total == Decimal("11800.50")
    assert [w.person.name for w in preview.unpaid] == [c.name]
    assert not Payroll.objects.exists()
    actions.import_payroll(site["manager"], site["project"], month=dt.date(2026, 3, 1), paid_on=dt.date(2026, 4, 14),
                           bank_reference="BOC202604140001", data=data, filename="march.csv", commit=True)
    assert Payroll.objects.get().lines.count() == 2


def test_every_bad_cell_is_named_by_row_and_column_and_nothing_is_written(site):
    a, b, _c = site["people"]
    outsider = create_person("局外人", dt.date(1990, 1, 1))
    data = _csv([[_id(a), "张建军", "6000"], [_id(b), b.name, "六千"], [_id(outsider), outsider.name, "100"],
                 ["41900119900101123", "某人", "1"]])
    with pytest.raises(PayrollFileError) as err:
        actions.import_payroll(site["manager"], site["project"], month=dt.date(2026, 3, 1), paid_on=dt.date(2026, 4, 14),
                               bank_reference="X", data=data, filename="bad.csv", commit=True)
    text = "\n".join(err.value.errors)
    assert "第2行 B列 姓名" in text and "第3行 C列 实发金额" in text and "第4行 A列" in text and "第5行 A列" in text
    assert not Payroll.objects.exists()


def test_another_contractor_cannot_import_for_the_project(site, make_user):
    stranger = make_user(Role.EMPLOYER, organisation=create_org("别的公司"))
    with pytest.raises(PermissionDenied):
        actions.import_payroll(stranger, site["project"], month=dt.date(2026, 3, 1), paid_on=dt.date(2026, 4, 1),
                               bank_reference="X", data=_csv([]), filename="x.csv")


def test_unpaid_months_are_found_by_worker_once_the_payday_has_passed(site):
    a, b, _c = site["people"]
    actions.import_payroll(site["manager"], site["project"], month=dt.date(2026, 3, 1), paid_on=dt.date(2026, 4, 14),
                           bank_reference="B1", data=_csv([[_id(a), a.name, "6000"], [_id(b), b.name, "6000"]]),
                           filename="m3.csv", commit=True)
    # On 15 April (March's payday) nothing is overdue yet; on 16 April 王小工's March is.
    assert unpaid_months(site["project"], dt.date(2026, 4, 15)) == []
    late = unpaid_months(site["project"], dt.date(2026, 4, 16))
    assert [(u.worker.person.name, u.month) for u in late] == [("王小工", dt.date(2026, 3, 1))]
    # By 16 May, April's payroll never came: all three are owed April as well.
    assert len(unpaid_months(site["project"], dt.date(2026, 5, 16))) == 1 + 3


def test_a_project_is_warned_before_its_payday_and_flagged_when_it_is_missed(site):
    project = site["project"]
    assert payroll_warnings([project], dt.date(2026, 4, 11), 3) == []
    soon = payroll_warnings([project], dt.date(2026, 4, 12), 3)
    assert [(w.month, w.payday, w.missed) for w in soon] == [(dt.date(2026, 3, 1), dt.date(2026, 4, 15), False)]
    assert payroll_warnings([project], dt.date(2026, 4, 16), 3)[0].missed


def test_owed_and_recovered_per_worker_and_the_agency_credit_follows(site, clerk, reviewer):
    agency = create_org("劳务派遣公司", kind=OrgKind.HR_AGENCY)
    case = actions.file_case(clerk, kind=CaseKind.INSPECTION, respondent=agency, applicant=site["people"][0],
                             facts="拖欠三名工人3月工资", received_on=dt.date(2026, 4, 20))
    case = actions.accept(clerk, case, handler=reviewer, today=dt.date(2026, 4, 21))
    actions.record_arrears(clerk, case, [{"person": p, "owed": "6000", "project": site["project"], "months": "2026-03"}
                                         for p in site["people"]])
    case.refresh_from_db()
    assert case.claimed_amount == Decimal("18000.00")
    from zhihui.regulation.credit import evaluate

    assert any(i.id == "wage_arrears_open" for i in evaluate(agency, dt.date(2026, 5, 1)).items)
    line = case.arrears_lines.first()
    with pytest.raises(RightsError):
        actions.record_recovery(clerk, line, "7000")
    actions.record_recovery(clerk, line, "6000")
    case.refresh_from_db()
    assert case.recovered_amount == Decimal("6000.00")
    actions.conclude(clerk, case, "order", "责令支付，已追回一人", case.recovered_amount, today=dt.date(2026, 5, 20))
    assert not any(i.id == "wage_arrears_open" for i in evaluate(agency, dt.date(2026, 5, 21)).items)
