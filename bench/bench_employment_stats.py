"""Monthly employment statistics at size (docs/performance.md, "## Employment").

    python bench/bench_employment_stats.py [--persons N] [--events-per-person K] [--baseline] [--explain]

Own database (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/zh_employment_stats),
created and migrated if needed. Synthetic persons (minimal registry rows, 16 towns) and status
events are written with `INSERT … SELECT generate_series` (no demo generator: only the events
matter here). The events' chain (zhihui.employment.chain: active, valid_until,
enters_employment) is computed in the same statement with the chain's definition (window
functions), then checked against the product's own `chain.repair` on a sample of persons (must
change nothing). Then `selectors.monthly_statistics(year)` — the statistics page's series — is
timed, best of 3, and with --baseline the previous version (two window-function queries over the
whole history, kept below) is timed once in the same process and its series compared.
Target (issue 16): 1,000,000 residents / 10,000,000 events ≤ 5 s
(`--persons 1000000 --events-per-person 10`). Default: 100,000 persons × 10 events.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zh_employment_stats")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from _pg import ensure_database  # noqa: E402  (bench/ is the script directory)

KINDS = ["employed", "flexible", "self_employed", "registered_unemployed", "out_of_labour_force", "retired"]


def baseline_statistics(year: int) -> dict:
    """The previous `monthly_statistics` (until 2026-12-07): the chain re-derived from every
    event up to the year's end with LEAD/LAG, in two queries. Kept as the baseline."""
    from django.db import connection

    from zhihui.employment.enums import EMPLOYED_KINDS, StatusKind
    from zhihui.employment.models import StatusEvent
    from zhihui.employment.selectors import _month_ends
    from zhihui.registry.models import Person

    e = StatusEvent._meta.db_table

    def status_sql(select, where):
        return f"""
            WITH ev AS (
                SELECT e.person_id, e.kind, e.effective_on, e.urban,
                       LEAD(e.effective_on) OVER (PARTITION BY e.person_id ORDER BY e.effective_on, e.id) AS next_on,
                       LAG(e.kind) OVER (PARTITION BY e.person_id ORDER BY e.effective_on, e.id) AS prev_kind
                FROM {e} e
                WHERE e.effective_on <= %s
                  AND NOT EXISTS (SELECT 1 FROM {e} c WHERE c.corrects_id = e.id AND c.corrects_id IS NOT NULL)
            )
            {select} {where}"""

    ends = _month_ends(year)
    start, end = dt.date(year, 1, 1), ends[-1]
    person, division = Person._meta.db_table, Person._meta.get_field("residence").related_model._meta.db_table
    employed = tuple(str(k) for k in EMPLOYED_KINDS)
    marks = ", ".join(["%s"] * len(employed))
    unemployed, new_urban, by_town = [0] * 12, [0] * 12, defaultdict(int)
    sums = ", ".join(["SUM(CASE WHEN ev.effective_on <= %s AND (ev.next_on IS NULL OR ev.next_on > %s) "
                      "THEN 1 ELSE 0 END)"] * 12)
    with connection.cursor() as cur:
        cur.execute(status_sql(
            f"SELECT d.name, {sums} FROM ev JOIN {person} p ON p.id = ev.person_id "
            f"LEFT JOIN {division} d ON d.id = p.residence_id",
            "WHERE ev.kind = %s AND (ev.next_on IS NULL OR ev.next_on > %s) GROUP BY d.name"),
            [end, *(d for day in ends for d in (day, day)), str(StatusKind.REGISTERED_UNEMPLOYED), ends[0]])
        for name, *months in cur.fetchall():
            for k, n in enumerate(months):
                unemployed[k] += n or 0
            if months[-1]:
                by_town[name or "—"] += months[-1]
        cur.execute(status_sql(
            "SELECT first_on FROM (SELECT ev.person_id, MIN(ev.effective_on) AS first_on FROM ev",
            f"WHERE ev.effective_on >= %s AND ev.urban AND ev.kind IN ({marks}) "
            f"AND (ev.prev_kind IS NULL OR ev.prev_kind NOT IN ({marks})) GROUP BY ev.person_id) firsts"),
            [end, start, *employed, *employed])
        for (day,) in cur.fetchall():
            new_urban[int(str(day)[5:7]) - 1] += 1
    cumulative, total = [], 0
    for n in new_urban:
        total += n
        cumulative.append(total)
    return {"registered_unemployed": unemployed, "new_urban_cumulative": cumulative, "by_town": dict(sorted(by_town.items()))}


