"""Progress arithmetic: level, cumulative, ceiling (and floor, band, annual) indicators."""

from decimal import Decimal as D

import pytest

from zhihui.plan.progress import (
    ProgressError,
    Spec,
    compound_average_growth,
    decompose,
    evaluate,
    fmt,
    meets,
    mode_of,
)

SKILL_TALENTS = Spec("level", ">=", target=D("23.01"), baseline=D("13.4"))  # 表1 row 9
NEW_URBAN_JOBS = Spec("cumulative", ">=", target=D("7.5"))  # row 19, [7.5]
UNEMPLOYMENT = Spec("level", "<=", target=D("5.5"), baseline=D("5.5"))  # row 22
ARBITRATION = Spec("level", ">=", target=D("90"), baseline=D("91.1"))  # row 25, below baseline
LOANS = Spec("annual", ">=", target=D("1.5"))  # 每年1.5亿元以上


def test_level_indicator_is_decomposed_linearly_from_baseline_to_target():
    targets = decompose(SKILL_TALENTS)
    assert [fmt(targets[y]) for y in range(2021, 2026)] == [
        "15.322",
        "17.244",
        "19.166",
        "21.088",
        "23.01",
    ]


def test_level_indicator_on_its_path_is_on_track_at_mid_term():
    p = evaluate(SKILL_TALENTS, {2021: "15.4", 2022: "17.3", 2023: "19.2"}, 2023)
    assert p.mode == "increase"
    assert fmt(p.time_elapsed) == "0.6"
    assert fmt(p.expected) == "0.6"
    # (19.2 − 13.4) ÷ (23.01 − 13.4) = 0.60354
    assert fmt(p.completion) == "0.6035"
    assert p.status == "on_track"


def test_level_indicator_slightly_short_of_its_path_is_at_risk_and_far_short_is_behind():
    slightly = evaluate(SKILL_TALENTS, {2023: "18.9"}, 2023)  # 0.572 of 0.6 expected
    assert slightly.status == "at_risk"
    far = evaluate(SKILL_TALENTS, {2023: "16"}, 2023)  # 0.27 of 0.6 expected
    assert far.status == "behind"


def test_level_projection_follows_the_trend_of_baseline_and_actuals():
    p = evaluate(SKILL_TALENTS, {2021: "14.4", 2022: "15.4"}, 2022)
    # a straight line through 13.4, 14.4, 15.4 reaches 18.4 in 2025: far short of 23.01
    assert fmt(p.projection) == "18.4"
    assert p.projection_meets is False


def test_level_indicator_in_the_target_year_is_achieved_or_missed_with_the_exact_comparator():
    strict = Spec("level", ">", target=D("95"), baseline=D("52"))  # 持证率 ">95"
    assert evaluate(strict, {2025: "95"}, 2025).status == "missed"
    assert evaluate(strict, {2025: "95.1"}, 2025).status == "achieved"
    included = Spec("level", ">=", target=D("95"), baseline=D("52"))  # "95%以上"
    assert evaluate(included, {2025: "95"}, 2025).status == "achieved"


def test_cumulative_indicator_sums_yearly_flows_against_the_five_year_total():
    flows = decompose(NEW_URBAN_JOBS)
    assert sum(flows.values()) == D("7.5")
    p = evaluate(NEW_URBAN_JOBS, {2021: "1.6", 2022: "1.5", 2023: "1.4"}, 2023)
    assert p.mode == "cumulative"
    assert p.value == D("4.5")
    assert p.flow == D("1.4")
    assert fmt(p.annual_target) == "4.5"  # expected sum to date
    assert fmt(p.completion) == "0.6"
    assert fmt(p.projection) == "7.5"  # 4.5 + 1.5 a year for two more years
    assert p.status == "on_track"


def test_cumulative_indicator_behind_its_share_of_time():
    p = evaluate(NEW_URBAN_JOBS, {2021: "1.0", 2022: "1.0", 2023: "1.0"}, 2023)
    assert fmt(p.completion) == "0.4"  # 3.0 of 7.5, while 60 % of the time has gone
    assert p.status == "behind"
    assert p.projection == D("5")


def test_cumulative_indicator_notes_years_without_a_flow():
    p = evaluate(NEW_URBAN_JOBS, {2021: "1.6", 2023: "1.6"}, 2023)
    assert "2022" in " ".join(p.notes)
    assert p.status == "behind"


def test_cumulative_final_year_uses_the_total():
    assert (
        evaluate(NEW_URBAN_JOBS, dict.fromkeys(range(2021, 2026), "1.5"), 2025).status == "achieved"
    )
    assert (
        evaluate(NEW_URBAN_JOBS, dict.fromkeys(range(2021, 2026), "1.4"), 2025).status == "missed"
    )


