"""Official Chinese working days, and due dates counted in them.

Why this module exists: every service of the one window (一窗办理、限时办结) has a time limit in
*working days*. In China a working day is not simply Monday–Friday: the State Council's yearly
holiday notice (国务院办公厅关于某年部分节假日安排的通知) declares statutory holidays and moves
weekend days to working days (调休上班, "make-up working days").

Sources of truth, in order:
1. holiday notices an administrator loaded as data (table ``window.HolidayNotice``; file format
   in :func:`parse_notice`). A notice for a year *replaces* the built-in data of that year, so an
   amended notice can be corrected without a new release;
2. the built-in base: the pinned ``chinesecalendar`` package (1.11.0 covers 2004–2026).

A date in a year that neither source covers is refused with :class:`CalendarRangeError`: we
never guess that an unknown year has no holidays, since a wrong due date is a legal problem.

Counting rules (see docs/window.md):
- the day of acceptance is not counted: N working days after D is the N-th working day
  strictly after D (N = 0 gives D itself);
- the clock stops while an application waits for correction (补正): for a pause requested on
  day P and answered on day R, the days P+1 … R are not counted (the answer day is "day 0" of
  the restart, like the day of acceptance). While a pause is open there is no due date.

This module imports no Django at module level so that the ``zhihui workdays`` CLI and the
pure tests stay fast; :func:`official_calendar` reads the loaded notices when Django is ready.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

__all__ = [
    "Calendar",
    "CalendarRangeError",
    "HolidayNotice",
    "NoticeError",
    "Pause",
    "add_working_days",
    "builtin_calendar",
    "due_date",
    "official_calendar",
    "parse_notice",
    "working_days_between",
]


class CalendarRangeError(ValueError):
    """A date lies in a year for which no official holiday calendar is known."""

    def __init__(self, day: dt.date, known: Sequence[int]):
        self.day = day
        self.known = tuple(known)
        super().__init__(
            f"{day.isoformat()} is beyond the official working-day calendar "
            f"(known years: {_describe_years(self.known)}); an administrator must load the "
            f"{day.year} holiday notice first (zhihui workdays load FILE)"
        )


class NoticeError(ValueError):
    """A holiday notice file is malformed; the message names the field."""


def _describe_years(years: Sequence[int]) -> str:
    if not years:
        return "none"
    ys = sorted(years)
    runs: list[str] = []
    start = prev = ys[0]
    for y in ys[1:] + [None]:  # type: ignore[list-item]
        if y is not None and y == prev + 1:
            prev = y
            continue
        runs.append(str(start) if start == prev else f"{start}–{prev}")
        if y is not None:
            start = prev = y
    return ", ".join(runs)


@dataclass(frozen=True)
class HolidayNotice:
    """One year's holiday arrangement, as published by the State Council.

    ``holidays``: days off (including weekend days inside a holiday period);
    ``workdays``: make-up working days (调休上班), usually a Saturday or Sunday.
    Dates may start up to 31 days before the year (e.g. a New Year holiday beginning on
    30 December), but the notice *covers* only its own year.
    """

    year: int
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]
    source: str = ""
    names: tuple[tuple[dt.date, str], ...] = ()

    def to_data(self) -> dict:
        """A JSON-serialisable form (the same shape :func:`parse_notice` reads)."""
        names = dict(self.names)
        return {
            "year": self.year,
            "source": self.source,
            "holidays": [
                {"date": d.isoformat(), "name": names.get(d, "")} for d in sorted(self.holidays)
            ],
            "workdays": [d.isoformat() for d in sorted(self.workdays)],
        }


def _parse_day(value, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise NoticeError(f"{where}: {value!r} is not a date (YYYY-MM-DD)")


def _has_control(text: str) -> bool:
    return any(ord(c) < 32 and c not in "\t\n\r" for c in text)


def parse_notice(data) -> HolidayNotice:
    """Validate a notice given as a dict (from YAML or JSON) or as YAML/JSON text.

    Format::

        year: 2027
        source: 国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕N号）
        holidays:                 # each entry: a single date, or a range with a name
          - {name: 元旦, date: 2027-01-01}
          - {name: 春节, start: 2027-02-06, end: 2027-02-13}
        workdays:                 # make-up working days (调休上班)
          - 2027-02-20
    """
    if isinstance(data, (str, bytes)):
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        try:
            data = json.loads(text)
        except RecursionError:
            # Deeply nested input ("[[[[…") used to escape as RecursionError → HTTP 500.
            raise NoticeError("the file is nested too deeply to be a holiday notice") from None
        except ValueError:
            import yaml

            class _Loader(yaml.SafeLoader):
                """Dates stay text, so that 2027-02-30 is reported by our checks, naming the field."""

            _Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
            try:
                data = yaml.load(text, Loader=_Loader)  # noqa: S506 (a SafeLoader subclass)
            except yaml.YAMLError as exc:
                raise NoticeError(f"the file is neither JSON nor YAML: {exc}") from None
            except RecursionError:  # as above, for YAML flow sequences
                raise NoticeError("the file is nested too deeply to be a holiday notice") from None
    if not isinstance(data, dict):
        raise NoticeError("a notice must be a mapping with 'year', 'holidays' and 'workdays'")
    unknown = set(data) - {"year", "source", "holidays", "workdays"}
    if unknown:
        raise NoticeError(f"unknown field(s): {', '.join(sorted(map(str, unknown)))}")
    year = data.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 1949 < year < 2200:
        raise NoticeError(f"year: {year!r} is not a year")
    lo, hi = dt.date(year, 1, 1) - dt.timedelta(days=31), dt.date(year, 12, 31)

    def in_range(d: dt.date, where: str) -> dt.date:
        if not lo <= d <= hi:
            raise NoticeError(f"{where}: {d.isoformat()} is outside the notice's year {year}")
        return d

    holidays: set[dt.date] = set()
    names: dict[dt.date, str] = {}
    raw_h = data.get("holidays")
    if not isinstance(raw_h, list):
        raise NoticeError("holidays: must be a list")
    for i, item in enumerate(raw_h):
        where = f"holidays[{i}]"
        name = ""
        if isinstance(item, dict):
            bad = set(item) - {"name", "date", "start", "end"}
            if bad:
                raise NoticeError(f"{where}: unknown field(s): {', '.join(sorted(map(str, bad)))}")
            name = str(item.get("name") or "")
            if _has_control(name):  # NUL etc. cannot be stored (PostgreSQL) nor shown
                raise NoticeError(f"{where}.name: contains a control character")
            if "date" in item:
                if "start" in item or "end" in item:
                    raise NoticeError(f"{where}: give either date or start/end, not both")
                days = [in_range(_parse_day(item["date"], f"{where}.date"), f"{where}.date")]
            else:
                if "start" not in item or "end" not in item:
                    raise NoticeError(f"{where}: needs date, or start and end")
                start = in_range(_parse_day(item["start"], f"{where}.start"), f"{where}.start")
                end = in_range(_parse_day(item["end"], f"{where}.end"), f"{where}.end")
                if end < start:
                    raise NoticeError(f"{where}.end: {end} is before start {start}")
                days = [start + dt.timedelta(days=k) for k in range((end - start).days + 1)]
        else:
            days = [in_range(_parse_day(item, where), where)]
        for d in days:
            holidays.add(d)
            if name:
                names[d] = name
    raw_w = data.get("workdays", [])
    if not isinstance(raw_w, list):
        raise NoticeError("workdays: must be a list")
    workdays: set[dt.date] = set()
    for i, item in enumerate(raw_w):
        where = f"workdays[{i}]"
        d = in_range(_parse_day(item, where), where)
        if d in holidays:
            raise NoticeError(f"{where}: {d.isoformat()} is also listed as a holiday")
        workdays.add(d)
    source = data.get("source") or ""
    if not isinstance(source, str):
        raise NoticeError("source: must be text")
    if _has_control(source):
        raise NoticeError("source: contains a control character")
    return HolidayNotice(
        year=year,
        holidays=frozenset(holidays),
        workdays=frozenset(workdays),
        source=source,
        names=tuple(sorted(names.items())),
    )


@dataclass(frozen=True)
class Pause:
    """A correction (补正) pause: requested on ``start``; answered on ``end`` (None = open)."""

    start: dt.date
    end: dt.date | None = None


@dataclass(frozen=True)
class Calendar:
    """An immutable working-day calendar: special days plus the years it covers."""

    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]
    years: frozenset[int]
    sources: dict = field(default_factory=dict, compare=False, hash=False)

    def covers(self, day: dt.date) -> bool:
        return day.year in self.years

    def check(self, day: dt.date) -> None:
        if day.year not in self.years:
            raise CalendarRangeError(day, sorted(self.years))

    def is_working_day(self, day: dt.date) -> bool:
        self.check(day)
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def with_notices(self, notices: Iterable[HolidayNotice]) -> Calendar:
        """A new calendar where each notice replaces the data of its year."""
        holidays, workdays = set(self.holidays), set(self.workdays)
        years, sources = set(self.years), dict(self.sources)
        for n in sorted(notices, key=lambda n: n.year):
            holidays = {d for d in holidays if d.year != n.year}
            workdays = {d for d in workdays if d.year != n.year}
            # dates of the notice that lie in December of the previous year override that day
            holidays -= n.workdays
            workdays -= n.holidays
            holidays |= n.holidays
            workdays |= n.workdays
            years.add(n.year)
            sources[n.year] = n.source or "holiday notice"
        return Calendar(frozenset(holidays), frozenset(workdays), frozenset(years), sources)

    # --- counting ---------------------------------------------------------------------------

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after ``start`` (``start`` itself not counted); n < 0 counts back."""
        if n == 0:
            return start
        step = dt.timedelta(days=1 if n > 0 else -1)
        left, day = abs(n), start
        while left:
            day += step
            if self.is_working_day(day):
                left -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]; negative when end < start."""
        if end == start:
            return 0
        if end < start:
            return -self.working_days_between(end, start)
        count, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count

    def due_date(
        self, accepted: dt.date, limit: int, pauses: Sequence[Pause] = ()
    ) -> dt.date | None:
        """Due date of an application accepted on ``accepted`` with a limit of ``limit``
        working days, the clock stopped during each correction pause.

        Returns None while a pause is open and the limit was not reached before it.
        """
        if limit < 0:
            raise ValueError("limit: must be zero or more working days")
        spans = sorted(pauses, key=lambda p: p.start)
        for p in spans:
            if p.end is not None and p.end < p.start:
                raise ValueError(f"pause: answered on {p.end} before it was requested {p.start}")
        used, day = 0, accepted
        if limit == 0:
            return accepted
        i = 0
        while True:
            # skip forward over a pause that starts on or before the current day
            while i < len(spans) and spans[i].start <= day:
                p = spans[i]
                if p.end is None:
                    return None
                day = max(day, p.end)
                i += 1
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                used += 1
                if used == limit:
                    return day


@lru_cache(maxsize=1)
def builtin_calendar() -> Calendar:
    """The base calendar from the pinned chinesecalendar package."""
    from chinese_calendar import constants

    special = list(constants.holidays) + list(constants.workdays)
    first, last = min(d.year for d in special), max(d.year for d in special)
    return Calendar(
        holidays=frozenset(constants.holidays),
        workdays=frozenset(constants.workdays),
        years=frozenset(range(first, last + 1)),
        sources={y: "chinesecalendar" for y in range(first, last + 1)},
    )


def official_calendar() -> Calendar:
    """The built-in calendar overlaid with the notices loaded into the database.

    Falls back to the built-in base when Django is not configured (pure library use).
    """
    from django.apps import apps

    if not apps.ready:
        return builtin_calendar()
    from django.db import DatabaseError

    from zhihui.window.models import HolidayNotice as NoticeRow

    try:
        notices = [row.as_notice() for row in NoticeRow.objects.all()]
    except DatabaseError:  # a database not migrated yet: the built-in base only
        notices = []
    return builtin_calendar().with_notices(notices)


# Convenience wrappers over the official calendar ------------------------------------------


def add_working_days(start: dt.date, n: int, calendar: Calendar | None = None) -> dt.date:
    return (calendar or official_calendar()).add_working_days(start, n)


def working_days_between(start: dt.date, end: dt.date, calendar: Calendar | None = None) -> int:
    return (calendar or official_calendar()).working_days_between(start, end)


def due_date(
    accepted: dt.date,
    limit: int,
    pauses: Sequence[Pause] = (),
    calendar: Calendar | None = None,
) -> dt.date | None:
    return (calendar or official_calendar()).due_date(accepted, limit, pauses)
