"""The cleaning rules: what a title loses before coding, and what it keeps."""

from __future__ import annotations

import pytest

from zhihui.occupations import rules


@pytest.mark.parametrize(("title", "cleaned"), [
    ("急招普工包吃住", "普工"),
    ("java开发（双休）", "java开发"),
    ("宝妈兼职客服", "客服"),
    ("🔥济源豫光科技有限公司 电焊工（包吃住）8-12K·13薪", "电焊工"),
    ("高薪誠聘廚師學徒 包住", "厨师学徒"),  # traditional characters
    ("招聘 土建施工员 2名 45岁以下", "土建施工员"),  # head-count and age
    ("电话13812345678 保安", "保安"),  # contact details
    ("【急招】郑州金水区 叉车工 五险一金 月薪6000+", "叉车工"),  # place, perks, pay
    ("时薪18元 服务员", "服务员"),
    ("HR专员 双休", "人力资源专员"),  # abbreviation rewritten
    ("勾机司机 日结", "挖掘机驾驶员"),  # slang rewritten
    ("Security Guard 夜班", "保安"),  # English rewritten
    ("ＣＮＣ操作工", "数控操作工"),  # full-width letters
])
def test_cleaning_removes_pay_place_company_perks_and_rewrites_slang(title, cleaned):
    assert rules.clean(title) == cleaned


def test_a_bracket_holding_a_job_word_is_opened_not_dropped():
    assert rules.clean("技术员（土建）") == "技术员 土建"
    assert rules.clean("普工【长白班】") == "普工"


def test_a_title_that_is_only_noise_is_kept_rather_than_emptied():
    assert rules.clean("兼职") == "兼职"
    assert rules.clean("【急招】") == "急招"


def test_several_jobs_in_one_title_are_split_in_order():
    assert rules.segments(rules.clean("叉车工/电工、仓管 包吃住")) == ["叉车工", "电工", "仓管"]


def test_a_rule_file_with_an_unknown_kind_names_the_line_and_column(tmp_path, monkeypatch):
    (tmp_path / "cleaning.tsv").write_text("# head\nnoise\t急招\nerase\t普工\n", encoding="utf-8")
    monkeypatch.setattr(rules, "DATA_DIR", tmp_path)
    with pytest.raises(ValueError, match=r"cleaning.tsv line 3, column kind: 'erase'"):
        rules.Rules()


def test_a_clerk_can_add_a_noise_word_as_data(tmp_path, monkeypatch):
    shipped = (rules.DATA_DIR / "cleaning.tsv").read_text(encoding="utf-8")
    (tmp_path / "cleaning.tsv").write_text(shipped + "noise\t颜值高\n", encoding="utf-8")
    monkeypatch.setattr(rules, "DATA_DIR", tmp_path)
    rules.rules.cache_clear()
    try:
        assert rules.clean("前台 颜值高") == "前台"
    finally:
        rules.rules.cache_clear()
