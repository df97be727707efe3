"""Enterprises' monthly reports imported from Excel/CSV (errors by row and column, a preview,
all-or-nothing commit that runs the early-warning rules) and the enrolment page."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import create_org
from zhihui.core.roles import Role
from zhihui.employment import actions
from zhihui.employment.actions import ImportRejected
from zhihui.employment.models import Alert, ImportBatch, MonitoredEnterprise, MonthlyReport

HEAD = "统一社会信用代码,月份,月末在岗人数,本月新招用,本月减员,岗位空缺,计划裁员人数\n"


@pytest.fixture
def ent(db, admin_user, clerk):
    return actions.enrol_enterprise(admin_user, create_org("济源钢铁"), kind="key", officer=clerk, since="2025-01-01")


def _csv(text: str) -> bytes:
    return (HEAD + text).encode("utf-8")


def test_errors_name_row_and_column_and_nothing_is_written(ent, clerk):
    u = ent.organisation.uscc
    body = f"{u},2026-01,500,5,3,2,0\n{u},2026-13,500,5,3,2,0\n{u},2026-02,x,5,3,2,0\n91419001XXXXXXXXXX,2026-01,1,0,0,0,0\n{u},2026-01,1,0,0,0,0\n"
    with pytest.raises(ImportRejected) as e:
        actions.preview_report_import(clerk, "r.csv", _csv(body))
    got = [(x["row"], x["column"]) for x in e.value.errors]
    assert got == [(3, "B列(月份)"), (4, "C列(月末在岗人数)"), (5, "A列(统一社会信用代码)"), (6, "B列(月份)")]
    assert "与第2行重复" in e.value.errors[-1]["message"]
    assert not ImportBatch.objects.exists() and not MonthlyReport.objects.exists()


def test_preview_then_commit_raises_alerts_in_month_order(ent, clerk):
    u = ent.organisation.uscc
    batch = actions.preview_report_import(clerk, "r.csv", _csv(f"{u},2026-02,430,0,70,0,0\n{u},2026-01,500,5,3,2,\n"))
    assert batch.kind == "reports" and batch.row_count == 2 and not MonthlyReport.objects.exists()
    n, alerts = actions.commit_report_import(clerk, batch)
    assert (n, alerts) == (2, 2)  # February's drop from January fired two rules
    assert set(MonthlyReport.objects.values_list("channel", flat=True)) == {"excel"}
    assert Alert.objects.filter(report__month__month=2).count() == 2


def test_commit_is_all_or_nothing(ent, clerk):
    u = ent.organisation.uscc
    batch = actions.preview_report_import(clerk, "r.csv", _csv(f"{u},2026-01,500,5,3,2,0\n{u},2026-02,500,5,3,2,0\n"))
    actions.submit_report(clerk, ent, month="2026-02", channel="window", headcount=1, hires=0, separations=0, vacancies=0)
    with pytest.raises(ImportRejected) as e:
        actions.commit_report_import(clerk, batch)
    assert e.value.errors[0]["row"] == 3 and e.value.errors[0]["column"] == "month"
    assert MonthlyReport.objects.count() == 1  # January was rolled back with the rest
    batch.refresh_from_db()
    assert batch.state == "preview"


@pytest.mark.django_db
def test_pages_excel_upload_preview_commit(client_for, ent, clerk):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["月份", "统一社会信用代码", "月末在岗人数", "本月新招用", "本月减员", "岗位空缺"])
    ws.append(["2026-03", ent.organisation.uscc, 800, 1, 2, 3])
    buf = io.BytesIO()
    wb.save(buf)
    c = client_for(clerk)
    r = c.post("/employment/monitoring/import/", {"file": SimpleUploadedFile("m.xlsx", buf.getvalue())})
    assert r.status_code == 302
    page = c.get(r["Location"]).content.decode()
    assert "济源钢铁" in page and "2026-03" in page and "确认导入" in page
    r = c.post(r["Location"], {"decision": "commit"}, follow=True)
    assert "已导入 1 份月报" in r.content.decode()
    assert MonthlyReport.objects.get().headcount == 800
    # the status-event batch page does not open a report batch
    assert c.get(f"/employment/import/{ImportBatch.objects.get().pk}/").status_code == 404
    bad = c.post("/employment/monitoring/import/", {"file": SimpleUploadedFile("m.csv", _csv("x,2026-01,1,1,1,1,0\n"))})
    assert "A列(统一社会信用代码)" in bad.content.decode()


@pytest.mark.django_db
def test_enrol_page(client_for, admin_user, clerk, make_user):
    org = create_org("沁园春食品")
    c = client_for(admin_user)
    r = c.post("/employment/monitoring/enrol/", {"uscc": org.uscc, "kind": "sample", "officer": str(clerk.pk),
                                                 "since": "2026-01-01"})
    assert r.status_code == 302
    ent = MonitoredEnterprise.objects.get(organisation=org)
    assert ent.kind == "sample" and ent.officer == clerk
    r = c.post("/employment/monitoring/enrol/", {"uscc": "91419001000000000X", "kind": "key"})
    assert "不在单位库中" in r.content.decode()
    assert client_for(make_user(Role.CITIZEN)).get("/employment/monitoring/enrol/").status_code == 403
