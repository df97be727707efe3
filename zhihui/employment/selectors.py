"""Reads of employment services (pages and API read through these; no writes)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Q

from zhihui.core.workflow import history_of
from zhihui.registry.models import Person

from . import perms
from .enums import EMPLOYED_KINDS, StatusKind
from .models import DifficultyRecognition, ImportBatch, StatusEvent


def history(person: Person):
    """Every event of the person, corrected ones included (the file shows them struck out)."""
    return (StatusEvent.objects.filter(person=person)
            .select_related("employer", "occupation", "industry", "corrects", "recorded_by")
            .order_by("-effective_on", "-id"))


def active_events(person: Person):
    return StatusEvent.objects.filter(person=person, corrected_by__isnull=True).order_by("effective_on", "id")


def status_on(person: Person, day: dt.date) -> StatusEvent | None:
    return (StatusEvent.objects.filter(person=person, corrected_by__isnull=True, effective_on__lte=day)
            .order_by("-effective_on", "-id").first())


def difficulty_recognitions(person: Person):
    return DifficultyRecognition.objects.filter(person=person).order_by("-recognised_on", "-id")


def import_batches(kind: str = "status", user=None):
    """Import batches of a kind, newest first: a town clerk's own only (perms.can_handle_batch)."""
    qs = ImportBatch.objects.filter(kind=kind).select_related("uploaded_by").order_by("-uploaded_at", "-id")
    if user is not None and perms.town_of(user) is not None:
        qs = qs.filter(uploaded_by=user)
    return qs


# --- indicators (definitions: docs/employment.md, "Indicators") -------------------------------

INDICATORS = {
    "new_urban_employment": "城镇新增就业",
    "new_urban_employed_gross": "城镇新就业（未扣自然减员）",
    "natural_attrition": "自然减员（就业转退休）",
    "reemployed_unemployed": "失业人员再就业",
    "difficulty_employed": "就业困难人员就业",
    "rural_transfer": "农村劳动力转移就业（新增）",
}