def test_edited_annual_targets_replace_the_linear_decomposition():
    edited = {2021: "1.0", 2022: "1.2", 2023: "1.5", 2024: "1.8", 2025: "2.0"}
    p = evaluate(NEW_URBAN_JOBS, {2021: "1.0", 2022: "1.2"}, 2022, annual_targets=edited)
    assert fmt(p.annual_target) == "2.2"
    assert fmt(p.expected) == fmt(D("2.2") / D("7.5"))
    assert p.status in ("on_track", "at_risk")  # on its edited path; projection 5.5 < 7.5
    assert p.projection_meets is False


def test_ceiling_indicator_is_checked_every_year_against_its_ceiling():
    assert mode_of(UNEMPLOYMENT) == "ceiling"
    assert evaluate(UNEMPLOYMENT, {2022: "4.8"}, 2022).status == "on_track"
    assert evaluate(UNEMPLOYMENT, {2022: "5.45"}, 2022).status == "at_risk"  # within 2 %
    assert evaluate(UNEMPLOYMENT, {2022: "5.6"}, 2022).status == "behind"
    assert evaluate(UNEMPLOYMENT, {2025: "5.5"}, 2025).status == "achieved"  # 以内 includes 5.5
    assert evaluate(UNEMPLOYMENT, {2025: "5.51"}, 2025).status == "missed"


def test_ceiling_with_rising_trend_is_at_risk_before_it_is_breached():
    rising = Spec("level", "<=", target=D("5.5"), baseline=D("3.4"))
    p = evaluate(rising, {2021: "4.0", 2022: "4.6", 2023: "5.2"}, 2023)
    assert fmt(p.projection) == "6.4"
    assert p.status == "at_risk"


def test_ceiling_above_baseline_comes_down_linearly():
    spec = Spec("level", "<=", target=D("5.0"), baseline=D("6.0"))
    assert [fmt(v) for v in decompose(spec).values()] == ["5.8", "5.6", "5.4", "5.2", "5"]
    assert evaluate(spec, {2021: "5.9"}, 2021).status == "behind"


def test_target_below_baseline_is_a_floor_kept_every_year():
    assert mode_of(ARBITRATION) == "floor"
    assert evaluate(ARBITRATION, {2021: "93"}, 2021).status == "on_track"
    assert evaluate(ARBITRATION, {2021: "89.9"}, 2021).status == "behind"


def test_annual_target_counts_the_years_that_met_it():
    actuals = {2021: "1.6", 2022: "1.4", 2023: "1.8"}
    p = evaluate(LOANS, actuals, 2023)
    assert (p.years_met, p.years_counted) == (2, 3)
    assert p.status == "on_track"
    assert evaluate(LOANS, actuals, 2022).status == "behind"
    final = evaluate(LOANS, {**actuals, 2024: "2", 2025: "2"}, 2025)
    assert final.status == "missed"  # 2022 missed


def test_zero_ceiling_each_year():
    zero_households = Spec("annual", "<=", target=D("0"))
    assert evaluate(zero_households, {2022: "0"}, 2022).status in ("on_track", "at_risk")
    assert evaluate(zero_households, {2022: "3"}, 2022).status == "behind"


def test_band_target_approximately():
    senior_titles = Spec("level", "~", target=D("20"), maintain=True)
    assert mode_of(senior_titles) == "band"
    assert evaluate(senior_titles, {2022: "20.3"}, 2022).status == "on_track"
    assert evaluate(senior_titles, {2022: "23"}, 2022).status == "behind"


def test_indicator_without_target_reports_no_target():
    p = evaluate(Spec("level", ">=", target=None), {2022: "1"}, 2022)
    assert p.status == "no_target"


def test_no_actual_means_no_data():
    assert evaluate(SKILL_TALENTS, {}, 2022).status == "no_data"


def test_floats_and_garbage_are_refused():
    with pytest.raises(ProgressError):
        evaluate(SKILL_TALENTS, {2022: 17.5}, 2022)
    with pytest.raises(ProgressError, match="not a number"):
        evaluate(SKILL_TALENTS, {2022: "十七"}, 2022)


def test_comparators():
    assert meets(D("5.5"), D("5.5"), "<=") and not meets(D("5.5"), D("5.5"), "<")
    assert meets(D("19.2"), D("20"), "~") and not meets(D("18.9"), D("20"), "~")


def test_compound_average_growth_of_yearly_rates():
    assert fmt(compound_average_growth([D("10"), D("10")]), 6) == "10"
    assert fmt(compound_average_growth([D("21"), D("0")]), 2) == "10"
