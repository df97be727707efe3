"""Working days and due dates: holidays, make-up days (调休上班), year ends, correction pauses,
and the provisional calendar of years without a notice (issue 10).

Pure tests against the built-in calendar (chinesecalendar, then the provisional rules) — no
database needed.
"""

import datetime as dt

import pytest

from zhihui.window.workdays import (
    Calendar,
    CalendarRangeError,
    Deadline,
    NoticeError,
    Pause,
    builtin_calendar,
    compose_calendar,
    package_calendar,
    parse_notice,
    provisional_notice,
)

D = dt.date
CAL = builtin_calendar()
PACKAGE = package_calendar()


def test_the_day_of_acceptance_is_not_counted():
    # Monday 2024-03-04 + 1 working day is Tuesday, not Monday itself
    assert CAL.add_working_days(D(2024, 3, 4), 1) == D(2024, 3, 5)
    assert CAL.add_working_days(D(2024, 3, 4), 0) == D(2024, 3, 4)


def test_a_weekend_is_skipped():
    assert CAL.add_working_days(D(2024, 3, 8), 1) == D(2024, 3, 11)  # Fri -> Mon


def test_statutory_holidays_are_skipped():
    # National Day 2024: 1–7 October off
    assert CAL.add_working_days(D(2024, 9, 30), 1) == D(2024, 10, 8)
    # Spring Festival 2024: 10–17 February off
    assert CAL.add_working_days(D(2024, 2, 9), 1) == D(2024, 2, 18)


def test_make_up_working_days_count():
    # Sunday 2024-02-04 and Sunday 2024-02-18 were working days (调休上班)
    assert CAL.add_working_days(D(2024, 2, 2), 1) == D(2024, 2, 4)
    assert CAL.add_working_days(D(2024, 2, 9), 1) == D(2024, 2, 18)
    # Sunday 2024-09-29 was a working day before National Day
    assert CAL.add_working_days(D(2024, 9, 27), 1) == D(2024, 9, 29)


def test_the_year_end_crosses_into_the_next_year_holiday():
    # 1–3 January 2026 off, Sunday 4 January 2026 a make-up working day
    assert CAL.add_working_days(D(2025, 12, 31), 1) == D(2026, 1, 4)
    assert CAL.add_working_days(D(2025, 12, 31), 2) == D(2026, 1, 5)


def test_counting_backwards_and_between():
    assert CAL.add_working_days(D(2024, 9, 30), -1) == D(2024, 9, 29)
    assert CAL.working_days_between(D(2024, 9, 27), D(2024, 10, 8)) == 3  # 29th, 30th, 8th
    assert CAL.working_days_between(D(2024, 10, 8), D(2024, 9, 27)) == -3


def test_a_date_beyond_the_known_calendar_is_refused():
    assert max(PACKAGE.years) == 2026 and max(CAL.years) == 2100
    with pytest.raises(CalendarRangeError, match="2027 holiday notice"):
        PACKAGE.add_working_days(D(2026, 12, 30), 3)
    with pytest.raises(CalendarRangeError, match="2101 holiday notice"):
        CAL.add_working_days(D(2100, 12, 30), 3)
    with pytest.raises(CalendarRangeError):
        CAL.is_working_day(D(2003, 12, 31))


def test_due_date_without_pauses():
    # accepted Friday 2024-03-01, 5 working days: 4, 5, 6, 7, 8 March
    assert CAL.due_date(D(2024, 3, 1), 5) == D(2024, 3, 8)


def test_the_clock_stops_while_waiting_for_correction():
    # 4 and 5 March count; correction asked on 5 March, answered on 12 March;
    # 6–12 March do not count; 13, 14, 15 March finish the five days
    pauses = [Pause(D(2024, 3, 5), D(2024, 3, 12))]
    assert CAL.due_date(D(2024, 3, 1), 5, pauses) == D(2024, 3, 15)


def test_an_open_correction_has_no_due_date():
    assert CAL.due_date(D(2024, 3, 1), 5, [Pause(D(2024, 3, 5))]) is None


