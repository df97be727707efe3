"""Benchmark: the one window's list pages with 100,000 applications on PostgreSQL.

    python bench/bench_window.py [--quick] [--applications N] [--rounds R]

Uses its own database (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/zh_window_bench),
migrated on first use. If it holds fewer applications than asked, it is refilled in SQL
(generate_series): 20,000 persons, N applications spread over every service and status,
accepted ones with due dates around today (so the overdue and due-soon lists are not empty).

Measured: the full HTML response of each list page (Django test client, logged-in clerk or
reviewer: session, permission, the rows' query, the COUNT, the template), R rounds each after
one warm-up; p50 / p95 / max in milliseconds. Target: p95 ≤ 200 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zh_window_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ZHIHUI_SMS_BACKEND", "locmem")


from _pg import ensure_database  # noqa: E402  (bench/ is the script directory)

FILL_SQL = """
TRUNCATE window_message, window_transition, window_correctionpause, window_attachment,
         window_paymentinstruction, window_quotause, window_quotaoverride, window_selection,
         window_poolpost, window_application RESTART IDENTITY CASCADE;
DELETE FROM registry_person WHERE is_demo AND name LIKE 'bench%%';
INSERT INTO registry_person (name, id_number_encrypted, id_number_hash, id_number_masked, sex, birth_date,
    phone, hukou_region, is_demo, created_at, updated_at)
SELECT 'bench' || g, '\\x00'::bytea, 'bench' || md5(g::text), '419001********' || lpad((g %% 10000)::text, 4, '0'),
       'M', DATE '1990-01-01', '', '419001', true, now(), now()
FROM generate_series(1, 20000) g;
WITH svc AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM window_service WHERE applicant_kind = 'person'),
     nsvc AS (SELECT count(*) AS n FROM svc),
     ppl AS (SELECT min(id) AS lo FROM registry_person WHERE name LIKE 'bench%%'),
     st AS (SELECT ARRAY['submitted','accepted','accepted','reviewed','correction','approved','scheduled',
                         'paid','refused','withdrawn'] AS a)
INSERT INTO window_application (number, service_id, person_id, subject_key, period, status, channel, facts, note,
    submitted_by_id, submitted_at, accepted_on, time_limit_days, due_date, correction_items,
    status_before_correction, engine_status, engine_total, engine_result, rule_version, decision_reason,
    outcome, offer_ref, idempotency_key)
SELECT 'SQB' || lpad(g::text, 9, '0'),
       (SELECT id FROM svc WHERE k = g %% (SELECT n FROM nsvc)),
       (SELECT lo FROM ppl) + (g %% 20000),
       'p:' || ((SELECT lo FROM ppl) + (g %% 20000)),
       g::text,                                   -- distinct periods: no uniqueness clash
       (SELECT a[1 + g %% 10] FROM st),
       'online', '{}'::jsonb, '', %(user)s,
       now() - make_interval(mins => g),
       CURRENT_DATE - (g %% 40),
       20,
       CURRENT_DATE - 10 + (g %% 40),
       '[]'::jsonb, '', 'eligible', 20000, '{}'::jsonb, 'jiyuan@bench', '', '{}'::jsonb, '', NULL
FROM generate_series(1, %(n)s) g;
ANALYZE registry_person;
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="10,000 applications, 10 rounds")
    ap.add_argument("--applications", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=30)
    args = ap.parse_args()
    n = 10_000 if args.quick else args.applications
    rounds = 10 if args.quick else args.rounds

    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    from zhihui.core.models import User
    from zhihui.core.roles import Role
    from zhihui.window.models import Application

    clerk, _ = User.objects.get_or_create(username="bench_clerk", defaults={"role": Role.CLERK})
    reviewer, _ = User.objects.get_or_create(username="bench_reviewer", defaults={"role": Role.REVIEWER})
    have = Application.objects.count()
    if have != n:
        t0 = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(FILL_SQL, {"n": n, "user": clerk.pk})
            # as autovacuum would soon: the visibility map lets COUNT(*) use index-only scans
            cur.execute("VACUUM ANALYZE window_application")
        print(f"filled {n:,} applications in {time.perf_counter() - t0:.1f} s")
    else:
        print(f"reusing {have:,} applications")

    c_clerk, c_rev = Client(), Client()
    c_clerk.force_login(clerk, backend="zhihui.core.auth.LockoutModelBackend")
    c_rev.force_login(reviewer, backend="zhihui.core.auth.LockoutModelBackend")
    some = Application.objects.order_by("-id").values_list("number", flat=True)[n // 2]
    pages = [
        ("desk, all, page 1", c_clerk, "/window/desk/"),
        ("desk, all, page 500 (htmx)", c_clerk, "/window/desk/?tab=all&page=500"),
        ("desk, status=accepted", c_clerk, "/window/desk/?status=accepted"),
        ("desk, one service", c_clerk, "/window/desk/?service=graduate_living"),
        ("desk, search by number", c_clerk, f"/window/desk/?q={some}"),
        ("desk, overdue", c_clerk, "/window/desk/?tab=overdue"),
        ("desk, due soon", c_clerk, "/window/desk/?tab=due_soon"),
        ("reviewer queue (mine + unassigned)", c_rev, "/window/queue/"),
    ]
    print(f"{'page':36} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'queries':>8}")
    worst = 0.0
    for label, client, url in pages:
        headers = {"HTTP_HX_REQUEST": "true"} if "htmx" in label else {}
        client.get(url, **headers)  # warm-up
        times = []
        for _ in range(rounds):
            t0 = time.perf_counter()
            r = client.get(url, **headers)
            times.append((time.perf_counter() - t0) * 1000)
            assert r.status_code == 200, (url, r.status_code)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url, **headers)
        times.sort()
        p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
        worst = max(worst, p95)
        print(f"{label:36} {statistics.median(times):8.1f} {p95:8.1f} {times[-1]:8.1f} {len(ctx.captured_queries):8d}")
    print(f"worst p95: {worst:.1f} ms (target ≤ 200 ms) with {n:,} applications, {rounds} rounds")
    return 0 if worst <= 200 else 1


if __name__ == "__main__":
    sys.exit(main())
