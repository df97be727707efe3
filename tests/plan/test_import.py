"""Importing actual values: all rows or none, errors by row and column."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from zhihui.plan.actions import PlanInputError, import_actuals, load_registry, set_actual
from zhihui.plan.models import ActualValue, ImportBatch
from zhihui.plan.xlsx import template


@pytest.fixture
def loaded(db):
    load_registry(None)


def _fill(year: int, values: dict[str, object], edit=None) -> bytes:
    wb = load_workbook(io.BytesIO(template(year)))
    ws = wb["实际值"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value in values:
            row[5].value = values[row[0].value]
    if edit:
        edit(ws)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_template_lists_every_indicator_and_greys_computed_ones(loaded):
    ws = load_workbook(io.BytesIO(template(2022)))["实际值"]
    codes = [r[0].value for r in ws.iter_rows(min_row=2)]
    assert "T1-21" in codes and "C9-T01" in codes and len(codes) == 69
    computed = {r[0].value: r[6].value for r in ws.iter_rows(min_row=2)}
    assert computed["T1-09"] == "库内计算,请留空"


def test_a_good_file_is_imported_with_who_when_and_batch(loaded, admin_user):
    content = _fill(2022, {"T1-21": 1.62, "T1-22": "4.9", "C9-T01": 1.7})
    batch = import_actuals(admin_user, content, "2022.xlsx", 2022)
    assert batch.rows == 3
    v = ActualValue.objects.get(indicator__code="T1-21", year=2022, is_current=True)
    assert str(v.value.normalize()) == "1.62" and v.batch == batch and v.entered_by == admin_user
    assert v.origin == "import"


def test_a_malformed_file_is_refused_with_row_and_column_and_nothing_changes(loaded, admin_user):
    set_actual(admin_user, "T1-21", 2022, "1.5")

    def damage(ws):
        for row in ws.iter_rows(min_row=2):
            if row[0].value == "T1-22":
                row[5].value = "五点五"  # not a number
            if row[0].value == "T1-23":
                row[5].value = 120  # a percentage above 100
            if row[0].value == "T1-09":
                row[5].value = 20  # computed from the registry
        ws.append(["T9-99", "不存在", "", "", 2022, 1, ""])

    content = _fill(2022, {"T1-21": 1.9, "T1-20": 0.4}, damage)
    with pytest.raises(PlanInputError) as exc:
        import_actuals(admin_user, content, "bad.xlsx", 2022)
    text = "\n".join(exc.value.errors)
    assert "F列(实际值): “五点五”不是数字" in text
    assert "百分比不能超过100" in text
    assert "T1-09由库内数据计算" in text
    assert "A列(编号): 未知指标编号“T9-99”" in text
    assert all(e.startswith("第") for e in exc.value.errors)
    # nothing changed: the good rows of the same file were not applied either
    current = ActualValue.objects.get(indicator__code="T1-21", year=2022, is_current=True)
    assert str(current.value.normalize()) == "1.5"
    assert not ActualValue.objects.filter(indicator__code="T1-20").exists()
    assert ImportBatch.objects.count() == 0


def test_the_row_number_points_at_the_bad_cell(loaded, admin_user):
    wb = load_workbook(io.BytesIO(template(2023)))
    ws = wb["实际值"]
    target_row = next(r[0].row for r in ws.iter_rows(min_row=2) if r[0].value == "T1-24")
    ws.cell(target_row, 6).value = "abc"
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(PlanInputError) as exc:
        import_actuals(admin_user, buf.getvalue(), "x.xlsx", 2023)
    assert exc.value.errors == [f"第{target_row}行 F列(实际值): “abc”不是数字"]


def test_wrong_year_shifted_rows_and_headers_are_refused(loaded, admin_user):
    def shift(ws):
        for row in ws.iter_rows(min_row=2):
            if row[0].value == "T1-21":
                row[1].value = "城镇调查失业率"
                row[4].value = 2024

    with pytest.raises(PlanInputError) as exc:
        import_actuals(admin_user, _fill(2022, {"T1-21": 1.2}, shift), "x.xlsx", 2022)
    text = "\n".join(exc.value.errors)
    assert "B列(指标): 指标名称与编号T1-21不符" in text
    assert "E列(年份): 应为2022" in text

    wb = Workbook()
    wb.active.title = "实际值"
    wb.active.append(["编号", "名称"])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(PlanInputError, match="第1行 B列: 表头应为“指标”"):
        import_actuals(admin_user, buf.getvalue(), "x.xlsx", 2022)


def test_not_an_excel_file_is_refused(loaded, admin_user):
    with pytest.raises(PlanInputError, match="不是有效的 Excel"):
        import_actuals(admin_user, b"name,value\n", "x.csv", 2022)


def test_only_administrators_import(loaded, leader):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_actuals(leader, _fill(2022, {"T1-21": 1}), "x.xlsx", 2022)


def test_a_new_entry_supersedes_the_old_one(loaded, admin_user):
    set_actual(admin_user, "T1-21", 2022, "1.5")
    set_actual(admin_user, "T1-21", 2022, "1.6")
    rows = ActualValue.objects.filter(indicator__code="T1-21", year=2022)
    assert rows.count() == 2
    assert [str(r.value.normalize()) for r in rows.filter(is_current=True)] == ["1.6"]


@pytest.mark.parametrize("value", ["1e999", "123456789012345", "1.1234567", "NaN", "", "-3"])
def test_values_the_columns_cannot_hold_are_refused_by_name(loaded, admin_user, value):
    with pytest.raises(PlanInputError, match="value"):
        set_actual(admin_user, "T1-21", 2022, value)
    assert not ActualValue.objects.exists()


def test_edit_target_page_never_fails_on_bad_input(loaded, admin_user, client_for):
    c = client_for(admin_user)
    for year, value in [("2022", "1e999"), ("abc", "1"), ("2030", "1"), ("2022", "x")]:
        resp = c.post("/plan/indicators/T1-21/target/", {"year": year, "value": value})
        assert resp.status_code == 302
    assert c.post("/plan/indicators/T1-21/target/", {"year": "2022", "value": "1.4"}).status_code == 302
    from zhihui.plan.models import AnnualTarget

    assert [str(t.value.normalize()) for t in AnnualTarget.objects.all()] == ["1.4"]