def test_a_correction_answered_the_same_day_changes_nothing():
    assert CAL.due_date(D(2024, 3, 1), 5, [Pause(D(2024, 3, 5), D(2024, 3, 5))]) == D(2024, 3, 8)


def test_two_pauses_add_up():
    pauses = [Pause(D(2024, 3, 4), D(2024, 3, 5)), Pause(D(2024, 3, 6), D(2024, 3, 8))]
    # counted: 4 Mar; (5 paused); 6 Mar; (7, 8 paused); 11, 12, 13 Mar
    assert CAL.due_date(D(2024, 3, 1), 5, pauses) == D(2024, 3, 13)


def test_a_pause_after_the_due_date_does_not_move_it():
    assert CAL.due_date(D(2024, 3, 1), 5, [Pause(D(2024, 3, 20), D(2024, 3, 25))]) == D(2024, 3, 8)


NOTICE_2027 = """
year: 2027
source: 测试用2027年节假日安排通知
holidays:
  - {name: 元旦, date: 2027-01-01}
  - {name: 春节, start: 2027-02-06, end: 2027-02-13}
workdays:
  - 2027-02-20
"""


def test_a_loaded_notice_extends_the_calendar():
    cal = CAL.with_notices([parse_notice(NOTICE_2027)])
    assert cal.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)  # 1 Jan off, then weekend
    assert cal.add_working_days(D(2027, 2, 5), 1) == D(2027, 2, 15)
    assert cal.is_working_day(D(2027, 2, 20))  # a Saturday made a working day
    assert 2027 not in cal.provisional and cal.origins[2027] == "notice"
    assert cal.sources[2027] == "测试用2027年节假日安排通知"
    assert 2028 in cal.provisional  # the next year is still provisional


def test_a_notice_replaces_the_built_in_data_of_its_year():
    # an (invented) amended 2024 notice without the National Day holiday
    cal = CAL.with_notices([parse_notice({"year": 2024, "holidays": ["2024-01-01"]})])
    assert cal.is_working_day(D(2024, 10, 1))
    assert not cal.is_working_day(D(2024, 9, 29))  # the make-up Sunday is gone too
    assert not CAL.is_working_day(D(2024, 10, 1))  # the base is unchanged


@pytest.mark.parametrize(
    "data, message",
    [
        ({"holidays": []}, "year"),
        ({"year": 2027, "holidays": ["2027-02-30"]}, r"holidays\[0\]"),
        ({"year": 2027, "holidays": [{"start": "2027-02-10", "end": "2027-02-01"}]}, "end"),
        ({"year": 2027, "holidays": ["2029-01-01"]}, "不在通知所属的 2027 年内"),
        ({"year": 2027, "holidays": ["2027-01-01"], "workdays": ["2027-01-01"]}, r"workdays\[0\]"),
        ({"year": 2027, "holidays": [], "extra": 1}, "unknown field"),
    ],
)
def test_a_bad_notice_is_refused_naming_the_field(data, message):
    with pytest.raises(NoticeError, match=message):
        parse_notice(data)


def test_a_notice_round_trips_through_its_data_form():
    n = parse_notice(NOTICE_2027)
    again = parse_notice(n.to_data())
    assert again.holidays == n.holidays and again.workdays == n.workdays
    assert dict(again.names)[D(2027, 2, 6)] == "春节"


# --- The provisional calendar (issue 10) ------------------------------------------------------
# 全国年节及纪念日放假办法 as amended in 2024 (in force 2025): 元旦 1, 春节 4 (除夕 + 初一至初三),
# 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3 days; art. 6: a day of it on a Saturday or Sunday gives
# a compensatory day off (补假) on the next working day; no 调休 without a notice.

