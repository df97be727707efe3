"""The graduate registry (高校毕业生名册, C10-D01): colleges' files validated whole with errors by
row and column, preview then commit (all or nothing), destinations with employer and place,
离校未就业 entering the key-group ledger, per college and year statistics (留济, followed up),
masked and audited reads, town scope, the citizen's own records, page, API and command."""

import csv
import datetime as dt
import io
import json
import subprocess
import sys

import pytest

from tests.factories import create_org, create_person
from zhihui.core.models import AuditEvent
from zhihui.core.roles import Role
from zhihui.employment import actions, selectors
from zhihui.employment.actions import EmploymentInputError, ImportRejected
from zhihui.employment.graduate_models import College, Graduate
from zhihui.employment.models import ImportBatch, KeyGroupEntry, StaffAssignment
from zhihui.registry.models import Division

D = dt.date
HEADER = ["身份证号码", "姓名", "学校国标代码", "专业", "学历", "毕业日期", "毕业去向", "就业单位统一社会信用代码",
          "就业单位名称", "就业地点"]


def _number(person):
    from zhihui.core.crypto import decrypt

    return decrypt(person.id_number_encrypted)


def _csv(*rows, header=HEADER) -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    return out.getvalue().encode("utf-8")


@pytest.fixture
def world(db):
    town = Division.objects.create(code="419001001", name="沁园街道", level="town")
    jvtc = College.objects.create(code="12768", name="济源职业技术学院", in_city=True)
    hpu = College.objects.create(code="10460", name="河南理工大学", in_city=False)
    firm = create_org("济源钢铁", division=town)
    people = {n: create_person(n, D(2004, 3, 1), residence=town) for n in ("赵一", "钱二", "孙三", "李四", "周五")}
    return {"town": town, "jvtc": jvtc, "hpu": hpu, "firm": firm, "p": people}


def _good_rows(w):
    p, firm = w["p"], w["firm"]
    return [
        (_number(p["赵一"]), "赵一", "12768", "机电一体化技术", "专科（高职）", "2025-06-30", "就业", firm.uscc, "", "济源"),
        (_number(p["钱二"]), "钱二", "12768", "护理", "专科（高职）", "2025-06-30", "就业", "", "郑州某医院", "外地"),
        (_number(p["孙三"]), "孙三", "12768", "会计", "专科（高职）", "2025-06-30", "未就业", "", "", ""),
        (_number(p["李四"]), "李四", "10460", "采矿工程", "本科", "2025-06-30", "升学", "", "", ""),
        (_number(p["周五"]), "", "10460", "测绘工程", "bachelor", "2025-06-30", "flexible", "", "", "jiyuan"),
    ]


def test_preview_then_commit_writes_every_row_and_the_unplaced_enter_the_ledger(world, clerk):
    batch = actions.preview_graduate_import(clerk, "jvtc-2025.csv", _csv(*_good_rows(world)))
    assert batch.kind == "graduates" and batch.row_count == 5 and not Graduate.objects.exists()
    assert _number(world["p"]["赵一"]) not in str(batch.rows)  # no identity numbers at rest in the preview
    assert actions.commit_graduate_import(clerk, batch) == (5, 1)
    g = Graduate.objects.get(person=world["p"]["赵一"])
    assert (g.employer, g.employer_name, g.place, g.degree) == (world["firm"], world["firm"].name, "jiyuan",
                                                                "junior_college")
    unplaced = Graduate.objects.get(person=world["p"]["孙三"])
    entry = KeyGroupEntry.objects.get(person=world["p"]["孙三"])
    assert unplaced.unplaced_entry == entry and entry.group == "graduate_unplaced" and entry.since == D(2025, 6, 30)
    assert "济源职业技术学院" in entry.detail and entry.evidence_state == "declared" and entry.channel == "import"
    with pytest.raises(EmploymentInputError):
        actions.commit_graduate_import(clerk, batch)  # once
    # the same file again: every row is already in the registry
    with pytest.raises(ImportRejected) as e:
        actions.preview_graduate_import(clerk, "again.csv", _csv(*_good_rows(world)))
    assert {x["row"] for x in e.value.errors} == {2, 3, 4, 5, 6}


