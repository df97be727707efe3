"""Official Chinese working days, and due dates counted in them.

Why this module exists: every service of the one window (一窗办理、限时办结) has a time limit in
*working days*. In China a working day is not simply Monday–Friday: the State Council's yearly
holiday notice (国务院办公厅关于某年部分节假日安排的通知) declares statutory holidays and moves
weekend days to working days (调休上班, "make-up working days").

Sources of truth, in order (the first that knows a year wins):
1. holiday notices an administrator loaded as data (table ``window.HolidayNotice``; file format
   in :func:`parse_notice`). A notice for a year *replaces* the other data of that year, so an
   amended notice can be corrected without a new release;
2. the pinned ``chinesecalendar`` package (1.11.0 covers 2004–2026);
3. for later years, up to :data:`PROVISIONAL_LAST_YEAR`, a **provisional** calendar computed from
   the rules of the 全国年节及纪念日放假办法 as amended in 2024 (:func:`provisional_notice`):
   the statutory holidays, weekends, and the compensatory day off (补假) of its art. 6 — but no
   make-up working days (调休), which only the State Council's notice sets. Lunar dates and the
   清明 solar term come from the ``holidays`` package (tables for 1901–2100).

Every count reports whether a day it looked at lies in a provisional year (:class:`Deadline`):
such a deadline is shown as provisional (暂定) until the year's notice is loaded. A date outside
all three sources (before 2004, after 2100) is refused with :class:`CalendarRangeError`.

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
    "PROVISIONAL_LAST_YEAR",
    "Calendar",
    "CalendarRangeError",
    "Deadline",
    "HolidayNotice",
    "NoticeError",
    "Pause",
    "add_working_days",
    "builtin_calendar",
    "calendar_days_deadline",
    "due_date",
    "official_calendar",
    "package_calendar",
    "parse_notice",
    "provisional_notice",
    "working_days_deadline",
    "working_days_between",
]

#: The rules of the 2024 amendment apply from 2025 (国务院令第795号, in force 2025-01-01).
PROVISIONAL_FIRST_YEAR = 2025
#: The ``holidays`` package's lunar tables end in 2100.
PROVISIONAL_LAST_YEAR = 2100

ORIGIN_PACKAGE = "package"
ORIGIN_NOTICE = "notice"
ORIGIN_PROVISIONAL = "provisional"
PROVISIONAL_SOURCE = "暂定：按《全国年节及纪念日放假办法》（2024年修订）推算，尚无国务院节假日安排通知"


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
    raise NoticeError(f"{where}：“{value}”不是有效日期（格式 YYYY-MM-DD）")


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
            raise NoticeError("文件嵌套层级过深，不是节假日安排通知") from None
        except ValueError:
            import yaml

            class _Loader(yaml.SafeLoader):
                """Dates stay text, so that 2027-02-30 is reported by our checks, naming the field."""

            _Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
            try:
                data = yaml.load(text, Loader=_Loader)  # noqa: S506 (a SafeLoader subclass)
            except yaml.YAMLError as exc:
                raise NoticeError(f"文件既不是 JSON 也不是 YAML：{exc}") from None
            except RecursionError:  # as above, for YAML flow sequences
                raise NoticeError("文件嵌套层级过深，不是节假日安排通知") from None
    if not isinstance(data, dict):
        raise NoticeError("通知须包含 year（年度）、holidays（放假日期）和 workdays（调休上班日期）")
    unknown = set(data) - {"year", "source", "holidays", "workdays"}
    if unknown:
        raise NoticeError(f"未知字段（unknown field）：{', '.join(sorted(map(str, unknown)))}")
    year = data.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 1949 < year < 2200:
        raise NoticeError(f"year：“{year}”不是年度")
    lo, hi = dt.date(year, 1, 1) - dt.timedelta(days=31), dt.date(year, 12, 31)

    def in_range(d: dt.date, where: str) -> dt.date:
        if not lo <= d <= hi:
            raise NoticeError(f"{where}：{d.isoformat()} 不在通知所属的 {year} 年内")
        return d

    holidays: set[dt.date] = set()
    names: dict[dt.date, str] = {}
    raw_h = data.get("holidays")
    if not isinstance(raw_h, list):
        raise NoticeError("holidays：须为列表")
    for i, item in enumerate(raw_h):
        where = f"holidays[{i}]"
        name = ""
        if isinstance(item, dict):
            bad = set(item) - {"name", "date", "start", "end"}
            if bad:
                raise NoticeError(f"{where}：未知字段（unknown field）：{', '.join(sorted(map(str, bad)))}")
            name = str(item.get("name") or "")
            if _has_control(name):  # NUL etc. cannot be stored (PostgreSQL) nor shown
                raise NoticeError(f"{where}.name：含有控制字符")
            if "date" in item:
                if "start" in item or "end" in item:
                    raise NoticeError(f"{where}：date 与 start/end 只能填写其一")
                days = [in_range(_parse_day(item["date"], f"{where}.date"), f"{where}.date")]
            else:
                if "start" not in item or "end" not in item:
                    raise NoticeError(f"{where}：须填写 date，或 start 和 end")
                start = in_range(_parse_day(item["start"], f"{where}.start"), f"{where}.start")
                end = in_range(_parse_day(item["end"], f"{where}.end"), f"{where}.end")
                if end < start:
                    raise NoticeError(f"{where}.end：{end} 早于开始日期 {start}")
                days = [start + dt.timedelta(days=k) for k in range((end - start).days + 1)]
        else:
            days = [in_range(_parse_day(item, where), where)]
        for d in days:
            holidays.add(d)
            if name:
                names[d] = name
    raw_w = data.get("workdays", [])
    if not isinstance(raw_w, list):
        raise NoticeError("workdays：须为列表")
    workdays: set[dt.date] = set()
    for i, item in enumerate(raw_w):
        where = f"workdays[{i}]"
        d = in_range(_parse_day(item, where), where)
        if d in holidays:
            raise NoticeError(f"{where}：{d.isoformat()} 同时被列为放假日期")
        workdays.add(d)
    source = data.get("source") or ""
    if not isinstance(source, str):
        raise NoticeError("source：须为文字")
    if _has_control(source):
        raise NoticeError("source：含有控制字符")
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
class Deadline:
    """A date counted on the calendar, and whether a day looked at while counting lies in a
    provisional year (its holidays computed by rule, not yet published): such a date may still
    move when that year's notice is loaded."""

    date: dt.date
    provisional: bool = False

    def __str__(self) -> str:
        return self.date.isoformat() + (" provisional" if self.provisional else "")


