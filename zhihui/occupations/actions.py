"""The only write path of the occupation-coding app: corrections and retrain records."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction

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
