"""Engine results → what the explanation pages show (plain Chinese, one block per benefit)."""

from __future__ import annotations

import datetime as dt

from . import engine, marks, texts

_ORDER = {"eligible": 0, "undetermined": 1, "ineligible": 2}


def benefit_blocks(result: dict, as_of: dt.date | None = None) -> list[dict]:
    """One block per benefit; its summary states the parameters in force on `as_of` (the
    result's date; today if not given)."""
    as_of = as_of or dt.date.today()
    pkg = engine.package()
    blocks = []
    for entry in result.get("benefits", []):
        bid = entry["benefit"]
        try:
            info = pkg.benefit(bid)
            title, contract = info.title_zh or bid, info.contract
        except KeyError:
            title, contract = bid, False
        status_label, status_class = texts.STATUS_LABELS.get(entry["status"], (entry["status"], ""))
        rng = entry.get("amount_range")
        blocks.append(
            {
                "id": bid,
                "title": title,
                "contract": contract,
                "status": entry["status"],
                "status_label": status_label,
                "status_class": status_class,
                "total": texts.money(entry.get("total")),
                "has_money": entry.get("total") not in (None, "0.00"),
                "payments": [
                    {"year": p["year"], "amount": texts.money(p["amount"])}
                    for p in entry.get("payments", [])
                ],
                "amount_range": (
                    f"{texts.money(rng['min'])} – {texts.money(rng['max'])}"
                    if isinstance(rng, dict)
                    else ""
                ),
                "in_kind": entry.get("in_kind"),
                "loan_limit": texts.money(entry.get("loan_limit"))
                if entry.get("loan_limit")
                else "",
                "reasons": texts.reason_rows(entry),
                "missing": texts.missing_questions(entry.get("missing", [])),
                "clause": entry.get("clause", ""),
                "text": texts.benefit_text(bid, as_of, pkg),
            }
        )
    blocks.sort(key=lambda b: (_ORDER.get(b["status"], 9), not b["contract"], b["id"]))
    return blocks


def explain_profile(profile: dict, as_of: dt.date) -> dict:
    result = engine.screen_one(profile, as_of)
    blocks = benefit_blocks(result, as_of)
    marks.mark_blocks(blocks, profile, as_of)
    return {
        "result": result,
        "blocks": blocks,
        "package": result.get("package", ""),
        "as_of": as_of,
        "counts": {s: sum(1 for b in blocks if b["status"] == s) for s in _ORDER},
        "by_status": {s: [b for b in blocks if b["status"] == s] for s in _ORDER},
    }


def titled(offers) -> list:
    """Offers with `.title` (the benefit's Chinese name) for display."""
    try:
        titles = {b.id: b.title_zh for b in engine.package().benefits}
    except Exception:
        titles = {}
    out = list(offers)
    for o in out:
        o.title = titles.get(o.benefit, o.benefit)
        # a withdrawn offer: the conditions as judged then, worded like the explanation pages
        o.withdrawal_rows = texts.reason_rows(o.withdrawal or {})
    return out
