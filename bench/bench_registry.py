"""Benchmark: person search and look-up on PostgreSQL, at the size of Jiyuan.

    python bench/bench_registry.py [--quick] [--residents N]

Uses its own database (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/zh_registry).
Fills registry_person with N synthetic residents (valid identity numbers, encrypted, hashed and
masked exactly as zhihui.registry.actions does, but bulk-inserted), then measures, best of 5:

- look-up by full number (keyed hash, unique index)     selectors.person_by_id_number
- search by masked number as shown (prefix + suffix)     selectors.search_persons("419001********123X")
- search by last four (expression index RIGHT(masked, 4)) selectors.search_persons("123X")
- search by name (from its first character)              selectors.search_persons("王建")
- the first page of each search (20 rows, count + rows) as the person-search page runs it
- create_person through the action (validation, encryption, audit row), per person

--quick: 20,000 residents; default 730,000 (Jiyuan's population). A second run with the same
N reuses the residents already in the database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zh_registry")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

SURNAMES = "王李张刘陈杨赵郭孙马周吴朱徐胡高宋卫原苗翟段"
GIVEN = "建国伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


from _pg import ensure_database  # noqa: E402  (bench/ is the script directory)


def numbers(n: int, rng: random.Random) -> list[str]:
    from stdnum.iso7064 import mod_11_2

    out, seen = [], set()
    start = dt.date(1940, 1, 1).toordinal()
    while len(out) < n:
        birth = dt.date.fromordinal(start + rng.randrange(365 * 80)).strftime("%Y%m%d")
        body = f"419001{birth}{rng.randrange(1000):03d}"
        if body in seen:
            continue
        seen.add(body)
        out.append(body + mod_11_2.calc_check_digit(body))
    return out


def fill(n: int) -> list[str]:
    from zhihui.core import crypto
    from zhihui.registry.ids import mask_id_number
    from zhihui.registry.models import Person

    rng = random.Random(7)
    ids = numbers(n, rng)
    Person.objects.all().delete()
    batch = 5000
    for i in range(0, n, batch):
        chunk = ids[i : i + batch]
        enc, hashes = crypto.encrypt_many(chunk), crypto.lookup_hash_many(chunk)
        Person.objects.bulk_create(
            [
                Person(
                    name=rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))),
                    id_number_encrypted=e, id_number_hash=h, id_number_masked=mask_id_number(num),
                    sex="M" if int(num[16]) % 2 else "F",
                    birth_date=dt.date(int(num[6:10]), int(num[10:12]), int(num[12:14])), is_demo=True,
                )
                for num, e, h in zip(chunk, enc, hashes, strict=True)
            ]
        )
    return ids


def best(fn, repeat=5) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--residents", type=int)
    args = parser.parse_args()
    n = args.residents or (20_000 if args.quick else 730_000)
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from zhihui.core import crypto
    from zhihui.registry import actions, catalogues, selectors
    from zhihui.registry.models import Person

    catalogues.load_all(only=["divisions"])
    t = time.perf_counter()
    Person.objects.filter(is_demo=False).delete()  # what an earlier run's create_person step left
    if Person.objects.count() == n:
        fill_s = None  # reuse the residents of an earlier run
    else:
        fill(n)
        fill_s = time.perf_counter() - t
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("ANALYZE registry_person")
    probe = crypto.decrypt(Person.objects.order_by("id")[n // 2].id_number_encrypted)
    masked = probe[:6] + "********" + probe[14:]

    def page(q):
        qs = selectors.search_persons(q)
        qs.count()
        list(qs[:20])

    rows = [
        ("look-up by full number (hash)", lambda: selectors.person_by_id_number(probe)),
        ("search page, masked number", lambda: page(masked)),
        ("search page, last four", lambda: page(probe[-4:])),
        ("search page, name (prefix)", lambda: page("王建")),
    ]
    filled = f"bulk fill {fill_s:.1f} s" if fill_s is not None else "reused"
    print(f"residents: {n:,} ({filled}); database {connection.vendor}")
    for label, fn in rows:
        print(f"  {label:<34} {best(fn) * 1000:8.2f} ms")
    k = 200 if not args.quick else 50
    from stdnum.iso7064 import mod_11_2

    t = time.perf_counter()
    for i in range(k):
        body = f"41900120240101{i:03d}"  # born after the synthetic residents: no collision
        actions.create_person("bench", name="基准", id_number=body + mod_11_2.calc_check_digit(body))
    per = (time.perf_counter() - t) / k
    print(f"  {'create_person (action, audited)':<34} {per * 1000:8.2f} ms per person")
    return 0


if __name__ == "__main__":
    sys.exit(main())