@pytest.mark.parametrize("change, column, message", [
    ({0: "419001200403011234"}, "A列(身份证号码)", ""),
    ({1: "王五"}, "B列(姓名)", "姓名与人员库"),
    ({2: "99999"}, "C列(学校国标代码)", "不在院校名单中"),
    ({3: ""}, "D列(专业)", "不能为空"),
    ({4: "中专"}, "E列(学历)", "无效"),
    ({5: "2025/06/30"}, "F列(毕业日期)", "无效"),
    ({5: "2099-06-30"}, "F列(毕业日期)", "晚于今天"),
    ({5: "2015-06-30"}, "F列(毕业日期)", "未满15周岁"),
    ({6: "待业"}, "G列(毕业去向)", "无效"),
    ({7: "", 8: ""}, "I列(就业单位名称)", "应填写就业单位"),
    ({7: "91419001MA00000000"}, "H列(就业单位统一社会信用代码)", "不在单位库中"),
    ({9: ""}, "J列(就业地点)", "应填写就业地点"),
    ({9: "北京"}, "J列(就业地点)", "无效"),
    ({6: "未就业"}, "H列(就业单位统一社会信用代码)", "不填写就业单位"),
    ({6: "参军入伍", 7: "", 8: ""}, "J列(就业地点)", "不填写就业单位和地点"),
])
def test_each_rule_is_an_error_of_its_row_and_column_and_nothing_is_written(world, clerk, change, column, message):
    rows = _good_rows(world)
    first = list(rows[0])
    for i, v in change.items():
        first[i] = v
    with pytest.raises(ImportRejected) as e:
        actions.preview_graduate_import(clerk, "bad.csv", _csv(tuple(first), *rows[1:]))
    assert [(x["row"], x["column"]) for x in e.value.errors] == [(2, column)], e.value.errors
    assert message in e.value.errors[0]["message"]
    assert not ImportBatch.objects.exists() and not Graduate.objects.exists() and not KeyGroupEntry.objects.exists()


def test_file_level_errors(world, clerk):
    rows = _good_rows(world)
    cases = [(_csv(rows[0], rows[0]), (3, "A列(身份证号码)"), "与第2行重复"),
             (_csv(rows[0], header=HEADER[:5] + ["毕业时间"] + HEADER[6:]), (1, "F列"), "未知的列"),
             (_csv(header=HEADER), (None, None), "没有数据行"),
             ("身份证号码\n\x00".encode(), (None, None), "NUL")]
    for content, where, message in cases:
        with pytest.raises(ImportRejected) as e:
            actions.preview_graduate_import(clerk, "f.csv", content)
        assert (e.value.errors[0]["row"], e.value.errors[0]["column"]) == where and message in e.value.errors[0]["message"]
    assert not ImportBatch.objects.exists()


def test_commit_rejects_the_whole_batch_if_a_row_no_longer_passes(world, clerk, admin_user):
    batch = actions.preview_graduate_import(clerk, "jvtc.csv", _csv(*_good_rows(world)[:3]))
    other = actions.preview_graduate_import(admin_user, "dup.csv", _csv(_good_rows(world)[1]))
    assert actions.commit_graduate_import(admin_user, other) == (1, 0)  # 钱二 entered meanwhile
    with pytest.raises(ImportRejected) as e:
        actions.commit_graduate_import(clerk, batch)
    assert [x["row"] for x in e.value.errors] == [3]
    assert Graduate.objects.count() == 1 and not KeyGroupEntry.objects.exists()  # nothing half-written


def test_an_unplaced_graduate_already_in_the_ledger_is_linked_not_entered_twice(world, clerk):
    p = world["p"]["孙三"]
    entry = actions.add_key_group(clerk, p, group="graduate_unplaced", since="2025-07-01", evidence="本人申报")
    batch = actions.preview_graduate_import(clerk, "f.csv", _csv(_good_rows(world)[2]))
    assert actions.commit_graduate_import(clerk, batch) == (1, 0)
    assert Graduate.objects.get().unplaced_entry == entry and KeyGroupEntry.objects.count() == 1


def test_statistics_per_college_and_year_count_jiyuan_and_follow_up(world, clerk, make_user):
    actions.commit_graduate_import(clerk, actions.preview_graduate_import(clerk, "f.csv", _csv(*_good_rows(world))))
    stats = selectors.graduate_statistics(None, 2025)
    by = {r["college__name"]: r for r in stats["rows"]}
    jv, hp = by["济源职业技术学院"], by["河南理工大学"]
    assert (jv["total"], jv["employed"], jv["local"], jv["unplaced"], jv["followed"]) == (3, 2, 1, 1, 0)
    assert (hp["total"], hp["employed"], hp["local"], hp["further"]) == (2, 1, 1, 1)
    assert stats["totals"]["local"] == 2 and selectors.graduate_statistics(None, 2024)["rows"] == []
    # a contact after graduation makes the unplaced graduate followed up
    actions.record_youth_contact(clerk, world["p"]["孙三"], result="seeking", contacted_on="2025-08-01")
    assert selectors.graduate_statistics(None, 2025)["totals"]["followed"] == 1
    # a town clerk elsewhere counts only the town's residents
    elsewhere = make_user(Role.CLERK, "clerk_kj")
    StaffAssignment.objects.create(user=elsewhere, division=Division.objects.create(code="419001100", name="克井镇", level="town"))
    assert selectors.graduate_statistics(elsewhere)["totals"]["total"] == 0


