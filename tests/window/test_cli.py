"""`zhihui workdays add DATE N`, `zhihui workdays load FILE` and the engine-backed decision."""

import datetime as dt

import pytest

from zhihui.cli import main

pytestmark = pytest.mark.django_db

NOTICE = """year: 2027
source: 测试通知
holidays:
  - {name: 元旦, start: 2027-01-01, end: 2027-01-03}
workdays: [2027-01-09]
"""


def test_add_prints_one_iso_date(capsys):
    assert main(["workdays", "add", "2025-12-31", "1"]) == 0
    assert capsys.readouterr().out == "2026-01-04\n"


def test_a_date_in_a_year_without_a_notice_is_marked_provisional(capsys):
    # 1 January 2027 is a statutory holiday even before the notice; 2–3 January a weekend
    assert main(["workdays", "add", "2026-12-31", "1"]) == 0
    assert capsys.readouterr().out == "2027-01-04 provisional\n"
    assert main(["workdays", "add", "2026-12-24", "3"]) == 0  # 25, 28, 29 December: all of 2026
    assert capsys.readouterr().out == "2026-12-29\n"


def test_a_date_beyond_the_provisional_rules_is_a_clear_error(capsys):
    assert main(["workdays", "add", "2100-12-31", "1"]) == 2
    err = capsys.readouterr()
    assert err.out == "" and "2101 holiday notice" in err.err


def test_a_period_of_calendar_days_ends_on_a_working_day(capsys):
    # 15 days after 16 September 2026 is 1 October (National Day, off until 7 October)
    assert main(["workdays", "period", "2026-09-16", "15"]) == 0
    assert capsys.readouterr().out == "2026-10-08\n"
    assert main(["workdays", "period", "2026-12-17", "15"]) == 0  # 1 January 2027, provisional
    assert capsys.readouterr().out == "2027-01-04 provisional\n"


def test_years_lists_each_years_origin(capsys):
    assert main(["workdays", "years"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "2026\tpackage\tchinesecalendar" in lines
    assert any(line.startswith("2027\tprovisional\t") for line in lines)
    assert lines[-1].startswith("2100\tprovisional")


@pytest.mark.parametrize("argv", [["2025-02-30", "1"], ["2025-01-01", "three"]])
def test_bad_input_exits_2_naming_the_argument(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["workdays", "add", *argv])
    assert exc.value.code == 2
    assert ("DATE" if "02-30" in argv[0] else "N") in capsys.readouterr().err


def test_an_administrator_loads_the_next_years_notice(tmp_path, capsys):
    f = tmp_path / "2027.yaml"
    f.write_text(NOTICE, encoding="utf-8")
    assert main(["workdays", "load", str(f)]) == 0
    assert "0 due date(s) of open applications recomputed" in capsys.readouterr().out
    assert main(["workdays", "add", "2026-12-31", "1"]) == 0
    assert capsys.readouterr().out == "2027-01-04\n"
    assert main(["workdays", "add", "2027-01-08", "1"]) == 0  # Saturday 9 January made a working day
    assert capsys.readouterr().out == "2027-01-09\n"


def test_a_bad_notice_file_is_refused_naming_the_field(tmp_path, capsys):
    f = tmp_path / "bad.yaml"
    f.write_text("year: 2027\nholidays: [2027-02-30]\n", encoding="utf-8")
    assert main(["workdays", "load", str(f)]) == 2
    assert "holidays[0]" in capsys.readouterr().err


def test_loading_a_notice_moves_running_due_dates(fake_engine, citizen, clerk, service, admin_user):
    from zhihui.window import actions

    service.time_limit_days = 3
    service.save()
    app, _ = actions.submit(citizen, service, person=citizen.person)
    actions.accept(clerk, app, today=dt.date(2026, 9, 30))
    app.refresh_from_db()
    assert app.due_date == dt.date(2026, 10, 10)  # after National Day: 8 (Thu), 9 (Fri), 10 (Sat, make-up day)
    actions.load_holiday_notice(admin_user, {"year": 2026, "holidays": [], "workdays": []})  # an (invented) amended 2026
    app.refresh_from_db()
    assert app.due_date == dt.date(2026, 10, 5)
