"""Recall and precision of the postings screen per category on a labelled set.

A labelled posting carries `expected`: the categories a careful clerk would flag. A category
counts as found in a posting when the screen gives at least one flag of it there. No Django.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from .screen import CATEGORIES, Screen, default_screen


def evaluate(postings: Iterable[dict], screen: Screen | None = None) -> dict:
    screen = screen or default_screen()
    tp = dict.fromkeys(CATEGORIES, 0)
    fp = dict.fromkeys(CATEGORIES, 0)
    fn = dict.fromkeys(CATEGORIES, 0)
    misses, false_alarms = [], []
    n = clean = clean_flagged = 0
    for p in postings:
        n += 1
        expected = set(p.get("expected") or ())
        flags = screen.screen(p)
        found = {f["category"] for f in flags}
        for c in CATEGORIES:
            if c in expected and c in found:
                tp[c] += 1
            elif c in found:
                fp[c] += 1
                false_alarms.append((p["id"], c, [f["phrase"] for f in flags if f["category"] == c]))
            elif c in expected:
                fn[c] += 1
                misses.append((p["id"], c))
        if not expected:
            clean += 1
            clean_flagged += bool(found)
    rows = []
    for c in CATEGORIES:
        rec = tp[c] / (tp[c] + fn[c]) if tp[c] + fn[c] else None
        prec = tp[c] / (tp[c] + fp[c]) if tp[c] + fp[c] else None
        rows.append({"category": c, "positives": tp[c] + fn[c], "tp": tp[c], "fp": fp[c], "fn": fn[c],
                     "recall": rec, "precision": prec})
    return {"postings": n, "clean": clean, "clean_flagged": clean_flagged, "rows": rows,
            "misses": misses, "false_alarms": false_alarms}


def read_labelled(path: Path | str, split: str | None = None) -> list[dict]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                p = json.loads(line)
                if split is None or p.get("split") == split:
                    out.append(p)
    return out


def as_markdown(result: dict) -> str:
    def pct(x):
        return "—" if x is None else f"{x:.1%}"

    lines = ["| category | positives | found | false flags | missed | recall | precision |",
             "|---|---|---|---|---|---|---|"]
    for r in result["rows"]:
        lines.append(f"| `{r['category']}` | {r['positives']} | {r['tp']} | {r['fp']} | {r['fn']} | "
                     f"{pct(r['recall'])} | {pct(r['precision'])} |")
    lines.append("")
    lines.append(f"{result['postings']} postings, {result['clean']} clean; clean postings with any flag: "
                 f"{result['clean_flagged']}.")
    return "\n".join(lines)
