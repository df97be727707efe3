"""Working days and due dates: holidays, make-up days (调休上班), year ends, correction pauses.

Pure tests against the built-in calendar (chinesecalendar) — no database needed.
"""

import datetime as dt

import pytest

from zhihui.window.workdays import (
    CalendarRangeError,
    NoticeError,
    Pause,
    builtin_calendar,
    parse_notice,
)

D = dt.date
CAL = builtin_calendar()


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
    assert max(CAL.years) == 2026
    with pytest.raises(CalendarRangeError, match="2027 holiday notice"):
        CAL.add_working_days(D(2026, 12, 30), 3)
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
    with pytest.raises(CalendarRangeError):
        cal.is_working_day(D(2028, 1, 3))


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
        ({"year": 2027, "holidays": ["2029-01-01"]}, "outside the notice's year"),
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
