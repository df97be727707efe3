"""Pass/fail marks of the condition table (✓ met, ✗ not met, ? not known, ○ an alternative
route not taken) and the lead of a refusal: the condition(s) that decided it and, where it can
be computed, when it could be met ("满 12 个月后可申请（2027-04）").

The engine's reason lines ("<field>: required …; profile: …") are read as they are; the
wording of the rows stays texts.reason_row's. Which failed row decided a refusal is found by
asking the engine again with the other failed facts left out: a fact whose failure alone still
refuses is decisive; one that does not is an alternative (an OR branch) not taken.
"""

from __future__ import annotations

import copy
import datetime as dt
import re

from django.utils.translation import gettext as _

OK, FAIL, UNKNOWN, ALT, NONE = "ok", "fail", "unknown", "alt", ""

SYMBOLS = {OK: "✓", FAIL: "✗", UNKNOWN: "?", ALT: "○", NONE: ""}

_REASON = re.compile(r"^(?P<field>.+?): (?:required (?P<req>.*?)|needed for (?P<why>.*?)); profile: (?P<had>.*)$")
_ROUTE = re.compile(r"^route (\d+): ")
_DATE = r"\d{4}-\d{2}-\d{2}"
_NUM = r"-?\d+(?:\.\d+)?"
_ALIASES = {"degree": "education.degree"}


def _labels() -> dict:
    return {
        OK: _("满足"),
        FAIL: _("不满足"),
        UNKNOWN: _("未知，需补充"),
        ALT: _("可选途径之一，未采用"),
        NONE: "",
    }


def _tokens(req: str) -> list[str] | None:
    """ "A, B or C" → [A, B, C]; None when `req` is not a plain list of codes."""
    parts = re.split(r", | or ", req.strip())
    if all(re.fullmatch(r"[A-Za-z0-9_]+", p) for p in parts):
        return parts
    return None


def row_mark(raw: str) -> tuple[str, dict]:
    """(mark, facts) of one reason line; facts carries what `when_met` needs."""
    m = _REASON.match(raw)
    if not m:
        return NONE, {}
    field, req, had = m.group("field"), m.group("req"), m.group("had").strip()
    route = _ROUTE.match(field)
    if req is not None:
        r2 = _ROUTE.match(req)
        route = route or r2
        if r2:
            req = req[r2.end():]
    if route:
        field = _ROUTE.sub("", field)
    base = field.partition(" (")[0].strip()
    facts = {"path": _ALIASES.get(base, base) if re.fullmatch(r"[a-z_]+(\[\])?(\.[a-z_]+)?", base) else None,
             "route": route.group(1) if route else None}
    if had.startswith("not stated"):
        return UNKNOWN, facts
    if req is None:  # "needed for …": information, not a condition of its own
        return NONE, facts
    req = req.strip()

    def verdict(ok: bool) -> tuple[str, dict]:
        return (OK if ok else FAIL), facts

    if req in ("true", "false") and had in ("true", "false"):
        return verdict(req == had)
    if (mm := re.match(rf"at least ({_NUM})\b(.*)$", req)) and re.fullmatch(_NUM, had):
        need, got = float(mm.group(1)), float(had)
        facts.update(need=need, got=got, unit=mm.group(2).strip())
        return verdict(got >= need)
    if (mm := re.match(r"aged (\d+) or less", req)) and (hh := re.match(r"aged (\d+)", had)):
        return verdict(int(hh.group(1)) <= int(mm.group(1)))
    if (mm := re.match(rf"born after ({_DATE})", req)) and re.fullmatch(_DATE, had):
        return verdict(had > mm.group(1))
    if (mm := re.search(rf"on or before the as-of date ({_DATE})", req)) and re.fullmatch(_DATE, had):
        return verdict(had <= mm.group(1))
    if (mm := re.fullmatch(rf"from ({_DATE}) to ({_DATE})", req)) and re.fullmatch(_DATE, had):
        return verdict(mm.group(1) <= had <= mm.group(2))
    if (mm := re.fullmatch(r"recognised in (\d{4}) or earlier", req)) and re.fullmatch(r"\d{4}", had):
        return verdict(had <= mm.group(1))
    if req.startswith("start date on or after the graduation date") and (
        hh := re.fullmatch(rf"started ({_DATE}), graduated ({_DATE}) \(limit ({_DATE})\)", had)
    ):
        return verdict(hh.group(2) <= hh.group(1) <= hh.group(3))
    if (toks := _tokens(req)) and re.fullmatch(r"[A-Za-z0-9_]+", had):
        return verdict(had in toks)
    if had in ("none listed", "null (none)") and req not in ("false", "null (none)"):
        return verdict(False)  # an item or a value is required and the file has none
    return NONE, facts


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
            mark, facts = row_mark(row.get("raw", ""))
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
