"""The demo city carries traineeship bases (one a model unit) with trainees, months and last
month's claims, and assistance workshops with local workers (the poverty-alleviated among them
from the verified ledger); the pages show them and replacing the city removes them."""

import pytest

from zhihui.employment import models as m
from zhihui.employment import selectors
from zhihui.registry.demo.loader import ensure_demo_city


@pytest.fixture
def all_catalogues(db):
    from zhihui.registry.catalogues import load_all

    load_all(only=["divisions", "education", "industries", "occupations"])


def test_demo_city_has_traineeships_and_workshops(all_catalogues, client_for, clerk, leader):
    report = ensure_demo_city(residents=1500, seed=7, progress=False, verbose=False)
    counts = report.rows["_employment"]
    assert counts["traineeship_bases"] == 5 and counts["trainees"] > 3 and counts["workshops"] >= 3
    assert m.TraineeshipBase.objects.filter(state="model").count() == 1
    assert m.TraineeMonth.objects.exists() and m.TraineeshipClaim.objects.filter(state="computed").exists()
    claim = m.TraineeshipClaim.objects.first()
    assert claim.amount == claim.rate * claim.trainee_months
    shops = list(selectors.workshops(None))
    assert sum(w.workers_n for w in shops) == counts["workshop_workers"] > 0
    page = client_for(leader).get("/employment/workshops/").content.decode()
    assert shops[0].name in page
    base = m.TraineeshipBase.objects.filter(posts__trainees__isnull=False).first()
    assert client_for(clerk).get(f"/employment/traineeship/{base.pk}/").status_code == 200
    ensure_demo_city(residents=1500, seed=8, force=True, progress=False, verbose=False)
    assert m.TraineeshipBase.objects.count() == 5 and m.Workshop.objects.count() == counts["workshops"]