@pytest.mark.django_db
def test_pages_import_preview_commit_statistics_and_follow_up_list(client_for, world, clerk, leader):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = client_for(clerk)
    bad = list(_good_rows(world)[0])
    bad[6] = "待业"
    r = c.post("/employment/graduates/import/", {"file": SimpleUploadedFile("g.csv", _csv(tuple(bad)))})
    body = r.content.decode()
    assert r.status_code == 200 and "G列(毕业去向)" in body and "未导入" in body
    r = c.post("/employment/graduates/import/", {"file": SimpleUploadedFile("g.csv", _csv(*_good_rows(world)))})
    assert r.status_code == 302
    page = c.get(r["Location"]).content.decode()
    assert world["p"]["赵一"].id_number_masked in page and _number(world["p"]["赵一"]) not in page
    c.post(r["Location"], {"decision": "commit"})
    assert Graduate.objects.count() == 5
    stats = c.get("/employment/graduates/?year=2025").content.decode()
    assert "济源职业技术学院" in stats and "graduate-chart" in stats
    before = AuditEvent.objects.filter(action="view").count()
    listing = c.get("/employment/graduates/unplaced/?year=2025").content.decode()
    assert "孙三" in listing and "赵一" not in listing and world["p"]["孙三"].id_number_masked in listing
    assert AuditEvent.objects.filter(action="view").count() == before + 1
    assert c.get("/employment/graduates/import/template.csv").content.decode("utf-8-sig").startswith("身份证号码")
    # a leader sees the numbers, not the names
    lc = client_for(leader)
    assert lc.get("/employment/graduates/").status_code == 200
    assert lc.get("/employment/graduates/unplaced/").status_code == 403


@pytest.mark.django_db
def test_a_citizen_sees_only_their_own_graduations(client_for, world, clerk, make_user):
    actions.commit_graduate_import(clerk, actions.preview_graduate_import(clerk, "f.csv", _csv(*_good_rows(world))))
    mine = Graduate.objects.get(person=world["p"]["孙三"])
    theirs = Graduate.objects.get(person=world["p"]["赵一"])
    c = client_for(make_user(Role.CITIZEN, person=world["p"]["孙三"]))
    page = c.get("/employment/me/graduations/").content.decode()
    assert "会计" in page and "机电一体化技术" not in page
    assert c.get(f"/employment/graduates/{mine.pk}/").status_code == 200
    assert c.get(f"/employment/graduates/{theirs.pk}/").status_code == 404
    assert c.get("/employment/graduates/").status_code == 403


@pytest.mark.django_db
def test_api_graduate_detail_and_statistics(client_for, world, clerk, make_user, leader):
    actions.commit_graduate_import(clerk, actions.preview_graduate_import(clerk, "f.csv", _csv(*_good_rows(world))))
    g = Graduate.objects.get(person=world["p"]["赵一"])
    c = client_for(clerk)
    r = c.get(f"/api/v1/employment/graduates/{g.pk}")
    assert r.status_code == 200 and r.json()["place"] == "jiyuan"
    assert r.json()["id_number"] == world["p"]["赵一"].id_number_masked
    assert AuditEvent.objects.filter(object_type="employment.graduate", action="view").count() == 1
    assert c.post(f"/api/v1/employment/graduates/{g.pk}").status_code == 405          # wrong method
    assert c.get("/api/v1/employment/graduates/abc").status_code == 422                # bad id
    assert c.get("/api/v1/employment/graduates/999999").status_code == 404             # missing
    other = client_for(make_user(Role.CITIZEN, person=world["p"]["孙三"]))
    assert other.get(f"/api/v1/employment/graduates/{g.pk}").status_code == 404        # someone else's
    got = client_for(leader).get("/api/v1/employment/graduates/statistics?year=2025").json()
    assert got["totals"]["local"] == 2 and "赵一" not in json.dumps(got, ensure_ascii=False)
    assert client_for(leader).get("/api/v1/employment/graduates/statistics?year=1800").status_code == 422


def test_command(world, clerk, capsys):
    from zhihui.employment import cli

    actions.commit_graduate_import(clerk, actions.preview_graduate_import(clerk, "f.csv", _csv(*_good_rows(world))))

    class Args:
        year, json = 2025, True

    assert cli.cmd_graduates(Args) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["totals"] == {"total": 5, "employed": 3, "local": 2, "further": 1, "unplaced": 1, "followed": 0}
    help_text = subprocess.run([sys.executable, "-m", "zhihui.cli", "employment", "graduates", "--help"],
                               capture_output=True, text=True, check=True).stdout
    assert "--year" in help_text


def test_the_importer_of_a_town_imports_only_its_residents(world, make_user):
    elsewhere = make_user(Role.CLERK, "clerk_wl")
    StaffAssignment.objects.create(user=elsewhere, division=Division.objects.create(code="419001101", name="五龙口镇", level="town"))
    with pytest.raises(ImportRejected) as e:
        actions.preview_graduate_import(elsewhere, "f.csv", _csv(_good_rows(world)[0]))
    assert e.value.errors[0]["column"] == "A列(身份证号码)" and "不在本镇" in e.value.errors[0]["message"]
    assert create_org  # (factory imported for the fixture's employer)
