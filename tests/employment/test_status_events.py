"""就业实名制: status events recorded by clerks and by the person, never edited in place;
access, audit, imports and the yearly indicators."""

import datetime as dt

import pytest

from zhihui.core.models import AuditEvent
from zhihui.core.roles import Role
from zhihui.employment import actions, selectors
from zhihui.employment.actions import EmploymentInputError, ImportRejected
from zhihui.employment.models import DifficultyRecognition, StatusEvent

D = dt.date


def _employed(clerk, person, employer, occupation, day, **kw):
    return actions.record_event(clerk, person, kind="employed", effective_on=day, employer=employer.uscc,
                                occupation=occupation.code, contract_type="open_ended", **kw)


def test_clerk_records_employment_with_employer_occupation_and_industry(clerk, person, employer, occupation):
    e = _employed(clerk, person, employer, occupation, D(2025, 3, 1))
    assert e.employer == employer and e.employer_name == employer.name
    assert e.industry.code == "3110"  # from the employer
    assert e.channel == "window" and e.recorded_by == clerk
    row = AuditEvent.objects.get(action="create", object_type="employment.statusevent")
    assert "单位就业" in row.summary and row.after["kind"] == "employed"


@pytest.mark.parametrize("data, field", [
    ({"kind": "working"}, "kind"),
    ({"kind": "employed", "effective_on": "2025-02-30"}, "effective_on"),
    ({"kind": "employed", "effective_on": "2099-01-01"}, "effective_on"),
    ({"kind": "employed", "effective_on": "1980-01-01", "employer_name": "x", "contract_type": "task"}, "effective_on"),
    ({"kind": "employed", "effective_on": "2025-01-01"}, "employer"),
    ({"kind": "employed", "effective_on": "2025-01-01", "employer_name": "某公司"}, "contract_type"),
    ({"kind": "employed", "effective_on": "2025-01-01", "employer": "91419001MA99999999", "contract_type": "task"}, "employer"),
    ({"kind": "employed", "effective_on": "2025-01-01", "employer_name": "某公司", "contract_type": "fixed"}, "contract_end"),
    ({"kind": "employed", "effective_on": "2025-01-01", "employer_name": "某公司", "contract_type": "task",
      "occupation": "9-99-99-99"}, "occupation"),
    ({"kind": "registered_unemployed", "effective_on": "2025-01-01"}, "unemployment_reason"),
    ({"kind": "flexible", "effective_on": "2025-01-01", "unemployment_reason": "resigned"}, "unemployment_reason"),
    ({"kind": "flexible", "effective_on": "2025-01-01", "contract_type": "task"}, "contract_type"),
    ({"kind": "retired", "effective_on": "2025-01-01", "rural_transfer": True}, "rural_transfer"),
    ({"kind": "flexible", "effective_on": "2025-01-01", "note": "a\x00b"}, "note"),
])
def test_bad_input_names_the_field_and_writes_nothing(clerk, person, data, field):
    with pytest.raises(EmploymentInputError) as e:
        actions.record_event(clerk, person, **data)
    assert e.value.field == field
    assert StatusEvent.objects.count() == 0
    assert not AuditEvent.objects.filter(object_type="employment.statusevent").exists()


def test_a_correction_is_a_new_event_and_the_old_one_stays(clerk, person):
    wrong = actions.record_event(clerk, person, kind="registered_unemployed", effective_on="2025-04-01",
                                 unemployment_reason="resigned")
    right = actions.correct_event(clerk, wrong, kind="registered_unemployed", effective_on="2025-05-01",
                                  unemployment_reason="contract_ended")
    wrong.refresh_from_db()
    assert wrong.effective_on == D(2025, 4, 1) and wrong.unemployment_reason == "resigned"  # untouched
    assert right.corrects == wrong
    assert list(selectors.active_events(person)) == [right]
    assert [e.pk for e in selectors.history(person)] == [right.pk, wrong.pk]
    assert selectors.status_on(person, D(2025, 4, 15)) is None
    with pytest.raises(EmploymentInputError) as e:
        actions.correct_event(clerk, wrong, kind="flexible", effective_on="2025-05-01")
    assert e.value.field == "corrects"