def write_rows(n: int, k: int) -> None:
    from django.db import connection

    from zhihui.employment.enums import EMPLOYED_KINDS
    from zhihui.employment.models import StatusEvent
    from zhihui.registry.models import Division, Person

    person, event, division = Person._meta.db_table, StatusEvent._meta.db_table, Division._meta.db_table
    employed = ", ".join(f"'{k}'" for k in sorted(str(x) for x in EMPLOYED_KINDS))
    with connection.cursor() as cur:
        cur.execute("SET synchronous_commit = off")
        cur.execute("SET work_mem = '256MB'")
        cur.execute(f"DELETE FROM {event} WHERE person_id IN (SELECT id FROM {person} WHERE name LIKE 'bench%%')")
        cur.execute(f"DELETE FROM {person} WHERE name LIKE 'bench%%'")
        for i in range(16):
            cur.execute(f"INSERT INTO {division} (code, name, valid_from, level, source) SELECT %s, %s, '2000-01-01', 'town', 'bench' "
                        f"WHERE NOT EXISTS (SELECT 1 FROM {division} WHERE code = %s)",
                        [f"4190019{i:02d}", f"基准镇{i}", f"4190019{i:02d}"])
        cur.execute(f"SELECT id FROM {division} WHERE code LIKE '4190019%%' ORDER BY code")
        towns = [r[0] for r in cur.fetchall()]
        t = time.perf_counter()
        cur.execute(
            f"INSERT INTO {person} (name, id_number_encrypted, id_number_hash, id_number_masked, sex, birth_date, "
            f"phone, hukou_region, residence_id, is_demo, created_at, updated_at) "
            f"SELECT 'bench' || g, '\\x00'::bytea, md5('bench' || g), '4190**********' || lpad((g %% 10000)::text, 4, '0'), "
            f"CASE WHEN g %% 2 = 0 THEN 'M' ELSE 'F' END, DATE '1960-01-01' + (g %% 15000), '', '', "
            f"(ARRAY{towns})[1 + g %% 16], false, now(), now() FROM generate_series(1, %s) g", [n])
        print(f"  persons: {time.perf_counter() - t:.1f} s", flush=True)
        t = time.perf_counter()
        # random kinds and days over 2016–2025; rows inserted in (person, day) order so that ids
        # follow it, and the chain computed with the chain's definition (no corrections here)
        cur.execute(
            f"INSERT INTO {event} (person_id, kind, effective_on, employer_name, contract_type, unemployment_reason, "
            f"urban, rural_transfer, note, channel, recorded_at, active, valid_until, enters_employment) "
            f"SELECT person_id, kind, day, '', '', '', urban, false, '', 'import', now(), true, "
            f"LEAD(day) OVER w, kind IN ({employed}) AND COALESCE(LAG(kind) OVER w, '') NOT IN ({employed}) "
            f"FROM (SELECT p.id AS person_id, (ARRAY{KINDS})[1 + floor(random() * 6)::int] AS kind, "
            f"      DATE '2016-01-01' + floor(random() * 3650)::int AS day, random() < 0.6 AS urban, g "
            f"      FROM {person} p CROSS JOIN generate_series(1, %s) g WHERE p.name LIKE 'bench%%') s "
            f"WINDOW w AS (PARTITION BY person_id ORDER BY day, g) ORDER BY person_id, day, g", [k])
        print(f"  events: {time.perf_counter() - t:.1f} s", flush=True)
        t = time.perf_counter()
        cur.execute(f"VACUUM ANALYZE {event}")
        cur.execute(f"VACUUM ANALYZE {person}")
        print(f"  vacuum analyze: {time.perf_counter() - t:.1f} s", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--persons", type=int, default=100_000)
    ap.add_argument("--events-per-person", type=int, default=10)
    ap.add_argument("--year", type=int, default=2025)
    ap.add_argument("--baseline", action="store_true", help="also time the previous version once and compare")
    ap.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of the statement")
    args = ap.parse_args()
    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        print("this benchmark measures PostgreSQL: set DATABASE_URL=postgres://…", file=sys.stderr)
        return 2
    ensure_database(url)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, check=True)
    import django

    django.setup()
    from django.db import connection

    from zhihui.employment import chain, selectors
    from zhihui.employment.models import StatusEvent
    from zhihui.registry.models import Person

    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs; "
          f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; load {os.getloadavg()}", flush=True)
    n, k = args.persons, args.events_per_person
    have = Person.objects.filter(name__startswith="bench").count()
    have_events = StatusEvent.objects.filter(person__name__startswith="bench").count()
    if have != n or have_events != n * k:
        print(f"writing {n:,} persons and {n * k:,} events …", flush=True)
        t = time.perf_counter()
        write_rows(n, k)
        print(f"wrote them in {time.perf_counter() - t:.1f} s", flush=True)
    sample = list(Person.objects.filter(name__startswith="bench").order_by("id").values_list("id", flat=True)[:2000])
    t = time.perf_counter()
    drift = chain.repair(sample)
    print(f"chain.repair on {len(sample):,} persons: {drift} events changed ({time.perf_counter() - t:.2f} s)")
    if drift:
        print("the generated chain disagrees with the product's", file=sys.stderr)
        return 1
    one = []
    for pid in sample[:50]:
        t = time.perf_counter()
        chain.rechain([pid])
        one.append(time.perf_counter() - t)
    one.sort()
    print(f"write-side cost: chain.rechain of one person (as every event written does) median "
          f"{one[len(one) // 2] * 1000:.1f} ms, max {one[-1] * 1000:.1f} ms over 50 persons")
    if args.explain:
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as q:
            selectors.monthly_statistics(args.year)
        sql = next(x["sql"] for x in q.captured_queries if "UNION ALL" in x["sql"])
        with connection.cursor() as cur:
            cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            print("\n".join(r[0] for r in cur.fetchall()))
    times = []
    for _ in range(3):
        t = time.perf_counter()
        stats = selectors.monthly_statistics(args.year)
        times.append(time.perf_counter() - t)
    print(f"monthly_statistics({args.year}) over {n * k:,} events: best {min(times):.2f} s "
          f"({', '.join(f'{x:.2f}' for x in times)}); registered unemployed at year end "
          f"{stats['registered_unemployed'][-1]:,}, new urban entries {stats['new_urban_cumulative'][-1]:,}; "
          f"load {os.getloadavg()}", flush=True)
    if args.baseline:
        t = time.perf_counter()
        old = baseline_statistics(args.year)
        print(f"baseline (window functions over the whole history): {time.perf_counter() - t:.2f} s; load {os.getloadavg()}")
        same = all(old[key] == stats[key] for key in old)
        print("series equal to the baseline's" if same else "SERIES DIFFER from the baseline's")
        if not same:
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