@dataclass(frozen=True)
class Calendar:
    """An immutable working-day calendar: special days plus the years it covers.

    ``provisional``: the covered years whose days come from the provisional rules;
    ``origins``: year → "package", "notice" or "provisional"; ``sources``: year → its text.
    """

    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]
    years: frozenset[int]
    sources: dict = field(default_factory=dict, compare=False, hash=False)
    provisional: frozenset[int] = frozenset()
    origins: dict = field(default_factory=dict, compare=False, hash=False)

    def covers(self, day: dt.date) -> bool:
        return day.year in self.years

    def is_provisional(self, day: dt.date) -> bool:
        return day.year in self.provisional

    def span_is_provisional(self, first: dt.date, last: dt.date) -> bool:
        """Whether a day of first…last (either order) lies in a provisional year."""
        lo, hi = min(first, last), max(first, last)
        return any(y in self.provisional for y in range(lo.year, hi.year + 1))

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

    def with_notices(self, notices: Iterable[HolidayNotice], origin: str = ORIGIN_NOTICE) -> Calendar:
        """A new calendar where each notice replaces the data of its year.

        ``origin="provisional"`` marks the notices' years provisional (computed notices from
        :func:`provisional_notice`); any other origin makes them official.
        """
        holidays, workdays = set(self.holidays), set(self.workdays)
        years, sources = set(self.years), dict(self.sources)
        provisional, origins = set(self.provisional), dict(self.origins)
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
            origins[n.year] = origin
            if origin == ORIGIN_PROVISIONAL:
                provisional.add(n.year)
            else:
                provisional.discard(n.year)
        return Calendar(frozenset(holidays), frozenset(workdays), frozenset(years), sources,
                        frozenset(provisional), origins)

    def runs(self) -> list[tuple[int, int, str, str]]:
        """Consecutive years of the same origin and source: (first, last, origin, source)."""
        out: list[tuple[int, int, str, str]] = []
        for y in sorted(self.years):
            key = (self.origins.get(y, ORIGIN_PACKAGE), self.sources.get(y, ""))
            if out and out[-1][1] == y - 1 and out[-1][2:] == key:
                out[-1] = (out[-1][0], y, *key)
            else:
                out.append((y, y, *key))
        return out

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

    # --- counting with the provisional mark (for every domain's deadlines) -------------------

    def working_days_deadline(self, start: dt.date, n: int) -> Deadline:
        """The n-th working day after ``start`` (``start`` not counted), marked provisional when
        a counted day lies in a provisional year. E.g. a labour-inspection case must be closed
        within 60 working days of its filing: ``working_days_deadline(filed_on, 60)``."""
        day = self.add_working_days(start, n)
        if n == 0:
            return Deadline(day, False)
        first = start + dt.timedelta(days=1 if n > 0 else -1)
        return Deadline(day, self.span_is_provisional(first, day))

    def calendar_days_deadline(self, start: dt.date, n: int) -> Deadline:
        """The end of a period of ``n`` calendar days (天, not 工作日) starting at ``start``.

        Rules of periods in 劳动争议调解仲裁法 (and 民事诉讼法 art. 85 that it follows): the day the
        period starts is not counted; when the last day falls on a rest day (a weekend day that
        is not a make-up working day) or a public holiday, the period ends on the next working
        day. Only the last day and the days it moves over are looked up in the calendar, so
        only they can make the result provisional.
        """
        if n < 0:
            raise ValueError("n: must be zero or more calendar days")
        day = start + dt.timedelta(days=n)
        last = day
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return Deadline(day, self.span_is_provisional(last, day))

    def due(self, accepted: dt.date, limit: int, pauses: Sequence[Pause] = ()) -> Deadline | None:
        """:meth:`due_date` with the provisional mark (None while a correction pause is open)."""
        day = self.due_date(accepted, limit, pauses)
        if day is None:
            return None
        if day == accepted:
            return Deadline(day, False)
        return Deadline(day, self.span_is_provisional(accepted + dt.timedelta(days=1), day))