def indicators(year: int) -> dict[str, int]:
    """Counts of the year, each person at most once per indicator."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    touched = StatusEvent.objects.filter(corrected_by__isnull=True, effective_on__range=(start, end))
    rows = (StatusEvent.objects.filter(corrected_by__isnull=True, effective_on__lte=end,
                                       person_id__in=touched.values("person_id"))
            .order_by("person_id", "effective_on", "id")
            .values_list("person_id", "kind", "effective_on", "urban", "rural_transfer"))
    recognitions = defaultdict(list)
    for pid, a, b in (DifficultyRecognition.objects.filter(person_id__in=touched.values("person_id"))
                      .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=start))
                      .values_list("person_id", "recognised_on", "ended_on")):
        recognitions[pid].append((a, b))
    sets = {k: set() for k in INDICATORS}
    prev_pid, prev = None, None
    for pid, kind, day, urban, transfer in rows:
        if pid != prev_pid:
            prev_pid, prev = pid, None
        if start <= day:
            was_employed = prev is not None and prev[0] in EMPLOYED_KINDS
            if kind in EMPLOYED_KINDS and not was_employed:
                if urban:
                    sets["new_urban_employed_gross"].add(pid)
                if prev is not None and prev[0] == StatusKind.REGISTERED_UNEMPLOYED:
                    sets["reemployed_unemployed"].add(pid)
                if any(a <= day and (b is None or day < b) for a, b in recognitions.get(pid, ())):
                    sets["difficulty_employed"].add(pid)
            if kind in EMPLOYED_KINDS and transfer and not (was_employed and prev[1]):
                sets["rural_transfer"].add(pid)
            if kind == StatusKind.RETIRED and was_employed and prev[2]:
                sets["natural_attrition"].add(pid)
        prev = (kind, transfer, urban)
    out = {k: len(v) for k, v in sets.items()}
    out["new_urban_employment"] = out["new_urban_employed_gross"] - out["natural_attrition"]
    return {k: out[k] for k in INDICATORS}


# --- households -----------------------------------------------------------------------------

_CONTRACT_STATUS = {
    StatusKind.EMPLOYED: "employed", StatusKind.FLEXIBLE: "flexible", StatusKind.SELF_EMPLOYED: "self_employed",
    StatusKind.REGISTERED_UNEMPLOYED: "registered_unemployed",
    StatusKind.OUT_OF_LABOUR_FORCE: "out_of_labour_force", StatusKind.RETIRED: "retired",
}


def household_facts(households, as_of: dt.date) -> list[tuple]:
    """(household id, contract dict) for each household (instances or ids): the facts of the
    households contract read from the registry on `as_of`. A member's status is their last
    active status event on that day (none: unknown); school and military service override it;
    a member who moved away is left out. A man's category is `male`; a woman's must be recorded
    (cadre/worker). Plain rows (values_list), no model instances: the sweep reads the whole
    registry through here."""
    from .models import Household, HouseholdMember

    ids = [h if isinstance(h, int) else h.pk for h in households]
    heads = list(Household.objects.filter(pk__in=ids).order_by("pk")
                 .values_list("pk", "code", "urban", "business_income"))
    members = defaultdict(list)
    person_ids = []
    for row in (HouseholdMember.objects.filter(household_id__in=ids).order_by("household_id", "id")
                .values_list("household_id", "person_id", "person__birth_date", "person__sex",
                             "retirement_category", "able_to_work", "wants_work", "in_school", "in_military")):
        members[row[0]].append(row)
        person_ids.append(row[1])
    latest = {}
    for pid, kind in (StatusEvent.objects.filter(person_id__in=person_ids, corrected_by__isnull=True,
                                                 effective_on__lte=as_of)
                      .order_by("person_id", "effective_on", "id").values_list("person_id", "kind")):
        latest[pid] = kind
    out = []
    moved = StatusKind.MOVED_AWAY
    for hid, code, urban, business_income in heads:
        ms = []
        for _, pid, birth, sex, category, able, wants, school, military in members.get(hid, ()):
            kind = latest.get(pid)
            if kind == moved:
                continue
            m = {"id": str(pid), "birth_date": birth.isoformat()}
            category = category or ("male" if sex == "M" else None)
            if category:
                m["retirement_category"] = category
            status = "military" if military else "student" if school else _CONTRACT_STATUS.get(kind)
            if status:
                m["status"] = status
            if able is not None:
                m["able_to_work"] = able
            if wants is not None:
                m["wants_work"] = wants
            ms.append(m)
        facts = {"id": code, "members": ms}
        if urban is not None:
            facts["urban"] = urban
        if business_income is not None:
            facts["business_income"] = business_income
        out.append((hid, facts))
    return out


def contract_decisions(households, as_of: dt.date) -> list[tuple]:
    """(household id, verdict) per household, the verdict being `check_household`'s
    `zero_employment` (True/False/None) or the HouseholdError it raised: the contract's function
    applied to each household's facts dict (`household_facts`). The reference the set-based
    `zero_decisions` is tested and benchmarked against."""
    from .households import HouseholdError, check_household

    out = []
    for hid, facts in household_facts(households, as_of):
        try:
            out.append((hid, check_household(facts, as_of)["zero_employment"]))
        except HouseholdError as e:
            out.append((hid, e))
    return out


# Above this many rows `zero_decisions` decides in forked processes (one per core, at most
# ZERO_JOBS): the sweep's registry-wide read; smaller reads stay in this process.
ZERO_PARALLEL_MIN_ROWS = 200_000
ZERO_JOBS = 2


def zero_decisions(as_of: dt.date, first: int | None = None, last: int | None = None,
                   jobs: int | None = None) -> list[tuple]:
    """(household id, verdict) for every household with first ≤ id ≤ last (all when None), in
    household order, set based: ONE statement reads the households, their members, the members'
    registry facts and each member's status on `as_of` (the event chain's interval holding that
    day, chain.py), then `households.decide_zero` decides each household in memory. Same facts
    and verdicts as `contract_decisions` (tests/employment/test_zero_sweep_set_based.py).

    The sweep reads the whole registry in this one statement (1,000,000 residents:
    docs/performance.md, "Employment"); birth dates come as ISO text on PostgreSQL (what the
    contract takes), and from ZERO_PARALLEL_MIN_ROWS rows on the deciding is split between `jobs`
    forked processes (default: ZERO_JOBS, at most the cores) as the households command does."""
    import os

    from django.db import connection, transaction

    from .models import Household, HouseholdMember

    where, params = "", [as_of, as_of, True]
    if first is not None:
        where += " AND h.id >= %s"
        params.append(first)
    if last is not None:
        where += " AND h.id <= %s"
        params.append(last)
    pg = connection.vendor == "postgresql"
    birth = "to_char(p.birth_date, 'YYYY-MM-DD')" if pg else "p.birth_date"  # ISO text whatever the DateStyle
    sql = f"""
        SELECT h.id, h.urban, h.business_income, m.person_id, {birth}, p.sex, m.retirement_category,
               m.able_to_work, m.wants_work, m.in_school, m.in_military, e.kind
        FROM {Household._meta.db_table} h
        LEFT JOIN {HouseholdMember._meta.db_table} m ON m.household_id = h.id
        LEFT JOIN {Person._meta.db_table} p ON p.id = m.person_id
        LEFT JOIN {StatusEvent._meta.db_table} e ON e.person_id = m.person_id AND e.effective_on <= %s
             AND (e.valid_until IS NULL OR e.valid_until > %s) AND e.active = %s
        WHERE 1 = 1 {where}
        ORDER BY h.id, m.id"""
    with transaction.atomic(), connection.cursor() as cur:
        if pg and first is None and last is None:  # the whole registry: sort 1,000,000 rows in memory
            cur.execute("SET LOCAL work_mem = '256MB'")
        cur.execute(sql, params)
        rows = cur.fetchall()
    day = as_of.isoformat()
    jobs = min(jobs or ZERO_JOBS, os.cpu_count() or 1)
    if jobs < 2 or len(rows) < ZERO_PARALLEL_MIN_ROWS or not hasattr(os, "fork"):
        return _decide_rows(rows, 0, len(rows), day)
    return _decide_parallel(rows, day, jobs)


def _decide_rows(rows, lo: int, hi: int, day: str) -> list[tuple]:
    """Decide the households of rows[lo:hi] (ordered by household; lo and hi on household
    boundaries)."""
    from .households import HouseholdError, decide_zero

    contract = {str(k): v for k, v in _CONTRACT_STATUS.items()}
    moved = str(StatusKind.MOVED_AWAY)
    out = []
    i = lo
    while i < hi:
        hid, urban, bi = rows[i][0], rows[i][1], rows[i][2]
        members = []
        while i < hi and rows[i][0] == hid:
            _, _, _, pid, birth, sex, category, able, wants, school, military, kind = rows[i]
            i += 1
            if pid is None or kind == moved:
                continue
            if birth is not None and type(birth) is not str:  # text already from SQLite and from to_char
                birth = birth.isoformat()
            status = "military" if military else "student" if school else contract.get(kind)
            members.append((str(pid), birth, category or ("male" if sex == "M" else None), status,
                            None if able is None else bool(able), None if wants is None else bool(wants)))
        try:
            out.append((hid, decide_zero(None if urban is None else bool(urban),
                                         None if bi is None else bool(bi), members, day)))
        except HouseholdError as e:
            out.append((hid, e))
    return out


_VERDICT_BYTE = {True: 1, False: 0, None: 2}
_BYTE_VERDICT = {1: True, 0: False, 2: None}


def _decide_parallel(rows, day: str, jobs: int) -> list[tuple]:
    """`_decide_rows` split at household boundaries between this process and jobs - 1 forked
    children; a child sends its verdicts back through a pipe as plain bytes (the household ids as
    64-bit integers, then one byte per verdict: 1 True, 0 False, 2 None; nothing is unpickled) and
    leaves at once (it never touches the database connection). A child that fails or meets a
    household error has its share decided again here, so errors come out as in one process."""
    import os
    from array import array

    n = len(rows)
    cuts = [0]
    for k in range(1, jobs):
        c = max(cuts[-1], n * k // jobs)
        while 0 < c < n and rows[c][0] == rows[c - 1][0]:
            c += 1
        cuts.append(c)
    cuts.append(n)
    parts = [(cuts[k], cuts[k + 1]) for k in range(jobs) if cuts[k] < cuts[k + 1]]
    children = []
    for lo, hi in parts[1:]:
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: decide its share, write it, leave at once
            code = 1
            try:
                os.close(r)
                out = _decide_rows(rows, lo, hi, day)
                if all(not isinstance(z, Exception) for _, z in out):
                    with os.fdopen(w, "wb") as fh:
                        fh.write(array("q", [h for h, _ in out]).tobytes())
                        fh.write(bytes(_VERDICT_BYTE[z] for _, z in out))
                    code = 0
            finally:
                os._exit(code)
        os.close(w)
        children.append((pid, r, lo, hi))
    out = _decide_rows(rows, *parts[0], day)
    for pid, r, lo, hi in children:
        with os.fdopen(r, "rb") as fh:
            data = fh.read()
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) == 0 and data and len(data) % 9 == 0:
            k = len(data) // 9
            ids = array("q")
            ids.frombytes(data[:8 * k])
            out.extend(zip(ids.tolist(), (_BYTE_VERDICT[b] for b in data[8 * k:]), strict=True))
        else:
            out.extend(_decide_rows(rows, lo, hi, day))
    return out


def zero_households(user=None, state: str | None = None):
    from . import perms
    from .models import ZeroHousehold

    qs = ZeroHousehold.objects.select_related("household", "household__division")
    if state:
        qs = qs.filter(state=state)
    town = perms.town_of(user) if user is not None else None
    if town is not None:
        qs = qs.filter(household__division=town)
    return qs


def sweep_series(limit: int = 60):
    from .models import SweepRun

    runs = list(SweepRun.objects.order_by("-ran_at")[:limit])
    return list(reversed(runs))


# --- assistance cases ------------------------------------------------------------------------

def visible_cases(user):
    from zhihui.core.perms import has_role
    from zhihui.core.roles import Role

    from . import perms
    from .models import AssistanceCase

    qs = AssistanceCase.objects.select_related("person", "division", "clerk")
    if has_role(user, Role.CITIZEN):
        return qs.filter(person_id=user.person_id) if user.person_id else qs.none()
    if not perms.can_see_cases(user):
        return qs.none()
    town = perms.town_of(user)
    return qs.filter(division=town) if town is not None else qs


def caseloads(user):
    """Open and active cases per clerk and per town, within what the user may see."""
    from django.db.models import Count

    from .enums import CaseState

    qs = visible_cases(user).exclude(state=CaseState.CLOSED)
    by_clerk = list(qs.values("clerk__username", "clerk__display_name").annotate(n=Count("id")).order_by("-n"))
    by_town = list(qs.values("division__code", "division__name").annotate(n=Count("id")).order_by("division__code"))
    return {"by_clerk": by_clerk, "by_town": by_town}


def case_history(case) -> dict[str, set[int]]:
    """transition name → actor ids (for the workflow's separation of duties)."""
    return history_of(case.transitions)


# --- enterprise monitoring --------------------------------------------------------------------

def report_due(month: dt.date) -> dt.date:
    """The day a month's report is due: a dated day of the next month."""
    from zhihui.core.params import value

    nxt = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt.replace(day=value("employment", "monitoring.report_due_day", nxt))


def monitored(active_only: bool = True):
    from .models import MonitoredEnterprise

    qs = MonitoredEnterprise.objects.select_related("organisation", "officer")
    return qs.filter(active=True) if active_only else qs


def missing_reports(month: dt.date, on: dt.date):
    """Active monitored enterprises without a report for `month`, with whether it is overdue
    on `on` and how often it was chased."""
    from django.db.models import Count

    from .models import MonthlyReport

    month = month.replace(day=1)
    reported = MonthlyReport.objects.filter(month=month).values("enterprise_id")
    qs = (monitored().filter(since__lt=(month.replace(day=28) + dt.timedelta(days=4)).replace(day=1))
          .exclude(pk__in=reported)
          .annotate(chased=Count("chases", filter=Q(chases__month=month))))
    overdue = on > report_due(month)
    return [(e, overdue) for e in qs]


def enterprise_reports(enterprise):
    return enterprise.reports.order_by("month")


def alerts(state: str | None = None):
    from .models import Alert

    qs = Alert.objects.select_related("enterprise__organisation", "report", "assignee")
    return qs.filter(state=state) if state else qs


def headcount_trend_chart(reports) -> dict:
    reports = list(reports)
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 48, "right": 16, "top": 30, "bottom": 40},
        "xAxis": {"type": "category", "data": [r.month.strftime("%Y-%m") for r in reports]},
        "yAxis": {"type": "value"},
        "series": [{"name": "headcount", "type": "line", "data": [r.headcount for r in reports]},
                   {"name": "separations", "type": "bar", "data": [r.separations for r in reports]},
                   {"name": "hires", "type": "bar", "data": [r.hires for r in reports]}],
    }


