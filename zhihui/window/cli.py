"""`zhihui workdays …` (official working days) and `zhihui window …` (one-window operations).

Kept cheap to import: no Django models at module level.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"DATE: {text!r} is not a date (YYYY-MM-DD)")


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"N: {text!r} is not a whole number of working days")


def register(subparsers) -> None:
    wd = subparsers.add_parser("workdays", help="official Chinese working days (holidays, 调休)")
    wd_sub = wd.add_subparsers(dest="workdays_command", metavar="SUBCOMMAND")

    add = wd_sub.add_parser("add", help="print the date N working days after DATE (DATE not counted), "
                            "followed by 'provisional' when a counted day lies in a year without a notice")
    add.add_argument("date", type=_date, metavar="DATE")
    add.add_argument("n", type=_int, metavar="N")
    add.set_defaults(func=cmd_add)

    period = wd_sub.add_parser("period", help="print the end of a period of N calendar days from DATE "
                               "(DATE not counted; a last day off moves to the next working day)")
    period.add_argument("date", type=_date, metavar="DATE")
    period.add_argument("n", type=_int, metavar="N")
    period.set_defaults(func=cmd_period)

    load = wd_sub.add_parser("load", help="load a year's holiday notice (YAML or JSON) as data")
    load.add_argument("file", metavar="FILE")
    load.set_defaults(func=cmd_load)

    years = wd_sub.add_parser("years", help="list the years the calendar covers and their source")
    years.set_defaults(func=cmd_years)


    win = subparsers.add_parser("window", help="one-window operations (services, deadlines)")
    win_sub = win.add_subparsers(dest="window_command", metavar="SUBCOMMAND")
    seed = win_sub.add_parser("seed", help="create missing services, quotas and the turnover pool (idempotent)")
    seed.set_defaults(func=cmd_seed)
    late = win_sub.add_parser("overdue", help="list overdue applications (or --due-soon)")
    late.add_argument("--due-soon", action="store_true", help="due within the next working days instead")
    late.set_defaults(func=cmd_overdue)


def cmd_seed(args) -> int:
    from .catalogue import seed
    from .models import Quota, Service, TalentPool

    seed(Service, Quota, TalentPool)
    print(f"{Service.objects.count()} services, {Quota.objects.count()} quotas, {TalentPool.objects.count()} pool")
    return 0


def cmd_overdue(args) -> int:
    from . import selectors

    qs = selectors.due_soon() if args.due_soon else selectors.overdue()
    n = 0
    for app in qs.iterator(chunk_size=2000):
        who = app.person.id_number_masked if app.person_id else app.organisation.name
        mark = "provisional" if app.due_date_provisional else ""
        print(f"{app.number}\t{app.due_date}\t{app.get_status_display()}\t{app.service.name}\t{who}\t{mark}")
        n += 1
    print(f"{n} application(s)", file=sys.stderr)
    return 0


def cmd_add(args) -> int:
    from .workdays import CalendarRangeError, official_calendar

    try:
        deadline = official_calendar().working_days_deadline(args.date, args.n)
    except (CalendarRangeError, OverflowError) as exc:
        print(f"zhihui workdays add: error: {exc}", file=sys.stderr)
        return 2
    print(deadline)  # "2027-01-13" or "2027-01-13 provisional"
    return 0


def cmd_period(args) -> int:
    from .workdays import CalendarRangeError, official_calendar

    if args.n < 0:
        print("zhihui workdays period: error: N: must be zero or more calendar days", file=sys.stderr)
        return 2
    try:
        deadline = official_calendar().calendar_days_deadline(args.date, args.n)
    except (CalendarRangeError, OverflowError) as exc:
        print(f"zhihui workdays period: error: {exc}", file=sys.stderr)
        return 2
    print(deadline)
    return 0


def cmd_load(args) -> int:
    from . import actions
    from .workdays import NoticeError

    try:
        with open(args.file, encoding="utf-8") as fh:
            text = fh.read()
    except OSError as exc:
        print(f"zhihui workdays load: error: FILE: {exc}", file=sys.stderr)
        return 2
    try:
        row = actions.load_holiday_notice(None, text)
    except NoticeError as exc:
        print(f"zhihui workdays load: error: {args.file}: {exc}", file=sys.stderr)
        return 2
    print(f"loaded the {row.year} holiday notice ({len(row.data['holidays'])} holidays, "
          f"{len(row.data['workdays'])} make-up working days)")
    print(f"{row.due_dates_changed} due date(s) of open applications recomputed "
          f"({row.due_dates_moved} moved, applicants notified)")
    return 0


def cmd_years(args) -> int:
    from .workdays import official_calendar

    cal = official_calendar()
    for year in sorted(cal.years):  # year, origin (package / notice / provisional), source
        print(f"{year}\t{cal.origins.get(year, 'package')}\t{cal.sources.get(year, '')}")
    return 0
