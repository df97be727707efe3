"""Gig stations (零工驿站) as places: a clerk registers one (page, API, command line; errors name
the field; audited), the public sees the list, the map and each station's open gigs; gigs and
job seekers name the station they go through; only clerks register or switch stations off."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from zhihui.core.audit import AuditEvent
from zhihui.core.roles import Role
from zhihui.market import actions, gig
from zhihui.market.actions import MarketError
from zhihui.market.models import GigJob, GigStation, JobSeeker

pytestmark = pytest.mark.django_db


def station_data(**over):
    data = {"name": "沁园零工驿站", "town_code": "419001001", "address": "沁园路与济水大街交叉口", "lon": "112.5905",
            "lat": "35.0902", "hours": "每天 6:00-12:00", "services": ["posting", "matching"], "phone": "0391-6600088"}
    data.update(over)
    return data


@pytest.fixture
def clerk(make_user):
    return make_user(Role.CLERK, "clerk_station")


@pytest.fixture
def station(clerk, catalogues):
    return actions.add_station(clerk, station_data())


def gig_data(**over):
    data = {"task": "装卸搬运", "description": "仓库货物装卸。", "town_code": "419001001", "place": "虎岭物流园",
            "work_date": (dt.date.today() + dt.timedelta(days=1)).isoformat(), "pay_amount": "200", "pay_unit": "day",
            "workers_needed": "2", "contact_phone": "13800000000"}
    data.update(over)
    return data


def test_clerk_registers_a_station_on_the_page_and_the_public_sees_it_on_list_and_map(clerk, catalogues, client_for):
    c = client_for(clerk)
    form = station_data()
    r = c.post("/market/stations/", {**form, "services": ["posting", "rest"]})
    assert r.status_code == 302
    s = GigStation.objects.get()
    assert (s.town_name, s.services, str(s.lon)) == ("沁园街道", ["posting", "rest"], "112.590500")
    assert AuditEvent.objects.filter(object_type="market.gigstation", object_id=str(s.pk), action="create").exists()
    page = Client().get("/market/stations/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "沁园零工驿站" in html and "每天 6:00-12:00" in html and "零工信息发布、休息等活" in html
    chart = json.loads(html.split('id="station-map" type="application/json">')[1].split("</script>")[0])
    assert chart["series"][0]["type"] == "scatter"
    assert chart["series"][0]["data"] == [[112.5905, 35.0902, 0, "沁园零工驿站"]]
    assert "geo" not in chart and "bmap" not in chart  # coordinates on plain axes, no map tiles
    assert "登记零工驿站" not in html  # the public has no entry form
    detail = Client().get(f"/market/stations/{s.pk}/").content.decode()
    assert "沁园路与济水大街交叉口" in detail and "0391-6600088" in detail


@pytest.mark.parametrize("field,value,message", [
    ("name", "", "请填写驿站名称"),
    ("town_code", "110101001", "所在街道/镇不是济源市的街道或镇"),
    ("lon", "东经112", "经度须为数字"),
    ("lat", "91", "纬度须在"),
    ("hours", "", "请填写开放时间"),
    ("services", [], "请至少选择一项服务项目"),
    ("services", ["posting", "massage"], "服务项目不在可选范围内"),
    ("phone", "call me", "联系电话格式不正确"),
])
def test_bad_input_names_the_field(clerk, catalogues, client_for, field, value, message):
    with pytest.raises(MarketError) as exc:
        actions.add_station(clerk, station_data(**{field: value}))
    assert exc.value.field == field and message in exc.value.message
    r = client_for(clerk).post("/market/stations/", station_data(**{field: value}))
    assert r.status_code == 422
    assert f'data-field="{field}"' in r.content.decode() and message in r.content.decode()
    assert not GigStation.objects.exists()


def test_same_name_in_the_same_town_is_refused(station, clerk):
    with pytest.raises(MarketError) as exc:
        actions.add_station(clerk, station_data(address="另一处"))
    assert exc.value.field == "name"


def test_only_clerks_register_or_switch_off(station, employer, seeker_user, client_for):
    for user in (employer, seeker_user):
        with pytest.raises(Exception):  # noqa: B017 - PermissionDenied from require()
            actions.add_station(user, station_data(name="别的驿站"))
        c = client_for(user)
        assert c.post("/market/stations/", station_data(name="别的驿站")).status_code == 403
        assert c.post("/market/stations/", {"toggle": station.pk}).status_code == 403
    assert Client().post("/market/stations/", station_data(name="别的驿站")).status_code in (302, 403)
    assert GigStation.objects.count() == 1


def test_a_switched_off_station_leaves_the_public_list(station, clerk, client_for):
    c = client_for(clerk)
    assert c.post("/market/stations/", {"toggle": station.pk}).status_code == 302
    station.refresh_from_db()
    assert station.active is False
    assert "沁园零工驿站" not in Client().get("/market/stations/").content.decode()
    assert Client().get(f"/market/stations/{station.pk}/").status_code == 404
    assert "沁园零工驿站" in c.get("/market/stations/").content.decode()  # the clerk still sees it, muted
    assert AuditEvent.objects.filter(object_type="market.gigstation", action="update").exists()


def test_gigs_and_seekers_link_to_a_station_and_the_station_counts_them(station, employer, seeker_user, clerk, client_for):
    c = client_for(employer)
    r = c.post("/market/gigs/new/", gig_data(station=str(station.pk)))
    assert r.status_code == 302
    job = GigJob.objects.get()
    assert job.station_id == station.pk
    other = gig.post_job(employer, gig_data(task="展会布展"))  # no station
    assert other.station_id is None
    assert "装卸搬运" in Client().get(f"/market/stations/{station.pk}/").content.decode()
    assert "展会布展" not in Client().get(f"/market/stations/{station.pk}/").content.decode()
    assert "沁园零工驿站" in Client().get("/market/gigs/").content.decode()
    s = client_for(seeker_user)
    r = s.post("/market/me/", {"desired_title": "搬运工", "education": "junior", "station": str(station.pk), "visible": "on"})
    assert r.status_code == 302
    assert JobSeeker.objects.get().station_id == station.pk
    from zhihui.market import selectors

    row = selectors.stations()[0]
    assert (row.open_gigs, row.seekers_linked) == (1, 1)
    html = client_for(clerk).get("/market/stations/").content.decode()
    assert '<td class="num">1</td><td class="num">1</td>' in html


def test_a_missing_or_switched_off_station_is_refused_on_a_gig(station, employer, clerk):
    with pytest.raises(MarketError) as exc:
        gig.post_job(employer, gig_data(station="999999"))
    assert exc.value.field == "station"
    actions.set_station_active(clerk, station, active=False)
    with pytest.raises(MarketError) as exc:
        gig.post_job(employer, gig_data(station=str(station.pk)))
    assert exc.value.field == "station"
    with pytest.raises(MarketError):
        gig.post_job(employer, gig_data(station="abc"))


def test_api_lists_stations_publicly_and_clerks_add_with_field_errors(station, clerk, employer, client_for):
    r = Client().get("/api/v1/market/stations")
    assert r.status_code == 200
    (row,) = r.json()
    assert row["name"] == "沁园零工驿站" and row["lon"] == "112.590500" and row["service_labels"] == ["零工信息发布", "现场对接撮合"]
    assert Client().get("/api/v1/market/stations?town=419001100").json() == []
    body = station_data(name="天坛零工驿站", town_code="419001002")
    assert client_for(employer).post("/api/v1/market/stations", body, content_type="application/json").status_code == 403
    c = client_for(clerk)
    r = c.post("/api/v1/market/stations", {**body, "lon": "x"}, content_type="application/json")
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "lon"
    r = c.post("/api/v1/market/stations", body, content_type="application/json")
    assert r.status_code == 201 and r.json()["town_name"] == "济水街道"


def test_command_line_lists_and_adds(station, capsys):
    from zhihui.cli import main

    assert main(["market", "stations", "list"]) == 0
    out = capsys.readouterr().out
    assert "沁园零工驿站\t沁园街道" in out and "posting,matching" in out
    rc = main(["market", "stations", "add", "--name", "克井零工市场", "--town", "419001100", "--address", "克井镇政府西侧",
               "--lon", "112.531", "--lat", "35.163", "--hours", "每天 5:30-10:30", "--services", "posting,rest"])
    assert rc == 0
    s = GigStation.objects.get(name="克井零工市场")
    assert s.services == ["posting", "rest"]
    assert AuditEvent.objects.filter(object_type="market.gigstation", object_id=str(s.pk), actor_label="命令行").exists()
    rc = main(["market", "stations", "add", "--name", "坏站", "--town", "419001100", "--address", "某处", "--lon", "999",
               "--lat", "35", "--hours", "全天", "--services", "posting"])
    assert rc == 2 and "--lon" in capsys.readouterr().err


def test_demo_city_has_stations_with_gigs(catalogues):
    from zhihui.market.demo import load_demo

    assert "4 gig stations" in load_demo()
    stations = list(GigStation.objects.filter(is_demo=True))
    assert len(stations) == 4
    assert GigJob.objects.filter(station__isnull=False).count() == GigJob.objects.count()
    qinyuan = next(s for s in stations if s.name == "沁园零工驿站")
    assert qinyuan.town_name.startswith("沁园")
