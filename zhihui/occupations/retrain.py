"""`zhihui occupations retrain`: fold clerks' corrections into the training set, measure the new
model on the held-out part, and keep it only if it is not worse than the model in use.

The model in use is measured again on today's held-out part (not trusted from its own file), the
new one is trained on the training part plus every correction (a correction whose text is a
held-out phrase is left out: the held-out part stays unseen), and the new model replaces the
old one only when its held-out top-1 is at least the old one's. The replacement is written to a
new directory and renamed into place, so a coder never reads half a model. Each run is recorded
(RetrainRun, with an audit row), accepted or refused.

It runs as the Celery task `occupations.retrain` (tasks.py; started from the coding page or by
`zhihui occupations retrain`), reporting its progress as a BackgroundJob: the page shows the bar,
the command prints the steps.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from zhihui.occupations import coder, evaluate
from zhihui.occupations.model import Model, train

# Where each step lies on the job's bar (percent).
STEPS = {
    "before": (0, 20, "衡量现用模型（留出集）"),
    "features": (20, 70, "训练：候选与特征"),
    "fit": (70, 80, "训练：拟合重排模型"),
    "after": (80, 97, "衡量新模型（留出集）"),
    "save": (97, 100, "比较并保存"),
}


def _stage(progress: Callable[[int, str], None] | None, name: str):
    """A `progress(done, total)` for one step, mapped onto the whole run's percent."""
    lo, hi, label = STEPS[name]

    def report(done: int, total: int, _stage: str = "") -> None:
        if progress:
            progress(lo + (hi - lo) * done // max(1, total), label)

    return report


def _default_trainer(examples, progress=None) -> Model:
    def step(done: int, total: int, stage: str) -> None:
        _stage(progress, "fit" if stage == "fit" else "features")(done, total)

    return train(examples, note="retrain with clerks' corrections", progress=step)


def retrain(actor=None, *, target_dir: Path | None = None,
            trainer: Callable[[list[tuple[str, str, str]]], Model] | None = None,
            progress: Callable[[int, str], None] | None = None) -> dict:
    """`progress(percent, step)`, when given, is called as the run goes on."""
    from . import actions
    from .models import OccupationCorrection

    target_dir = Path(target_dir or coder.accepted_model_dir())
    heldout = evaluate.heldout_rows()
    current = Model.load(coder.model_dir())
    before = evaluate.evaluate(current, heldout, progress=_stage(progress, "before"))
    corrections = list(OccupationCorrection.objects.order_by("id").values_list("id", "title", "code"))
    examples = evaluate.training_examples([(t, c) for _i, t, c in corrections])
    _stage(progress, "features")(0, 1)
    new = trainer(examples) if trainer else _default_trainer(examples, progress)
    after = evaluate.evaluate(new, heldout, progress=_stage(progress, "after"))
    _stage(progress, "save")(0, 1)
    accepted = after["top1"] >= before["top1"]
    report = {"before": before, "after": after, "n_examples": len(examples), "from": str(coder.model_dir())}
    if accepted:
        new.meta["heldout"] = after
        target_dir.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".occupations-model-", dir=target_dir.parent))
        new.save(staging)
        old = target_dir.with_name(target_dir.name + ".previous")
        if old.exists():
            shutil.rmtree(old)
        if target_dir.exists():
            target_dir.rename(old)
        staging.rename(target_dir)
        coder.reset_model()
    run = actions.record_retrain(actor, report=report, accepted=accepted, model_dir=str(target_dir),
                                 correction_ids=[i for i, _t, _c in corrections])
    report["accepted"] = accepted
    report["run_id"] = run.pk
    _stage(progress, "save")(1, 1)
    return report


def summary(report: dict) -> str:
    """One line for the job page and the terminal."""
    b, a = report["before"], report["after"]
    verdict = "采用新模型" if report["accepted"] else "拒绝新模型（更差），现用模型不变"
    return (f"留出集 top-1：重训前 {b['top1']:.1%}（95% CI {b['ci95'][0]:.1%}–{b['ci95'][1]:.1%}），"
            f"重训后 {a['top1']:.1%}（95% CI {a['ci95'][0]:.1%}–{a['ci95'][1]:.1%}）；{verdict}")
