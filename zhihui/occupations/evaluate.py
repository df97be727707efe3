"""Training and measuring the coder on the labelled set. No Django.

- `training_examples(extra)`: the training part of data/titles.csv plus extra labelled titles
  (clerks' corrections), never a title whose phrase is held out;
- `evaluate(model, rows)`: top-1 at the occupation level with its 95 % Wilson interval, top-1 by
  major group, the share of the errors held by the 20 % lowest-scored titles;
- `python -m zhihui.occupations.evaluate build` rebuilds the shipped model and prints the figures.
"""

from __future__ import annotations

import math
import sys
from collections import defaultdict

from zhihui.occupations import labelled, rules
from zhihui.occupations.model import SHIPPED_MODEL_DIR, Model, query_text, reliability, train


def heldout_rows() -> list[dict]:
    return [r for r in labelled.read_titles() if r["split"] == "heldout"]


def heldout_texts() -> set[str]:
    return {query_text(r["phrase"]) for r in heldout_rows()}


def training_examples(extra: list[tuple[str, str]] = ()) -> list[tuple[str, str, str]]:
    rows = [(r["title"], r["code"], r["phrase"]) for r in labelled.read_titles() if r["split"] == "train"]
    if extra:
        banned = heldout_texts()
        for title, code in extra:
            text = query_text(title)
            if text and text not in banned:
                rows.append((title, code, "correction:" + text))
    return rows


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return (0.0, 0.0)
    p = k / n
    d = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / d
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return (centre - half, centre + half)


def evaluate(model: Model, rows: list[dict], progress=None) -> dict:
    """`progress(done, total)`, when given, is called every 100 titles."""
    from zhihui.occupations.coder import code_one

    scored = []
    by_major: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    top3 = 0
    for i, r in enumerate(rows):
        if progress and i % 100 == 0:
            progress(i, len(rows))
        res = code_one(r["title"], 3, model)
        ok = res.get("code") == r["code"]
        top3 += ok or any(a["code"] == r["code"] for a in res.get("alternatives", []))
        scored.append((res.get("score") or 0.0, ok))
        by_major[r["code"][0]][0] += ok
        by_major[r["code"][0]][1] += 1
    n = len(scored)
    k = sum(ok for _s, ok in scored)
    lo, hi = wilson(k, n)
    scored.sort(key=lambda x: x[0])
    cut = n // 5
    errors = n - k
    low_errors = sum(not ok for _s, ok in scored[:cut])
    return {
        "n": n,
        "top1": k / n if n else 0.0,
        "ci95": [lo, hi],
        "top3": top3 / n if n else 0.0,
        "errors_in_lowest_20pct": (low_errors / errors) if errors else 0.0,
        "reliability": reliability([s for s, _ok in scored], [ok for _s, ok in scored]),
        "by_major": {m: {"n": t, "top1": c / t} for m, (c, t) in sorted(by_major.items())},
    }


def build_shipped() -> dict:
    model = train(training_examples(), note="shipped: data/titles.csv training part")
    report = evaluate(model, heldout_rows())
    model.meta["heldout"] = report
    model.save(SHIPPED_MODEL_DIR)
    return report


def _print(report: dict) -> None:
    lo, hi = report["ci95"]
    print(f"held-out titles: {report['n']}")
    print(f"top-1 (occupation): {report['top1']:.1%}  95% CI {lo:.1%}–{hi:.1%}; top-3 {report['top3']:.1%}")
    print(f"share of errors among the 20% lowest-scored titles: {report['errors_in_lowest_20pct']:.1%}")
    for m, v in report["by_major"].items():
        print(f"  major group {m}: {v['top1']:.1%} of {v['n']}")
    for b in report.get("reliability", []):
        print(f"  score {b['from']:.1f}–{b['to']:.1f}: {b['n']} titles, mean score {b['mean_score']:.2f}, right {b['right']:.1%}")


def dev_report(show_errors: int = 0) -> dict:
    """For working on the coder without looking at the held-out part: train on four fifths of
    the training phrases, measure on the fifth (by phrase)."""
    from zhihui.occupations.model import _fold

    rows = [r for r in labelled.read_titles() if r["split"] == "train"]
    dev = [r for r in rows if _fold("dev:" + r["phrase"], 5) == 0]
    fit = [(r["title"], r["code"], r["phrase"]) for r in rows if _fold("dev:" + r["phrase"], 5) != 0]
    model = train(fit)
    if show_errors:
        from zhihui.occupations.coder import code_one

        shown = 0
        for r in dev:
            res = code_one(r["title"], 1, model)
            if res["code"] != r["code"] and shown < show_errors:
                print(repr(query_text(r["title"])), r["code"], "->", res["code"], res["name"], res["score"])
                shown += 1
    return evaluate(model, dev)


if __name__ == "__main__":
    if sys.argv[1:2] == ["dev"]:
        _print(dev_report(int(sys.argv[2]) if len(sys.argv) > 2 else 0))
    elif sys.argv[1:] == ["build"]:
        _print(build_shipped())
    else:
        from zhihui.occupations.coder import get_model

        _print(evaluate(get_model(), heldout_rows()))
    _ = rules
