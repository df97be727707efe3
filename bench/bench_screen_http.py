"""Load test of POST /api/v1/benefits/screen over HTTP on loopback (docs/performance.md,
"## Policy engine"; target of issue 3: p99 ≤ 20 ms at 200 requests/s).

    python bench/bench_screen_http.py [--quick] [--rate 200] [--seconds 20]
                                      [--workers 2] [--worker-class sync|gthread] [--threads 4]
                                      [--gunicorn "--keep-alive 0"]

Starts the Django app under gunicorn (the production server, see docs/operations.md) on
127.0.0.1 at a free port with ZHIHUI_DEBUG=0, warms every worker up, then runs the load
generator in a separate process: an open-loop schedule of `rate` requests per second for
`seconds` seconds (request i is due at t0 + i/rate whatever happened to the others; its
latency is counted from that due time, so a slow server cannot hide its queue by slowing
the client down). Each request sends a different profile (500 sample profiles, persons and
organisations, cycled). Prints p50/p95/p99/max latency, errors and the achieved rate, then
stops the server it started. Loopback only; bounded in count and time.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PATH = "/api/v1/benefits/screen?as_of=2025-06-30"
HOST = "127.0.0.1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _bodies(n: int = 500) -> list[bytes]:
    sys.path.insert(0, str(ROOT))
    import orjson

    from zhihui.policies.jiyuan.samples import profiles

    return [orjson.dumps(p) for p in profiles(n, seed=11)]


def _post(conn: http.client.HTTPConnection, body: bytes) -> int:
    conn.request("POST", PATH, body=body, headers={"Content-Type": "application/json"})
    r = conn.getresponse()
    r.read()
    return r.status


# --------------------------------------------------------------------------- client process


def run_client(port: int, rate: float, seconds: float, concurrency: int) -> dict:
    bodies = _bodies()
    n = int(rate * seconds)
    lat: list = [None] * n
    status: list = [None] * n
    q: queue.Queue = queue.Queue()

    def worker():
        conn = http.client.HTTPConnection(HOST, port, timeout=10)
        while True:
            item = q.get()
            if item is None:
                conn.close()
                return
            i, due = item
            try:
                status[i] = _post(conn, bodies[i % len(bodies)])
            except (OSError, http.client.HTTPException) as e:
                status[i] = type(e).__name__
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=10)
            lat[i] = time.perf_counter() - due

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for t in threads:
        t.start()
    t0 = time.perf_counter() + 0.1
    for i in range(n):
        due = t0 + i / rate
        d = due - time.perf_counter()
        if d > 0:
            time.sleep(d)
        q.put((i, due))
    for _ in threads:
        q.put(None)
    deadline = time.perf_counter() + 30
    for t in threads:
        t.join(max(0.0, deadline - time.perf_counter()))
    elapsed = time.perf_counter() - t0
    done = sorted(x for x in lat if x is not None)
    errors: dict[str, int] = {}
    for s in status:
        if s != 200:
            errors[str(s)] = errors.get(str(s), 0) + 1

    def pct(p):
        return done[min(len(done) - 1, int(len(done) * p))] * 1000 if done else None

    # when the slow ones happened (seconds into the run): a cluster at 0 is connection set-up
    slow_at = [int(i / rate) for i, x in enumerate(lat) if x is not None and x > 0.020]
    return {"requests": n, "completed": len(done), "seconds": elapsed, "rate": rate,
            "over_20ms": len(slow_at), "over_20ms_at_s": sorted(set(slow_at))[:40],
            "achieved_rps": len(done) / elapsed if elapsed else 0.0,
            "p50_ms": pct(0.50), "p95_ms": pct(0.95), "p99_ms": pct(0.99),
            "max_ms": done[-1] * 1000 if done else None,
            "mean_ms": statistics.fmean(done) * 1000 if done else None, "errors": errors}


# --------------------------------------------------------------------------- server


def start_server(port: int, workers: int, threads: int, worker_class: str,
                 extra: list[str] | None = None) -> subprocess.Popen:
    env = dict(os.environ)
    env.setdefault("ZHIHUI_DEBUG", "0")
    env.setdefault("ZHIHUI_LOG_LEVEL", "WARNING")
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    exe = Path(sys.executable).with_name("gunicorn")
    if not exe.exists():
        raise SystemExit(f"{exe}: not found (pip install -r requirements.txt)")
    cmd = [str(exe), "config.wsgi:application",
           "--bind", f"{HOST}:{port}", "--workers", str(workers), "--worker-class", worker_class,
           "--log-level", "warning"]
    if worker_class == "gthread":
        cmd += ["--threads", str(threads)]
    cmd += extra or []
    return subprocess.Popen(cmd, cwd=ROOT, env=env)


def wait_ready(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    body = _bodies(1)[0]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            if _post(conn, body) == 200:
                conn.close()
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer in time")


def warm_up(port: int, k: int = 200) -> None:
    """Enough requests, from several connections, that every worker has loaded the package."""
    bodies = _bodies(50)

    def go():
        conn = http.client.HTTPConnection(HOST, port, timeout=10)
        for i in range(k // 8):
            _post(conn, bodies[i % len(bodies)])
        conn.close()

    ts = [threading.Thread(target=go) for _ in range(8)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(60)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="5 seconds instead of 20")
    ap.add_argument("--rate", type=float, default=200.0)
    ap.add_argument("--seconds", type=float, default=None)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    ap.add_argument("--concurrency", type=int, default=64, help="client connections")
    ap.add_argument("--gunicorn", default="", metavar="ARGS", help="more gunicorn options")
    ap.add_argument("--client", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = ap.parse_args()
    seconds = args.seconds or (5.0 if args.quick else 20.0)
    if args.client:
        print(json.dumps(run_client(args.client, args.rate, seconds, args.concurrency)))
        return
    port = _free_port()
    proc = start_server(port, args.workers, args.threads, args.worker_class,
                        args.gunicorn.split())
    try:
        wait_ready(port, proc)
        warm_up(port)
        load0 = os.getloadavg()[0]
        cp = subprocess.run(
            [sys.executable, __file__, "--client", str(port), "--rate", str(args.rate),
             "--seconds", str(seconds), "--concurrency", str(args.concurrency)],
            capture_output=True, text=True, timeout=seconds + 90)
        if cp.returncode != 0:
            raise SystemExit("client failed: " + cp.stderr[-800:])
        r = json.loads(cp.stdout.strip().splitlines()[-1])
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
    server = (f"gunicorn {args.workers} {args.worker_class} worker(s)"
              + (f" × {args.threads} threads" if args.worker_class == "gthread" else "")
              + (f" {args.gunicorn}" if args.gunicorn else ""))
    print(f"(e) POST /api/v1/benefits/screen over HTTP, {server}, open loop {r['rate']:.0f} req/s "
          f"for {seconds:.0f} s (load avg {load0:.1f} before): {r['completed']}/{r['requests']} "
          f"done at {r['achieved_rps']:.0f} req/s; p50 {r['p50_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms, "
          f"p99 {r['p99_ms']:.1f} ms, max {r['max_ms']:.1f} ms; errors {r['errors'] or 0}; "
          f"{r['over_20ms']} over 20 ms (in seconds {r['over_20ms_at_s']})")
    return r


if __name__ == "__main__":
    main()
