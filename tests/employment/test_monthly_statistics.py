"""The statistics page's monthly series are set-based SQL now; they must say exactly what the
earlier one-pass Python version said (kept here as the oracle) on random histories with
corrections, same-day events, towns and urban/rural work."""

import datetime as dt
import random
from collections import defaultdict

import pytest

from tests.factories import create_person
from zhihui.employment import selectors
from zhihui.employment.enums import EMPLOYED_KINDS, StatusKind
from zhihui.employment.models import StatusEvent

KINDS = ["employed", "flexible", "self_employed", "registered_unemployed", "out_of_labour_force", "retired"]


def oracle(year):
    ends = selectors._month_ends(year)
    start, end = dt.date(year, 1, 1), ends[-1]
    unemployed, new_urban, by_town = [0] * 12, [0] * 12, defaultdict(int)
    rows = (StatusEvent.objects.filter(corrected_by__isnull=True, effective_on__lte=end)
            .order_by("person_id", "effective_on", "id")
            .values_list("person_id", "kind", "effective_on", "urban", "person__residence__name"))
    per = defaultdict(list)
    for r in rows:
        per[r[0]].append(r[1:])
    for events in per.values():
        prev, counted = None, False
        for kind, day, urban, _town in events:
            if start <= day and kind in EMPLOYED_KINDS and urban and not counted and (prev is None or prev not in EMPLOYED_KINDS):
                counted = True
                new_urban[day.month - 1] += 1
            prev = kind
        i, current = 0, None
        for k, day_end in enumerate(ends):
            while i < len(events) and events[i][1] <= day_end:
                current = events[i][0]
                i += 1
            if current == StatusKind.REGISTERED_UNEMPLOYED:
                unemployed[k] += 1
        if current == StatusKind.REGISTERED_UNEMPLOYED:
            by_town[events[-1][3] or "—"] += 1
    cumulative, total = [], 0
    for n in new_urban:
        total += n
        cumulative.append(total)
    return unemployed, cumulative, dict(sorted(by_town.items()))


@pytest.mark.django_db
def test_sql_series_equal_the_python_oracle():
    from zhihui.registry.models import Division

    rnd = random.Random(5)
    towns = [Division.objects.create(code=f"41900110{i}", name=f"镇{i}", level="town") for i in range(3)] + [None]
    events = []
    for i in range(120):
        p = create_person(f"人{i}", dt.date(1970 + i % 30, 1, 1), residence=rnd.choice(towns))
        day = dt.date(2024, 1, 1) + dt.timedelta(days=rnd.randint(0, 200))
        for _ in range(rnd.randint(1, 6)):
            events.append(StatusEvent(person=p, kind=rnd.choice(KINDS), effective_on=day, urban=rnd.random() < 0.6,
                                      channel="window"))
            day += dt.timedelta(days=rnd.choice([0, 0, 15, 40, 90, 200]))
    StatusEvent.objects.bulk_create(events)
    # corrections: a correcting event replaces a mistaken one
    for e in rnd.sample(list(StatusEvent.objects.all()), 30):
        StatusEvent.objects.create(person_id=e.person_id, kind=rnd.choice(KINDS), effective_on=e.effective_on,
                                   urban=True, channel="window", corrects=e)
    # every ORM write kept the stored chain current (a recomputation changes nothing)
    from zhihui.employment import chain

    assert chain.repair() == 0
    StatusEvent.objects.filter(person__name="人7").delete()  # a queryset delete rechains too
    assert chain.repair() == 0
    for year in (2024, 2025):
        got = selectors.monthly_statistics(year)
        unemployed, cumulative, by_town = oracle(year)
        assert got["registered_unemployed"] == unemployed
        assert got["new_urban_cumulative"] == cumulative
        assert got["by_town"] == by_town
    assert sum(oracle(2024)[0]) > 0 and oracle(2024)[1][-1] > 0