def has_events(year: int) -> bool:
    return StatusEvent.objects.filter(effective_on__year=year).exists()


# --- statistics pages -------------------------------------------------------------------------

def _month_ends(year: int) -> list[dt.date]:
    return [(dt.date(year + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)) for m in range(1, 13)]


def monthly_statistics(year: int) -> dict:
    """Series for the statistics page: registered unemployed at each month end (city and by
    town at year end), entries into urban employment by month (cumulative), and monitored
    enterprises' total headcount by month.

    One grouped statement reads the events' chain (zhihui.employment.chain): the registered-
    unemployment intervals that overlap the year, summed per town for each month end, and the
    year's entries into urban employment, each person's first one counted in its month — both
    through partial indexes, so the cost follows the year's events, not the whole history. The
    same SQL runs on PostgreSQL and SQLite; Python reads at most one row per town."""
    from django.db import connection

    from .models import MonthlyReport

    ends = _month_ends(year)
    start, end = dt.date(year, 1, 1), ends[-1]
    e, person = StatusEvent._meta.db_table, Person._meta.db_table
    division = Person._meta.get_field("residence").related_model._meta.db_table
    unemployed = [0] * 12
    new_urban = [0] * 12
    by_town: dict[str, int] = defaultdict(int)
    cumulative_entries = [0] * 12
    holds = ", ".join(["SUM(CASE WHEN e.effective_on <= %s AND (e.valid_until IS NULL OR e.valid_until > %s) "
                       "THEN 1 ELSE 0 END)"] * 12)
    firsts = ", ".join(["SUM(CASE WHEN f.first_on <= %s THEN 1 ELSE 0 END)"] * 12)
    sql = (f"SELECT 'u', d.name, {holds} FROM {e} e JOIN {person} p ON p.id = e.person_id "
           f"LEFT JOIN {division} d ON d.id = p.residence_id "
           f"WHERE e.active AND e.kind = %s AND e.effective_on <= %s "
           f"AND (e.valid_until IS NULL OR e.valid_until > %s) GROUP BY d.name "
           f"UNION ALL "
           f"SELECT 'n', NULL, {firsts} FROM (SELECT e.person_id, MIN(e.effective_on) AS first_on FROM {e} e "
           f"WHERE e.active AND e.enters_employment AND e.urban AND e.effective_on >= %s AND e.effective_on <= %s "
           f"GROUP BY e.person_id) f")
    params = [*(d for day in ends for d in (day, day)), str(StatusKind.REGISTERED_UNEMPLOYED), end, ends[0],
              *ends, start, end]
    with connection.cursor() as cur:
        cur.execute(sql, params)
        for series, name, *months in cur.fetchall():
            if series == "n":
                cumulative_entries = [n or 0 for n in months]
                continue
            for k, n in enumerate(months):
                unemployed[k] += n or 0
            if months[-1]:
                by_town[name or "—"] += months[-1]
    for k, n in enumerate(cumulative_entries):
        new_urban[k] = n - (cumulative_entries[k - 1] if k else 0)
    cumulative, total = [], 0
    for n in new_urban:
        total += n
        cumulative.append(total)
    headcount = [0] * 12
    for month, n in (MonthlyReport.objects.filter(month__year=year).values_list("month")
                     .annotate(n=models_sum("headcount"))):
        headcount[month.month - 1] = n
    return {"months": [f"{year}-{m:02d}" for m in range(1, 13)], "registered_unemployed": unemployed,
            "new_urban_cumulative": cumulative, "by_town": dict(sorted(by_town.items())),
            "monitored_headcount": headcount}


