"""Benchmarks of employment services on PostgreSQL (docs/performance.md, "## Employment").

    python bench/bench_employment.py [--quick] [--residents N] [--seed S]

Own database (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/zh_employment), created
and migrated if needed, catalogues loaded, the demo city generated with `zhihui demo generate`
(which also fills employment data: status histories, households, monitored enterprises) unless a
city of that size is there. Then, timed (best of 2):
  1. the zero-employment sweep over every household (`actions.sweep_zero_households`): the
     baseline (the contract's function per household's facts dict) and the set-based path,
     same data, same process, both rolled back, verdicts compared household by household;
  2. the year's indicators (`selectors.indicators`) and the statistics page's monthly series
     (`selectors.monthly_statistics`);
  3. the early-warning rules over 5,000 monthly reports (`warning.evaluate`, in memory), then the
     alert sweep through the database over 5,000 stored reports (the city's, topped up with
     synthetic enterprises reporting twelve months each), for two synthetic samples:
       - "realistic": most enterprises stable, some declining, a few cutting jobs (the mix is in
         `_SAMPLES` and docs/performance.md);
       - "worst case": every series drifting down (0.80–1.05 a month) and a quarter of the
         reports planning 25 layoffs (the sample of the earlier measurements);
     each time the batched path as it was before this pass (`_raise_alerts_batched_before`, kept
     here as the baseline: model instances, `bulk_create`, the former `audit.record_many`) and the current
     `actions.raise_alerts_for`, same process, same data, each run rolled back, the deferred
     foreign-key checks a commit would run included (SET CONSTRAINTS ALL IMMEDIATE); wall, this
     process's CPU and the PostgreSQL backend's CPU. --per-report adds the older per-report
     path (`_raise_alerts_per_report`, minutes). --alerts-only skips parts 1 and 2.
Targets (issue 16): sweep over 1,000,000 residents ≤ 30 s; monthly statistics over 1,000,000
residents / 10,000,000 events ≤ 5 s; alert sweep over 5,000 reports ≤ 1 s. --quick: 100,000.

Above --base residents (default 100,000) the city is not generated at full size (`demo generate`
of 1,000,000 residents takes hours on the shared machine): the --base city is generated once and
its persons, status events, households and members are copied in SQL (`replicate`) until the
registry holds --residents persons — same towns, birth dates, histories and household shapes,
new ids, new identity-number hashes and household codes; the events' chain columns are copied
with the events (they depend only on the person's own events) and checked with `chain.repair` on
a sample. --sweep-only then times only the sweep at that size: the first run (every
zero-employment household new) and the second (idempotent: nothing found, nothing cleared),
best of 2, with wall time, the process's CPU time, the PostgreSQL backend's CPU time and the load
average; then a random sample of households is decided again by the contract's function
(`check_household`) and compared.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zh_employment")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from _pg import ensure_database  # noqa: E402  (bench/ is the script directory)


def zhihui(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "zhihui.cli", *args], cwd=ROOT, check=True)


def best(fn, n=2):
    times, out = [], None
    for _ in range(n):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), times, out


def _raise_alerts_per_report(actor, report) -> list:
    """The baseline: `actions.raise_alerts` as it was before the batched path (each report
    reads its history, enterprise, wage-arrears facts and alerts by itself)."""
    from zhihui.core import audit
    from zhihui.employment.actions import _wage_arrears_findings
    from zhihui.employment.models import Alert, MonthlyReport
    from zhihui.employment.warning import evaluate

    previous = list(MonthlyReport.objects.filter(enterprise=report.enterprise_id, month__lt=report.month)
                    .order_by("month").values_list("month", "headcount"))[-24:]
    out = []
    findings = evaluate(report.month, report.headcount, report.planned_layoffs, previous, report.month)
    arrears = _wage_arrears_findings([report.enterprise.organisation_id])[report.enterprise.organisation_id]
    if arrears is not None:
        findings.append(arrears)
    for f in findings:
        alert, created = Alert.objects.get_or_create(
            report=report, rule=f.rule,
            defaults={"enterprise_id": report.enterprise_id, "level": f.level, "numbers": f.numbers,
                      "message": f.message[:300]})
        if created:
            audit.record(actor, audit.Action.CREATE, alert, summary=f"失业预警 {alert.get_level_display()}: {f.message}"[:255],
                         after={"rule": f.rule, "numbers": f.numbers})
            out.append(alert)
    return out


def _raise_alerts_batched_before(actor, reports) -> dict[int, list]:
    """The baseline: `actions.raise_alerts_for` as it was before the COPY path (commit dd5b6f1):
    the same reads, the rules with their thresholds read per report, an `Alert` instance per
    alert and `bulk_create`, the audit rows as the former `audit.record_many` wrote them (an `AuditEvent` each)."""
    import bisect
    from collections import defaultdict

    from zhihui.core import audit
    from zhihui.employment.actions import HISTORY_MONTHS, _wage_arrears_findings
    from zhihui.employment.models import Alert, MonitoredEnterprise, MonthlyReport
    from zhihui.employment.warning import evaluate

    reports = list(reports)
    out: dict[int, list] = {r.pk: [] for r in reports}
    if not reports:
        return out
    ent_ids = sorted({r.enterprise_id for r in reports})
    history: dict[int, list] = defaultdict(list)
    for eid, month, headcount in (MonthlyReport.objects.filter(enterprise_id__in=ent_ids)
                                  .order_by("enterprise_id", "month").values_list("enterprise_id", "month", "headcount")):
        history[eid].append((month, headcount))
    organisation = dict(MonitoredEnterprise.objects.filter(pk__in=ent_ids).values_list("pk", "organisation_id"))
    arrears = _wage_arrears_findings(organisation.values())
    done = set(Alert.objects.filter(report_id__in=[r.pk for r in reports]).values_list("report_id", "rule"))
    new = []
    for r in reports:
        series = history[r.enterprise_id]
        cut = bisect.bisect_left(series, r.month, key=lambda x: x[0])
        previous = series[max(0, cut - HISTORY_MONTHS):cut]
        findings = evaluate(r.month, r.headcount, r.planned_layoffs, previous, r.month)
        a = arrears.get(organisation.get(r.enterprise_id))
        if a is not None:
            findings.append(a)
        for f in findings:
            if (r.pk, f.rule) in done:
                continue
            done.add((r.pk, f.rule))
            new.append((r, f, Alert(report=r, rule=f.rule, enterprise_id=r.enterprise_id, level=f.level,
                                    numbers=f.numbers, message=f.message[:300])))
    Alert.objects.bulk_create([alert for _, _, alert in new])
    # the audit rows as the former `audit.record_many` wrote them: an AuditEvent each, one lock
    # and one read of the chain's head (`_chain`), one bulk insert
    events = [audit._event(actor, audit.Action.CREATE, alert, None, None,
                           f"失业预警 {alert.get_level_display()}: {f.message}"[:255], None,
                           {"rule": f.rule, "numbers": f.numbers}, audit.Outcome.OK) for _, f, alert in new]
    if events:
        audit._chain(events)
        audit.AuditEvent.objects.bulk_create(events)
    for r, _, alert in new:
        out[r.pk].append(alert)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="100,000 residents")
    ap.add_argument("--residents", type=int, default=None)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--alerts-only", action="store_true", help="only part 3 (the early warning)")
    ap.add_argument("--per-report", action="store_true", help="also the per-report alert path (minutes)")
    ap.add_argument("--runs", type=int, default=3, help="runs of each alert sweep (best is kept)")
    ap.add_argument("--base", type=int, default=100_000,
                    help="generate this many residents and copy them up to --residents (0: generate all)")
    ap.add_argument("--sweep-only", action="store_true", help="only the zero-employment sweep, at full size")
    ap.add_argument("--sample", type=int, default=20_000, help="households checked against check_household")
    args = ap.parse_args()
    residents = args.residents or (100_000 if args.quick else 1_000_000)
    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        print("bench_employment measures PostgreSQL: set DATABASE_URL=postgres://…", file=sys.stderr)
        return 2
    ensure_database(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    from zhihui.registry.models import DemoCity, EducationLevel, Person

    if not EducationLevel.objects.exists():
        zhihui("catalog", "load")
    city = DemoCity.objects.order_by("-generated_at").first()
    base = args.base if 0 < args.base < residents else residents
    if city is None or city.residents != base or Person.objects.count() < base:
        print(f"generating the demo city: {base} residents (seed {args.seed}) …", flush=True)
        connection.close()
        t = time.perf_counter()
        zhihui("demo", "generate", "--residents", str(base), "--seed", str(args.seed), "--force", "--no-progress")
        print(f"generated and loaded in {time.perf_counter() - t:.0f} s", flush=True)
    if base < residents and Person.objects.count() < residents:
        t = time.perf_counter()
        rows = replicate(-(-residents // base) - 1)
        print(f"replicated ×{-(-residents // base)} in {time.perf_counter() - t:.0f} s: {rows}", flush=True)
    if args.sweep_only:
        return sweep_at_size(args.sample, args.seed)

    from zhihui.employment import actions
    from zhihui.employment.models import (
        Household,
        HouseholdMember,
        MonitoredEnterprise,
        StatusEvent,
    )
    from zhihui.employment.warning import evaluate

    today = actions.today()
    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; "
          f"PostgreSQL {connection.cursor().connection.info.server_version}")
    print(f"registry: {Person.objects.count():,} persons, {StatusEvent.objects.count():,} status events, "
          f"{Household.objects.count():,} households ({HouseholdMember.objects.count():,} members)")

    from django.db import transaction

    if not args.alerts_only:
        _sweeps_and_statistics(today)

    rnd = random.Random(5)
    reports = []
    for _ in range(5000):
        prev = [(dt.date(2026, m, 1), rnd.randint(100, 1000)) for m in range(1, 11)]
        reports.append((dt.date(2026, 11, 1), int(prev[-1][1] * rnd.uniform(0.75, 1.05)), rnd.choice([0, 0, 0, 25]), prev))
    w, times, found = best(lambda: sum(len(evaluate(m, h, p, prev, m)) for m, h, p, prev in reports))
    print(f"3a. rules over 5,000 reports in memory: best {w:.3f} s ({found} findings)")

    if MonitoredEnterprise.objects.exists():
        for sample in _SAMPLES:
            with transaction.atomic():  # synthetic reports to make 5,000 (rolled back at the end)
                _alert_sweep(_top_up_reports(5000, random.Random(5), sample), sample, args)
                transaction.set_rollback(True)
    return 0


def _sweeps_and_statistics(today) -> None:
    from django.db import transaction

    from zhihui.employment import actions, selectors
    from zhihui.employment.models import Household

    def sweep(decide=None):
        with transaction.atomic():  # measure, keep nothing (both variants see the same data)
            out = actions.sweep_zero_households("bench", today, decide=decide)
            transaction.set_rollback(True)
        return out

    w0, times0, counts0 = best(lambda: sweep(selectors.contract_decisions))
    print(f"1a. zero-employment sweep, baseline (facts dict per household, the contract's function per household): "
          f"best {w0:.2f} s ({' · '.join(f'{t:.2f}' for t in times0)}): {counts0}")
    w, times, counts = best(sweep)
    print(f"1b. zero-employment sweep, set based (one statement per chunk, decided in memory): "
          f"best {w:.2f} s ({' · '.join(f'{t:.2f}' for t in times)}): {counts}")
    same = counts == counts0
    ids = list(Household.objects.order_by("pk").values_list("pk", flat=True))
    reference = {}
    for k in range(0, len(ids), 5000):
        reference.update((h, str(z) if isinstance(z, Exception) else z)
                         for h, z in selectors.contract_decisions(ids[k:k + 5000], today))
    per_household = reference == {h: str(z) if isinstance(z, Exception) else z for h, z in selectors.zero_decisions(today)}
    print(f"    same counts: {same}; same verdict for every household: {per_household}")
    w, times, _ = best(lambda: selectors.indicators(today.year))
    print(f"2a. indicators({today.year}): best {w:.2f} s")
    w, times, _ = best(lambda: selectors.monthly_statistics(today.year))
    print(f"2b. monthly_statistics({today.year}): best {w:.2f} s")


# The synthetic samples: (name, [(kind, share %)]). Realistic: most monitored enterprises keep
# their headcount from month to month, some shrink slowly, a few cut jobs once (announcing the
# layoff the month before); worst case: the earlier measurements' sample, every series drifting
# down and a quarter of the reports planning layoffs.
_SAMPLES = (
    ("realistic", [("stable", 80), ("growing", 6), ("declining", 10), ("cut", 4)]),
    ("worst case", [("drift", 100)]),
)


def _series(kind: str, rnd) -> list[tuple[int, int]]:
    """Twelve months of (headcount, planned layoffs) of one synthetic enterprise."""
    head = rnd.randint(100, 1000)
    out = []
    cut_at = rnd.randrange(1, 12)
    for m in range(12):
        planned = 0
        if kind == "drift":
            head = max(10, int(head * rnd.uniform(0.8, 1.05)))
            planned = rnd.choice([0, 0, 0, 25])
        elif kind == "stable":  # half the months unchanged, else within ±2 %
            if rnd.random() < 0.5:
                head = max(10, round(head * rnd.uniform(0.98, 1.02)))
        elif kind == "growing":
            head = round(head * rnd.uniform(1.0, 1.03))
        elif kind == "declining":  # down 0.5–3 % in seven months of ten
            head = max(10, round(head * (rnd.uniform(0.97, 0.995) if rnd.random() < 0.7 else rnd.uniform(1.0, 1.01))))
        elif kind == "cut":  # stable, then one cut of 10–25 %, planned the month before
            if m == cut_at:
                head = max(10, round(head * rnd.uniform(0.75, 0.9)))
            elif rnd.random() < 0.5:
                head = max(10, round(head * rnd.uniform(0.99, 1.01)))
            if m == cut_at - 1:
                planned = max(20, round(head * rnd.uniform(0.1, 0.25)))
        out.append((head, planned))
    return out


# --- the registry at full size: the base city copied in SQL -----------------------------------

COPY_SUFFIX = "-R"  # household codes of the copies: DEMO0000001-R3


def replicate(copies: int) -> dict:
    """Copy the base city's persons (those in households), their status events, households and
    members `copies` times, in one transaction: ids shifted by the base's largest id per copy,
    identity-number hashes and household codes made unique, everything else as in the base (same
    towns, birth dates, sexes, histories, household shapes and flags). Previous copies are removed
    first. The chain columns of the events are copied with them (they depend only on the person's
    own events) and checked with `chain.repair` on 2,000 copied persons, which must change
    nothing. Then ANALYZE, and the identity sequences moved past the copies."""
    from django.db import connection, transaction

    from zhihui.employment import chain
    from zhihui.employment.models import Household, HouseholdMember, StatusEvent
    from zhihui.registry.models import Person

    P, E, H, M = (m._meta.db_table for m in (Person, StatusEvent, Household, HouseholdMember))

    def columns(cur, table):
        return [c.name for c in connection.introspection.get_table_description(cur, table)]

    def copy(cur, table, k, overrides, where):
        cols = columns(cur, table)
        exprs = [overrides.get(c, c) for c in cols]
        cur.execute(f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(exprs)} FROM {table} WHERE {where}",
                    {"k": k})
        return cur.rowcount

    rows = {"persons": 0, "status_events": 0, "households": 0, "members": 0}
    with transaction.atomic(), connection.cursor() as cur:
        copied = f"(SELECT household_id FROM {M} JOIN {H} h ON h.id = household_id WHERE h.code LIKE '%%{COPY_SUFFIX}%%')"
        cur.execute(f"CREATE TEMP TABLE copied_persons ON COMMIT DROP AS SELECT person_id FROM {M} WHERE household_id IN {copied}")
        cur.execute(f"DELETE FROM {E} WHERE person_id IN (SELECT person_id FROM copied_persons) AND corrects_id IS NOT NULL")
        cur.execute(f"DELETE FROM {E} WHERE person_id IN (SELECT person_id FROM copied_persons)")
        cur.execute(f"DELETE FROM {M} WHERE person_id IN (SELECT person_id FROM copied_persons)")
        cur.execute(f"DELETE FROM {H} WHERE code LIKE '%%{COPY_SUFFIX}%%'")
        cur.execute(f"DELETE FROM {P} WHERE id IN (SELECT person_id FROM copied_persons)")
        cur.execute(f"SELECT max(id) FROM {P}")
        sp = cur.fetchone()[0]
        cur.execute(f"SELECT max(id) FROM {E}")
        se = cur.fetchone()[0] or 0
        cur.execute(f"SELECT max(id) FROM {H}")
        sh = cur.fetchone()[0]
        cur.execute(f"SELECT max(id) FROM {M}")
        sm = cur.fetchone()[0]
        # the base only (ids up to the base's largest), never an earlier copy
        base_persons = f"id <= {sp} AND id IN (SELECT person_id FROM {M} WHERE id <= {sm})"
        base_events = f"person_id <= {sp} AND person_id IN (SELECT person_id FROM {M} WHERE id <= {sm})"
        for k in range(1, copies + 1):
            rows["persons"] += copy(cur, P, k, {
                "id": f"id + %(k)s * {sp}",
                "id_number_hash": "encode(sha256(convert_to(id_number_hash || ':copy' || %(k)s, 'UTF8')), 'hex')",
            }, base_persons)
            rows["status_events"] += copy(cur, E, k, {
                "id": f"id + %(k)s * {se}", "person_id": f"person_id + %(k)s * {sp}",
                "corrects_id": f"corrects_id + %(k)s * {se}",
            }, f"{base_events} AND id <= {se}")
            rows["households"] += copy(cur, H, k, {
                "id": f"id + %(k)s * {sh}", "code": f"code || '{COPY_SUFFIX}' || %(k)s",
            }, f"id <= {sh}")
            rows["members"] += copy(cur, HouseholdMember._meta.db_table, k, {
                "id": f"id + %(k)s * {sm}", "household_id": f"household_id + %(k)s * {sh}",
                "person_id": f"person_id + %(k)s * {sp}",
            }, f"id <= {sm}")
        for table in (P, E, H, M):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
            cur.execute(f"ANALYZE {table}")
        cur.execute(f"SELECT person_id FROM {M} WHERE person_id > {sp} ORDER BY random() LIMIT 2000")
        sample = [r[0] for r in cur.fetchall()]
        rows["chain_drift_on_2000_copied_persons"] = chain.repair(sample)
        if rows["chain_drift_on_2000_copied_persons"]:
            raise RuntimeError(f"the copied chain differs from chain.repair's: {rows}")
    return rows


def _backend_cpu(pid: int | None = None) -> float:
    """CPU seconds (user + system) of a PostgreSQL backend on this machine (/proc), or NaN;
    without `pid`, this connection's backend."""
    if pid is None:
        from django.db import connection

        with connection.cursor() as cur:
            cur.execute("SELECT pg_backend_pid()")
            pid = cur.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("nan")


