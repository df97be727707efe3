"""The demo city carries employment data: histories, households, monitored enterprises with
reports and alerts, and a zero-employment series; replacing the city removes them."""

import pytest

from zhihui.employment import models as m
from zhihui.registry.demo.loader import ensure_demo_city


@pytest.fixture
def all_catalogues(db):
    from zhihui.registry.catalogues import load_all

    load_all(only=["divisions", "education", "industries", "occupations"])


def test_demo_city_has_employment_data_and_can_be_replaced(all_catalogues, client_for, leader):
    report = ensure_demo_city(residents=1500, seed=7, progress=False, verbose=False)
    counts = report.rows["_employment"]
    assert counts["status_events"] > 500 and counts["households"] > 300
    assert m.StatusEvent.objects.filter(kind="registered_unemployed").exists()
    assert m.SweepRun.objects.count() == 4
    assert counts["service_points"] == 14 and counts["key_group_entries"] > 20 and counts["assistance_cases"] > 0
    assert m.AssistanceCase.objects.filter(state="active").exists() and m.DifficultyRecognition.objects.exists()
    r = client_for(leader).get("/employment/")
    assert r.status_code == 200
    # the colleges' graduate files, imported as a clerk would: some stay in Jiyuan, some left unplaced
    assert counts["graduates"] > 5 and counts["graduate_unplaced_entries"] > 0
    stats = client_for(leader).get("/employment/graduates/").content.decode()
    assert "济源职业技术学院" in stats
    page = client_for(leader).get("/employment/service-points/").content.decode()
    assert "邵原镇" in page and "✗" in page  # the demo leaves two towns without a station
    ensure_demo_city(residents=1500, seed=8, force=True, progress=False, verbose=False)
    assert m.Household.objects.filter(is_demo=True).count() > 300  # the new city's
