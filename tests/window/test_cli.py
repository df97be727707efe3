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


@pytest.mark.real_calendar
def test_a_date_beyond_the_calendar_is_a_clear_error(capsys):
    assert main(["workdays", "add", "2026-12-31", "1"]) == 2
    err = capsys.readouterr()
    assert err.out == "" and "2027 holiday notice" in err.err


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
    capsys.readouterr()
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
