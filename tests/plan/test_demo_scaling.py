"""A demo city's absolute figures are scaled to the city's population before they meet the
plan's city-wide targets (issue 15, found 9); shares are not; a real registry is not scaled."""

from decimal import Decimal

import pytest

from tests.plan.test_web_and_report import small_city  # noqa: F401 - the fixture
from zhihui.plan.compute import compute_year, population_scale

pytestmark = pytest.mark.django_db


def test_a_demo_city_is_scaled_to_the_city_and_says_so(small_city):  # noqa: F811
    from zhihui.registry.models import DemoCity

    assert population_scale() == (Decimal(1), "")
    assert compute_year(2021)["T1-09"] == Decimal("0.0003")
    DemoCity.objects.create(seed=1, residents=73_000)
    factor, note = population_scale()
    assert factor == 10 and "73 万" in note and "73000" in note
    v = compute_year(2021)
    assert v["T1-09"] == Decimal("0.0030")  # 3 skill talents × 10, in 万人
    assert v["T1-10"] == Decimal("75.00")  # a share: unchanged
