"""Service points and the 15-minute employment service circle: the travel model's boundary,
the coverage figure, the page (map as ECharts JSON, no tiles) and who may edit the network."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import create_person
from zhihui.employment import actions, service_circle
from zhihui.employment.actions import EmploymentInputError

D = dt.date


@pytest.fixture
def places(db):
    from zhihui.registry.models import Division

    a = Division.objects.create(code="419001100", name="克井镇", level="town")
    b = Division.objects.create(code="419001104", name="邵原镇", level="town")
    c = Division.objects.create(code="419001109", name="王屋镇", level="town")
    return a, b, c


def test_distance():
    # one degree of latitude is about 111.2 km
    assert abs(service_circle.distance_km(112.0, 35.0, 112.0, 36.0) - 111.2) < 0.2


def test_coverage_at_the_boundary(places, admin_user):
    a, b, c = places
    for d, n in ((a, 3), (b, 2)):
        for i in range(n):
            create_person(f"{d.name}{i}", D(1980, 1, 1), residence=d)
    create_person("无位置", D(1980, 1, 1), residence=c)
    actions.set_place_location(admin_user, a, lon="112.500000", lat="35.000000")
    # 15 min at 15 km/h = 3.75 km of road = 2.885 km straight (detour 1.3): 0.0259° of latitude
    actions.set_place_location(admin_user, b, lon="112.500000", lat="35.0265")
    actions.add_service_point(admin_user, name="克井镇就业服务站", level="town", division=a, address="克井镇政府",
                              hours="工作日 8:30-17:30", staff=3, lon="112.5", lat="35.0")
    cov = service_circle.coverage(actions.today())
    by = {p["division"]: p for p in cov["places"]}
    assert by["克井镇"]["covered"] and by["克井镇"]["minutes"] == 0
    assert not by["邵原镇"]["covered"] and 15 < by["邵原镇"]["minutes"] < 15.5
    assert (cov["covered"], cov["located"], cov["unlocated"], cov["share"]) == (3, 5, 1, 60.0)


def test_only_city_managers_edit_and_inputs_name_the_field(places, admin_user, clerk):
    a, _b, _c = places
    with pytest.raises(PermissionDenied):
        actions.add_service_point(clerk, name="x", level="town", division=a, address="x", hours="x", staff=1,
                                  lon=112, lat=35)
    with pytest.raises(EmploymentInputError) as e:
        actions.add_service_point(admin_user, name="x", level="town", division=a, address="x", hours="x", staff=1,
                                  lon="abc", lat=35)
    assert e.value.field == "lon"
    with pytest.raises(EmploymentInputError) as e:
        actions.add_service_point(admin_user, name="x", level="village", division=a, address="x", hours="x", staff=1,
                                  lon=112, lat=35)
    assert e.value.field == "division"


@pytest.mark.django_db
def test_page(client_for, places, admin_user, leader):
    a, _b, _c = places
    create_person("甲", D(1980, 1, 1), residence=a)
    actions.set_place_location(admin_user, a, lon="112.5", lat="35.0")
    c = client_for(admin_user)
    r = c.post("/employment/service-points/", {"name": "克井镇就业服务站", "level": "town", "division": str(a.pk),
                                               "address": "克井镇政府一楼", "hours": "工作日", "staff": "2",
                                               "lon": "112.5", "lat": "35.0"})
    assert r.status_code == 302
    page = client_for(leader).get("/employment/service-points/").content.decode()
    assert "100.0%" in page and 'id="circle-map"' in page and "克井镇就业服务站" in page
    assert 'name="toggle"' not in page  # leaders read only
    c = client_for(admin_user)  # one test client: log back in
    r = c.post("/employment/service-points/", {"name": "x", "level": "town", "division": str(a.pk), "address": "x",
                                               "hours": "x", "staff": "1", "lon": "999", "lat": "35"})
    assert r.status_code == 200 and "errorlist" in r.content.decode()


@pytest.mark.django_db
def test_new_pages_in_english(client_for, places, admin_user):
    from tests.core.test_english_everywhere import assert_english

    c = client_for(admin_user)
    c.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert_english(c.get("/employment/service-points/").content.decode(),
                   ["Employment service points and the 15-minute employment service circle", "Add a service point"])
    assert_english(c.get("/employment/groups/").content.decode(), ["Key-group ledger", "College graduates"])
    assert_english(c.get("/employment/difficulty/").content.decode(), ["Pending applications", "Reviews due"])
    assert_english(c.get("/employment/monitoring/import/").content.decode(), ["Import monthly employment reports"])
    assert_english(c.get("/employment/monitoring/enrol/").content.decode(), ["Enrol in employment monitoring"])