def models_sum(field):
    from django.db.models import Sum

    return Sum(field)


def yearly_target(indicator: str = "T1-19") -> tuple[float | None, str]:
    """The plan's target for an indicator, per year of the plan (persons), from the indicator
    registry (zhihui/plan): a cumulative five-year target is spread evenly."""
    from zhihui.plan.indicators import load

    ind = load().get(indicator)
    tgt = (ind.get("target") or {}).get("value")
    if tgt is None:
        return None, ""
    value = float(tgt) * (10000 if ind.get("unit") == "万人" else 1)
    if ind.get("cumulative"):
        value /= 5
    return value, f"{ind['name']} {tgt}{ind.get('unit', '')}"


def zero_households_at_year_end(year: int) -> int | None:
    """Zero-employment households open at the year's end (today for the current year); None
    when no sweep had run by then (nothing known)."""
    from .actions import today
    from .models import SweepRun, ZeroHousehold

    day = min(dt.date(year, 12, 31), today())
    if not SweepRun.objects.filter(as_of__lte=day).exists():
        return None
    return (ZeroHousehold.objects.filter(found_on__lte=day)
            .filter(Q(cleared_on__isnull=True) | Q(cleared_on__gt=day)).count())


# --- 就业困难人员 -------------------------------------------------------------------------------

