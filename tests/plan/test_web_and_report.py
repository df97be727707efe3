"""Dashboard, detail page, computed indicators with drill-down, and the evaluation report."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from tests.factories import create_person
from zhihui.cli import main
from zhihui.plan.actions import load_registry, set_actual, store_computed
from zhihui.plan.compute import compute_year
from zhihui.plan.selectors import progress_rows


@pytest.fixture
def loaded(db):
    load_registry(None)


def _person(n: int):
    return create_person(f"测试{n}", dt.date(1990, 1, 1))


@pytest.fixture
def small_city(db):
    """4 employed people: 3 skill certificates (2 high-level) and one professional title."""
    from zhihui.registry.models import Certificate, EmploymentRecord

    people = [_person(i) for i in range(4)]
    for p in people:
        EmploymentRecord.objects.create(person=p, start_date=dt.date(2015, 1, 1))
    Certificate.objects.create(
        person=people[0],
        kind="skill_level",
        skill_level="senior_worker",
        name="电工",
        obtained_on=dt.date(2021, 5, 1),
    )
    Certificate.objects.create(
        person=people[1],
        kind="skill_level",
        skill_level="technician",
        name="焊工",
        obtained_on=dt.date(2018, 5, 1),
    )
    Certificate.objects.create(
        person=people[2], kind="special_operation", name="高处作业", obtained_on=dt.date(2021, 3, 1)
    )
    Certificate.objects.create(
        person=people[3],
        kind="professional_title",
        title_level="associate_senior",
        name="工程师",
        obtained_on=dt.date(2016, 1, 1),
    )
    return people


def test_registry_indicators_are_counted_in_the_database(small_city):
    v = compute_year(2021)
    assert v["T1-09"] == Decimal("0.0003")  # 3 skill talents, in 万人
    assert v["T1-03"] == Decimal("0.0002")
    assert v["T1-13"] == Decimal("0.0004")
    assert v["T1-15"] == Decimal("100.00")
    assert v["T1-10"] == Decimal("75.00")
    assert v["T1-14"] == Decimal("0.0002")  # two new skill certificates in 2021
    assert v["C1-T13"] == Decimal("0.0001")  # one person's first 高级工+ certificate in 2021
    assert v["C1-T12"] == Decimal("100.00")
    assert compute_year(2020)["T1-09"] == Decimal("0.0001")


def test_dashboard_shows_groups_lights_and_conflicts_to_leaders(
    loaded, leader, client_for, admin_user
):
    set_actual(admin_user, "T1-22", 2022, "5.8")
    resp = client_for(leader).get("/plan/?year=2022")
    assert resp.status_code == 200
    html = resp.content.decode()
    for text in (
        "人才发展",
        "人力资源开发",
        "就业促进",
        "城镇调查失业率",
        "滞后",
        "X05",
        "echarts",
    ):
        assert text in html
    assert 'data-code="T1-22" data-status="behind"' in html


def test_dashboard_is_not_for_citizens_or_clerks(loaded, make_user, client_for):
    from zhihui.core.roles import Role

    for role in (Role.CITIZEN, Role.CLERK):
        assert client_for(make_user(role)).get("/plan/").status_code == 403


def test_drill_down_lists_masked_records_without_names(loaded, small_city, leader, client_for):
    store_computed(None, 2021, compute_year(2021))
    html = client_for(leader).get("/plan/indicators/T1-09/?year=2021").content.decode()
    assert small_city[0].id_number_masked in html and "********" in small_city[0].id_number_masked
    assert "测试0" not in html
    assert "共 3 条" in html


def test_bad_query_values_do_not_break_pages(loaded, leader, client_for):
    c = client_for(leader)
    assert c.get("/plan/?year=abc").status_code == 200
    assert c.get("/plan/indicators/NOPE/").status_code == 404
    assert c.get("/plan/report/?kind=weekly").status_code == 404


def test_upload_page_shows_row_and_column_errors(loaded, admin_user, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    resp = client_for(admin_user).post(
        "/plan/actuals/upload/",
        {
            "year": "2022",
            "file": SimpleUploadedFile("x.xlsx", b"garbage"),
        },
    )
    assert resp.status_code == 400
    assert "不是有效的 Excel" in resp.content.decode()


def test_progress_rows_use_edited_annual_targets(loaded, admin_user):
    from zhihui.plan.actions import set_annual_target

    set_actual(admin_user, "T1-21", 2021, "0.1")
    assert {r["code"]: r for r in progress_rows(2021)}["T1-21"]["status"] == "behind"
    set_annual_target(admin_user, "T1-21", 2021, "0.1")
    assert {r["code"]: r for r in progress_rows(2021)}["T1-21"]["status"] in ("on_track", "at_risk")


def test_report_pdf_text_and_workbook(loaded, admin_user, tmp_path):
    set_actual(admin_user, "T1-21", 2021, "1.6")
    set_actual(admin_user, "T1-21", 2022, "1.5")
    set_actual(admin_user, "T1-21", 2023, "1.4")
    assert (
        main(["plan", "report", "--year", "2023", "--kind", "midterm", "--out", str(tmp_path)]) == 0
    )
    pdf = tmp_path / "plan-midterm-2023.pdf"
    text = "".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
    compact = text.replace("\n", "").replace(" ", "")
    assert "2023年中期评估报告" in compact
    assert "城镇新增就业人数" in compact
    assert "4.5" in text and "60.0%" in text  # 4.5万 of [7.5]: 60 % done at 60 % of the time
    assert "劳动年龄人口平均受教育年限" in compact
    assert "X05" in text and "X03" in text  # the flagged contradictions are printed
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO((tmp_path / "plan-midterm-2023.xlsx").read_bytes()))
    assert {"指标进展", "图表", "状态汇总", "矛盾与缺失"} <= set(wb.sheetnames)
    assert wb["图表"]._charts
    codes = [r[0].value for r in wb["指标进展"].iter_rows(min_row=3)]
    assert "19" in codes and "C9-T01" in codes


def test_api_gives_the_registry_and_progress_to_leaders_only(
    loaded, leader, make_user, client_for, admin_user
):
    from zhihui.core.roles import Role

    set_actual(admin_user, "T1-21", 2021, "1.6")
    c = client_for(leader)
    data = c.get("/api/v1/plan/indicators").json()
    assert len(data["indicators"]) == 69 and len(data["conflicts"]) >= 15
    prog = c.get("/api/v1/plan/progress?year=2021").json()
    row = next(r for r in prog["indicators"] if r["code"] == "T1-21")
    assert row["progress"]["value"] == "1.6" and row["status"] == "on_track"
    assert c.get("/api/v1/plan/progress?year=2030").status_code == 422
    assert c.get("/api/v1/plan/progress?year=x").status_code == 422
    assert client_for(make_user(Role.CITIZEN)).get("/api/v1/plan/indicators").status_code == 403


def test_administrator_recomputes_registry_indicators_from_the_page(loaded, small_city, admin_user, leader, client_for):
    from zhihui.plan.models import ActualValue

    assert client_for(leader).post("/plan/recompute/?year=2021").status_code == 403
    resp = client_for(admin_user).post("/plan/recompute/?year=2021")
    assert resp.status_code == 302
    v = ActualValue.objects.get(indicator__code="T1-09", year=2021, is_current=True)
    assert v.origin == "computed" and v.value == Decimal("0.0003")
    # the recount ran as a background job (in-process here: no broker); the dashboard shows it
    from zhihui.core.models import BackgroundJob

    job = BackgroundJob.objects.get(kind="plan.recompute")
    assert job.status == "done" and job.done == job.total == 1 and job.result["2021"] > 0
    page = client_for(admin_user).get("/plan/?year=2021").content.decode()
    assert "<progress" in page and "2021" in job.label
    assert "<progress" not in client_for(leader).get("/plan/?year=2021").content.decode()


def test_a_failed_recount_says_so_on_its_job(loaded, small_city, admin_user, monkeypatch):
    from zhihui.core import jobs
    from zhihui.plan import actions, compute

    def broken(year):
        raise RuntimeError("database went away")

    monkeypatch.setattr(compute, "compute_year", broken)
    job = jobs.start("plan.recompute", "test", total=2, user=admin_user)
    with pytest.raises(RuntimeError):
        actions.recompute(admin_user, [2021, 2022], job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "database went away" in job.message


def test_several_years_in_one_pass_equal_year_by_year(small_city):
    from zhihui.plan.compute import compute_years

    together = compute_years([2020, 2021, 2022])
    assert together == {y: compute_year(y) for y in (2020, 2021, 2022)}
    assert together[2022]["T1-14"] == Decimal("0")  # no certificate obtained in 2022
