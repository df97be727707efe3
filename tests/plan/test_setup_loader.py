"""`zhihui setup` loads the indicators and computes the plan years from the registry, once."""

import datetime as dt

import pytest

from zhihui.plan.loader import load_indicators
from zhihui.plan.models import ActualValue, Indicator

pytestmark = pytest.mark.django_db


def test_setup_loads_indicators_and_computed_values_and_a_second_run_adds_nothing(capsys):
    load_indicators(verbose=True, today=dt.date(2026, 11, 24))
    assert Indicator.objects.filter(table_no__isnull=False).count() == 27
    first = ActualValue.objects.count()
    assert first > 0  # the registry-derived indicators of 2021–2025
    load_indicators(verbose=False, today=dt.date(2026, 11, 24))
    assert ActualValue.objects.count() == first
    assert "plan indicators" in capsys.readouterr().out


def test_before_the_plan_period_nothing_is_computed():
    load_indicators(verbose=False, today=dt.date(2020, 6, 1))
    assert Indicator.objects.exists()
    assert not ActualValue.objects.exists()