def _town_persons(qs, user, field: str = "person"):
    from . import perms

    town = perms.town_of(user)
    return qs if town is None else qs.filter(**{f"{field}__residence": town})


def difficulty_applications(user, states=("submitted", "verified")):
    from .models import DifficultyApplication

    qs = DifficultyApplication.objects.select_related("person").filter(state__in=states)
    return _town_persons(qs, user)


def reviews_due(user, on: dt.date):
    """Open recognitions whose review date falls within the notice period (or has passed)."""
    from zhihui.core.params import value

    notice = value("employment", "difficulty.review_notice_days", on)
    qs = (DifficultyRecognition.objects.select_related("person")
          .filter(ended_on__isnull=True, review_due__lte=on + dt.timedelta(days=notice)).order_by("review_due", "id"))
    return _town_persons(qs, user)


def recognised_count(user, on: dt.date) -> int:
    qs = DifficultyRecognition.objects.filter(recognised_on__lte=on).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))
    return _town_persons(qs, user).values("person").distinct().count()


# --- key groups (重点群体台账) -------------------------------------------------------------------

def key_group_entries(user, group: str | None = None, division=None, on: dt.date | None = None):
    from .models import KeyGroupEntry

    qs = KeyGroupEntry.objects.select_related("person", "person__residence", "recorded_by", "verified_by")
    if on is not None:
        qs = qs.filter(since__lte=on).filter(Q(until__isnull=True) | Q(until__gt=on))
    if group:
        qs = qs.filter(group=group)
    if division is not None:
        qs = qs.filter(Q(person__residence=division) | Q(person__residence__parent=division))
    return _town_persons(qs, user).order_by("person__residence__code", "person_id")


def key_group_summary(user, on: dt.date) -> list[dict]:
    """Per group: members on `on`, how many verified, and how many employed on that day (their
    last active status event is an employed kind) — the key-group employment rate."""
    from django.db.models import Count, OuterRef, Subquery

    from .enums import KeyGroup

    latest = (StatusEvent.objects.filter(person=OuterRef("person"), corrected_by__isnull=True, effective_on__lte=on)
              .order_by("-effective_on", "-id").values("kind")[:1])
    rows = (key_group_entries(user, on=on).order_by().annotate(status=Subquery(latest))
            .values("group", "evidence_state", "status").annotate(n=Count("id")))
    out = {g: {"group": g, "label": label, "members": 0, "verified": 0, "employed": 0} for g, label in KeyGroup.choices}
    for r in rows:
        d = out[r["group"]]
        d["members"] += r["n"]
        d["verified"] += r["n"] if r["evidence_state"] == "verified" else 0
        d["employed"] += r["n"] if r["status"] in EMPLOYED_KINDS else 0
    for d in out.values():
        d["rate"] = round(100 * d["employed"] / d["members"], 1) if d["members"] else None
    return list(out.values())


def key_group_ledger(user, group: str, on: dt.date) -> list[dict]:
    """The ledger city → town/street → village/community: members on `on` per division, with
    village rows under their town (residence at village level rolls up to its parent)."""
    from django.db.models import Count

    rows = (key_group_entries(user, group=group, on=on).order_by()
            .values("person__residence_id", "person__residence__name", "person__residence__level",
                    "person__residence__parent_id", "person__residence__parent__name", "evidence_state")
            .annotate(n=Count("id")))
    towns: dict = {}
    for r in rows:
        village = r["person__residence__level"] == "village"
        tid = r["person__residence__parent_id"] if village else r["person__residence_id"]
        tname = r["person__residence__parent__name"] if village else r["person__residence__name"]
        t = towns.setdefault(tid, {"id": tid, "name": tname or "—", "members": 0, "verified": 0, "villages": {}})
        t["members"] += r["n"]
        t["verified"] += r["n"] if r["evidence_state"] == "verified" else 0
        if village:
            v = t["villages"].setdefault(r["person__residence_id"], {"name": r["person__residence__name"],
                                                                      "members": 0, "verified": 0})
            v["members"] += r["n"]
            v["verified"] += r["n"] if r["evidence_state"] == "verified" else 0
    out = sorted(towns.values(), key=lambda t: t["name"])
    for t in out:
        t["villages"] = sorted(t["villages"].values(), key=lambda v: v["name"])
    return out


