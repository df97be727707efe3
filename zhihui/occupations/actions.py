"""The only write path of the occupation-coding app: corrections, retrain jobs and their records."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhihui.core import audit

from .enums import CorrectionSource, RetrainOutcome
from .models import OccupationCorrection, RetrainRun

CODE_RE = re.compile(r"^\d-\d{2}-\d{2}-\d{2}$")


def _valid_code(code: str) -> str:
    from zhihui.occupations.coder import names

    code = (code or "").strip()
    if not CODE_RE.match(code):
        raise ValidationError({"code": "职业编码格式应为 N-NN-NN-NN"})
    if code not in names():
        raise ValidationError({"code": f"职业编码 {code} 不在职业分类大典（2022）中"})
    return code


@transaction.atomic
def record_correction(actor, *, title: str, code: str, coder_code: str = "",
                      source: str = CorrectionSource.CODING_PAGE) -> OccupationCorrection:
    """A clerk says what a title means. Stored as a labelled example for the next retrain."""
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "职位名称不能为空"})
    if len(title) > 200:
        raise ValidationError({"title": "职位名称不能超过200个字符"})
    code = _valid_code(code)
    if source not in CorrectionSource.values:
        raise ValidationError({"source": f"来源 {source!r} 无效"})
    coder_code = (coder_code or "").strip()[:10]
    correction = OccupationCorrection.objects.create(
        title=title, code=code, coder_code=coder_code, source=source,
        corrected_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(actor, audit.Action.CREATE, correction,
                 summary=f"职业编码更正：{title} → {code}（原 {coder_code or '无'}）"[:255],
                 after={"title": title, "code": code, "coder_code": coder_code, "source": source})
    return correction


@transaction.atomic
def record_retrain(actor, *, report: dict, accepted: bool, model_dir: str, correction_ids: list[int]) -> RetrainRun:
    run = RetrainRun.objects.create(
        n_corrections=len(correction_ids), n_heldout=report["after"]["n"],
        before_top1=report["before"]["top1"], after_top1=report["after"]["top1"],
        outcome=RetrainOutcome.ACCEPTED if accepted else RetrainOutcome.REFUSED,
        model_dir=model_dir if accepted else "", report=report,
    )
    if accepted:
        OccupationCorrection.objects.filter(id__in=correction_ids, retrain__isnull=True).update(retrain=run)
    audit.record(
        actor, audit.Action.CREATE, run,
        summary=(f"职业编码重训：留出集 top-1 {report['before']['top1']:.1%} → {report['after']['top1']:.1%}，"
                 f"{'采用' if accepted else '拒绝'}（{len(correction_ids)} 条更正）"),
        after={"outcome": run.outcome, "before": report["before"]["top1"], "after": report["after"]["top1"]},
    )
    return run


RETRAIN_JOB = "occupations.retrain"


def start_retrain_job(actor, *, echo: bool = False):
    """Record a BackgroundJob and hand the retrain to Celery (run in-process when no broker).
    Refused while another retrain is queued or running."""
    from zhihui.core import jobs
    from zhihui.core.models import BackgroundJob
    from zhihui.core.perms import require

    from . import perms

    if actor is not None:  # None: the command line, run by whoever runs the server
        require(perms.can_retrain(actor), "只有部门管理员可以重训职业编码模型")
    busy = BackgroundJob.Status.QUEUED, BackgroundJob.Status.RUNNING
    recent = timezone.now() - dt.timedelta(hours=2)  # a job a lost worker left "running" does not block for ever
    if BackgroundJob.objects.filter(kind=RETRAIN_JOB, status__in=busy, created_at__gte=recent).exists():
        raise ValidationError({"job": "已有一次重训在排队或进行中"})
    job = jobs.start(RETRAIN_JOB, "职业编码模型重训（纳入人工更正，留出集更差则不采用）", total=100, user=actor)
    from .tasks import retrain_task

    retrain_task.delay(job_id=job.pk, user_id=getattr(actor, "pk", None), echo=echo)
    job.refresh_from_db()
    return job
