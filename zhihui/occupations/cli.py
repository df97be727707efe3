"""`zhihui occupations …`: code job titles (contract: ../shared/contracts/occupations.md), retrain.

`zhihui occupations code` never starts Django: it reads the model from the repository (or the
one `retrain` accepted) and writes one JSON line per input line.
"""

from __future__ import annotations

import json
import os
import sys


def register(subparsers) -> None:
    p = subparsers.add_parser("occupations", help="职业编码: job titles to the 2022 occupational classification")
    sub = p.add_subparsers(dest="occupations_command", metavar="SUBCOMMAND")

    code = sub.add_parser("code", help="code job titles, one per line, to JSON Lines")
    code.add_argument("--top", type=int, default=1, metavar="K", help="also give up to K-1 alternatives (K >= 2)")
    code.add_argument("--input", metavar="FILE", help="UTF-8 titles, one per line (default: standard input)")
    code.add_argument("--output", metavar="FILE", help="JSON Lines out (default: standard output)")
    code.add_argument("--jobs", type=int, default=0, metavar="N",
                      help="worker processes for large inputs (default: the machine's cores, at most 4)")
    code.set_defaults(func=_code, needs_django=False)

    ev = sub.add_parser("evaluate", help="top-1 on the held-out part of the labelled set, with its 95%% interval")
    ev.set_defaults(func=_evaluate, needs_django=False)

    rt = sub.add_parser("retrain", help="fold clerks' corrections in; keep the new model only if it is not worse "
                                        "(a Celery task; progress printed here and shown on /occupations/)")
    rt.set_defaults(func=_retrain)


def _lines(fh):
    for raw in fh:
        yield raw[:-1] if raw.endswith("\n") else raw


def _code(args) -> int:
    from zhihui.occupations.coder import MAX_TOP, code_one, get_model

    if args.top < 1:
        print("--top: K must be at least 1", file=sys.stderr)
        return 2
    top = min(args.top, MAX_TOP)
    code_one("电工", 1, get_model())  # model, rules and names loaded once, before workers fork (they share them)
    src = open(args.input, encoding="utf-8", errors="replace", newline="") if args.input else None
    dst = open(args.output, "w", encoding="utf-8") if args.output else None
    try:
        if src is None:
            sys.stdin.reconfigure(encoding="utf-8", errors="replace", newline="")
        fin = src or sys.stdin
        fout = dst or sys.stdout
        if dst is None:
            sys.stdout.reconfigure(encoding="utf-8")
        jobs = args.jobs or min(4, os.cpu_count() or 1)
        block: list[str] = []
        pool = None
        try:
            for line in _lines(fin):
                block.append(line[:-1] if line.endswith("\r") else line)
                if len(block) >= BLOCK:
                    pool = pool or _pool(jobs)
                    fout.write(_code_block(block, top, pool))
                    block = []
            if block:
                if len(block) >= PARALLEL_FROM:
                    pool = pool or _pool(jobs)
                fout.write(_code_block(block, top, pool))
        finally:
            if pool is not None:
                pool.close()
                pool.join()
        fout.flush()
    finally:
        if src:
            src.close()
        if dst:
            dst.close()
    return 0


BLOCK = 20000  # lines read before coding them (memory stays flat on any input)
PARALLEL_FROM = 2000  # fewer lines are coded in this process: a worker's start costs more
CHUNK = 250


def _pool(jobs: int):
    if jobs <= 1:
        return None
    import multiprocessing

    return multiprocessing.get_context("fork").Pool(jobs)


def _code_chunk(args: tuple[list[str], int]) -> str:
    from zhihui.occupations.coder import code_one, get_model

    lines, top = args
    model = get_model()
    return "".join(json.dumps(code_one(line, top, model), ensure_ascii=False) + "\n" for line in lines)


def _code_block(block: list[str], top: int, pool) -> str:
    chunks = [(block[i : i + CHUNK], top) for i in range(0, len(block), CHUNK)]
    if pool is None:
        return "".join(map(_code_chunk, chunks))
    return "".join(pool.imap(_code_chunk, chunks))  # imap keeps the input order


def _evaluate(args) -> int:
    from zhihui.occupations.coder import get_model, model_dir
    from zhihui.occupations.evaluate import _print, evaluate, heldout_rows

    print(f"model: {model_dir()}")
    _print(evaluate(get_model(), heldout_rows()))
    return 0


def _retrain(args) -> int:
    """Start the Celery task and follow its job: with a broker the worker trains and this prints
    the progress it reports; without one the task runs here and prints its own steps."""
    import time

    from django.core.exceptions import ValidationError

    from zhihui.core.models import BackgroundJob
    from zhihui.occupations.actions import start_retrain_job

    try:
        job = start_retrain_job(None, echo=True)
    except ValidationError as exc:
        print("; ".join(m for ms in exc.message_dict.values() for m in ms), file=sys.stderr)
        return 1
    shown = None
    while job.status in (BackgroundJob.Status.QUEUED, BackgroundJob.Status.RUNNING):
        if (job.done, job.message) != shown:
            shown = (job.done, job.message)
            print(f"[{job.done:3d}%] {job.message or job.get_status_display()}", file=sys.stderr, flush=True)
        time.sleep(1)
        job.refresh_from_db()
    if job.status == BackgroundJob.Status.FAILED:
        print(f"retrain failed: {job.message}", file=sys.stderr)
        return 1
    r = job.result
    b, a = r["before"], r["after"]
    print(f"job {job.pk}: corrections and training titles: {r['n_examples']}")
    print(f"held-out top-1 before: {b['top1']:.1%} (95% CI {b['ci95'][0]:.1%}–{b['ci95'][1]:.1%}), n={b['n']}")
    print(f"held-out top-1 after:  {a['top1']:.1%} (95% CI {a['ci95'][0]:.1%}–{a['ci95'][1]:.1%}), n={a['n']}")
    print("accepted: the new model is in use" if r["accepted"] else "refused: the new model is worse; the old one stays")
    return 0
