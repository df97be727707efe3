"""Benchmark: every registry-derived plan indicator over a 1,000,000-resident city on PostgreSQL.

    python bench/bench_plan.py [--quick] [--residents N]

Uses its own database (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/zh_plan, and
zh_plan_quick for --quick). If the
registry there holds fewer residents than asked, the demo city is generated and loaded first
(`zhihui catalog load`, `zhihui demo generate --residents N --seed 1`, ~3.5 min for a million
on 2 cores). `--synthetic` instead fills the registry with a cruder city made in SQL
(generate_series: 37 % employed, ~20 % certificate holders), replacing what is there.

Measured: zhihui.plan.compute.compute_year(Y) — all 12 registry-derived indicators for one year
(2 aggregate queries) — for each year 2021–2025, and compute_years(2021–2025) — all of them for
the five years in the same 2 queries; best of 3.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


from _pg import ensure_database  # noqa: E402  (bench/ is the script directory)

FILL_SQL = """
TRUNCATE registry_certificate, registry_employmentrecord, registry_person RESTART IDENTITY CASCADE;
INSERT INTO registry_person (name, id_number_encrypted, id_number_hash, id_number_masked, sex, birth_date,
    phone, hukou_region, is_demo, created_at, updated_at)
SELECT 'p' || g, '\\x00'::bytea, md5(g::text), '419001********' || lpad((g % 10000)::text, 4, '0'),
       CASE WHEN g % 2 = 0 THEN 'M' ELSE 'F' END, DATE '1950-01-01' + ((g::bigint * 7919) % 25000)::int,
       '', '419001', true, now(), now()
FROM generate_series(1, %(n)s) g;
-- employed persons: 37 % of residents, some of whom left before a given year end
INSERT INTO registry_employmentrecord (person_id, form, post, frontline_professional, start_date, end_date, newly_introduced)
SELECT g, 'employee', 'other', false, DATE '2005-01-01' + ((g::bigint * 31) % 6500)::int,
       CASE WHEN g % 23 = 0 THEN DATE '2021-06-30' + (g % 1200) ELSE NULL END, false
FROM generate_series(1, %(n)s) g WHERE g % 100 < 37;
-- skill certificates: 13 % of residents hold one (levels spread over the five grades)
INSERT INTO registry_certificate (person_id, kind, skill_level, title_level, name, number, issuer, obtained_on)
SELECT g, (ARRAY['skill_level','vocational_qualification','special_operation','special_equipment','specialty_skill'])[1 + g % 5],
       (ARRAY['junior_worker','intermediate_worker','intermediate_worker','senior_worker','senior_worker','technician','senior_technician'])[1 + (g / 7) % 7],
       '', 'cert', '', '', DATE '2000-01-01' + ((g::bigint * 37) % 9490)::int
FROM generate_series(1, %(n)s) g WHERE g % 100 >= 20 AND g % 100 < 33;
-- a second certificate for some of them (person-times differ from persons)
INSERT INTO registry_certificate (person_id, kind, skill_level, title_level, name, number, issuer, obtained_on)
SELECT g, 'skill_level', 'senior_worker', '', 'cert2', '', '', DATE '2015-01-01' + ((g::bigint * 13) % 3900)::int
FROM generate_series(1, %(n)s) g WHERE g % 100 >= 20 AND g % 100 < 24;
-- professional titles: 2.5 %, a fifth of them senior
INSERT INTO registry_certificate (person_id, kind, skill_level, title_level, name, number, issuer, obtained_on)
SELECT g, 'professional_title', '', (ARRAY['junior','intermediate','intermediate','associate_senior','senior'])[1 + g % 5],
       'title', '', '', DATE '1995-01-01' + ((g::bigint * 11) % 11000)::int
FROM generate_series(1, %(n)s) g WHERE g % 1000 >= 500 AND g % 1000 < 525;
-- other certificate holders (to reach ~19万 holders)
INSERT INTO registry_certificate (person_id, kind, skill_level, title_level, name, number, issuer, obtained_on, valid_to)
SELECT g, 'special_equipment', '', '', 'op', '', '', DATE '2010-01-01' + (g % 5000),
       CASE WHEN g % 9 = 0 THEN DATE '2022-12-31' ELSE NULL END
FROM generate_series(1, %(n)s) g WHERE g % 100 >= 33 AND g % 100 < 39;
ANALYZE registry_person; ANALYZE registry_certificate; ANALYZE registry_employmentrecord;
"""


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="100,000 residents")
    ap.add_argument("--residents", type=int)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--synthetic", action="store_true", help="fill with the SQL-made city instead")
    args = ap.parse_args()
    n = args.residents or (100_000 if args.quick else 1_000_000)
    # the quick city lives in its own database so that it never replaces the million
    default_db = "zh_plan_quick" if args.quick else "zh_plan"
    os.environ.setdefault("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{default_db}")
    ensure_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, skip_checks=True)
    from zhihui.plan.compute import compute_year, compute_years, raw_counts
    from zhihui.registry.models import Certificate, EmploymentRecord, Person

    have = Person.objects.count()
    if args.synthetic and have != n:
        t = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(FILL_SQL.replace("%(n)s", str(int(n))))
        print(f"filled registry with {n:,} synthetic residents in {time.perf_counter() - t:.1f} s")
    elif have != n:
        from zhihui.cli import main as zhihui

        t = time.perf_counter()
        zhihui(["catalog", "load"])
        rc = zhihui(["demo", "generate", "--residents", str(n), "--seed", "1", "--force", "--no-progress"])
        if rc:
            return rc
        print(f"demo city of {n:,} residents generated and loaded in {time.perf_counter() - t:.1f} s")
        with connection.cursor() as cur:  # fresh planner statistics, as autovacuum would give
            for table in ("registry_person", "registry_certificate", "registry_employmentrecord"):
                cur.execute(f"ANALYZE {table}")
    print(
        f"residents {Person.objects.count():,}; certificates {Certificate.objects.count():,}; "
        f"employment records {EmploymentRecord.objects.count():,}"
    )
    print(f"PostgreSQL: {connection.cursor().connection.info.server_version}; "
          f"load average before: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    total_best = 0.0
    for year in range(2021, 2026):
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            values = compute_year(year)
            times.append(time.perf_counter() - t)
        best = min(times)
        total_best += best
        c = raw_counts(year)
        print(
            f"{year}: {best:.2f} s (best of {args.repeat}; runs {', '.join(f'{x:.2f}' for x in times)}) "
            f"skill={c['skill']:,} holders={c['holders']:,} employed={c['employed']:,} "
            f"T1-09={values['T1-09']}万 T1-15={values['T1-15']}%"
        )
    print(f"sum of the five single years: {total_best:.2f} s")
    times = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        compute_years(list(range(2021, 2026)))
        times.append(time.perf_counter() - t)
    print(f"all five years in one pass (compute_years): {min(times):.2f} s (best of {args.repeat}; "
          f"runs {', '.join(f'{x:.2f}' for x in times)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
