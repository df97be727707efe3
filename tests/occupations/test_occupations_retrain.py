"""Corrections are labelled examples; a retrain folds them in, reports the held-out figure before
and after, and never replaces a better model with a worse one."""

from __future__ import annotations

import numpy as np
import pytest
from django.core.exceptions import ValidationError

from zhihui.cli import main
from zhihui.core.models import AuditEvent, BackgroundJob
from zhihui.occupations import actions, coder, evaluate
from zhihui.occupations.enums import RetrainOutcome
from zhihui.occupations.model import SHIPPED_MODEL_DIR, Model
from zhihui.occupations.models import OccupationCorrection, RetrainRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def model_dir(tmp_path, monkeypatch):
    target = tmp_path / "occupations-model"
    monkeypatch.setenv("ZHIHUI_OCCUPATIONS_MODEL_DIR", str(target))
    coder.reset_model()
    yield target
    coder.reset_model()


def _worse_trainer(examples):
    """A model that has forgotten how to rank: the shipped one with its reranker turned around."""
    m = Model.load(SHIPPED_MODEL_DIR)
    m.weights = -m.weights
    return m


def _same_trainer(examples):
    return Model.load(SHIPPED_MODEL_DIR)


def test_a_correction_is_stored_with_its_audit_row(clerk):
    c = actions.record_correction(clerk, title="勾机师傅 日结", code="6-30-05-05", coder_code="6-30-01-00")
    assert OccupationCorrection.objects.get() == c and c.corrected_by == clerk
    event = AuditEvent.objects.get(object_type="occupations.occupationcorrection")
    assert event.actor == clerk and "6-30-05-05" in event.summary


@pytest.mark.parametrize(("field", "kwargs"), [
    ("code", {"title": "保安", "code": "4-07-05"}),
    ("code", {"title": "保安", "code": "4-07-05-99"}),
    ("title", {"title": "  ", "code": "4-07-05-01"}),
    ("title", {"title": "保" * 201, "code": "4-07-05-01"}),
])
def test_a_bad_correction_is_refused_naming_the_field(clerk, field, kwargs):
    with pytest.raises(ValidationError) as exc:
        actions.record_correction(clerk, **kwargs)
    assert field in exc.value.message_dict
    assert not OccupationCorrection.objects.exists()


def test_retrain_refuses_a_worse_model_and_keeps_the_better_one(model_dir, clerk):
    actions.record_correction(clerk, title="勾机师傅", code="6-30-05-05")
    before_answer = coder.code_titles(["电焊工"])[0]
    report = __import__("zhihui.occupations.retrain", fromlist=["retrain"]).retrain(None, trainer=_worse_trainer)
    assert report["accepted"] is False
    assert report["after"]["top1"] < report["before"]["top1"]
    assert not (model_dir / "model.json").exists()  # nothing written where the coder reads
    assert coder.model_dir() == SHIPPED_MODEL_DIR
    assert coder.code_titles(["电焊工"])[0] == before_answer
    run = RetrainRun.objects.get()
    assert run.outcome == RetrainOutcome.REFUSED and run.before_top1 > run.after_top1
    assert OccupationCorrection.objects.get().retrain is None  # still waiting to be folded in
    assert AuditEvent.objects.filter(object_type="occupations.retrainrun").count() == 1


def test_retrain_never_replaces_an_accepted_model_with_a_worse_one(model_dir):
    from zhihui.occupations.retrain import retrain

    assert retrain(None, trainer=_same_trainer)["accepted"] is True  # not worse: taken
    accepted = (model_dir / "model.npz").read_bytes()
    assert coder.model_dir() == model_dir
    report = retrain(None, trainer=_worse_trainer)
    assert report["accepted"] is False
    assert (model_dir / "model.npz").read_bytes() == accepted
    assert np.array_equal(coder.get_model().weights, Model.load(SHIPPED_MODEL_DIR).weights)


def test_retrain_folds_corrections_in_but_never_a_held_out_phrase(model_dir, clerk):
    held = evaluate.heldout_rows()[0]
    actions.record_correction(clerk, title="勾机师傅 日结", code="6-30-05-05")
    actions.record_correction(clerk, title=held["phrase"], code=held["code"])
    seen = {}

    def spy(examples):
        seen["examples"] = examples
        return _same_trainer(examples)

    from zhihui.occupations.retrain import retrain

    retrain(None, trainer=spy)
    corrections = [e for e in seen["examples"] if e[2].startswith("correction:")]
    assert [e[0] for e in corrections] == ["勾机师傅 日结"]
    assert held["phrase"] not in {e[2] for e in seen["examples"]}
    assert held["title"] not in {e[0] for e in seen["examples"]}


def _worse_retrain(monkeypatch):
    import zhihui.occupations.retrain as rt

    real = rt.retrain
    monkeypatch.setattr(rt, "retrain", lambda actor, **kw: real(actor, trainer=_worse_trainer, **kw))


