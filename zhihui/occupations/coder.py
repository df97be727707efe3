"""Coding job titles: the function every part of the platform calls. No Django.

    from zhihui.occupations.coder import code_titles
    code_titles(["急招普工包吃住", "java开发（双休）"], top=3)
    -> [{"title": ..., "code": "6-99-00-00", "name": ..., "score": 0.71, "alternatives": [...]}, ...]

The objects are exactly the result lines of ../shared/contracts/occupations.md. `explain(title)`
adds why (the cleaned text, the name or alias found in it, the nearest labelled titles, each
candidate's score) for the clerk's page. The model is read once per process from
`ZHIHUI_OCCUPATIONS_MODEL_DIR` when that directory holds a model (the one `retrain` accepted),
(default var/occupations-model) when that directory holds a model (the one `zhihui occupations
retrain` accepted), otherwise from the model shipped in the repository.
"""

from __future__ import annotations

import math
import os
import threading
from functools import lru_cache
from pathlib import Path

from zhihui.occupations import rules
from zhihui.occupations.model import SHIPPED_MODEL_DIR, Model, confidences, title_score_features

_lock = threading.Lock()
_model: Model | None = None
MAX_TOP = 20


def accepted_model_dir() -> Path:
    """Where `retrain` writes a model it accepted (var/occupations-model, like settings.VAR_DIR)."""
    configured = os.environ.get("ZHIHUI_OCCUPATIONS_MODEL_DIR")
    if configured:
        return Path(configured)
    var = os.environ.get("ZHIHUI_VAR_DIR") or str(Path(__file__).resolve().parents[2] / "var")
    return Path(var) / "occupations-model"


def model_dir() -> Path:
    accepted = accepted_model_dir()
    if (accepted / "model.json").exists():
        return accepted
    return SHIPPED_MODEL_DIR


def get_model() -> Model:
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                _model = Model.load(model_dir())
    return _model


def reset_model() -> None:
    """After a retrain replaced the model: the next call reads it again."""
    global _model
    with _lock:
        _model = None
    names.cache_clear()


@lru_cache(maxsize=1)
def names() -> dict[str, str]:
    from zhihui.occupations.model import official_names

    return official_names()


def _round(x: float) -> float:
    return round(x, 4) if math.isfinite(x) else 0.0


def code_one(title: str, top: int = 1, model: Model | None = None) -> dict:
    title = title.rstrip("\r\n")
    if not title.strip():
        return {"title": title, "code": None, "error": "empty title"}
    model = model or get_model()
    result: dict = {"title": title}
    text_in = title
    if len(title) > rules.MAX_TITLE:
        text_in = title[: rules.MAX_TITLE]
        result["warning"] = f"title longer than {rules.MAX_TITLE} characters: cut to {rules.MAX_TITLE} before coding"
    cleaned = rules.clean(text_in)
    segs = rules.segments(cleaned)
    ranked, text_part = model.ranked_codes(segs[0])
    answer = model.answer_score(text_part, title_score_features(text_in, cleaned, len(segs)))
    scores = confidences([p for _c, p in ranked], answer)
    if not ranked:
        result.update(code="8-00-00-00", name=names().get("8-00-00-00", "不便分类的其他从业人员"), score=0.0)
    else:
        best = ranked[0][0]
        result.update(code=best, name=names().get(best, ""), score=_round(scores[0]))
    result["alternatives"] = [
        {"code": c, "name": names().get(c, ""), "score": _round(s)}
        for (c, _p), s in zip(ranked[1 : max(1, top)], scores[1 : max(1, top)], strict=True)
    ]
    # Keep the contract's key order: title, code, name, score, alternatives (then warning).
    if "warning" in result:
        result["warning"] = result.pop("warning")
    return result


def code_titles(titles: list[str], top: int = 1) -> list[dict]:
    """One result object per title, in order (the contract's result lines)."""
    top = max(1, min(int(top), MAX_TOP))
    model = get_model()
    return [code_one(t, top, model) for t in titles]


def explain(title: str, top: int = 5) -> dict:
    """The result and why: what the coder read, what it matched, the nearest labelled titles."""
    model = get_model()
    result = code_one(title, top, model)
    if result.get("code") is None:
        return {"result": result, "cleaned": "", "segments": [], "candidates": []}
    cleaned = rules.clean(title[: rules.MAX_TITLE])
    candidates = []
    segs = rules.segments(cleaned)
    text = segs[0]
    ranked = model.rank(text)
    answer = model.answer_score(model.text_features_for_score(text, ranked),
                                title_score_features(title[: rules.MAX_TITLE], cleaned, len(segs)))
    for (cand, _p), s in list(zip(ranked, confidences([p for _c, p in ranked], answer), strict=True))[:top]:
        candidates.append({"code": cand.code, "name": names().get(cand.code, ""), "score": _round(s),
                           "matched": model.matched(cand.code, text), "neighbours": cand.neighbours})
    return {"result": result, "cleaned": cleaned, "segments": rules.segments(cleaned), "candidates": candidates}
