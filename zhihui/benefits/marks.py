"""Pass/fail marks of the condition table (✓ met, ✗ not met, ? not known, ○ an alternative
route not taken) and the lead of a refusal: the condition(s) that decided it and, where it can
be computed, when it could be met ("满 12 个月后可申请（2027-04）").

A mark is read from the engine's structured reason (`reason_items`, zhihui/policy/reasons.py:
the requirement's and the profile's template ids and values), never from the English line; a
line without its item (one the window added, or a record stored before reasons were
structured) has no mark. Which failed row decided a refusal is found by asking the engine
again with the other failed facts left out: a fact whose failure alone still refuses is
decisive; one that does not is an alternative (an OR branch) not taken.
"""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

OK, FAIL, UNKNOWN, ALT, NONE = "ok", "fail", "unknown", "alt", ""

SYMBOLS = {OK: "✓", FAIL: "✗", UNKNOWN: "?", ALT: "○", NONE: ""}

# Label templates that name the field itself rather than a condition of their own wording:
# "field"/"field_note" carry the path; "degree_label" is education.degree written short.
_FIELD_LABELS = {"degree_label"}


def _labels() -> dict:
    return {
        OK: _("满足"),
        FAIL: _("不满足"),
        UNKNOWN: _("未知，需补充"),
        ALT: _("可选途径之一，未采用"),
        NONE: "",
    }


def _id(item) -> str | None:
    return item.get("id") if isinstance(item, dict) else None


def _vals(item) -> dict:
    return (item.get("values") or {}) if isinstance(item, dict) else {}


def _route(item) -> tuple[str | None, dict | None]:
    """(route number, the phrase inside) of a "route n: …" phrase; (None, the phrase) otherwise."""
    if _id(item) == "route":
        v = _vals(item)
        return str(v.get("n")), v.get("what")
    return None, item


def _path(item: dict, label) -> str | None:
    """The profile field a row is about, when its label is the field (with a note or a route
    around it); None for a condition worded on its own ("master's age on the start date")."""
    if label is None:
        return item.get("field")
    if _id(label) in ("field", "field_note"):
        return _vals(label).get("path")
    if _id(label) in _FIELD_LABELS:
        return item.get("field")
    return None


def _number(v) -> Decimal | None:
    if isinstance(v, bool) or v is None:
        return None
    try:
        d = Decimal(str(v))
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


def _date(v) -> str | None:
    """An ISO date as text (compared as text, like the engine writes it), or None."""
    try:
        return dt.date.fromisoformat(v).isoformat() if isinstance(v, str) and len(v) == 10 else None
    except ValueError:
        return None


def _verdict(req, had, facts: dict) -> bool | None:
    """Met (True), not met (False), or not decidable from the two phrases (None)."""
    rid, rv, hid, hv = _id(req), _vals(req), _id(had), _vals(had)
    code = hv.get("code") if hid == "value" else None
    if rid in ("true", "false") and code in ("true", "false"):
        return code == rid
    if rid == "at_least" and (need := _number(rv.get("n"))) is not None \
            and (got := _number(code)) is not None:
        facts.update(need=float(need), got=float(got))
        return got >= need
    if rid == "aged_at_most_on_start" and hid == "aged_on":
        return int(hv["age"]) <= int(rv["age"])
    if rid == "born_after_young" and (d := _date(code)):
        return d > rv["limit"]
    if rid == "by_as_of_introduced" and (d := _date(code)):
        return d <= rv["date"]
    if rid == "from_to" and (d := _date(code)):
        return rv["start"] <= d <= rv["end"]
    if rid in ("recognised_by_year", "year_or_earlier") and (y := _number(code)) is not None:
        return y <= int(rv["year"])
    if rid in ("started_by_anniversary", "started_within_years") and hid == "started_graduated":
        return hv["graduated"] <= hv["start"] <= hv["limit"]
    if rid == "one_of" and isinstance(code, str):
        return code in [str(c) for c in rv.get("codes") or ()]
    if hid in ("none_listed", "none") and rid not in ("false", "none"):
        return False  # an item or a value is required and the file has none
    return None


