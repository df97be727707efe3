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


def test_demo_generate_analyzes_the_tables_it_loads_on_postgresql(all_catalogues):
    """The planner sees the loaded sizes at once: `reltuples` is -1 for a table never analysed
    (PostgreSQL 14+) and only ANALYZE/VACUUM set it — autovacuum cannot see the load's rows
    before its transaction ends, so a positive count means the loader's own ANALYZE ran."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("ANALYZE is PostgreSQL's")
    ensure_demo_city(residents=600, seed=3, progress=False, verbose=False)
    with connection.cursor() as cur:
        cur.execute("SELECT relname, reltuples FROM pg_class WHERE relname IN "
                    "('registry_person', 'employment_statusevent', 'employment_householdmember')")
        seen = dict(cur.fetchall())
    assert set(seen) == {"registry_person", "employment_statusevent", "employment_householdmember"}
    assert all(v > 0 for v in seen.values()), seen