# The statutory days of the published notices, written from their text:
# 国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）
NOTICE_2025_STATUTORY = {
    "元旦": [D(2025, 1, 1)],
    "春节": [D(2025, 1, 28), D(2025, 1, 29), D(2025, 1, 30), D(2025, 1, 31)],  # 除夕 (Tue) – 初三
    "清明节": [D(2025, 4, 4)],
    "劳动节": [D(2025, 5, 1), D(2025, 5, 2)],
    "端午节": [D(2025, 5, 31), D(2025, 6, 2)],  # 31 May a Saturday: "5月31日（周六）至6月2日（周一）"
    "国庆节": [D(2025, 10, 1), D(2025, 10, 2), D(2025, 10, 3)],
    "中秋节": [D(2025, 10, 6)],
}
# 国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）
NOTICE_2026_STATUTORY = {
    "元旦": [D(2026, 1, 1)],
    "春节": [D(2026, 2, 16), D(2026, 2, 17), D(2026, 2, 18), D(2026, 2, 19)],  # 除夕 (Mon) – 初三
    "清明节": [D(2026, 4, 5), D(2026, 4, 6)],  # 5 April a Sunday, 6 April its 补假
    "劳动节": [D(2026, 5, 1), D(2026, 5, 2), D(2026, 5, 4)],  # 2 May a Saturday
    "端午节": [D(2026, 6, 19)],
    "中秋节": [D(2026, 9, 25)],
    "国庆节": [D(2026, 10, 1), D(2026, 10, 2), D(2026, 10, 3), D(2026, 10, 5)],  # 3 October a Saturday
}


@pytest.mark.parametrize("year, statutory", [(2025, NOTICE_2025_STATUTORY), (2026, NOTICE_2026_STATUTORY)])
def test_every_statutory_holiday_of_the_published_notices_is_a_provisional_rest_day(year, statutory):
    provisional = Calendar(frozenset(), frozenset(), frozenset()).with_notices(
        [provisional_notice(year)], origin="provisional"
    )
    for name, days in statutory.items():
        for d in days:
            assert not PACKAGE.is_working_day(d), f"{d} {name}: not a day off in the published notice"
            assert not provisional.is_working_day(d), f"{d} {name}: a working day of the provisional calendar"
    # and the rules give no day off that the notice did not give
    assert {d for d in provisional_notice(year).holidays if PACKAGE.is_working_day(d)} == set()


def test_the_2027_provisional_days_off():
    names = dict(provisional_notice(2027).names)
    assert names == {
        D(2027, 1, 1): "元旦",
        D(2027, 2, 5): "春节", D(2027, 2, 6): "春节", D(2027, 2, 7): "春节", D(2027, 2, 8): "春节",
        D(2027, 2, 9): "春节补假", D(2027, 2, 10): "春节补假",  # 初一、初二 on Saturday and Sunday
        D(2027, 4, 5): "清明节",
        D(2027, 5, 1): "劳动节", D(2027, 5, 2): "劳动节", D(2027, 5, 3): "劳动节补假", D(2027, 5, 4): "劳动节补假",
        D(2027, 6, 9): "端午节",
        D(2027, 9, 15): "中秋节",
        D(2027, 10, 1): "国庆节", D(2027, 10, 2): "国庆节", D(2027, 10, 3): "国庆节",
        D(2027, 10, 4): "国庆节补假", D(2027, 10, 5): "国庆节补假",
    }
    assert provisional_notice(2027).workdays == frozenset()  # no 调休 without a notice


def test_the_lunar_dates_and_the_solar_term_of_the_library():
    from zhihui.window.workdays import _lunar_day, _qingming

    assert _lunar_day("lunar_new_year", 2027) == D(2027, 2, 6)
    assert _qingming(2027) == D(2027, 4, 5)
    assert _lunar_day("dragon_boat", 2027) == D(2027, 6, 9)
    assert _lunar_day("mid_autumn", 2027) == D(2027, 9, 15)
    # the years chinesecalendar knows: its Spring Festival starts on the library's 除夕 or 初一
    import chinese_calendar

    for year in range(2008, 2027):
        detail = chinese_calendar.get_holiday_detail(_lunar_day("lunar_new_year", year))[1]
        assert detail == chinese_calendar.Holiday.spring_festival.value, year