@lru_cache(maxsize=1)
def package_calendar() -> Calendar:
    """The calendar of the pinned chinesecalendar package alone (the years it knows)."""
    from chinese_calendar import constants

    special = list(constants.holidays) + list(constants.workdays)
    first, last = min(d.year for d in special), max(d.year for d in special)
    years = range(first, last + 1)
    return Calendar(
        holidays=frozenset(constants.holidays),
        workdays=frozenset(constants.workdays),
        years=frozenset(years),
        sources={y: "chinesecalendar" for y in years},
        origins={y: ORIGIN_PACKAGE for y in years},
    )


# --- The provisional calendar ---------------------------------------------------------------
# 全国年节及纪念日放假办法 (amended by 国务院令第795号, in force 1 January 2025), art. 2: holidays
# for all citizens. (名称, rule) — each rule gives the list of days of the year.


def _lunar():
    from holidays.calendars.chinese import _ChineseLunisolar

    return _ChineseLunisolar()


def _lunar_day(kind: str, year: int) -> dt.date:
    cal = _lunar()
    day, _estimated = getattr(cal, f"{kind}_date")(year)
    if day is None:
        raise CalendarRangeError(dt.date(year, 1, 1), [])
    return day


def _qingming(year: int) -> dt.date:
    day, estimated = _lunar().qingming_date(year)
    if estimated:
        # The package's rule for the solar term holds for 1901–2099 (its own note). 2100 was
        # computed from the sun's apparent longitude (15°, astropy): 5 April 00:45 Beijing time.
        if year in _QINGMING_CHECKED:
            return _QINGMING_CHECKED[year]
        raise CalendarRangeError(dt.date(year, 4, 1), [])
    return day


_QINGMING_CHECKED = {2100: dt.date(2100, 4, 5)}


def _statutory_holidays(year: int) -> list[tuple[str, list[dt.date]]]:
    """The holidays of art. 2 of the 办法 (2024) for ``year``, each with its days."""
    one = dt.timedelta(days=1)
    new_year = _lunar_day("lunar_new_year", year)
    return [
        ("元旦", [dt.date(year, 1, 1)]),
        ("春节", [new_year - one, new_year, new_year + one, new_year + 2 * one]),  # 除夕 + 初一至初三
        ("清明节", [_qingming(year)]),
        ("劳动节", [dt.date(year, 5, 1), dt.date(year, 5, 2)]),
        ("端午节", [_lunar_day("dragon_boat", year)]),
        ("中秋节", [_lunar_day("mid_autumn", year)]),
        ("国庆节", [dt.date(year, 10, 1), dt.date(year, 10, 2), dt.date(year, 10, 3)]),
    ]