def item_mark(item: dict | None) -> tuple[str, dict]:
    """(mark, facts) of one reason item; facts carries the row's `path` and `route` and what
    `when_met` needs. An item-less line or a note: (NONE, {})."""
    if not isinstance(item, dict) or item.get("kind") not in ("required", "needed_for"):
        return NONE, {}
    label = item.get("label")
    route, label_in = _route(label)
    req_route, req = _route(item.get("required"))
    facts = {"path": _path(item, label_in), "route": route or req_route}
    had = item.get("had")
    if _id(had) in ("not_stated", "not_stated_facts"):
        return UNKNOWN, facts
    if item["kind"] == "needed_for":  # information, not a condition of its own
        return NONE, facts
    ok = _verdict(req, had, facts)
    return (NONE if ok is None else OK if ok else FAIL), facts
def _drop(profile: dict, path: str) -> None:
    head, _, tail = path.replace("[]", "").partition(".")
    if not tail or not isinstance(profile.get(head), dict):
        profile.pop(head, None)
    else:
        profile[head].pop(tail, None)


def _add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    return dt.date(d.year + y, m + 1, 1)


def when_met(facts: dict, as_of: dt.date) -> str:
    """ "满 12 个月后可申请（2027-04）" for a count of months still short; "" otherwise."""
    if facts.get("path") == "pension.continuous_months" and "need" in facts:
        short = int(facts["need"] - facts["got"])
        if short > 0:
            month = _add_months(as_of, short)
            return _("满 %(n)s 个月后可申请（%(month)s）") % {"n": int(facts["need"]), "month": month.strftime("%Y-%m")}
    return ""


def mark_blocks(blocks: list[dict], profile: dict | None, as_of: dt.date) -> None:
    """Adds to each block's rows `mark`, `mark_symbol`, `mark_label`, and to the block `failed`
    (the decisive rows, with `when`)."""
    labels = _labels()
    for b in blocks:
        marked = []
        for row in b.get("reasons", []):
            mark, facts = item_mark(row.get("item"))
            if b["status"] == "eligible" and mark in (FAIL, UNKNOWN):
                mark = ALT  # the benefit is met: a row not met is a route not taken
            marked.append((row, mark, facts))
        if b["status"] == "ineligible":
            _decide(b, marked, profile, as_of)
        for row, mark, facts in marked:
            row.update(mark=mark, mark_symbol=SYMBOLS[mark], mark_label=labels[mark],
                       route=facts.get("route"))
        b["failed"] = [row for row, mark, _f in marked if mark == FAIL]


def _decide(b: dict, marked: list, profile: dict | None, as_of: dt.date) -> None:
    """Among the failed rows of a refused benefit, keep ✗ on the decisive ones; the others are
    alternatives (○). Without the profile, or with failed rows the engine cannot leave out,
    every failed row stays ✗."""
    fails = [i for i, (_r, mark, _f) in enumerate(marked) if mark == FAIL]
    for i in fails:
        marked[i][0]["when"] = when_met(marked[i][2], as_of)
    if profile is None or len(fails) < 2 or any(not marked[i][2].get("path") for i in fails):
        return
    from . import engine

    for i in fails:
        trial = copy.deepcopy(profile)
        for j in fails:
            if j != i and marked[j][2]["path"] != marked[i][2]["path"]:
                _drop(trial, marked[j][2]["path"])
        try:
            result = engine.screen_one(trial, as_of, items=False)  # only the status is read
        except Exception:  # noqa: BLE001 - a mark must never break the page
            return
        status = next((e["status"] for e in result.get("benefits", []) if e["benefit"] == b["id"]), None)
        if status != "ineligible":
            row, _m, facts = marked[i]
            marked[i] = (row, ALT, facts)