def test_qingming_agrees_with_chinesecalendars_solar_terms_up_to_2099():
    from chinese_calendar import get_solar_terms

    from zhihui.window.workdays import _qingming

    for year in range(2027, 2100):
        terms = dict((name, d) for d, name in get_solar_terms(D(year, 4, 1), D(year, 4, 30)))
        assert _qingming(year) == terms["清明"], year
    assert _qingming(2100) == D(2100, 4, 5)  # both libraries' formulas end in 2099


def test_every_year_to_2100_is_covered_and_provisional():
    assert CAL.provisional == frozenset(range(2027, 2101))
    for year in (2027, 2050, 2100):
        assert len(provisional_notice(year).holidays) >= 13
    with pytest.raises(CalendarRangeError):
        provisional_notice(2101)
    with pytest.raises(CalendarRangeError):
        provisional_notice(2024)  # the older rules: only the package and notices


def test_a_package_that_knows_the_year_wins_over_the_rules():
    newer = PACKAGE.with_notices([parse_notice(NOTICE_2027)], origin="package")  # a future release
    cal = compose_calendar(newer)
    assert 2027 not in cal.provisional and cal.origins[2027] == "package"
    assert cal.is_working_day(D(2027, 2, 20)) and 2028 in cal.provisional


def test_a_loaded_notice_wins_over_both():
    cal = CAL.with_notices([parse_notice(NOTICE_2027)])
    assert cal.working_days_deadline(D(2027, 2, 5), 1) == Deadline(D(2027, 2, 15), False)
    assert CAL.working_days_deadline(D(2027, 2, 4), 1) == Deadline(D(2027, 2, 11), True)


def test_n_working_days_after_a_date_reports_a_provisional_year():
    assert CAL.working_days_deadline(D(2026, 12, 24), 3) == Deadline(D(2026, 12, 29), False)
    assert CAL.working_days_deadline(D(2026, 12, 31), 1) == Deadline(D(2027, 1, 4), True)
    assert str(CAL.working_days_deadline(D(2026, 12, 31), 1)) == "2027-01-04 provisional"
    # labour inspection: 60 working days from 1 December 2026, over 元旦 and 春节 2027
    assert CAL.working_days_deadline(D(2026, 12, 1), 60) == Deadline(D(2027, 3, 2), True)
    assert CAL.working_days_deadline(D(2027, 1, 4), -1) == Deadline(D(2026, 12, 31), True)


def test_a_period_of_calendar_days_does_not_count_its_first_day_and_ends_on_a_working_day():
    # 劳动争议调解仲裁法: e.g. 15 days to sue after an award (art. 48/50), 45 days to decide (art. 43)
    assert CAL.calendar_days_deadline(D(2026, 3, 2), 15) == Deadline(D(2026, 3, 17), False)
    # ends on National Day 2026 (1–7 October off) → the next working day
    assert CAL.calendar_days_deadline(D(2026, 9, 16), 15) == Deadline(D(2026, 10, 8), False)
    # ends on Saturday 10 October 2026, a make-up working day: it stays
    assert CAL.calendar_days_deadline(D(2026, 9, 25), 15) == Deadline(D(2026, 10, 10), False)
    # ends on a Sunday → Monday
    assert CAL.calendar_days_deadline(D(2026, 3, 7), 15) == Deadline(D(2026, 3, 23), False)
    # only the last day matters: a period that runs through provisional days but ends in a
    # known year is not provisional; one whose end is looked up in 2027 is
    assert CAL.calendar_days_deadline(D(2026, 12, 17), 15) == Deadline(D(2027, 1, 4), True)
    with pytest.raises(ValueError):
        CAL.calendar_days_deadline(D(2026, 3, 2), -1)


def test_the_due_date_reports_a_provisional_year():
    assert CAL.due(D(2026, 11, 2), 20) == Deadline(D(2026, 11, 30), False)
    assert CAL.due(D(2026, 12, 15), 40) == Deadline(D(2027, 2, 16), True)
    assert CAL.due(D(2026, 12, 15), 40, [Pause(D(2026, 12, 16))]) is None
