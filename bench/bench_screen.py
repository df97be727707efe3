"""Benchmarks of the policy engine (docs/performance.md, "## Policy engine").

    python bench/bench_screen.py [--quick] [--openfisca-python /tmp/ofvenv/bin/python]

(a) 1,000,000 synthetic profiles (800,000 persons + 200,000 organisations, generated as
    columns) evaluated against the whole Jiyuan package (contract + extra benefits):
    evaluation time (best of 3) apart from generation ("load") time, and peak memory.
(b) openfisca-core 46 on the same persons for graduate_living, youth_talent_living and
    scarce_talent_salary, in the same run; ratio per benefit = openfisca / zhihui.
    openfisca-core is not a Zhihui dependency: it runs in its own virtualenv
    (python -m venv /tmp/ofvenv && /tmp/ofvenv/bin/pip install "openfisca-core==46.*").
(c) `zhihui benefits screen` end to end on 100,000 JSON Lines profiles (a subprocess:
    start-up, parse, evaluate, write), best of 3.
(d) one profile screened in-process (pkg.screen([p], as_of)): median of 2,000 calls.
(e) over HTTP under gunicorn at 200 requests/s: bench/bench_screen_http.py (its own script:
    it starts a server).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import orjson  # noqa: E402

from zhihui.policies.jiyuan.samples import profiles as sample_profiles  # noqa: E402
from zhihui.policy import load_package  # noqa: E402

AS_OF = dt.date(2025, 6, 30)
COMPARED = ("graduate_living", "youth_talent_living", "scarce_talent_salary")


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def best_of(k, fn, cpu=None):
    """Best wall time of k runs (and, with a `cpu` list, append the best process CPU time:
    on a shared machine the gap between the two is time spent waiting for a core)."""
    best = bc = None
    for _ in range(k):
        c = time.process_time()
        t = time.perf_counter()
        fn()
        d = time.perf_counter() - t
        c = time.process_time() - c
        best = d if best is None else min(best, d)
        bc = c if bc is None else min(bc, c)
    if cpu is not None:
        cpu.append(bc)
    return best


def bench_million(pkg, n):
    n_org = n // 5
    t = time.perf_counter()
    persons = pkg.synthetic(n - n_org, "person", seed=1)
    orgs = pkg.synthetic(n_org, "organization", seed=2)
    load = time.perf_counter() - t

    def run():
        a = pkg.screen_columns(persons, AS_OF, include_extra=True)
        b = pkg.screen_columns(orgs, AS_OF, include_extra=True)
        return a, b

    cpu = []
    ev = best_of(3, run, cpu)
    a, b = run()
    n_benefits = len(a) + len(b)
    eligible = int(sum(int((c.status == 2).sum()) for c in list(a.values()) + list(b.values())))
    del a, b
    return {"n": n, "persons": n - n_org, "organizations": n_org, "load_s": load,
            "eval_s": ev, "eval_cpu_s": cpu[0], "benefits": n_benefits, "eligible_results": eligible,
            "peak_mib": peak_mib()}, persons


def bench_openfisca(pkg, persons, of_python):
    out = {}
    for bid in COMPARED:
        out[bid] = {"zhihui_s": best_of(3, lambda b=bid: pkg.screen_columns(persons, AS_OF, benefits=[b]))}
    if not of_python or not Path(of_python).exists():
        return out, "openfisca python not found: " + str(of_python)
    c = persons.cols

    def col(path, default=0, dtype=np.int64):
        x = c.get(path)
        if x is None:
            return np.full(persons.n, default, dtype)
        v = x.values.astype(dtype)
        v[~x.present] = default
        return v

    data = {
        "degree": col("education.degree", -2), "full_time": col("education.full_time", 0, bool),
        "overseas": col("education.overseas", 0, bool),
        "double_first_class": col("education.double_first_class", 0, bool),
        "graduation_date": col("education.graduation_date"), "birth_date": col("birth_date"),
        "start_date": col("employment.start_date"),
        "newly_introduced": col("employment.newly_introduced", 0, bool),
        "hukou_settled": col("hukou_settled", 0, bool),
        "contract_years": col("employment.contract_years", 0.0, np.float64),
        "pension_months": col("pension.continuous_months"),
        "back_paid": col("pension.back_paid", 0, bool),
        "talent_category": col("talent_category", -2),
        "employer_kind": col("employment.employer_kind", -2), "post": col("employment.post", -2),
        "frontline_professional": col("employment.frontline_professional", 0, bool),
        "quality": col("scarce_talent.quality"), "scarcity": col("scarce_talent.scarcity"),
        "salary": col("scarce_talent.salary"), "recognized_year": col("scarce_talent.recognized_year"),
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "persons.npz"
        np.savez(path, **data)
        proc = subprocess.run([of_python, str(ROOT / "bench" / "openfisca_model.py"), str(path)],
                              capture_output=True, text=True, env={"PATH": os.environ["PATH"]})
    if proc.returncode != 0:
        return out, "openfisca failed: " + proc.stderr[-800:]
    of = json.loads(proc.stdout.strip().splitlines()[-1])
    for bid in COMPARED:
        out[bid]["openfisca_s"] = of[bid]["seconds"]
        out[bid]["ratio_openfisca_over_zhihui"] = of[bid]["seconds"] / out[bid]["zhihui_s"]
    return out, ""


def bench_cli(n):
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
        src.write_bytes(b"".join(orjson.dumps(p) + b"\n" for p in sample_profiles(n, seed=7)))
        cmd = [sys.executable, "-m", "zhihui.cli", "benefits", "screen", "--as-of",
               AS_OF.isoformat(), "--input", str(src), "--output", str(dst)]
        walls, cpus = [], []
        for _ in range(3):
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            subprocess.run(cmd, check=True, cwd=ROOT)
            walls.append(time.perf_counter() - t)
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append((r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime))
        lines = sum(1 for _ in open(dst, "rb"))
        size = dst.stat().st_size
    return {"n": n, "wall_s": min(walls), "cpu_s": min(cpus), "output_lines": lines,
            "output_mib": size / 2**20}


def bench_one(pkg, calls):
    ex = json.loads((Path("/work/shared/contracts/benefits-examples.jsonl")).read_text().splitlines()[0])["profile"] \
        if Path("/work/shared/contracts/benefits-examples.jsonl").exists() else sample_profiles(1)[0]
    for _ in range(50):
        pkg.screen([ex], AS_OF)
    ts, cs = [], []
    for _ in range(calls):
        c = time.process_time()
        t = time.perf_counter()
        pkg.screen([ex], AS_OF)
        ts.append(time.perf_counter() - t)
        cs.append(time.process_time() - c)
    return {"calls": calls, "median_ms": statistics.median(ts) * 1000,
            "min_ms": min(ts) * 1000, "p90_ms": sorted(ts)[int(calls * 0.9)] * 1000,
            "cpu_mean_ms": sum(cs) / calls * 1000}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="small sizes (a smoke run)")
    ap.add_argument("--openfisca-python", default="/tmp/ofvenv/bin/python")
    args = ap.parse_args()
    n_big = 100_000 if args.quick else 1_000_000
    n_cli = 10_000 if args.quick else 100_000
    load_t = time.perf_counter()
    pkg = load_package("jiyuan")
    load_t = time.perf_counter() - load_t
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.python_version()}, "
          f"load avg {os.getloadavg()[0]:.1f}, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    print(f"package {pkg.label}: {len(pkg.benefits)} benefits, loaded in {load_t * 1000:.0f} ms")
    a, persons = bench_million(pkg, n_big)
    print(f"(a) {a['n']:,} profiles ({a['persons']:,} persons, {a['organizations']:,} organisations) "
          f"x all benefits: generation {a['load_s']:.2f} s, evaluation {a['eval_s']:.3f} s wall, "
          f"{a['eval_cpu_s']:.3f} s CPU (best of 3), peak RSS {a['peak_mib']:.0f} MiB")
    b, note = bench_openfisca(pkg, persons, args.openfisca_python)
    del persons
    print(f"(b) same {a['persons']:,} persons, one benefit at a time (best of 3):")
    for bid, r in b.items():
        if "openfisca_s" in r:
            print(f"    {bid:24s} zhihui {r['zhihui_s']:.3f} s  openfisca-core {r['openfisca_s']:.3f} s"
                  f"  ratio {r['ratio_openfisca_over_zhihui']:.2f}x")
        else:
            print(f"    {bid:24s} zhihui {r['zhihui_s']:.3f} s")
    if note:
        print("    " + note)
    c = bench_cli(n_cli)
    print(f"(c) zhihui benefits screen, {c['n']:,} profiles end to end: {c['wall_s']:.2f} s wall "
          f"(best of 3), {c['cpu_s']:.2f} s CPU; {c['output_lines']:,} lines, {c['output_mib']:.0f} MiB")
    d = bench_one(pkg, 2000)
    print(f"(d) one profile in-process: median {d['median_ms']:.3f} ms, min {d['min_ms']:.3f} ms, "
          f"p90 {d['p90_ms']:.3f} ms, mean CPU {d['cpu_mean_ms']:.3f} ms")


if __name__ == "__main__":
    main()
