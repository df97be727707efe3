"""Skills statistics at size (docs/performance.md, "## Skills statistics"; issue 19).

    python bench/bench_skills_stats.py [--residents N] [--quick]

Own database (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/zh_h19_bench; `--quick`
uses zh_h19_bench_quick), created and migrated if needed. Synthetic rows are written with
INSERT … SELECT generate_series (no demo generator), scaled on N residents:

- N persons in 16 towns; 2·N certificates (the six registry kinds, five levels, 2000–2026);
  0.6·N employment records (60 % current, monthly wages 2,500–9,000);
- 300 providers × 3 programmes, 0.012·N sessions (2021–2026), 0.3·N real-name enrolments
  (85 % completed), a voucher on every third enrolment (a quarter of them rural labour).

Timed, best of 3: the statistics page's work for one year (`year_figures`, `by_occupation`,
`by_town`, `chart` over 2021…this year), Table 1's skill rows (`indicators.compute_years`
2021–2025), and the public providers' results (`selectors.provider_results`). Baseline in the
same process: the per-trainee certificate lookups the statistics used before (one query per
completed trainee) for the same year. Target (issue 19): 1,000,000 residents and 2,000,000
certificates, the statistics ≤ 5 s. Default N = 1,000,000; `--quick` N = 100,000.
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

KINDS = ["skill_level", "vocational_qualification", "special_operation", "special_equipment", "specialty_skill",
         "professional_title"]
LEVELS = ["junior_worker", "intermediate_worker", "senior_worker", "technician", "senior_technician"]
FUNDING = ["skill_account", "employment_fund", "enterprise", "skill_account", "employment_fund"]
GROUPS = ["rural", "key_group", "unemployed", "small_firm"]


def best(fn, runs=3):
    times, out = [], None
    for _ in range(runs):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), times, out


def generate(n: int) -> None:
    from django.db import connection

    from zhihui.registry.models import (
        Certificate,
        Division,
        EmploymentRecord,
        Occupation,
        Organisation,
        Person,
    )
    from zhihui.skills.models import Enrolment, Programme, Provider, Session, Voucher
    from zhihui.window.models import Budget

    t = {m: m._meta.db_table for m in (Certificate, Division, EmploymentRecord, Occupation, Organisation, Person,
                                       Enrolment, Programme, Provider, Session, Voucher, Budget)}
    sessions, enrolments = max(100, n * 12 // 1000), n * 3 // 10
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        for stmt in (f"DELETE FROM {t[Voucher]} WHERE number LIKE 'BV%%'",
                     f"DELETE FROM {t[Enrolment]} WHERE session_id IN (SELECT id FROM {t[Session]} WHERE number LIKE 'BS%%')",
                     f"DELETE FROM {t[Session]} WHERE number LIKE 'BS%%'",
                     f"DELETE FROM {t[Programme]} WHERE code LIKE 'BP%%'",
                     f"DELETE FROM {t[Provider]} WHERE organisation_id IN (SELECT id FROM {t[Organisation]} WHERE uscc LIKE 'BENCH%%')",
                     f"DELETE FROM {t[Certificate]} WHERE person_id IN (SELECT id FROM {t[Person]} WHERE name LIKE 'bench%%')",
                     f"DELETE FROM {t[EmploymentRecord]} WHERE person_id IN (SELECT id FROM {t[Person]} WHERE name LIKE 'bench%%')",
                     f"DELETE FROM {t[Person]} WHERE name LIKE 'bench%%'",
                     f"DELETE FROM {t[Organisation]} WHERE uscc LIKE 'BENCH%%'",
                     f"DELETE FROM {t[Budget]} WHERE line = 'bench_voucher'"):
            cur.execute(stmt)
        for i in range(16):
            cur.execute(f"INSERT INTO {t[Division]} (code, name, valid_from, level, source) SELECT %s, %s, '2000-01-01', 'town', 'bench' "
                        f"WHERE NOT EXISTS (SELECT 1 FROM {t[Division]} WHERE code = %s)", [f"4190019{i:02d}", f"基准镇{i}", f"4190019{i:02d}"])
        cur.execute(f"SELECT id FROM {t[Division]} WHERE code LIKE '4190019%%' ORDER BY code")
        towns = [r[0] for r in cur.fetchall()]
        cur.execute(f"SELECT id FROM {t[Occupation]} ORDER BY id LIMIT 40")
        occupations = [r[0] for r in cur.fetchall()] or [None]
        occ = "NULL" if occupations == [None] else f"(ARRAY{occupations})[1 + g % {len(occupations)}]"
        cur.execute(
            f"INSERT INTO {t[Person]} (name, id_number_encrypted, id_number_hash, id_number_masked, sex, birth_date, phone, "
            f"hukou_region, residence_id, is_demo, created_at, updated_at) "
            f"SELECT 'bench' || g, '\\x00'::bytea, md5('bench' || g), '4190**********' || lpad((g %% 10000)::text, 4, '0'), "
            f"CASE WHEN g %% 2 = 0 THEN 'M' ELSE 'F' END, DATE '1960-01-01' + (g %% 15000), '', '', "
            f"(ARRAY{towns})[1 + g %% 16], false, now(), now() FROM generate_series(1, %s) g", [n])
        cur.execute(f"SELECT min(id) FROM {t[Person]} WHERE name LIKE 'bench%%'")
        p0 = cur.fetchone()[0]
        cur.execute(
            f"INSERT INTO {t[Certificate]} (person_id, kind, skill_level, title_level, name, occupation_id, number, issuer, obtained_on, valid_to) "
            f"SELECT {p0} + (g::bigint * 7927) %% {n}, (ARRAY{KINDS})[1 + g %% 6], "
            f"CASE WHEN g %% 6 = 5 THEN '' ELSE (ARRAY{LEVELS})[1 + (g / 7) %% 5] END, CASE WHEN g %% 6 = 5 THEN 'intermediate' ELSE '' END, "
            f"'基准证书', NULL, 'BC' || g, '基准评价机构', DATE '2000-01-01' + (g * 37) %% 9860, "
            f"CASE WHEN g %% 5 = 0 THEN DATE '2000-01-01' + (g * 37) %% 9860 + 2190 END FROM generate_series(1, %s) g", [2 * n])
        cur.execute(
            f"INSERT INTO {t[EmploymentRecord]} (person_id, organisation_id, form, occupation_id, post, frontline_professional, start_date, "
            f"end_date, contract_years, newly_introduced, monthly_wage) "
            f"SELECT {p0} + (g::bigint * 104729) %% {n}, NULL, 'employee', NULL, 'other', false, DATE '2010-01-01' + (g * 13) %% 6200, "
            f"CASE WHEN g %% 5 < 2 THEN DATE '2010-01-01' + (g * 13) %% 6200 + 400 + g %% 900 END, NULL, false, "
            f"2500 + (g * 31) %% 6500 FROM generate_series(1, %s) g", [n * 6 // 10])
        cur.execute(f"INSERT INTO {t[Organisation]} (name, uscc, kind, industry_chain, size_class, address, is_key_enterprise, "
                    f"is_above_designated_size, is_high_tech, created_at, updated_at) "
                    f"SELECT '基准培训学校' || g, 'BENCH' || lpad(g::text, 13, '0'), 'enterprise', '', '', '', false, false, false, now(), now() "
                    f"FROM generate_series(1, 300) g")
        cur.execute(f"INSERT INTO {t[Provider]} (organisation_id, kind, site, teachers, approved_on, active, created_at) "
                    f"SELECT id, 'social', '', 5, DATE '2020-01-01', true, now() FROM {t[Organisation]} WHERE uscc LIKE 'BENCH%%'")
        cur.execute(f"INSERT INTO {t[Programme]} (provider_id, code, name, occupation_id, level, hours, price_cap, subsidy, capacity, active) "
                    f"SELECT p.id, 'BP' || p.id || '-' || g, '基准项目' || g, {occ.replace('g %', '(p.id + g) %')}, "
                    f"(ARRAY{LEVELS})[1 + g % 5], 80, 2000, 1200, 60, true "
                    f"FROM {t[Provider]} p JOIN {t[Organisation]} o ON o.id = p.organisation_id CROSS JOIN generate_series(1, 3) g "
                    f"WHERE o.uscc LIKE 'BENCH%%'")
        cur.execute(f"SELECT array_agg(id ORDER BY id) FROM {t[Programme]} WHERE code LIKE 'BP%%'")
        programmes = cur.fetchone()[0]
        cur.execute(f"INSERT INTO {t[Session]} (number, programme_id, starts_on, ends_on, day_start, day_end, teacher, funding, status, "
                    f"checkin_token, completed_on, created_at) "
                    f"SELECT 'BS' || g, (ARRAY{programmes})[1 + g %% {len(programmes)}], DATE '2021-01-04' + (g * 11) %% 2150, "
                    f"DATE '2021-01-04' + (g * 11) %% 2150 + 9, '08:30', '17:00', '', (ARRAY{FUNDING})[1 + g %% 5], 'completed', "
                    f"md5('BS' || g), DATE '2021-01-04' + (g * 11) %% 2150 + 9, now() FROM generate_series(1, %s) g", [sessions])
        cur.execute(f"SELECT min(id) FROM {t[Session]} WHERE number LIKE 'BS%%'")
        s0 = cur.fetchone()[0]
        cur.execute(f"INSERT INTO {t[Enrolment]} (session_id, person_id, enrolled_at, completed, days_attended) "
                    f"SELECT {s0} + g %% {sessions}, {p0} + (g::bigint * 7919) %% {n}, now(), g %% 20 < 17, 9 "
                    f"FROM generate_series(1, %s) g", [enrolments])
        cur.execute(f"INSERT INTO {t[Budget]} (year, line, name, amount, committed, paid) VALUES (2021, 'bench_voucher', '基准', 1e11, 0, 0) "
                    f"RETURNING id")
        budget = cur.fetchone()[0]
        cur.execute(f"INSERT INTO {t[Voucher]} (number, person_id, kind, \"group\", occupation_id, level, value, issued_on, expires_on, "
                    f"status, budget_id, enrolment_id, provider_id, programme_id, completed_on, certificate_id, redeemed_amount, "
                    f"redeemed_on, payment_id, created_at) "
                    f"SELECT 'BV' || e.id, e.person_id, 'general', (ARRAY{GROUPS})[1 + e.id % 4], NULL, '', 1500, s.starts_on - 10, "
                    f"s.starts_on + 355, 'completed', {budget}, e.id, NULL, NULL, NULL, NULL, 0, NULL, NULL, now() "
                    f"FROM {t[Enrolment]} e JOIN {t[Session]} s ON s.id = e.session_id WHERE s.number LIKE 'BS%%' AND e.id % 3 = 0")
        for table in t.values():
            cur.execute(f"ANALYZE {table}")
    print(f"wrote {n:,} residents, {2 * n:,} certificates, {n * 6 // 10:,} employment records, {sessions:,} sessions, "
          f"{enrolments:,} enrolments in {time.perf_counter() - t0:.1f} s", flush=True)


def baseline_certified(year: int) -> int:
    """The statistics' certified-after-training count as it was: one query per completed trainee."""
    from zhihui.registry.models import Certificate
    from zhihui.skills.models import Enrolment

    n = 0
    qs = Enrolment.objects.filter(session__starts_on__year=year, completed=True)
    for person_id, start in qs.values_list("person_id", "session__starts_on"):
        n += Certificate.objects.filter(person_id=person_id, obtained_on__gte=start).exists()
    return n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--residents", type=int, default=1_000_000)
    ap.add_argument("--quick", action="store_true", help="100,000 residents in zh_h19_bench_quick")
    ap.add_argument("--year", type=int, default=2025)
    ap.add_argument("--no-baseline", action="store_true")
    args = ap.parse_args()
    n = 100_000 if args.quick else args.residents
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zh_h19_bench" + ("_quick" if args.quick else ""))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        print("this benchmark measures PostgreSQL: set DATABASE_URL=postgres://…", file=sys.stderr)
        return 2
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _pg import ensure_database

    ensure_database(url)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, check=True)
    import django

    django.setup()
    from zhihui.registry.models import Certificate, Person
    from zhihui.skills import indicators, selectors, stats
    from zhihui.skills.models import Enrolment

    have_p = Person.objects.filter(name__startswith="bench").count()
    have_c = Certificate.objects.filter(person__name__startswith="bench").count() if have_p else 0
    have_e = Enrolment.objects.filter(session__number__startswith="BS").count()
    if have_p != n or have_c != 2 * n or have_e != n * 3 // 10:  # the last step written is the vouchers after these
        generate(n)
    print(f"machine: {os.cpu_count()} cores; load average before {os.getloadavg()}; {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
          flush=True)
    y = args.year
    years = list(range(2021, dt.date.today().year + 1))

    def page():
        return (stats.year_figures(y), stats.by_occupation(y)[:30], stats.by_town(y)[:30], stats.chart(years))

    for label, fn in (
        (f"year_figures({y})", lambda: stats.year_figures(y)),
        (f"by_occupation({y}) + by_town({y})", lambda: (stats.by_occupation(y), stats.by_town(y))),
        (f"chart(2021–{years[-1]}) (counts, one grouped query)", lambda: stats.chart(years)),
        ("statistics page, all of it", page),
        ("Table 1 skill rows, compute_years(2021–2025)", lambda: indicators.compute_years(list(range(2021, 2026)))),
        ("providers' public results (300 providers, sessions of the last 3 years)", selectors.provider_results),
    ):
        b, times, out = best(fn)
        print(f"{label}: best {b:.2f} s ({', '.join(f'{x:.2f}' for x in times)})", flush=True)
        if label.startswith("year_figures"):
            print(f"  {y}: {out['trainings']:,} trainings, {out['completed']:,} completed, {out['certified']:,} certified after "
                  f"training, {out['holders']:,} certificate holders, income gain {out['income_gain']} yuan/month "
                  f"({out['income_known']:,} trainees with wages)", flush=True)
            certified = out["certified"]
    if not args.no_baseline:
        t = time.perf_counter()
        old = baseline_certified(y)
        print(f"baseline (per-trainee lookups) certified({y}): {time.perf_counter() - t:.2f} s, {old:,} "
              f"({'same' if old == certified else 'DIFFERENT'} as the grouped query)", flush=True)
    print(f"load average after {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
