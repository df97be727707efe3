"""Odd but valid input never gives a server error."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("as_of", ["0001-01-01", "1900-02-28", "2299-12-31", "9999-12-31"])
def test_explain_at_extreme_dates(client_for, clerk, phd, as_of):
    r = client_for(clerk).get(f"/policy/explain/person/{phd.pk}/?as_of={as_of}")
    assert r.status_code == 200


@pytest.mark.parametrize("day", ["1900-01-01", "2999-01-01", "9999-12-31"])
def test_check_with_extreme_dates_and_limits(client, day):
    r = client.post(
        "/policy/check/",
        {
            "birth_date": "1990-01-01",
            "graduation_date": day,
            "start_date": day,
            "title_level": "senior",
            "title_date": day,
            "degree": "master",
            "pension_months": "1200",
            "contract_years": "99",
        },
    )
    assert r.status_code == 200 and 'id="check-result"' in r.content.decode()


def test_check_rejects_out_of_range_numbers_by_field(client):
    page = client.post(
        "/policy/check/", {"pension_months": "-3", "contract_years": "abc"}
    ).content.decode()
    assert "按时连续缴纳养老保险月数(补缴月份不计入)：不能小于 0" in page
    assert "劳动合同期限(年)：请输入数字" in page
