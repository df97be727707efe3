"""Issue 15, found 4: the leaders' dashboard tells the truth — per indicator the target, the
latest actual with its source and date, the expected progress for the time elapsed, a status in
words and a colour that agrees with the legend; no negative completion; 无数据 rows apart with
who must supply them; % and 万人 never on one axis; drill-downs in words."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest

from zhihui.plan.actions import load_registry, set_actual
from zhihui.plan.progress import Spec, evaluate

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(db):
    load_registry(None)


def test_a_value_below_the_baseline_is_zero_completion_not_negative():
    spec = Spec(measure="level", comparator=">=", target=Decimal("10"), baseline=Decimal("5"),
                base_year=2020, target_year=2025)
    p = evaluate(spec, {2022: Decimal("1")}, 2022)
    assert p.completion == 0 and p.status == "behind"
    assert any("反向" in n for n in p.notes)


def _row(html: str, code: str) -> str:
    m = re.search(rf'<tr data-code="{re.escape(code)}"[^>]*>(.*?)</tr>', html, re.S)
    assert m, code
    return m.group(1)


def test_each_row_shows_target_latest_actual_source_date_expected_and_status(loaded, leader, admin_user, client_for):
    set_actual(admin_user, "T1-22", 2022, "5.8")
    html = client_for(leader).get("/plan/?year=2022").content.decode()
    row = _row(html, "T1-22")
    assert "5.8" in row and "2022年" in row and "手工录入" in row and dt.date.today().isoformat() in row
    assert re.search(r"<td>\d+%</td>", row)  # expected progress for the time elapsed
    assert 'class="light red"' in row and "滞后" in row
    # the legend: red means 滞后/未完成, and the time-progress mark is not red
    assert "黑色竖线 = 时序进度" in html and "红色竖线" not in html


def test_no_data_rows_are_grouped_apart_with_who_must_supply_them(loaded, leader, admin_user, client_for):
    set_actual(admin_user, "T1-22", 2022, "5.8")
    html = client_for(leader).get("/plan/?year=2022").content.decode()
    groups = html[:html.index('id="no-data"')]
    no_data = html[html.index('id="no-data"'):html.index("</section>", html.index('id="no-data"'))]
    assert 'data-status="no_data"' not in groups
    assert 'data-status="no_data"' in no_data and "由谁报送" in no_data
    supplier = re.search(r'data-status="no_data"><td>[^<]*</td><td><a[^>]*>[^<]*</a></td><td>[^<]*</td><td>[^<]*</td><td>([^<]+)</td>', no_data)
    assert supplier and re.search(r"[\u4e00-\u9fff]", supplier.group(1))


def test_completion_is_never_negative_and_units_never_share_an_axis(loaded, leader, admin_user, client_for):
    set_actual(admin_user, "T1-22", 2022, "5.8")
    set_actual(admin_user, "T1-27", 2022, "10")  # below its baseline of 12 (target 12.5)
    html = client_for(leader).get("/plan/?year=2022").content.decode()
    charts = json.loads(re.search(r'<script id="plan-charts" type="application/json">(.*?)</script>', html, re.S).group(1))
    for c in charts.values():
        assert all(v is None or v >= 0 for v in c["completion"])
        assert len(c["completion"]) == len(c["codes"]) == len(c["lights"])
    row = _row(html, "T1-27")
    assert "<td>0%</td>" in row and "<td>-" not in row
    trends = json.loads(re.search(r'<script id="plan-trends" type="application/json">(.*?)</script>', html, re.S).group(1))
    assert len({t["unit"] for t in trends.values()}) == len(trends)  # one chart per unit


def test_conflicts_are_in_chinese_on_chinese_pages(loaded, leader, client_for):
    html = client_for(leader).get("/plan/?year=2022").content.decode()
    table = html[html.index('id="conflicts"'):html.index("</table>", html.index('id="conflicts"'))]
    assert "矛盾" in table and "contradiction" not in table and " vs " not in table
