"""Benchmark: generate the demo city and bulk-load it (the target: 1,000,000 residents into
PostgreSQL in at most 5 minutes on the 2-core machine).

    python bench/bench_demo.py [--quick] [--residents N] [--seed S] [--no-sqlite]

PostgreSQL part: its own database (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/zh_demo_bench),
created and migrated if needed; the registry tables there are emptied first (TRUNCATE … CASCADE:
this database is the benchmark's own). Generation time (numpy/polars, no database) and load time
(encryption of identity numbers + COPY of every table, one transaction) are measured apart.
SQLite part (unless --no-sqlite): the `make run` default, 20,000 residents, into a fresh SQLite file
through `zhihui demo generate`, timed end to end (process start, catalogues excluded).
--quick: 100,000 residents on PostgreSQL.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zh_demo_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


from _pg import ensure_database  # noqa: E402  (bench/ is the script directory)


def bench_postgres(residents: int, seed: int) -> dict:
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from zhihui.registry import catalogues
    from zhihui.registry.demo import generate_city
    from zhihui.registry.demo.loader import TIMINGS, load_city
    from zhihui.registry.models import DemoCity

    call_command("migrate", interactive=False, verbosity=0, skip_checks=True)
    catalogues.load_all(verbose=False)
    with connection.cursor() as cur:
        cur.execute("TRUNCATE registry_person, registry_organisation, registry_democity CASCADE")

    t0 = time.perf_counter()
    city = generate_city(residents, seed)
    generate = time.perf_counter() - t0
    t1 = time.perf_counter()
    with transaction.atomic():
        rows = load_city(city, progress=sys.stderr.isatty())
        DemoCity.objects.create(seed=seed, residents=residents)
    load = time.perf_counter() - t1
    copy_s = dict(TIMINGS)
    crypto = rows.pop("_crypto_seconds")
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM registry_person WHERE is_demo")
        in_db = cur.fetchone()[0]
    total_rows = sum(rows.values())
    return {
        "residents": residents, "seed": seed, "generate_s": round(generate, 1), "load_s": round(load, 1),
        "crypto_s": crypto, "copy_s_per_table": copy_s,
        "commit_and_rest_s": round(load - crypto - sum(copy_s.values()), 1), "total_s": round(generate + load, 1), "rows": rows, "total_rows": total_rows,
        "rows_per_s": round(total_rows / load), "persons_in_db": in_db,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "generator_steps_s": {k: round(v, 2) for k, v in city.timings.items()},
    }


def bench_sqlite(residents: int = 20_000) -> dict:
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "ZHIHUI_VAR_DIR": tmp, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3"}
        subprocess.run([py, "manage.py", "migrate", "-v0", "--skip-checks"], cwd=ROOT, env=env, check=True)
        subprocess.run([py, "-m", "zhihui.cli", "catalog", "load"], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)
        t0 = time.perf_counter()
        out = subprocess.run([py, "-m", "zhihui.cli", "demo", "generate", "--residents", str(residents),
                              "--no-progress"], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
        first = time.perf_counter() - t0
        t1 = time.perf_counter()
        again = subprocess.run([py, "-m", "zhihui.cli", "demo", "generate", "--residents", str(residents),
                                "--no-progress"], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
        second = time.perf_counter() - t1
    return {"residents": residents, "first_run_s": round(first, 1), "second_run_s": round(second, 1),
            "output": out.stdout.strip().splitlines()[-1], "second_output": again.stdout.strip().splitlines()[-1]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="100,000 residents")
    parser.add_argument("--residents", type=int, default=None)
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    residents = args.residents or (100_000 if args.quick else 1_000_000)
    import json
    import platform

    print(f"machine: {platform.node()} {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    pg = bench_postgres(residents, args.seed)
    print("PostgreSQL:", json.dumps(pg, ensure_ascii=False, indent=1))
    ok = pg["total_s"] <= 300 or residents < 1_000_000
    print(f"1M-in-5-minutes target: {'met' if ok else 'MISSED'} ({pg['total_s']} s for {residents} residents)")
    if not args.no_sqlite:
        sq = bench_sqlite()
        print("SQLite (make run default):", json.dumps(sq, ensure_ascii=False, indent=1))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