def sweep_at_size(sample: int, seed: int) -> int:
    """The zero-employment sweep over the whole registry, first run (every zero-employment
    household new: the open records are removed first, inside the transaction) and second run
    (idempotent), best of 2, everything rolled back; then a sample against `check_household`."""
    from django.db import connection, transaction

    from zhihui.employment import actions, selectors
    from zhihui.employment.models import Household, HouseholdMember, StatusEvent, ZeroHousehold
    from zhihui.registry.models import Person

    today = actions.today()
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid(), current_setting('server_version')")
        backend, version = cur.fetchone()
    print(f"machine: {os.cpu_count()} cores, load {' '.join(f'{x:.1f}' for x in os.getloadavg())}; "
          f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; PostgreSQL {version}")
    households = Household.objects.count()
    print(f"registry: {Person.objects.count():,} persons, {StatusEvent.objects.count():,} status events, "
          f"{households:,} households ({HouseholdMember.objects.count():,} members); sweep as of {today}", flush=True)

    def cpu():  # this process and its reaped children (the sweep's forked deciders)
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system

    def timed(fn):
        load = os.getloadavg()[0]
        c, b, t = cpu(), _backend_cpu(backend), time.perf_counter()
        out = fn()
        return {"wall": time.perf_counter() - t, "cpu": cpu() - c, "pg": _backend_cpu(backend) - b,
                "load": max(load, os.getloadavg()[0]), "counts": out}

    runs = []
    for _ in range(2):
        with transaction.atomic():
            with connection.cursor() as cur:
                cur.execute(f"DELETE FROM {ZeroHousehold._meta.db_table}")
            first = timed(lambda: actions.sweep_zero_households("bench", today))
            second = timed(lambda: actions.sweep_zero_households("bench", today))
            transaction.set_rollback(True)  # measure, keep nothing
        runs.append((first, second))
        for name, r in (("first ", first), ("second", second)):
            print(f"  {name} run: wall {r['wall']:.2f} s, CPU of the process and its forks {r['cpu']:.2f} s, PostgreSQL backend "
                  f"{r['pg']:.2f} s, load ≤ {r['load']:.1f}: {r['counts']}", flush=True)
    for i, name in ((0, "first run (every household new)"), (1, "second run (idempotent)")):
        best_run = min((r[i] for r in runs), key=lambda r: r["wall"])
        walls = " · ".join(f"{r[i]['wall']:.2f}" for r in runs)
        print(f"sweep, {name}: best {best_run['wall']:.2f} s ({walls}); CPU process {best_run['cpu']:.2f} s + backend "
              f"{best_run['pg']:.2f} s")
    counts = runs[0][0]["counts"]
    print(f"shares: zero-employment {counts['zero'] / counts['households']:.1%}, undetermined "
          f"{counts['undetermined'] / counts['households']:.1%}, errors {counts['errors']}; second run found "
          f"{runs[0][1]['counts']['found']}, cleared {runs[0][1]['counts']['cleared']}")

    rnd = random.Random(seed)
    ids = sorted(rnd.sample(list(Household.objects.values_list("pk", flat=True)), min(sample, households)))
    t = time.perf_counter()
    reference = {}
    for k in range(0, len(ids), 5000):
        reference.update((h, str(z) if isinstance(z, Exception) else z)
                         for h, z in selectors.contract_decisions(ids[k:k + 5000], today))
    wanted, got = set(ids), {}
    for k in range(0, len(ids), 5000):  # the sweep's own reader over the sample's id ranges
        part = ids[k:k + 5000]
        got.update((h, str(z) if isinstance(z, Exception) else z)
                   for h, z in selectors.zero_decisions(today, part[0], part[-1]) if h in wanted)
    verdicts = {v: sum(1 for x in reference.values() if x == v) for v in (True, False, None)}
    print(f"sample of {len(ids):,} households against check_household ({time.perf_counter() - t:.1f} s): "
          f"same verdict for every one: {reference == got}; contract verdicts {verdicts}")
    return 0 if reference == got else 1


def _top_up_reports(target: int, rnd, sample=_SAMPLES[-1]) -> list:
    """Up to `target` stored reports: the city's, plus (when fewer) twelve months of synthetic
    reports from organisations not yet monitored, drawn from `sample` (in the caller's
    transaction)."""
    from zhihui.employment.models import MonitoredEnterprise, MonthlyReport
    from zhihui.registry.models import Organisation

    have = MonthlyReport.objects.count()
    if have < target:
        orgs = list(Organisation.objects.filter(employment_monitoring__isnull=True)
                    .order_by("pk")[:-(-(target - have) // 12)])
        ents = MonitoredEnterprise.objects.bulk_create(
            [MonitoredEnterprise(organisation=o, kind="sample", since=dt.date(2025, 1, 1)) for o in orgs])
        kinds, weights = zip(*sample[1], strict=True)
        reports = []
        for e in ents:
            for m, (head, planned) in enumerate(_series(rnd.choices(kinds, weights)[0], rnd)):
                reports.append(MonthlyReport(enterprise=e, month=dt.date(2025 + (m + 11) // 12, (m + 11) % 12 + 1, 1),
                                             headcount=head, hires=0, separations=0, vacancies=0,
                                             planned_layoffs=planned, channel="form"))
        MonthlyReport.objects.bulk_create(reports, batch_size=5000)
    return list(MonthlyReport.objects.order_by("-id")[:target])


def _alert_sweep(stored: list, sample, args) -> None:
    from django.db import connection, transaction

    from zhihui.core.audit import verify_chain
    from zhihui.employment import actions
    from zhihui.employment.models import Alert

    def db_path(fn):
        with transaction.atomic():
            Alert.objects.filter(report__in=stored).delete()  # every rule fires afresh
            b0, c0, t0 = _backend_cpu(), time.process_time(), time.perf_counter()
            raised = fn()
            with connection.cursor() as cur:
                cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the foreign-key checks of a commit
            wall, cpu, backend = time.perf_counter() - t0, time.process_time() - c0, _backend_cpu() - b0
            rows = sorted(Alert.objects.filter(report__in=stored).values_list("report_id", "rule", "level", "message"))
            chain = verify_chain()[1] is None
            transaction.set_rollback(True)  # measure, keep nothing
        return wall, cpu, backend, raised, rows, chain

    def runs(label, fn, n):
        out = [db_path(fn) for _ in range(n)]
        best_run = min(out, key=lambda r: r[0])
        print(f"    {label}: best {best_run[0]:.2f} s wall ({' · '.join(f'{r[0]:.2f}' for r in out)}); "
              f"CPU this process {' · '.join(f'{r[1]:.2f}' for r in out)} s, PostgreSQL backend "
              f"{' · '.join(f'{r[2]:.2f}' for r in out)} s; {best_run[3]} alerts; audit chain intact: "
              f"{all(r[5] for r in out)}; load {os.getloadavg()[0]:.1f}", flush=True)
        return best_run

    firing = None
    print(f"3b. alert sweep over {len(stored):,} stored reports, sample \"{sample[0]}\" "
          f"({', '.join(f'{k} {w} %' for k, w in sample[1])} of the synthetic enterprises):", flush=True)
    before = runs("before (model instances, bulk_create, record_many)",
                  lambda: sum(len(v) for v in _raise_alerts_batched_before("bench", stored).values()), args.runs)
    now = runs("now (actions.raise_alerts_for: COPY, audit.record_rows)",
               lambda: sum(len(v) for v in actions.raise_alerts_for("bench", stored).values()), args.runs)
    firing = len({r[0] for r in now[4]})
    print(f"    same alerts (report, rule, level, message): {before[4] == now[4]}; reports with an alert: "
          f"{firing:,} of {len(stored):,}", flush=True)
    if args.per_report:
        runs("per report (the former raise_alerts)",
             lambda: sum(len(_raise_alerts_per_report("bench", r)) for r in stored), 1)


if __name__ == "__main__":
    sys.exit(main())
