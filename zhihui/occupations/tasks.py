"""Celery task around the retrain (tests and broker-less installs run it eagerly, in-process)."""

from __future__ import annotations

import logging
import sys

from celery import shared_task

log = logging.getLogger(__name__)


@shared_task(name="occupations.retrain")
def retrain_task(job_id: int | None = None, user_id: int | None = None, echo: bool = False) -> dict:
    """Retrain with the clerks' corrections; progress goes to the BackgroundJob `job_id` (the page's
    bar), to the worker's log, and with `echo` to standard error (the command, when it runs the
    task in its own process)."""
    from django.contrib.auth import get_user_model

    from zhihui.core import jobs

    from .retrain import retrain, summary

    actor = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    last = {"pct": -1}

    def progress(pct: int, step: str) -> None:
        if pct == last["pct"]:
            return
        last["pct"] = pct
        if job_id:
            jobs.progress(job_id, pct, 100, step)
        log.info("occupations retrain %d%% %s", pct, step)
        if echo:
            print(f"[{pct:3d}%] {step}", file=sys.stderr, flush=True)

    try:
        report = retrain(actor, progress=progress)
    except Exception as exc:  # the job page must say it failed, then the worker logs it
        if job_id:
            jobs.finish(job_id, None, failed=True, message=f"{type(exc).__name__}: {exc}"[:500])
        raise
    result = {"accepted": report["accepted"], "run_id": report["run_id"], "n_examples": report["n_examples"],
              **{k: {f: report[k][f] for f in ("top1", "ci95", "n")} for k in ("before", "after")}}
    if job_id:
        jobs.progress(job_id, 100, 100)
        jobs.finish(job_id, result, message=summary(report))
    return result
