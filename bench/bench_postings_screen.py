"""Benchmark: the postings screen (shared/contracts/postings-screen.md), ≥ 2,000 postings/s.

    python bench/bench_postings_screen.py [--n 20000]

Measures (1) the screen in-process over the labelled set's postings, repeated to N postings,
best of 3; (2) the command `python -m zhihui.cli postings screen --input F --output G` end to
end on N postings (process start, rules compilation, JSON in and out). No Django.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from zhihui.market.screen import default_screen  # noqa: E402

LABELLED = ROOT / "tests" / "market" / "data" / "labelled_postings.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000)
    args = ap.parse_args()
    base = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines() if line.strip()]
    postings = [dict(base[i % len(base)], id=f"p{i}") for i in range(args.n)]
    for p in postings:
        p.pop("expected", None)
        p.pop("split", None)
    chars = sum(len(p["title"]) + len(p["text"]) for p in postings) / len(postings)
    t0 = time.perf_counter()
    screen = default_screen()
    compile_s = time.perf_counter() - t0
    best = best_cpu = float("inf")
    flags = 0
    for _ in range(3):
        t0, c0 = time.perf_counter(), time.process_time()
        flags = sum(len(screen.screen(p)) for p in postings)
        best = min(best, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    # long postings: three bodies joined (~300 characters), as boards often carry
    long_postings = [dict(p, text="\n".join(postings[(i + k) % len(postings)]["text"] for k in range(3)))
                     for i, p in enumerate(postings[: len(postings) // 4])]
    long_chars = sum(len(p["text"]) for p in long_postings) / len(long_postings)
    t0, c0 = time.perf_counter(), time.process_time()
    for p in long_postings:
        screen.screen(p)
    long_wall, long_cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"postings: {len(postings)} (mean {chars:.0f} characters), flags: {flags}")
    print(f"rules compiled in {compile_s * 1000:.0f} ms")
    print(f"load average: {os.getloadavg()[0]:.1f} (the machine is shared)")
    print(f"in-process: {len(postings) / best:,.0f} postings/s wall, {len(postings) / best_cpu:,.0f} postings/s of CPU time (best of 3)")
    print(f"long postings (mean {long_chars:.0f} characters): {len(long_postings) / long_wall:,.0f} postings/s wall, "
          f"{len(long_postings) / long_cpu:,.0f}/s of CPU time")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        dst = Path(tmp) / "out.jsonl"
        src.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in postings), encoding="utf-8")
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "zhihui.cli", "postings", "screen", "--input", str(src), "--output", str(dst)],
                       check=True, cwd=ROOT)
        wall = time.perf_counter() - t0
        lines = dst.read_text(encoding="utf-8").count("\n")
    print(f"command end to end: {lines} results in {wall:.2f} s = {lines / wall:,.0f} postings/s")


if __name__ == "__main__":
    main()
