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
     here as the baseline: model instances, `bulk_create`, `audit.record_many`) and the current
     `actions.raise_alerts_for`, same process, same data, each run rolled back, the deferred
     foreign-key checks a commit would run included (SET CONSTRAINTS ALL IMMEDIATE); wall, this
     process's CPU and the PostgreSQL backend's CPU. --per-report adds the older per-report
     path (`_raise_alerts_per_report`, minutes). --alerts-only skips parts 1 and 2.
Targets (issue 16): sweep over 1,000,000 residents ≤ 30 s; monthly statistics over 1,000,000
residents / 10,000,000 events ≤ 5 s; alert sweep over 5,000 reports ≤ 1 s. --quick: 100,000.
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
    alert and `bulk_create`, the audit rows through `audit.record_many` (an `AuditEvent` each)."""
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
    audit.record_many(actor, audit.Action.CREATE,
                      [(alert, f"失业预警 {alert.get_level_display()}: {f.message}"[:255], None,
                        {"rule": f.rule, "numbers": f.numbers}) for _, f, alert in new])
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
    if city is None or city.residents != residents or Person.objects.count() < residents:
        print(f"generating the demo city: {residents} residents (seed {args.seed}) …", flush=True)
        connection.close()
        t = time.perf_counter()
        zhihui("demo", "generate", "--residents", str(residents), "--seed", str(args.seed), "--force", "--no-progress")
        print(f"generated and loaded in {time.perf_counter() - t:.0f} s", flush=True)

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


def _backend_cpu() -> float:
    """CPU seconds (user + system) of this connection's PostgreSQL backend (same machine)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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
    before = runs("before (model instances, bulk_create, audit.record_many)",
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
