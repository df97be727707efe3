"""Certificates from an evaluation body's Excel file (validated whole, all-or-nothing, errors
naming row and column), the unfiled enterprise refused, the verification token signed with the
talent card's key, and the worker's archive as PDF."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from tests.factories import create_org, create_person, id_number
from zhihui.registry.models import Certificate
from zhihui.skills import actions
from zhihui.skills.actions import SkillsError
from zhihui.skills.certificates import HEADERS, CertificateFileError, check_token, token_for

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 1)


def xlsx(rows, header=HEADERS) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    for r in rows:
        ws.append(list(r))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def body(clerk):
    org = create_org("济源市职业技能等级认定中心", kind="institution")
    actions.file_evaluation_body(clerk, org, kind="social", filed_on=dt.date(2025, 1, 1))
    return org


@pytest.fixture
def people():
    a = id_number("19900101", 11)
    b = id_number("19920202", 13)
    return [(create_person("钱多多", dt.date(1990, 1, 1), id_number=a), a), (create_person("孙小美", dt.date(1992, 2, 2), id_number=b), b)]


def test_a_good_file_is_recorded_whole(clerk, body, people):
    (p1, n1), (p2, n2) = people
    data = xlsx([
        [n1, "钱多多", "职业技能等级证书", "", "中级工(四级)", "焊工", "S4190012026000001", "2026-05-20", ""],
        [n2, "孙小美", "special_operation", "", "", "低压电工作业", "T419001202600002", dt.date(2026, 5, 21), "2032-05-20"],
    ])
    assert len(actions.import_certificates(clerk, body, data, today=TODAY)) == 2  # preview writes nothing
    assert Certificate.objects.count() == 0
    certs = actions.import_certificates(clerk, body, data, commit=True, today=TODAY)
    assert [(c.person, c.kind, c.skill_level) for c in certs] == [(p1, "skill_level", "intermediate_worker"), (p2, "special_operation", "")]
    assert certs[0].skills_record.evaluator == body and certs[0].issuer == body.name


def test_one_bad_cell_and_nothing_is_written_with_every_error_named(clerk, body, people):
    (p1, n1), (p2, n2) = people
    data = xlsx([
        [n1, "钱多多", "职业技能等级证书", "", "中级工(四级)", "焊工", "S1", "2026-05-20", ""],
        [n2, "孙大美", "驾驶证", "9-99", "七级", "", "S1", "2026-13-01", ""],
        ["419001199901019999", "无名", "职业资格证书", "", "", "电工", "S3", "2027-01-01", ""],
    ])
    with pytest.raises(CertificateFileError) as exc:
        actions.import_certificates(clerk, body, data, commit=True, today=TODAY)
    errors = exc.value.errors
    for expected in ["第3行 B列(姓名)", "第3行 C列(证书类型)", "第3行 D列(职业（工种）代码)", "第3行 E列(等级)",
                     "第3行 F列(证书名称)", "第3行 G列(证书编号): 与第 2 行重复", "第3行 H列(发证日期): 不是日期",
                     "第4行 A列(身份证号码)", "第4行 E列(等级): 职业资格", "第4行 H列(发证日期): 不得晚于今天"]:
        assert any(e.startswith(expected) for e in errors), (expected, errors)
    assert Certificate.objects.count() == 0


def test_a_wrong_header_or_not_a_workbook_is_named(clerk, body):
    with pytest.raises(CertificateFileError, match="第1行 A列: 表头应为“身份证号码”"):
        actions.import_certificates(clerk, body, xlsx([], header=["证件号", *HEADERS[1:]]), today=TODAY)
    with pytest.raises(CertificateFileError, match="不是有效的 Excel"):
        actions.import_certificates(clerk, body, b"not a workbook", today=TODAY)


def test_an_unfiled_enterprise_may_not_evaluate(clerk, people):
    firm = create_org("济源钢铁")
    (p1, n1), _ = people
    with pytest.raises(SkillsError, match="未备案") as exc:
        actions.import_certificates(clerk, firm, xlsx([[n1, "钱多多", "职业技能等级证书", "", "中级工(四级)", "焊工", "S1", "2026-05-20", ""]]),
                                    today=TODAY)
    assert exc.value.field == "evaluator"


def test_the_verification_token_is_signed_and_a_forged_one_fails(clerk, body, people):
    (p1, _), _ = people
    cert = actions.record_certificate(clerk, person=p1, kind="skill_level", level="senior_worker", name="电工", number="E-1",
                                      obtained_on=TODAY, evaluator=body)
    token = token_for(cert.skills_record)
    record, why = check_token(token)
    assert record == cert.skills_record and why == ""
    body_part, sig = token.split(".")
    forged = body_part[:-2] + ("AA" if body_part[-2:] != "AA" else "BB") + "." + sig
    assert check_token(forged)[0] is None


def test_the_archive_pdf_lists_training_and_certificates(clerk, body, people):
    (p1, _), _ = people
    actions.record_certificate(clerk, person=p1, kind="skill_level", level="senior_worker", name="电工", number="E-2",
                               obtained_on=TODAY, evaluator=body)
    from zhihui.skills.certificates import archive, archive_pdf

    assert [c.number for c in archive(p1)["certificates"]] == ["E-2"]
    pdf = archive_pdf(p1, dt.datetime(2026, 6, 1, 9, 0))
    assert pdf.startswith(b"%PDF")
