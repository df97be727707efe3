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


@pytest.fixture
def two_towns(db, admin_user, make_user):
    """Two towns, a town clerk in each, an enterprise under monitoring in each (one of them in a
    village of the first town)."""
    from zhihui.employment.models import StaffAssignment
    from zhihui.registry.models import Division

    kejing = Division.objects.create(code="419001100", name="克井镇", level="town")
    village = Division.objects.create(code="419001100201", name="枣庙村", level="village", parent=kejing)
    wulong = Division.objects.create(code="419001101", name="五龙口镇", level="town")
    clerks = {}
    for name, town in (("kejing", kejing), ("wulong", wulong)):
        clerks[name] = make_user(Role.CLERK, f"clerk_{name}")
        StaffAssignment.objects.create(user=clerks[name], division=town)
    ents = {"kejing": actions.enrol_enterprise(admin_user, create_org("克井铸造", division=village), kind="key",
                                               since="2025-01-01"),
            "wulong": actions.enrol_enterprise(admin_user, create_org("五龙口纺织", division=wulong), kind="key",
                                               since="2025-01-01")}
    return clerks, ents


def test_a_town_clerk_imports_reports_only_for_their_towns_enterprises(two_towns, admin_user):
    clerks, ents = two_towns
    mine, theirs = ents["kejing"].organisation.uscc, ents["wulong"].organisation.uscc
    with pytest.raises(ImportRejected) as e:
        actions.preview_report_import(clerks["kejing"], "r.csv", _csv(f"{mine},2026-01,500,5,3,2,0\n{theirs},2026-01,90,0,1,0,0\n"))
    assert [(x["row"], x["column"]) for x in e.value.errors] == [(3, "A列(统一社会信用代码)")]
    assert "不在本镇" in e.value.errors[0]["message"]
    assert not ImportBatch.objects.exists()
    batch = actions.preview_report_import(clerks["kejing"], "r.csv", _csv(f"{mine},2026-01,500,5,3,2,0\n"))
    # the other town's clerk can neither commit nor discard it; a city-level clerk may
    from django.core.exceptions import PermissionDenied

    for act in (actions.commit_report_import, actions.discard_import):
        with pytest.raises(PermissionDenied):
            act(clerks["wulong"], batch)
    assert actions.commit_report_import(admin_user, batch) == (1, 0)


def test_a_batch_for_another_town_is_refused_at_commit(two_towns, admin_user):
    """Rows are checked again at commit against the committer's town (the enterprise may have
    moved since the preview): the whole batch is refused."""
    clerks, ents = two_towns
    batch = actions.preview_report_import(clerks["kejing"], "r.csv",
                                          _csv(f"{ents['kejing'].organisation.uscc},2026-01,500,5,3,2,0\n"))
    org = ents["kejing"].organisation
    org.division = ents["wulong"].organisation.division
    org.save()
    with pytest.raises(ImportRejected) as e:
        actions.commit_report_import(clerks["kejing"], batch)
    assert e.value.errors[0]["row"] == 2 and "不在本镇" in e.value.errors[0]["message"]
    assert not MonthlyReport.objects.exists()


@pytest.mark.django_db
def test_a_town_clerk_sees_only_their_own_report_batches(client_for, two_towns):
    clerks, ents = two_towns
    batch = actions.preview_report_import(clerks["kejing"], "kejing-march.csv",
                                          _csv(f"{ents['kejing'].organisation.uscc},2026-01,500,5,3,2,0\n"))
    c = client_for(clerks["wulong"])
    assert "kejing-march.csv" not in c.get("/employment/monitoring/import/").content.decode()
    assert c.get(f"/employment/monitoring/import/{batch.pk}/").status_code == 404
    assert c.post(f"/employment/monitoring/import/{batch.pk}/", {"decision": "commit"}).status_code == 404
    assert not MonthlyReport.objects.exists()
    c = client_for(clerks["kejing"])
    assert "kejing-march.csv" in c.get("/employment/monitoring/import/").content.decode()
    assert "克井铸造" in c.get(f"/employment/monitoring/import/{batch.pk}/").content.decode()