def test_citizen_declares_own_flexible_work_but_not_unemployment_registration(make_user, person, other_person):
    from django.core.exceptions import PermissionDenied

    citizen = make_user(Role.CITIZEN, person=person)
    e = actions.record_event(citizen, person, channel="self", kind="flexible", effective_on="2025-06-01")
    assert e.channel == "self"
    with pytest.raises(EmploymentInputError) as err:
        actions.record_event(citizen, person, channel="self", kind="registered_unemployed",
                             effective_on="2025-06-01", unemployment_reason="resigned")
    assert err.value.field == "kind"
    with pytest.raises(PermissionDenied):
        actions.record_event(citizen, other_person, channel="self", kind="flexible", effective_on="2025-06-01")
    with pytest.raises(PermissionDenied):
        actions.record_event(citizen, person, channel="window", kind="flexible", effective_on="2025-06-01")


# --- pages and API: access and audit ----------------------------------------------------------

@pytest.mark.django_db
def test_clerk_page_shows_history_and_records_an_event_audited(client_for, clerk, person):
    actions.record_event(clerk, person, kind="registered_unemployed", effective_on="2025-01-10",
                         unemployment_reason="contract_ended")
    c = client_for(clerk)
    r = c.get(f"/employment/persons/{person.pk}/")
    body = r.content.decode()
    assert r.status_code == 200 and "登记失业" in body and "劳动合同终止或解除" in body
    assert person.id_number_masked in body and "1990-05-05" not in body  # no birth date beside the number
    assert AuditEvent.objects.filter(action="view", object_id=str(person.pk), summary__contains="就业档案").count() == 1
    r = c.post(f"/employment/persons/{person.pk}/", {"kind": "flexible", "effective_on": "2025-03-01", "urban": "on"})
    assert r.status_code == 302
    r = c.post(f"/employment/persons/{person.pk}/", {"kind": "registered_unemployed", "effective_on": "2025-04-01"})
    assert r.status_code == 200 and "失业登记须填写失业原因" in r.content.decode()
    assert [e.kind for e in selectors.active_events(person)] == ["registered_unemployed", "flexible"]


@pytest.mark.django_db
def test_citizen_sees_only_own_file(client_for, make_user, person, other_person, clerk):
    citizen = make_user(Role.CITIZEN, person=person)
    actions.record_event(clerk, person, kind="flexible", effective_on="2025-02-01")
    c = client_for(citizen)
    r = c.get("/employment/me/")
    assert r.status_code == 200 and "灵活就业" in r.content.decode()
    assert c.get(f"/employment/persons/{other_person.pk}/").status_code == 404
    assert c.get(f"/api/v1/employment/persons/{other_person.pk}/events").status_code == 404
    assert c.get(f"/api/v1/employment/persons/{person.pk}/events").status_code == 200
    assert c.get("/employment/").status_code == 403
    assert c.get("/employment/import/").status_code == 403


@pytest.mark.django_db
def test_api_records_and_reads_events(client_for, clerk, person, leader):
    c = client_for(clerk)
    r = c.post(f"/api/v1/employment/persons/{person.pk}/events",
               data={"kind": "registered_unemployed", "effective_on": "2025-01-10"}, content_type="application/json")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "unemployment_reason"]
    r = c.post(f"/api/v1/employment/persons/{person.pk}/events",
               data={"kind": "registered_unemployed", "effective_on": "2025-01-10",
                     "unemployment_reason": "resigned"}, content_type="application/json")
    assert r.status_code == 201 and r.json()["kind_label"] == "登记失业"
    r = c.get(f"/api/v1/employment/persons/{person.pk}/events")
    assert [e["kind"] for e in r.json()] == ["registered_unemployed"]
    assert AuditEvent.objects.filter(action="view", summary__contains="（接口）").exists()  # channel in words
    assert c.get("/api/v1/employment/persons/999999/events").status_code == 404
    c.logout()
    assert c.get(f"/api/v1/employment/persons/{person.pk}/events").status_code == 401
    c = client_for(leader)
    assert c.get(f"/api/v1/employment/persons/{person.pk}/events").status_code == 404  # leaders see aggregates only
    assert c.get("/api/v1/employment/indicators?year=2025").json()["indicators"]["reemployed_unemployed"] == 0


# --- imports ----------------------------------------------------------------------------------

def _csv(*rows):
    head = "身份证号码,就业状态,生效日期,用人单位统一社会信用代码,劳动合同类型,失业原因\n"
    return ("\ufeff" + head + "".join(",".join(r) + "\n" for r in rows)).encode()


def _number(person):
    from zhihui.core.crypto import decrypt

    return decrypt(person.id_number_encrypted)


