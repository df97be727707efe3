"""Benchmark: coding job titles (../shared/contracts/occupations.md speed targets).

    python bench/bench_occupations.py [--quick]

- batch: `python -m zhihui.cli occupations code --input F --output G` on 10,000 titles in a new
  process, wall clock from process start to exit (target >= 200 titles/s);
- API: `POST /api/v1/occupations/code` with one title, through Django's full stack (test
  client, session of a clerk, throw-away SQLite under a temporary ZHIHUI_VAR_DIR), 500 requests
  after 20 warm-up ones: p50 and p95 (target p95 <= 50 ms);
- the coder alone: titles per second in one process once the model is loaded, with the ranking
  of each cleaned text kept (as the command runs) and, as the baseline in the same process, with
  that cache turned off (every title ranked afresh).
The titles are the labelled set's titles (both parts) cycled and shuffled to 10,000 lines, with
an empty line every 500 and a long title every 1,000.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def titles(n: int) -> list[str]:
    with open(ROOT / "zhihui/occupations/data/titles.csv", encoding="utf-8") as fh:
        base = [r["title"] for r in csv.DictReader(fh)]
    rng = random.Random(7)
    out = []
    while len(out) < n:
        rng.shuffle(base)
        out.extend(base)
    out = out[:n]
    for i in range(0, n, 500):
        out[i] = ""
    for i in range(250, n, 1000):
        out[i] = "招聘电工" + "包吃住五险一金" * 40
    return out


def unique_titles(n: int) -> list[str]:
    """n titles whose cleaned texts all differ (no ranking can be reused): two phrases of the
    labelled set run together ("电工焊工"), dressed with a number."""
    from zhihui.occupations.model import query_text

    with open(ROOT / "zhihui/occupations/data/titles.csv", encoding="utf-8") as fh:
        phrases = sorted({r["phrase"] for r in csv.DictReader(fh)})
    rng = random.Random(11)
    out, seen = [], set()
    while len(out) < n:
        t = rng.choice(phrases) + rng.choice(phrases) + f" {rng.randrange(3000, 12000)}元"
        q = query_text(t)
        if q and q not in seen:
            seen.add(q)
            out.append(t)
    return out


def run_batch(lines: list[str], tmp: Path, env: dict, label: str) -> None:
    import resource

    n = len(lines)
    src, dst = tmp / "titles.txt", tmp / "codes.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "zhihui.cli", "occupations", "code", "--top", "3", "--input", str(src),
                    "--output", str(dst)], check=True, cwd=ROOT, env=env)
    wall = time.perf_counter() - start
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    got = dst.read_text(encoding="utf-8").count("\n")
    assert got == n, (got, n)
    print(f"batch, new process, {n} titles ({label}), --top 3: {wall:.2f} s -> {n / wall:.0f} titles/s")
    print(f"  CPU time of the command and its workers: {cpu:.1f} s -> {n / cpu:.0f} titles per CPU-second; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="2,000 titles and 100 API requests")
    args = parser.parse_args()
    n = 2000 if args.quick else 10000
    n_api = 100 if args.quick else 500
    tmp = Path(tempfile.mkdtemp(prefix="zh_occ_bench_"))
    env = dict(os.environ, ZHIHUI_VAR_DIR=str(tmp), PYTHONPATH=str(ROOT))
    run_batch(titles(n), tmp, env, "the labelled set's titles")
    run_batch(unique_titles(n), tmp, env, "every cleaned title different: no ranking reused")

    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import zhihui.cli"], check=True, cwd=ROOT, env=env)
    print(f"  of which: python start + CLI import {time.perf_counter() - start:.2f} s")

    from zhihui.occupations.coder import code_titles, get_model

    t0 = time.perf_counter()
    get_model()
    print(f"  model load in process: {time.perf_counter() - t0:.2f} s")
    batch = titles(n)
    model = get_model()
    model.RANK_CACHE_SIZE = 0  # baseline: no title's ranking is kept
    model._rank_cache.clear()
    c0, t0 = time.process_time(), time.perf_counter()
    code_titles(batch, top=3)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"coder alone, model loaded, baseline (no cache): {n / wall:.0f} titles/s, {n / cpu:.0f} titles per CPU-second")
    del model.RANK_CACHE_SIZE
    c0, t0 = time.process_time(), time.perf_counter()
    code_titles(batch, top=3)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"coder alone, model loaded, rankings kept (as the command runs): {n / wall:.0f} titles/s, "
          f"{n / cpu:.0f} titles per CPU-second; load average {os.getloadavg()[0]:.1f}")

    os.environ["ZHIHUI_VAR_DIR"] = str(tmp)
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    from zhihui.core.actions import create_user
    from zhihui.core.roles import Role

    user = create_user(None, username="bench_clerk", password="Bench-pass-2026!", role=Role.CLERK, display_name="")
    client = Client()
    client.force_login(user, backend="zhihui.core.auth.LockoutModelBackend")
    # A staff session passes the second factor, as after /account/otp/verify/ with an enrolled device.
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.create(user=user, name="bench", confirmed=True).persistent_id
    session.save()
    sample = [t for t in batch if t][: n_api + 20]
    times = []
    for i, t in enumerate(sample):
        s = time.perf_counter()
        r = client.post("/api/v1/occupations/code", {"titles": [t], "top": 3}, content_type="application/json")
        e = time.perf_counter() - s
        assert r.status_code == 200, r.content
        if i >= 20:
            times.append(e * 1000)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"API, one title per request, {len(times)} requests: p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
