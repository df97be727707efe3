"""Monthly employment statistics at size (docs/performance.md, "## Employment").

    python bench/bench_employment_stats.py [--persons N] [--events-per-person K]

Own database (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/zh_employment_stats),
created and migrated if needed. Synthetic persons (minimal registry rows, 16 towns) and status
events are written with INSERT … SELECT generate_series (no demo generator: only the events
matter here), then `selectors.monthly_statistics(year)` — the statistics page's series — is timed,
best of 3. Target (issue 16): 1,000,000 residents / 10,000,000 events ≤ 5 s
(`--persons 1000000 --events-per-person 10`). Default: 100,000 persons × 10 events.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zh_employment_stats")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from _pg import ensure_database  # noqa: E402  (bench/ is the script directory)

KINDS = ["employed", "flexible", "self_employed", "registered_unemployed", "out_of_labour_force", "retired"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--persons", type=int, default=100_000)
    ap.add_argument("--events-per-person", type=int, default=10)
    ap.add_argument("--year", type=int, default=2025)
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

    from zhihui.employment import selectors
    from zhihui.employment.models import StatusEvent
    from zhihui.registry.models import Division, Person

    n, k = args.persons, args.events_per_person
    person, event, division = Person._meta.db_table, StatusEvent._meta.db_table, Division._meta.db_table
    with connection.cursor() as cur:
        cur.execute(f"SELECT COUNT(*) FROM {person} WHERE name LIKE 'bench%%'")
        have = cur.fetchone()[0]
        cur.execute(f"SELECT COUNT(*) FROM {event} e JOIN {person} p ON p.id = e.person_id WHERE p.name LIKE 'bench%%'")
        have_events = cur.fetchone()[0]
    if have != n or have_events != n * k:
        t = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {event} WHERE person_id IN (SELECT id FROM {person} WHERE name LIKE 'bench%%')")
            cur.execute(f"DELETE FROM {person} WHERE name LIKE 'bench%%'")
            for i in range(16):
                cur.execute(f"INSERT INTO {division} (code, name, valid_from, level, source) SELECT %s, %s, '2000-01-01', 'town', 'bench' "
                            f"WHERE NOT EXISTS (SELECT 1 FROM {division} WHERE code = %s)",
                            [f"4190019{i:02d}", f"基准镇{i}", f"4190019{i:02d}"])
            cur.execute(f"SELECT id FROM {division} WHERE code LIKE '4190019%%' ORDER BY code")
            towns = [r[0] for r in cur.fetchall()]
            cur.execute(
                f"INSERT INTO {person} (name, id_number_encrypted, id_number_hash, id_number_masked, sex, birth_date, "
                f"phone, hukou_region, residence_id, is_demo, created_at, updated_at) "
                f"SELECT 'bench' || g, '\\x00'::bytea, md5('bench' || g), '4190**********' || lpad((g %% 10000)::text, 4, '0'), "
                f"CASE WHEN g %% 2 = 0 THEN 'M' ELSE 'F' END, DATE '1960-01-01' + (g %% 15000), '', '', "
                f"(ARRAY{towns})[1 + g %% 16], false, now(), now() FROM generate_series(1, %s) g", [n])
            cur.execute(
                f"INSERT INTO {event} (person_id, kind, effective_on, employer_name, contract_type, unemployment_reason, "
                f"urban, rural_transfer, note, channel, recorded_at) "
                f"SELECT p.id, (ARRAY{KINDS})[1 + floor(random() * 6)::int], "
                f"DATE '2016-01-01' + floor(random() * 3650)::int, '', '', '', random() < 0.6, false, '', 'import', now() "
                f"FROM {person} p CROSS JOIN generate_series(1, %s) WHERE p.name LIKE 'bench%%'", [k])
            cur.execute(f"ANALYZE {event}")
            cur.execute(f"ANALYZE {person}")
        print(f"wrote {n:,} persons and {n * k:,} events in {time.perf_counter() - t:.1f} s")
    times = []
    for _ in range(3):
        t = time.perf_counter()
        stats = selectors.monthly_statistics(args.year)
        times.append(time.perf_counter() - t)
    print(f"monthly_statistics({args.year}) over {n * k:,} events: best {min(times):.2f} s "
          f"({', '.join(f'{x:.2f}' for x in times)}); registered unemployed at year end "
          f"{stats['registered_unemployed'][-1]:,}, new urban entries {stats['new_urban_cumulative'][-1]:,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