def test_retrain_command_runs_the_celery_task_and_prints_progress_and_figures(model_dir, capsys, monkeypatch):
    _worse_retrain(monkeypatch)
    assert main(["occupations", "retrain"]) == 0
    captured = capsys.readouterr()
    out = captured.out
    assert "held-out top-1 before" in out and "held-out top-1 after" in out and "refused" in out
    assert "[  0%] 衡量现用模型（留出集）" in captured.err and "[100%] 比较并保存" in captured.err
    job = BackgroundJob.objects.get(kind="occupations.retrain")
    assert job.status == BackgroundJob.Status.DONE and job.percent == 100
    assert "拒绝新模型" in job.message and job.result["accepted"] is False
    assert not (model_dir / "model.json").exists()  # the worse model was refused by the task too


def test_the_task_reports_progress_in_order_and_accepts_a_model_that_is_not_worse(model_dir, monkeypatch):
    from zhihui.core import jobs

    seen = []
    real = jobs.progress
    monkeypatch.setattr(jobs, "progress", lambda job_id, done, total=None, message="": (
        seen.append((done, message)), real(job_id, done, total, message)))
    job = actions.start_retrain_job(None)  # the real trainer: features, fit, measure
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.DONE and job.result["accepted"] is True
    pcts = [d for d, _m in seen]
    assert pcts == sorted(pcts) and pcts[-1] == 100 and len(pcts) > 10
    assert {"训练：候选与特征", "训练：拟合重排模型", "衡量新模型（留出集）"} <= {m for _d, m in seen}
    assert (model_dir / "model.json").exists() and "采用新模型" in job.message
    assert Model.load(model_dir)._trees is not None  # the retrain trained the score model too


def test_only_the_administrator_starts_a_retrain_from_the_page(client, clerk, admin_user, monkeypatch, model_dir):
    _worse_retrain(monkeypatch)
    client.force_login(clerk)
    assert client.post("/occupations/retrain/").status_code == 403
    assert not BackgroundJob.objects.exists()
    client.force_login(admin_user)
    page = client.get("/occupations/").content.decode()
    assert "开始重训" in page
    resp = client.post("/occupations/retrain/", follow=True)
    body = resp.content.decode()
    assert resp.status_code == 200 and "拒绝新模型（更差），现用模型不变" in body
    assert "重训前 top-1" in body and RetrainRun.objects.get().outcome == RetrainOutcome.REFUSED


def test_a_second_retrain_is_refused_while_one_is_running(admin_user):
    from zhihui.core import jobs

    jobs.start("occupations.retrain", "running", total=100)
    with pytest.raises(ValidationError) as exc:
        actions.start_retrain_job(admin_user)
    assert "job" in exc.value.message_dict


def test_the_added_training_phrases_never_hold_a_held_out_phrase():
    """seeds_more.tsv feeds the training side only: no row of titles_more.csv is held out, and
    no phrase of it cleans to the text of a held-out phrase (the held-out part stays unseen)."""
    from zhihui.occupations import labelled
    from zhihui.occupations.model import query_text

    more = labelled.read_titles(labelled.TITLES_MORE)
    assert len(more) > 4000 and {r["split"] for r in more} == {"train"}
    held = {query_text(r["phrase"]) for r in labelled.read_titles(labelled.TITLES) if r["split"] == "heldout"}
    assert not {query_text(r["phrase"]) for r in more} & held
    assert len(evaluate.heldout_rows()) == 1506  # the held-out part is the one every figure was measured on


def test_the_third_batch_is_training_only_and_never_holds_a_held_out_phrase():
    """seeds_third.tsv, like seeds_more.tsv, feeds the training side only: every row of
    titles_third.csv is a training row, none cleans to a held-out phrase, none repeats a phrase of
    the earlier files, and the coder's training examples include it."""
    from zhihui.occupations import labelled
    from zhihui.occupations.model import query_text

    third = labelled.read_titles(labelled.TITLES_THIRD)
    assert len(third) > 10000 and {r["split"] for r in third} == {"train"}
    earlier = labelled.read_titles(labelled.TITLES) + labelled.read_titles(labelled.TITLES_MORE)
    held = {query_text(r["phrase"]) for r in earlier if r["split"] == "heldout"}
    assert not {query_text(r["phrase"]) for r in third} & held
    assert not {r["phrase"] for r in third} & {r["phrase"] for r in earlier}
    phrases = {p for _t, _c, p in evaluate.training_examples()}
    assert {r["phrase"] for r in third} <= phrases
    assert len(evaluate.heldout_rows()) == 1506


def test_rebuilding_the_third_batch_gives_the_same_file_and_drops_held_out_phrases_silently():
    from zhihui.occupations import labelled

    rows, dropped = labelled.build_third_titles()
    assert rows == labelled.read_titles(labelled.TITLES_THIRD)
    assert dropped > 0  # common titles anyone writes first are held out; they are dropped, not shown
