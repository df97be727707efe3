"""Issue 20: evidence files of a case (checked like the window's attachments, served as a
download), the arbitration case's documents as PDF (受理通知书, 裁决书), and the tribunal with
conflicts of interest and recusal (劳动争议调解仲裁法 第三十一、三十三、三十六条)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import create_org, create_person, pdf_bytes, png_bytes
from zhihui.core.models import AuditEvent
from zhihui.core.roles import Role
from zhihui.rights import actions, documents
from zhihui.rights.actions import RightsError
from zhihui.rights.enums import CaseKind
from zhihui.rights.models import Evidence

pytestmark = pytest.mark.django_db

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def parties(make_user):
    worker = create_person("王师傅", dt.date(1985, 5, 5))
    firm = create_org("济源建筑工程公司")
    return {"worker": worker, "citizen": make_user(Role.CITIZEN, person=worker), "firm": firm,
            "employer": make_user(Role.EMPLOYER, organisation=firm)}


@pytest.fixture
def arbitrators(make_user):
    return [make_user(Role.REVIEWER, f"arb{i}") for i in range(4)]


@pytest.fixture
def case(parties, clerk, arbitrators):
    c = actions.file_case(parties["citizen"], kind=CaseKind.ARBITRATION, respondent=parties["firm"], applicant=parties["worker"],
                          facts="拖欠2026年4月至6月工资共计18600元", claimed_amount="18600", received_on=dt.date(2026, 6, 1))
    return actions.accept(clerk, c, handler=arbitrators[0], today=dt.date(2026, 6, 2))


# --- evidence -----------------------------------------------------------------------------------


def test_parties_file_evidence_checked_like_every_upload(case, parties, clerk, monkeypatch):
    ev = actions.add_evidence(parties["citizen"], case, [("工资条.pdf", pdf_bytes()), ("考勤.png", png_bytes())], "工资条和考勤记录")
    assert [e.kind for e in ev] == ["pdf", "png"] and {e.party for e in ev} == {"applicant"}
    assert len(ev[0].sha256) == 64
    actions.add_evidence(parties["employer"], case, [("付款凭证.pdf", pdf_bytes())], "付款凭证")
    with pytest.raises(RightsError, match="不是有效的 PDF") as exc:
        actions.add_evidence(parties["citizen"], case, [("假.pdf", b"%PDF-1.4\n<html><script>alert(1)</script>")], "假文件")
    assert exc.value.field == "files"
    with pytest.raises(RightsError, match="PDF、PNG、JPEG"):
        actions.add_evidence(parties["citizen"], case, [("eicar.pdf", EICAR)], "病毒")
    from zhihui.core import files as files_mod

    monkeypatch.setattr(files_mod, "scan", lambda data: "Eicar-Test-Signature")  # the clamd hook's verdict
    with pytest.raises(RightsError, match="病毒扫描未通过（Eicar-Test-Signature）"):
        actions.add_evidence(parties["citizen"], case, [("ok.pdf", pdf_bytes())], "扫描")
    with pytest.raises(RightsError) as exc:
        actions.add_evidence(parties["citizen"], case, [("a.pdf", pdf_bytes())], "")
    assert exc.value.field == "label"
    assert Evidence.objects.filter(case=case).count() == 3


def test_too_many_or_too_big_files_are_refused(case, parties, settings):
    settings.ZHIHUI_UPLOAD_MAX_BYTES = 2000
    with pytest.raises(RightsError, match="MB"):
        actions.add_evidence(parties["citizen"], case, [("big.pdf", pdf_bytes() + b"\n" * 5000)], "大文件")
    settings.ZHIHUI_UPLOAD_MAX_BYTES = 10 * 1048576
    settings.ZHIHUI_UPLOAD_MAX_FILES_PER_REQUEST = 2
    with pytest.raises(RightsError, match="一次最多"):
        actions.add_evidence(parties["citizen"], case, [(f"{i}.pdf", pdf_bytes()) for i in range(3)], "多个")


def test_evidence_is_a_download_for_the_parties_and_not_for_strangers(case, parties, client_for, make_user):
    c = client_for(parties["citizen"])
    r = c.post(f"/rights/{case.number}/evidence/", {"label": "劳动合同", "files": [io.BytesIO(pdf_bytes())]}, follow=True)
    page = r.content.decode()
    assert "劳动合同" in page and 'id="evidence"' in page
    ev = Evidence.objects.get(case=case)
    r = client_for(parties["employer"]).get(f"/rights/{case.number}/evidence/{ev.pk}/")  # 质证: the other party sees it
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")
    assert r["X-Content-Type-Options"] == "nosniff" and b"".join(r.streaming_content).startswith(b"%PDF-")
    other = make_user(Role.CITIZEN, person=create_person("李四", dt.date(1990, 2, 2)))
    assert client_for(other).get(f"/rights/{case.number}/evidence/{ev.pk}/").status_code == 404
    c = client_for(parties["citizen"])  # (one test client, logged in as the last user asked for)
    r = c.post(f"/rights/{case.number}/evidence/", {"label": "伪装", "files": [io.BytesIO(b"<html>not a pdf</html>")]}, follow=True)
    assert r.status_code == 200 and "只接受 PDF" in r.content.decode()


def test_in_an_inspection_complaint_the_employer_sees_no_evidence(parties, clerk, client_for):
    c = actions.file_case(parties["citizen"], kind=CaseKind.INSPECTION, respondent=parties["firm"], applicant=parties["worker"],
                          facts="未签劳动合同", received_on=dt.date(2026, 6, 1))
    ev = actions.add_evidence(parties["citizen"], c, [("a.pdf", pdf_bytes())], "聊天记录")[0]
    with pytest.raises(RightsError):
        actions.add_evidence(parties["employer"], c, [("b.pdf", pdf_bytes())], "说明")
    assert not actions.evidence_for(parties["employer"], c).exists()
    assert client_for(parties["employer"]).get(f"/rights/{c.number}/evidence/{ev.pk}/").status_code == 404


# --- documents ----------------------------------------------------------------------------------


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_acceptance_notice_and_award_are_generated_as_pdf(case, parties, arbitrators, client_for):
    assert [n for n, _t in documents.available(case)] == ["acceptance"]
    text = _pdf_text(documents.render_pdf(case, "acceptance"))
    assert "受理通知书" in text and case.number in text and "2026-06-02" in text and "45" in text
    with pytest.raises(KeyError):
        documents.render_pdf(case, "award")
    assert client_for(parties["citizen"]).get(f"/rights/{case.number}/documents/award.pdf").status_code == 404
    case = actions.conclude(arbitrators[0], case, "award", "被申请人支付拖欠工资18600元", recovered_amount="18600")
    r = client_for(parties["citizen"]).get(f"/rights/{case.number}/documents/award.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and r["Content-Disposition"].startswith("attachment")
    text = _pdf_text(r.content)
    assert "裁决书" in text and "18600" in text and "15" in text
    assert AuditEvent.objects.filter(summary__contains=f"生成文书 {case.number} award").exists()


# --- the tribunal and recusal -------------------------------------------------------------------


def test_a_tribunal_is_three_with_a_chief_or_one_alone(case, clerk, arbitrators, parties):
    with pytest.raises(RightsError, match="三名") as exc:
        actions.set_panel(clerk, case, arbitrators[1], [arbitrators[2]])
    assert exc.value.field == "panel"
    with pytest.raises(RightsError, match="重复"):
        actions.set_panel(clerk, case, arbitrators[1], [arbitrators[1], arbitrators[2]])
    with pytest.raises(RightsError, match="不是在任的仲裁员") as exc:
        actions.set_panel(clerk, case, arbitrators[1], [clerk, arbitrators[2]])
    assert exc.value.field == "members[0]"
    with pytest.raises(PermissionDenied):
        actions.set_panel(arbitrators[1], case, arbitrators[1])
    actions.set_panel(clerk, case, arbitrators[1], [arbitrators[2], arbitrators[3]])
    case.refresh_from_db()
    assert case.handler == arbitrators[1]
    # every sitting member sees the case; the former handler no longer does
    from zhihui.rights.selectors import cases_for

    assert all(cases_for(a).filter(pk=case.pk).exists() for a in arbitrators[1:])
    assert not cases_for(arbitrators[0]).filter(pk=case.pk).exists()


def test_an_arbitrator_of_the_respondent_is_refused_as_a_conflict(case, clerk, make_user, parties):
    insider = make_user(Role.REVIEWER, "insider", organisation=parties["firm"])
    with pytest.raises(RightsError, match="利益冲突") as exc:
        actions.set_panel(clerk, case, insider)
    assert exc.value.field == "chief"


def test_a_declared_conflict_with_the_respondent_is_refused(case, clerk, arbitrators, parties, admin_user):
    from zhihui.regulation import actions as regulation

    profile = regulation.enrol_inspector(admin_user, arbitrators[1], "ZF-0101")
    regulation.declare_conflict(arbitrators[1], profile, parties["firm"], "配偶在该单位任职")
    with pytest.raises(RightsError, match="配偶在该单位任职") as exc:
        actions.set_panel(clerk, case, arbitrators[2], [arbitrators[1], arbitrators[3]])
    assert exc.value.field == "members[0]"


def test_recusal_requested_by_a_party_decided_by_the_chair_blocks_the_award_meanwhile(
        case, clerk, arbitrators, parties, admin_user, client_for):
    actions.set_panel(clerk, case, arbitrators[1])
    r = actions.request_recusal(parties["employer"], case, arbitrators[1], "relation", "首席仲裁员曾是申请人的同事")
    with pytest.raises(RightsError, match="回避"):
        actions.conclude(arbitrators[1], case, "award", "裁决", recovered_amount="0")
    with pytest.raises(RightsError, match="尚待决定"):
        actions.request_recusal(parties["citizen"], case, arbitrators[1], "interest", "再次申请")
    with pytest.raises(PermissionDenied):
        actions.decide_recusal(clerk, r, True, "理由")
    with pytest.raises(RightsError) as exc:
        actions.decide_recusal(admin_user, r, True, "")
    assert exc.value.field == "reason"
    actions.decide_recusal(admin_user, r, True, "经审查，关系可能影响公正裁决")
    case.refresh_from_db()
    assert case.handler is None and not case.panel.filter(removed_at__isnull=True).exists()
    with pytest.raises(RightsError, match="已在本案回避"):
        actions.set_panel(clerk, case, arbitrators[1])
    actions.set_panel(clerk, case, arbitrators[2])
    page = client_for(parties["citizen"]).get(f"/rights/{case.number}/").content.decode()
    assert 'id="recusals"' in page and "准予回避" in page and str(arbitrators[2]) in page
    case = actions.conclude(arbitrators[2], case, "award", "被申请人支付工资", recovered_amount="100")
    assert case.status == "awarded"


def test_the_pages_form_the_tribunal_and_take_a_recusal(case, clerk, arbitrators, parties, admin_user, client_for):
    r = client_for(clerk).post(f"/rights/{case.number}/panel/", {"chief": arbitrators[1].pk, "member1": arbitrators[2].pk,
                                                                 "member2": arbitrators[3].pk}, follow=True)
    assert "已组成仲裁庭" in r.content.decode()
    r = client_for(clerk).post(f"/rights/{case.number}/panel/", {"chief": "x"}, follow=True)
    assert r.status_code == 200 and "三名" in r.content.decode()
    r = client_for(parties["citizen"]).post(f"/rights/{case.number}/recusal/",
                                           {"arbitrator": arbitrators[2].pk, "ground": "contact", "reason": "私下见过被申请人"},
                                           follow=True)
    assert "已提出回避申请" in r.content.decode()
    rec = case.recusals.get()
    r = client_for(admin_user).post(f"/rights/{case.number}/recusal/{rec.pk}/", {"decision": "refused", "reason": "查无实据"},
                                    follow=True)
    rec.refresh_from_db()
    assert rec.decision == "refused" and "驳回回避申请" in r.content.decode()
