"""Benchmark: the 免申即享 sweep over the whole registry (target: 1,000,000 residents on
PostgreSQL in at most 60 s, reads and writes included).

    python bench/bench_sweep.py [--quick] [--residents N] [--seed S] [--as-of DATE] [--keep-offers]

Uses its own database (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/zh_benefits),
created and migrated if needed, catalogues loaded, and the demo city of N residents generated
into it with `zhihui demo generate` unless a demo city of that size is already there.
Then, timed:
  1. cold sweep: the offers table emptied first (unless --keep-offers), every offer is new;
  2. warm sweep on the same data: must create, update and withdraw nothing (idempotency).
--quick: 100,000 residents.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zh_benefits")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


from _pg import ensure_database  # noqa: E402  (bench/ is the script directory)


def zhihui(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "zhihui.cli", *args], cwd=ROOT, check=True)


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--quick", action="store_true", help="100,000 residents")
    ap.add_argument("--residents", type=int, default=None)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--as-of", default="2025-06-30")
    ap.add_argument(
        "--keep-offers", action="store_true", help="do not empty the offers table first"
    )
    args = ap.parse_args()
    residents = args.residents or (100_000 if args.quick else 1_000_000)
    as_of = dt.date.fromisoformat(args.as_of)
    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        print("bench_sweep measures PostgreSQL: set DATABASE_URL=postgres://…", file=sys.stderr)
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
        zhihui(
            "demo",
            "generate",
            "--residents",
            str(residents),
            "--seed",
            str(args.seed),
            "--force",
            "--no-progress",
        )

    from zhihui.benefits.models import BenefitOffer
    from zhihui.benefits.sweep import run_sweep

    if not args.keep_offers:
        with connection.cursor() as cur:
            cur.execute(f'TRUNCATE "{BenefitOffer._meta.db_table}" RESTART IDENTITY')
    n_persons = Person.objects.count()
    print(
        f"registry: {n_persons} persons; PostgreSQL {connection.cursor().connection.info.server_version}"
    )

    rows = []
    for label in ("cold (all new)", "warm (same data)"):
        t = time.perf_counter()
        stats = run_sweep(as_of)
        wall = time.perf_counter() - t
        rows.append((label, wall, stats))
        print(
            f"{label:<18} {wall:6.1f} s  (read+profiles {stats.read_seconds:5.1f} s, engine {stats.screen_seconds:5.1f} s, "
            f"offers read+write {stats.write_seconds:5.1f} s)  created {stats.created} updated {stats.updated} "
            f"withdrawn {stats.withdrawn} unchanged {stats.unchanged}",
            flush=True,
        )
    warm = rows[1][2]
    ok = warm.created == warm.updated == warm.withdrawn == warm.reoffered == 0
    print(f"offers stored: {BenefitOffer.objects.count()}; by benefit: {rows[0][2].by_benefit}")
    print(f"idempotent second run: {'yes' if ok else 'NO'}")
    worst = max(r[1] for r in rows)
    target = 60.0 * n_persons / 1_000_000
    print(
        f"target ≤ {target:.0f} s for {n_persons} residents: {'met' if worst <= target else 'NOT met'} (worst {worst:.1f} s)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