# --- quota employment of disabled persons ---------------------------------------------------------

def quota_register(user, year: int):
    """The year's declarations (numbers only), a town clerk's those of employers in the town
    (user None: the command line, the whole city)."""
    from .models import QuotaDeclaration

    qs = QuotaDeclaration.objects.filter(year=year).select_related("organisation", "organisation__division")
    town = perms.town_of(user) if user is not None else None
    if town is not None:
        qs = qs.filter(Q(organisation__division=town) | Q(organisation__division__parent=town))
    return qs.order_by("organisation__name")


def quota_summary(declarations) -> dict:
    """Employers declared, verified, meeting the ratio; required, counted and shortfall totals."""
    from decimal import Decimal

    rows = list(declarations)
    return {"employers": len(rows), "verified": sum(1 for d in rows if d.state == "verified"),
            "met": sum(1 for d in rows if d.shortfall == 0),
            "required": sum((d.required for d in rows), Decimal("0")), "counted": sum(d.counted for d in rows),
            "shortfall": sum((d.shortfall for d in rows), Decimal("0"))}


# --- youth employment screening (青年就业排查) -------------------------------------------------------

def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def youth_screening(user, on: dt.date):
    """The screening list on `on`: residents aged youth.age_from … youth.age_to (dated
    parameters) who are not working on that day (their status is registered unemployed, out of
    the labour force, or unknown), not still in school (an education record graduating later)
    and not moved away or retired — a town clerk's those living in the town. Each row carries
    the current status and the last contact (annotations)."""
    from django.db.models import OuterRef, Subquery

    from zhihui.core.params import value
    from zhihui.registry.models import EducationRecord

    from .models import YouthContact

    low, high = int(value("employment", "youth.age_from", on)), int(value("employment", "youth.age_to", on))
    holds = Q(effective_on__lte=on) & (Q(valid_until__isnull=True) | Q(valid_until__gt=on))
    current = StatusEvent.objects.filter(holds, person=OuterRef("pk"), active=True)
    last = YouthContact.objects.filter(person=OuterRef("pk")).order_by("-contacted_on", "-id")
    qs = (Person.objects.filter(birth_date__lte=_years_before(on, low), birth_date__gt=_years_before(on, high + 1))
          .exclude(pk__in=StatusEvent.objects.filter(holds, active=True, kind__in=[*EMPLOYED_KINDS, StatusKind.MOVED_AWAY,
                                                                                    StatusKind.RETIRED])
                   .values("person_id"))
          .exclude(pk__in=EducationRecord.objects.filter(graduation_date__gt=on).values("person_id"))
          .annotate(status=Subquery(current.values("kind")[:1]),
                    last_contact_on=Subquery(last.values("contacted_on")[:1]),
                    last_result=Subquery(last.values("result")[:1]))
          .select_related("residence"))
    town = perms.town_of(user) if user is not None else None
    if town is not None:
        qs = qs.filter(Q(residence=town) | Q(residence__parent=town))
    return qs.order_by("residence__code", "birth_date", "pk")


def youth_summary(qs, on: dt.date) -> dict:
    """Counts of a screening list: in total, never contacted, due for a contact, by last result."""
    from django.db.models import Count

    from zhihui.core.params import value

    due_before = on - dt.timedelta(days=int(value("employment", "youth.recontact_days", on)))
    by_result = {r["last_result"] or "": r["n"] for r in qs.order_by().values("last_result").annotate(n=Count("pk"))}
    return {"total": sum(by_result.values()), "never": by_result.get("", 0),
            "due": qs.filter(Q(last_contact_on__isnull=True) | Q(last_contact_on__lte=due_before)).count(),
            "by_result": {k: v for k, v in by_result.items() if k}}


# --- traineeship bases (就业见习) and assistance workshops (就业帮扶车间) ----------------------------

def _in_town_q(user, path: str) -> Q:
    """Objects located in a town clerk's town (`path` leads to their division); all otherwise."""
    town = perms.town_of(user) if user is not None else None
    if town is None:
        return Q()
    return Q(**{path: town}) | Q(**{f"{path}__parent": town})


def traineeship_bases(user, state: str = ""):
    """Traineeship bases with their numbers (posts, places, trainees running and ended, retained),
    a town clerk's those of units located in the town (user None: the whole city)."""
    from django.db.models import Count, OuterRef, Subquery, Sum

    from .models import TraineePost, TraineeshipBase

    places = (TraineePost.objects.filter(base=OuterRef("pk")).order_by().values("base")
              .annotate(s=Sum("count")).values("s"))
    qs = (TraineeshipBase.objects.filter(_in_town_q(user, "organisation__division"))
          .select_related("organisation", "organisation__division")
          .annotate(posts_n=Count("posts", distinct=True), places=Subquery(places),
                    trainees_n=Count("posts__trainees", distinct=True),
                    running=Count("posts__trainees", filter=Q(posts__trainees__end_on__isnull=True), distinct=True),
                    ended=Count("posts__trainees", filter=Q(posts__trainees__end_on__isnull=False), distinct=True),
                    retained=Count("posts__trainees", filter=Q(posts__trainees__outcome="retained"), distinct=True)))
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("organisation__name", "-applied_on")