@lru_cache(maxsize=128)
def provisional_notice(year: int) -> HolidayNotice:
    """The days off of ``year`` by the rules alone, as a notice without make-up working days.

    - the statutory holidays of the 办法 (2024): 元旦 1 day; 春节 4 days (New Year's Eve and the
      first three days of the lunar year); 清明 1 day on the solar term; 劳动节 2 days (1–2 May);
      端午 1 day; 中秋 1 day; 国庆 3 days (1–3 October);
    - art. 6: each day of such a holiday that falls on a Saturday or Sunday gives a compensatory
      day off (补假) on the first working day after the holiday's days (a day that is not a
      weekend day, a holiday or an earlier 补假);
    - no 调休 (make-up working days, moved weekends): only the State Council's notice sets them;
    - two holidays on the same day (中秋 on 1–3 October) give that day once: the 办法 says
      nothing more, the notice usually does.
    """
    if not PROVISIONAL_FIRST_YEAR <= year <= PROVISIONAL_LAST_YEAR:
        raise CalendarRangeError(dt.date(year, 1, 1), range(PROVISIONAL_FIRST_YEAR, PROVISIONAL_LAST_YEAR + 1))
    groups = _statutory_holidays(year)
    days_off: dict[dt.date, str] = {}
    for name, days in groups:
        for d in days:
            days_off.setdefault(d, name)
    one = dt.timedelta(days=1)
    for name, days in sorted(groups, key=lambda g: g[1][-1]):
        owed = sum(1 for d in days if d.weekday() >= 5)
        day = max(days)
        while owed:
            day += one
            if day.weekday() < 5 and day not in days_off:
                days_off[day] = f"{name}补假"
                owed -= 1
    mine = {d: n for d, n in days_off.items() if d.year == year}
    return HolidayNotice(
        year=year,
        holidays=frozenset(mine),
        workdays=frozenset(),
        source=PROVISIONAL_SOURCE,
        names=tuple(sorted(mine.items())),
    )


def compose_calendar(package: Calendar, last_provisional: int = PROVISIONAL_LAST_YEAR) -> Calendar:
    """The package's years, then provisional years up to ``last_provisional`` (a package that
    knows a year wins over the provisional rules)."""
    first = max(max(package.years) + 1, PROVISIONAL_FIRST_YEAR)
    years = [y for y in range(first, last_provisional + 1) if y not in package.years]
    return package.with_notices([provisional_notice(y) for y in years], origin=ORIGIN_PROVISIONAL)


@lru_cache(maxsize=1)
def builtin_calendar() -> Calendar:
    """The base calendar: chinesecalendar's years, then the provisional rules up to 2100."""
    return compose_calendar(package_calendar())


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


def overview(calendar: Calendar, today: dt.date) -> dict:
    """What the calendar page shows: runs of years by origin; the years to remind the
    administrator of (this year if provisional; next year if provisional from 1 November);
    the computed days off of the provisional years among this year and the next."""
    remind = [y for y in (today.year, today.year + 1) if y in calendar.provisional
              and (y == today.year or today.month >= REMIND_FROM_MONTH)]
    shown = [y for y in (today.year, today.year + 1) if y in calendar.provisional]
    return {
        "runs": calendar.runs(),
        "remind_years": remind,
        "provisional_days": [(y, provisional_notice(y).names) for y in shown],
    }


#: From 1 November the page reminds the administrator that next year is still provisional.
REMIND_FROM_MONTH = 11


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


def working_days_deadline(start: dt.date, n: int, calendar: Calendar | None = None) -> Deadline:
    """N official working days after ``start`` (not counted), with the provisional mark."""
    return (calendar or official_calendar()).working_days_deadline(start, n)


def calendar_days_deadline(start: dt.date, n: int, calendar: Calendar | None = None) -> Deadline:
    """A period of N calendar days (first day not counted, a last day off moves to the next
    working day), with the provisional mark."""
    return (calendar or official_calendar()).calendar_days_deadline(start, n)
