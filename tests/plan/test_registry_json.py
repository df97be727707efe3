"""`zhihui plan indicators --format json`: every indicator, every statement, every conflict."""

import json

from zhihui.cli import main


def _json(capsys):
    assert main(["plan", "indicators", "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_has_all_27_table_rows_with_the_documented_fields(capsys):
    data = _json(capsys)
    assert set(data) == {"indicators", "conflicts"}
    table = [i for i in data["indicators"] if isinstance(i["no"], int)]
    assert [i["no"] for i in table] == list(range(1, 28))
    for ind in data["indicators"]:
        assert {
            "no",
            "name",
            "unit",
            "baseline",
            "target",
            "cumulative",
            "attribute",
            "source",
        } <= set(ind)
        assert set(ind["baseline"]) >= {"year", "value"}
        assert set(ind["target"]) >= {"year", "value", "comparator"}
        assert ind["target"]["comparator"] in (">=", ">", "<=", "<", "~")
        assert ind["attribute"] in ("expected", "binding")
        assert ind["source"].startswith("L")


def test_table_values_are_decimal_strings_in_the_table_unit(capsys):
    by_no = {i["no"]: i for i in _json(capsys)["indicators"]}
    assert by_no[1]["target"]["value"] == "3.2" and by_no[1]["unit"] == "万人"
    assert by_no[15]["target"] == {**by_no[15]["target"], "value": "95", "comparator": ">"}
    assert by_no[22]["target"]["comparator"] == "<="
    assert by_no[19]["cumulative"] is True and by_no[19]["target"]["value"] == "7.5"
    assert by_no[7]["baseline"]["value"] is None  # "-" in the table
    assert by_no[27]["attribute"] == "binding"
    assert [i["no"] for i in by_no.values() if i["attribute"] == "binding"] == [27]


def test_text_only_targets_are_in_the_registry(capsys):
    inds = _json(capsys)["indicators"]
    targets = {(i["name"], i["target"]["value"], i["target"]["comparator"]) for i in inds}
    for expected in [
        ("市级及以上各类研发机构总量", "340", ">="),
        ("高新技术企业", "150", ">="),
        ("科技型中小企业", "140", ">="),
        ("博士后工作平台", "10", ">="),
        ("每万名就业人员中研发人员", "50", ">="),
        ("每万人口高价值发明专利拥有量", "2.5", ">="),
        ("科技进步贡献率", "65", ">"),
        ("高新技术产业占工业增加值比重", "35", ">="),
        ("职业技能培训人次(全口径)", "23", ">="),
        ("人才公寓", "4000", ">="),
        ("其中:高品质人才公寓", "500", ">="),
        ("创业担保贷款年发放额", "1.5", ">="),
        ("2022年职业院校职业技能培训", "1.2", ">="),
        ("2022年职业院校取得相应证书人数", "6000", ">="),
        ("2022年取得“1+X”证书人数", "1400", ">="),
    ]:
        assert expected in targets, expected


def test_every_contradiction_and_missing_value_is_flagged_with_its_sources(capsys):
    conflicts = {c["id"]: c for c in _json(capsys)["conflicts"]}
    values = {
        cid: {(s["value"], s["source"].split()[0]) for s in c["statements"]}
        for cid, c in conflicts.items()
    }
    assert {("3.2", "L46"), (None, "L26")} <= values["X01"]  # enterprise managers "?"
    assert (None, "L26") in values["X02"]  # social-work professionals "?"
    assert {("4.5", "L48"), ("4.6", "L12")} <= values["X03"]
    assert {("4.9", "L27"), ("5.8", "L32"), ("5.8", "L154")} <= values["X04"]
    assert {("2.25", "L67"), ("1.85", "L37")} <= values["X05"]
    assert {("1.065", "L68"), ("1.56", "L12")} <= values["X06"]
    assert {("1.05", "L64"), ("0.5", "L154")} <= values["X07"]
    comparators = {s["comparator"] for s in conflicts["X09"]["statements"]}
    assert {">", ">="} <= comparators
    for c in conflicts.values():
        assert c["indicators"] and c["statements"]
        assert all(s["source"].startswith("L") for s in c["statements"])


def test_indicators_point_to_their_conflicts(capsys):
    by_no = {i["no"]: i for i in _json(capsys)["indicators"]}
    assert "X05" in by_no[20]["conflicts"]
    assert by_no[20]["target"]["provisional"] is True
    assert by_no[2]["conflicts"] == []


def test_table_format_prints_every_conflict(capsys):
    assert main(["plan", "indicators", "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert "X05" in out and "1.85 (L37" in out and "27" in out