def retention_rate(retained: int, ended: int):
    """留用率: trainees retained by the unit over trainees whose traineeship has ended (completed,
    left early or retained), in percent to one decimal; None before any has ended."""
    from decimal import ROUND_HALF_UP, Decimal

    if not ended:
        return None
    return (Decimal(retained) * 100 / Decimal(ended)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def base_trainees(base):
    """A base's trainees (newest first) with the months recorded for each (`served_n`)."""
    from django.db.models import Count

    from .models import Trainee

    return (Trainee.objects.filter(post__base=base).select_related("post", "person")
            .annotate(served_n=Count("served", distinct=True)).order_by("-start_on", "id"))


def traineeship_claims(user, month: dt.date | None = None):
    from .models import TraineeshipClaim

    qs = (TraineeshipClaim.objects.filter(_in_town_q(user, "base__organisation__division"))
          .select_related("base__organisation", "payment", "computed_by"))
    if month is not None:
        qs = qs.filter(month=month)
    return qs.order_by("-month", "base__organisation__name")


def pending_claims(user, month: dt.date):
    """The claims a month would have, per recognised base with trainee months recorded and no
    claim yet: (base, trainee months) — what a clerk computes next."""
    from django.db.models import Count

    from .models import TraineeMonth, TraineeshipClaim

    claimed = TraineeshipClaim.objects.filter(month=month).exclude(state="rejected").values("base_id")
    rows = (TraineeMonth.objects.filter(month=month).filter(_in_town_q(user, "trainee__post__base__organisation__division"))
            .exclude(trainee__post__base_id__in=claimed)
            .values("trainee__post__base_id", "trainee__post__base__organisation__name")
            .annotate(n=Count("pk")).order_by("trainee__post__base__organisation__name"))
    return [{"base_id": r["trainee__post__base_id"], "name": r["trainee__post__base__organisation__name"], "n": r["n"]}
            for r in rows]


def workshops(user, state: str = "", on: dt.date | None = None):
    """Assistance workshops, a town clerk's those in the town, each with its headcount on `on`
    (workers) and the poverty-alleviated or low-income among them (`assisted`: a verified entry
    of those key groups holding that day; each person once)."""
    from django.db.models import Count, Exists, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from .enums import EvidenceState, KeyGroup
    from .models import KeyGroupEntry, Workshop, WorkshopWorker

    on = on or dt.date.today()
    working = Q(since__lte=on) & (Q(until__isnull=True) | Q(until__gt=on))
    ledger = KeyGroupEntry.objects.filter(person=OuterRef("person"), group__in=[KeyGroup.POVERTY, KeyGroup.LOW_INCOME],
                                          evidence_state=EvidenceState.VERIFIED, since__lte=on).filter(
        Q(until__isnull=True) | Q(until__gt=on))
    assisted = (WorkshopWorker.objects.filter(working, workshop=OuterRef("pk")).filter(Exists(ledger))
                .order_by().values("workshop").annotate(n=Count("person", distinct=True)).values("n"))

    qs = (Workshop.objects.filter(_in_town_q(user, "division")).select_related("operator", "division", "division__parent")
          .annotate(workers_n=Count("workers__person", filter=Q(workers__since__lte=on) & (
              Q(workers__until__isnull=True) | Q(workers__until__gt=on)), distinct=True),
                    assisted_n=Coalesce(Subquery(assisted), 0)))
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("division__code", "name")


def workshop_workers(workshop, on: dt.date):
    """The workshop's workers (current first), each marked whether the verified ledger holds them
    as poverty-alleviated or low-income on `on` (`assisted_group`)."""
    from django.db.models import OuterRef, Subquery

    from .enums import EvidenceState, KeyGroup
    from .models import KeyGroupEntry, WorkshopWorker

    ledger = (KeyGroupEntry.objects.filter(person=OuterRef("person"), group__in=[KeyGroup.POVERTY, KeyGroup.LOW_INCOME],
                                           evidence_state=EvidenceState.VERIFIED, since__lte=on)
              .filter(Q(until__isnull=True) | Q(until__gt=on)).order_by("group"))
    return (WorkshopWorker.objects.filter(workshop=workshop).select_related("person")
            .annotate(assisted_group=Subquery(ledger.values("group")[:1])).order_by("until", "-since", "id"))


def workshop_summary(rows) -> dict:
    rows = list(rows)
    return {"workshops": len(rows), "recognised": sum(1 for w in rows if w.state == "recognised"),
            "workers": sum(w.workers_n for w in rows), "assisted": sum(w.assisted_n for w in rows)}
def quota_levy(declaration) -> dict:
    """The 残疾人就业保障金 a shortfall implies: shortfall × the employer's average annual wage of
    its staff, the wage capped at the multiple of the local social average wage — both from the
    city package (`quota.local_average_wage`, `quota.levy_wage_cap_multiple`, in force on the
    year's last day). Without them (or without the employer's wage) no amount is computed and
    `note` says why: the platform does not invent an amount. The tax authority collects it."""
    from decimal import ROUND_HALF_UP, Decimal

    from zhihui.core.params import ParameterMissing, value

    if declaration.shortfall == 0:
        return {"amount": Decimal("0.00"), "note": "已达到安排比例，无需缴纳"}
    end = dt.date(declaration.year, 12, 31)
    try:
        local = Decimal(str(value("employment", "quota.local_average_wage", end)))
        multiple = Decimal(str(value("employment", "quota.levy_wage_cap_multiple", end)))
    except ParameterMissing:
        return {"amount": None, "note": "本市政策包未设定保障金计算参数（当地社会平均工资 quota.local_average_wage），"
                                        "不计算金额；由税务部门按规定核定征收"}
    if declaration.average_wage is None:
        return {"amount": None, "note": "未填报上年职工年平均工资，不计算金额"}
    wage = min(declaration.average_wage, local * multiple)
    return {"amount": (declaration.shortfall * wage).quantize(Decimal("0.01"), ROUND_HALF_UP),
            "note": "缺额人数×职工年平均工资（不超过当地社会平均工资的规定倍数）"}


def employer_quota_declarations(user):
    """An employer's own declarations, newest first (none for anyone else)."""
    from .models import QuotaDeclaration

    org_id = getattr(user, "organisation_id", None)
    if not perms.can_declare_own_quota(user):
        return QuotaDeclaration.objects.none()
    return QuotaDeclaration.objects.filter(organisation_id=org_id).select_related("organisation").order_by("-year")


# --- graduate registry (高校毕业生名册, C10-D01) -----------------------------------------------------

def graduates(user, *, college=None, year: int | None = None, destination: str | None = None):
    """Graduations in the registry (a town clerk's: residents of the town; None: the whole city)."""
    from .graduate_models import Graduate

    qs = Graduate.objects.select_related("person", "college", "unplaced_entry")
    if user is not None:
        qs = _town_persons(qs, user)
    if college is not None:
        qs = qs.filter(college=college)
    if year:
        qs = qs.filter(graduated_on__year=year)
    if destination:
        qs = qs.filter(destination=destination)
    return qs.order_by("college__name", "-graduated_on", "person__name", "id")


def _followed_up():
    """An expression: the graduate (未就业) was followed up after graduating — an assistance case
    opened, a status event in effect, a screening contact on or after the graduation day, or the
    离校未就业 ledger entry verified by a clerk."""
    from django.db.models import Exists, OuterRef

    from .models import AssistanceCase, YouthContact

    after = {"person": OuterRef("person")}
    return (Exists(AssistanceCase.objects.filter(**after, opened_on__gte=OuterRef("graduated_on")))
            | Exists(StatusEvent.objects.filter(**after, active=True, effective_on__gte=OuterRef("graduated_on")))
            | Exists(YouthContact.objects.filter(**after, contacted_on__gte=OuterRef("graduated_on")))
            | Q(unplaced_entry__evidence_state="verified"))


def graduate_statistics(user, year: int | None = None) -> dict:
    """Per college and graduation year: graduates, employed (就业 and 灵活就业), of them working
    in Jiyuan (留济), further study, unplaced (离校未就业) and how many of those were followed
    up; with the totals. Counts only."""
    from django.db.models import Case, Count, IntegerField, When
    from django.db.models.functions import ExtractYear

    from .enums import WORKING_DESTINATIONS, GraduateDestination

    qs = graduates(user, year=year).order_by().annotate(y=ExtractYear("graduated_on"))
    working = Q(destination__in=WORKING_DESTINATIONS)
    rows = list(
        qs.values("college__code", "college__name", "college__in_city", "y").annotate(
            total=Count("id"),
            employed=Count("id", filter=working),
            local=Count("id", filter=working & Q(place="jiyuan")),
            further=Count("id", filter=Q(destination=GraduateDestination.FURTHER_STUDY)),
            unplaced=Count("id", filter=Q(destination=GraduateDestination.UNPLACED)),
            followed=Count(Case(When(_followed_up() & Q(destination=GraduateDestination.UNPLACED), then=1),
                                output_field=IntegerField())),
        ).order_by("-y", "-college__in_city", "college__name"))
    keys = ("total", "employed", "local", "further", "unplaced", "followed")
    totals = {k: sum(r[k] for r in rows) for k in keys}
    return {"rows": rows, "totals": totals}


def graduate_chart(stats: dict, labels: dict) -> dict:
    """ECharts option: per college and year, bars of graduates, employed, 留济, unplaced, followed up."""
    rows = stats["rows"]
    series = [(k, labels[k]) for k in ("total", "employed", "local", "unplaced", "followed")]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"data": [label for _k, label in series]},
        "grid": {"left": 48, "right": 16, "top": 40, "bottom": 60},
        "xAxis": {"type": "category", "data": [f"{r['college__name']} {r['y']}" for r in rows],
                  "axisLabel": {"interval": 0, "rotate": 20}},
        "yAxis": {"type": "value"},
        "series": [{"name": label, "type": "bar", "data": [r[k] for r in rows]} for k, label in series],
    }


def unplaced_follow_up(user, *, college=None, year: int | None = None):
    """The 离校未就业 follow-up list (names): the registry's unplaced graduates with whether each
    was followed up, a town clerk's residents only."""
    from .enums import GraduateDestination

    return (graduates(user, college=college, year=year, destination=GraduateDestination.UNPLACED)
            .annotate(followed=_followed_up()))
