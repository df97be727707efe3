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
  3. the early-warning rules over 5,000 monthly reports (`warning.evaluate`, in memory) and the
     same through the database path, per report (the former `raise_alerts`, kept here as the
     baseline) and batched (`actions.raise_alerts_for`), over up to 5,000 stored reports.
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
    from zhihui.employment.actions import _wage_arrears_finding
    from zhihui.employment.models import Alert, MonthlyReport
    from zhihui.employment.warning import evaluate

    previous = list(MonthlyReport.objects.filter(enterprise=report.enterprise_id, month__lt=report.month)
                    .order_by("month").values_list("month", "headcount"))[-24:]
    out = []
    findings = evaluate(report.month, report.headcount, report.planned_layoffs, previous, report.month)
    arrears = _wage_arrears_finding(report.enterprise.organisation_id, report.month)
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="100,000 residents")
    ap.add_argument("--residents", type=int, default=None)
    ap.add_argument("--seed", type=int, default=1)
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

    from zhihui.employment import actions, selectors
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

    rnd = random.Random(5)
    reports = []
    for _ in range(5000):
        prev = [(dt.date(2026, m, 1), rnd.randint(100, 1000)) for m in range(1, 11)]
        reports.append((dt.date(2026, 11, 1), int(prev[-1][1] * rnd.uniform(0.75, 1.05)), rnd.choice([0, 0, 0, 25]), prev))
    w, times, found = best(lambda: sum(len(evaluate(m, h, p, prev, m)) for m, h, p, prev in reports))
    print(f"3a. rules over 5,000 reports in memory: best {w:.3f} s ({found} findings)")

    ent = MonitoredEnterprise.objects.first()
    if ent is not None:
        with transaction.atomic():  # synthetic reports to make 5,000 (rolled back at the end)
            _alert_sweep(_top_up_reports(5000, rnd))
            transaction.set_rollback(True)
    return 0


def _top_up_reports(target: int, rnd) -> list:
    """Up to `target` stored reports: the city's, plus (when fewer) twelve months of synthetic
    reports from organisations not yet monitored (in the caller's transaction)."""
    from zhihui.employment.models import MonitoredEnterprise, MonthlyReport
    from zhihui.registry.models import Organisation

    have = MonthlyReport.objects.count()
    if have < target:
        orgs = list(Organisation.objects.filter(employment_monitoring__isnull=True)
                    .order_by("pk")[:-(-(target - have) // 12)])
        ents = MonitoredEnterprise.objects.bulk_create(
            [MonitoredEnterprise(organisation=o, kind="sample", since=dt.date(2025, 1, 1)) for o in orgs])
        reports = []
        for e in ents:
            head = rnd.randint(100, 1000)
            for m in range(12):
                head = max(10, int(head * rnd.uniform(0.8, 1.05)))
                reports.append(MonthlyReport(enterprise=e, month=dt.date(2025 + (m + 11) // 12, (m + 11) % 12 + 1, 1),
                                             headcount=head, hires=0, separations=0, vacancies=0,
                                             planned_layoffs=rnd.choice([0, 0, 0, 25]), channel="form"))
        MonthlyReport.objects.bulk_create(reports, batch_size=5000)
    return list(MonthlyReport.objects.order_by("-id")[:target])


def _alert_sweep(stored: list) -> None:
    from django.db import transaction

    from zhihui.employment import actions
    from zhihui.employment.models import Alert

    def db_path(fn):
        with transaction.atomic():
            Alert.objects.filter(report__in=stored).delete()  # every rule fires afresh
            raised = fn()
            transaction.set_rollback(True)  # measure, keep nothing
        return raised
    w0, times0, n0 = best(lambda: db_path(lambda: sum(len(_raise_alerts_per_report("bench", r)) for r in stored)))
    print(f"3b. alerts over {len(stored):,} stored reports, baseline (per report: history, organisation, wage arrears, "
          f"get_or_create): best {w0:.2f} s ({' · '.join(f'{t:.2f}' for t in times0)}), {n0} alerts")
    w, times, n = best(lambda: db_path(lambda: sum(len(v) for v in actions.raise_alerts_for("bench", stored).values())))
    print(f"3c. alerts over {len(stored):,} stored reports, batched (`actions.raise_alerts_for`): best {w:.2f} s "
          f"({' · '.join(f'{t:.2f}' for t in times)}), {n} alerts")


if __name__ == "__main__":
    sys.exit(main())
