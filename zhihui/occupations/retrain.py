"""`zhihui occupations retrain`: fold clerks' corrections into the training set, measure the new
model on the held-out part, and keep it only if it is not worse than the model in use.

The model in use is measured again on today's held-out part (not trusted from its own file), the
new one is trained on the training part plus every correction (a correction whose text is a
held-out phrase is left out: the held-out part stays unseen), and the new model replaces the
old one only when its held-out top-1 is at least the old one's. The replacement is written to a
new directory and renamed into place, so a coder never reads half a model. Each run is recorded
(RetrainRun, with an audit row), accepted or refused.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from zhihui.occupations import coder, evaluate
from zhihui.occupations.model import Model, train


def retrain(actor=None, *, target_dir: Path | None = None,
            trainer: Callable[[list[tuple[str, str, str]]], Model] | None = None) -> dict:
    from . import actions
    from .models import OccupationCorrection

    target_dir = Path(target_dir or coder.accepted_model_dir())
    trainer = trainer or (lambda examples: train(examples, note="retrain with clerks' corrections"))
    heldout = evaluate.heldout_rows()
    current = Model.load(coder.model_dir())
    before = evaluate.evaluate(current, heldout)
    corrections = list(OccupationCorrection.objects.order_by("id").values_list("id", "title", "code"))
    examples = evaluate.training_examples([(t, c) for _i, t, c in corrections])
    new = trainer(examples)
    after = evaluate.evaluate(new, heldout)
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
    return report