def test_import_is_all_or_nothing_with_errors_by_row_and_column(clerk, person, other_person, employer):
    good = (_number(person), "单位就业", "2025-03-01", employer.uscc, "无固定期限劳动合同", "")
    bad = [(_number(other_person), "登记失业", "2025-03-01", "", "", ""),
           ("419001199001011234", "灵活就业", "2025-03-01", "", "", ""),
           (_number(other_person), "灵活就业", "2025/03/01", "", "", "")]
    with pytest.raises(ImportRejected) as e:
        actions.preview_import(clerk, "status.csv", _csv(good, *bad))
    errors = {(x["row"], x["column"]) for x in e.value.errors}
    assert (3, "F列(失业原因)") in errors
    assert (4, "A列(身份证号码)") in errors
    assert (5, "C列(生效日期)") in errors
    assert StatusEvent.objects.count() == 0


def test_import_preview_then_commit_writes_every_row(clerk, person, other_person, employer):
    data = _csv((_number(person), "单位就业", "2025-03-01", employer.uscc, "open_ended", ""),
                (_number(other_person), "registered_unemployed", "2025-03-02", "", "", "本人辞职"))
    batch = actions.preview_import(clerk, "status.csv", data)
    assert batch.row_count == 2 and StatusEvent.objects.count() == 0
    stored = str(batch.rows)
    assert _number(person) not in stored and _number(other_person) not in stored  # no identity numbers at rest
    assert actions.commit_import(clerk, batch) == 2
    assert StatusEvent.objects.filter(channel="import", batch=batch).count() == 2
    with pytest.raises(EmploymentInputError):
        actions.commit_import(clerk, batch)  # only once
    assert AuditEvent.objects.filter(action="import", object_type="employment.importbatch").count() == 2


def test_import_of_an_excel_file(clerk, person):
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["就业状态", "身份证号码", "生效日期"])
    ws.append(["灵活就业", _number(person), dt.datetime(2025, 7, 1)])
    buf = io.BytesIO()
    wb.save(buf)
    batch = actions.preview_import(clerk, "status.xlsx", buf.getvalue())
    assert batch.rows[0]["effective_on"] == "2025-07-01"


@pytest.mark.django_db
def test_import_pages_preview_and_commit(client_for, clerk, person):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = client_for(clerk)
    bad = SimpleUploadedFile("s.csv", _csv((_number(person), "退休了", "2025-03-01", "", "", "")))
    r = c.post("/employment/import/", {"file": bad})
    body = r.content.decode()
    assert r.status_code == 200 and "B列(就业状态)" in body and "未导入" in body
    good = SimpleUploadedFile("s.csv", _csv((_number(person), "退休", "2025-03-01", "", "", "")))
    r = c.post("/employment/import/", {"file": good})
    assert r.status_code == 302
    page = c.get(r["Location"]).content.decode()
    assert "待确认" in page and person.id_number_masked in page
    r = c.post(r["Location"], {"decision": "commit"})
    assert StatusEvent.objects.get().kind == "retired"


# --- indicators -------------------------------------------------------------------------------

def test_indicators_count_each_person_once_a_year(clerk, reviewer, person, other_person, employer, occupation):
    from tests.factories import create_person

    # person: unemployed 2024, employed 2025-03, job change 2025-06, flexible 2025-09 → once
    actions.record_event(clerk, person, kind="registered_unemployed", effective_on="2024-11-01",
                         unemployment_reason="contract_ended")
    _employed(clerk, person, employer, occupation, D(2025, 3, 1))
    _employed(clerk, person, employer, occupation, D(2025, 6, 1))
    actions.record_event(clerk, person, kind="registered_unemployed", effective_on="2025-08-01",
                         unemployment_reason="resigned")
    actions.record_event(clerk, person, kind="flexible", effective_on="2025-09-01")
    # other: recognised 就业困难人员, rural labourer transferred
    DifficultyRecognition.objects.create(person=other_person, category="older", recognised_on=D(2024, 1, 1))
    actions.record_event(clerk, other_person, kind="flexible", effective_on="2025-02-01", urban=False,
                         rural_transfer=True)
    # a retirement from employment: natural attrition
    old = create_person("王五", D(1964, 1, 1))
    _employed(clerk, old, employer, occupation, D(2010, 1, 1))
    actions.record_event(clerk, old, kind="retired", effective_on="2025-01-01")
    got = selectors.indicators(2025)
    assert got == {"new_urban_employment": 0, "new_urban_employed_gross": 1, "natural_attrition": 1,
                   "reemployed_unemployed": 1, "difficulty_employed": 1, "rural_transfer": 1}
    assert selectors.indicators(2024)["new_urban_employed_gross"] == 0


