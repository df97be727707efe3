"""Benchmark of the households contract command (docs/performance.md, "## Employment").

    python bench/bench_households.py [--quick] [--households N]

`zhihui employment households --as-of 2026-12-07` end to end (a subprocess: interpreter
start-up, parse, decide, write) on N synthetic households (default 100,000; --quick 10,000),
best of 3. The households are drawn with a fixed seed: 1–5 members, birth dates 1940–2020,
every category and status, and about one fact in twelve left out (so that the three-valued
path and `missing` are exercised, not only the all-known one). Target: ≤ 3 s for 100,000.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import orjson  # noqa: E402

from zhihui.employment.households import STATUSES  # noqa: E402
from zhihui.employment.retirement import CATEGORIES  # noqa: E402


def households(n: int, seed: int = 1) -> bytes:
    rnd = random.Random(seed)
    day0 = dt.date(1940, 1, 1).toordinal()
    span = dt.date(2020, 12, 31).toordinal() - day0
    lines = []
    for i in range(n):
        members = []
        for j in range(rnd.randint(1, 5)):
            m = {"id": f"m{j + 1}",
                 "birth_date": dt.date.fromordinal(day0 + rnd.randrange(span)).isoformat(),
                 "retirement_category": rnd.choice(CATEGORIES),
                 "status": rnd.choice(STATUSES + ("registered_unemployed",) * 4),
                 "able_to_work": rnd.random() < 0.9, "wants_work": rnd.random() < 0.85}
            for k in list(m)[1:]:
                if rnd.random() < 1 / 12:
                    del m[k]
            members.append(m)
        h = {"id": f"h{i + 1}", "urban": rnd.random() < 0.8, "business_income": rnd.random() < 0.1,
             "members": members}
        for k in ("urban", "business_income"):
            if rnd.random() < 1 / 12:
                del h[k]
        lines.append(orjson.dumps(h))
    return b"\n".join(lines) + b"\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="10,000 households")
    ap.add_argument("--households", type=int, default=None)
    args = ap.parse_args()
    n = args.households or (10_000 if args.quick else 100_000)
    data = households(n)
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = os.path.join(tmp, "in.jsonl"), os.path.join(tmp, "out.jsonl")
        Path(src).write_bytes(data)
        cmd = [sys.executable, "-m", "zhihui.cli", "employment", "households", "--as-of", "2026-12-07",
               "--input", src, "--output", dst]
        import resource

        times, cpu = [], []
        for _ in range(3):
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run(cmd, cwd=ROOT, check=True)
            times.append(time.perf_counter() - t0)
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append((r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime))
        out = Path(dst).read_bytes().splitlines()
        results = [orjson.loads(x) for x in out]
    assert len(results) == n
    zero = sum(1 for r in results if r.get("zero_employment") is True)
    open_ = sum(1 for r in results if "zero_employment" in r and r["zero_employment"] is None)
    print(f"machine: {platform.node()} {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"load average {os.getloadavg()[0]:.1f}; {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    print(f"{n:,} households ({len(data) / 1e6:.1f} MB): zero-employment {zero:,}, open {open_:,}")
    print("zhihui employment households end to end: " + " · ".join(f"{t:.2f} s" for t in times)
          + f" (best {min(times):.2f} s)")
    print("CPU (user + system, all processes) per run: " + " · ".join(f"{c:.2f} s" for c in cpu)
          + f"; load average after {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