def test_new_employment_at_the_year_boundary_counts_once_in_each_year(clerk, person, employer, occupation):
    """Employed on 31 December (counted in that year), unemployed and employed again in the first
    days of January (counted once in the new year, however often), and the monthly series agree."""
    actions.record_event(clerk, person, kind="registered_unemployed", effective_on="2024-12-01",
                         unemployment_reason="contract_ended")
    _employed(clerk, person, employer, occupation, D(2024, 12, 31))
    actions.record_event(clerk, person, kind="registered_unemployed", effective_on="2025-01-01",
                         unemployment_reason="resigned")
    _employed(clerk, person, employer, occupation, D(2025, 1, 2))
    actions.record_event(clerk, person, kind="flexible", effective_on="2025-01-03")  # still employed: no entry
    actions.record_event(clerk, person, kind="registered_unemployed", effective_on="2025-05-01",
                         unemployment_reason="resigned")
    _employed(clerk, person, employer, occupation, D(2025, 6, 1))  # a second entry in 2025: not counted again
    assert selectors.indicators(2024)["new_urban_employed_gross"] == 1
    assert selectors.indicators(2024)["reemployed_unemployed"] == 1
    got = selectors.indicators(2025)
    assert got["new_urban_employed_gross"] == 1 and got["reemployed_unemployed"] == 1
    stats = selectors.monthly_statistics(2025)
    assert stats["new_urban_cumulative"] == [1] * 12  # counted in January only
    assert stats["registered_unemployed"][:5] == [0, 0, 0, 0, 1]  # at the end of May
    assert selectors.monthly_statistics(2024)["new_urban_cumulative"][-1] == 1


def test_plan_indicators_T1_19_and_T1_20_come_from_the_status_events(clerk, person, other_person):
    from decimal import Decimal

    from zhihui.plan.compute import COMPUTED, compute_year

    assert COMPUTED["employment.new_urban_employment"] == "T1-19"
    assert compute_year(2024)["T1-19"] is None  # no events that year: a figure entered by hand stays
    actions.record_event(clerk, person, kind="flexible", effective_on="2025-02-01")
    actions.record_event(clerk, other_person, kind="flexible", effective_on="2025-03-01", urban=False,
                         rural_transfer=True)
    got = compute_year(2025)
    assert got["T1-19"] == Decimal(1) / Decimal(10000) and got["T1-20"] == Decimal(1) / Decimal(10000)


@pytest.mark.django_db
def test_statistics_page_shows_indicators_and_charts(client_for, clerk, leader, person):
    actions.record_event(clerk, person, kind="registered_unemployed", effective_on="2025-01-10",
                         unemployment_reason="contract_ended")
    r = client_for(leader).get("/employment/?year=2025")
    body = r.content.decode()
    assert r.status_code == 200 and "城镇新增就业" in body
    assert 'data-chart="emp-unemployed"' in body and 'id="emp-unemployed"' in body
    assert "<script>" not in body.split("</head>")[1]  # charts without inline script
    from zhihui.employment.selectors import monthly_statistics

    stats = monthly_statistics(2025)
    assert stats["registered_unemployed"] == [1] * 12
    assert client_for(leader).get("/employment/?year=abc").status_code == 200


def test_a_town_clerk_imports_status_only_for_their_towns_residents(make_user, person, other_person):
    from django.core.exceptions import PermissionDenied

    from zhihui.employment.models import StaffAssignment
    from zhihui.registry.models import Division

    town = Division.objects.create(code="419001100", name="克井镇", level="town")
    person.residence = town
    person.save()
    kejing = make_user(Role.CLERK, "clerk_kejing")
    StaffAssignment.objects.create(user=kejing, division=town)
    elsewhere = make_user(Role.CLERK, "clerk_wulong")
    StaffAssignment.objects.create(user=elsewhere, division=Division.objects.create(code="419001101", name="五龙口镇",
                                                                                   level="town"))
    rows = ((_number(person), "灵活就业", "2025-03-01", "", "", ""), (_number(other_person), "灵活就业", "2025-03-01", "", "", ""))
    with pytest.raises(ImportRejected) as e:
        actions.preview_import(kejing, "status.csv", _csv(*rows))
    assert [(x["row"], x["column"]) for x in e.value.errors] == [(3, "A列(身份证号码)")]
    assert "不在本镇" in e.value.errors[0]["message"]
    batch = actions.preview_import(kejing, "status.csv", _csv(rows[0]))
    with pytest.raises(PermissionDenied):
        actions.commit_import(elsewhere, batch)
    person.residence = None  # moved away between preview and commit: refused at commit
    person.save()
    with pytest.raises(ImportRejected):
        actions.commit_import(kejing, batch)
    assert StatusEvent.objects.count() == 0
