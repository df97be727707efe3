"""The postings screen: discriminatory or unlawful requirements in a job posting.

Contract: shared/contracts/postings-screen.md. The rules are data (`data/screen_rules.yaml`,
readable by a clerk: phrases, patterns, negations, lawful exceptions, the law each cites); this
module only compiles and applies them. No Django here: `zhihui postings screen` runs it without
starting Django, and other systems may call it offline.

A result is `{"id": …, "flags": [...]}`; each flag is `{"category", "verdict", "field", "start",
"end", "phrase", "reason", "basis"}` with `phrase == posting[field][start:end]`. Flags are
ordered by field (title, then text) and position. The screen flags; the clerk decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

RULES_PATH = Path(__file__).parent / "data" / "screen_rules.yaml"

FIELDS = ("title", "text")
CATEGORIES = (
    "sex", "marital_childbearing", "ethnicity", "religion", "hukou_origin", "health_carrier",
    "disability", "age", "child_labour", "school_background", "appearance", "fees_or_documents",
)
VERDICTS = ("unlawful", "review")

# Clause boundaries: Chinese and Western sentence punctuation, line ends; a comma between
# digits (5,000) is not one.
# Patterns run only in windows around a rule's key words: this many characters either side
# (longer than any phrase a pattern can match, with its look-arounds).
WINDOW = 40

_CLAUSE_END = re.compile(r"[，。；;！!？?\n\r]|,(?!\d)")
_MALE_ONLY_EXCLUDERS = re.compile(r"勿扰|免谈|免问|不要|不招|不收|不录用|除外|谢绝|不考虑|勿投|勿来|慎投|不予考虑|拒绝|排除|不适合|不聘|不接受")
# An age range that describes the people served (0-3岁婴幼儿), not the applicant.
_AGE_OF_OTHERS = re.compile(r"\s*(?:的)?(?:婴幼儿|婴儿|幼儿|儿童|宝宝|孩子|小孩|学生|小朋友|青少年|老人|老年人|患者|学员|少儿|中小学生|犬|宠物)")


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    verdict: str
    reason: str
    basis: str
    patterns: tuple[re.Pattern, ...]
    negated_before: re.Pattern | None
    negated_after: re.Pattern | None
    lawful_if_exception: bool
    kind: str  # "" or "age"
    triggers: tuple[str, ...] = ()  # the rule runs only when the field contains one of these
    before: re.Pattern | None = None  # required context just before the match (included)
    extend_before: re.Pattern | None = None  # optional context just before (included when there)
    ground: re.Pattern | None = None
    child_reason: str = ""
    child_basis: str = ""
    child_below: int = 16
    neutral_minimum_up_to: int = 18


class RulesError(ValueError):
    """The rules file is malformed (names the rule and the key)."""


def _expand(pattern: str, defs: dict[str, str]) -> str:
    def sub(m: re.Match) -> str:
        name = m.group(1)
        if name not in defs:
            return m.group(0)  # a regex quantifier such as {0,6}
        return defs[name]

    return re.sub(r"\{([A-Z_]+)\}", sub, pattern)


def _compile(pattern: str, where: str) -> re.Pattern:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise RulesError(f"{where}: {exc}") from exc


class Screen:
    """The compiled rules. Build once (`default_screen()`), call `screen()` per posting."""

    def __init__(self, data: dict[str, Any]):
        self.version = str(data.get("version", ""))
        laws = data.get("laws") or {}
        defs = {k: str(v) for k, v in (data.get("defs") or {}).items()}
        cats = data.get("categories") or {}
        unknown = set(cats) - set(CATEGORIES)
        if unknown:
            raise RulesError(f"categories: unknown {sorted(unknown)}")
        self.category_labels = {c: str((cats.get(c) or {}).get("label", c)) for c in CATEGORIES}

        def law(key: str, where: str) -> str:
            if key not in laws:
                raise RulesError(f"{where}: basis '{key}' is not in laws")
            return str(laws[key])

        self.laws = {k: str(v) for k, v in laws.items()}
        self.neutral = _compile("|".join(f"(?:{_expand(p, defs)})" for p in data.get("neutral") or []), "neutral")
        self.commitment = _compile(_expand(data.get("commitment_clause") or "(?!)", defs), "commitment_clause")
        exc = data.get("lawful_exceptions") or {}
        self.exception_context = _compile(_expand(exc.get("context") or "(?!)", defs), "lawful_exceptions.context")
        self.exception_load = _compile(_expand(exc.get("load") or "(?!)", defs), "lawful_exceptions.load")
        self.exception_load_over_kg = float(exc.get("load_over_kg", 25))
        self.exception_codes = tuple(str(c) for c in exc.get("occupation_codes") or ())
        self.exception_basis = law(exc.get("basis", "women_forbidden"), "lawful_exceptions")

        rules = []
        for i, r in enumerate(data.get("rules") or []):
            where = f"rules[{i}] ({r.get('id', '?')})"
            category = r.get("category")
            if category not in CATEGORIES:
                raise RulesError(f"{where}: category '{category}' is not one of {CATEGORIES}")
            verdict = r.get("verdict")
            if verdict not in VERDICTS:
                raise RulesError(f"{where}: verdict '{verdict}' is not one of {VERDICTS}")
            basis_key = r.get("basis") or (cats.get(category) or {}).get("basis")
            patterns = tuple(
                _compile(_expand(p, defs), f"{where}.patterns[{j}]") for j, p in enumerate(r.get("patterns") or [])
            )
            if not patterns:
                raise RulesError(f"{where}: no patterns")
            kind = str(r.get("kind", ""))
            if kind != "age" and len(patterns) > 1:
                # one scan per rule: the patterns as one alternation (finds are the same
                # phrases; overlapping finds of one rule keep the longest anyway)
                patterns = (_compile("|".join(f"(?:{p.pattern})" for p in patterns), where),)
            rules.append(Rule(
                id=str(r.get("id", f"rule{i}")),
                category=category,
                verdict=verdict,
                reason=str(r.get("reason") or ""),
                basis=law(basis_key, where),
                patterns=patterns,
                negated_before=_compile(_expand(r["negated_before"], defs), where) if r.get("negated_before") else None,
                negated_after=_compile(_expand(r["negated_after"], defs), where) if r.get("negated_after") else None,
                lawful_if_exception=bool(r.get("lawful_if_exception")),
                kind=kind,
                triggers=tuple(str(t) for t in r.get("triggers") or ()),
                before=_compile(_expand(r["before"], defs), where) if r.get("before") else None,
                extend_before=_compile(_expand(r["extend_before"], defs), where) if r.get("extend_before") else None,
                ground=_compile(_expand(r["ground"], defs), where) if r.get("ground") else None,
                child_reason=str(r.get("child_reason") or ""),
                child_basis=law((cats.get("child_labour") or {}).get("basis", "child"), where) if kind == "age" else "",
                child_below=int(r.get("child_labour_below", 16)),
                neutral_minimum_up_to=int(r.get("neutral_minimum_up_to", 18)),
            ))
        self.rules = tuple(rules)

    # -- one posting ---------------------------------------------------------------------
    def lawful_exception(self, title: str, text: str, occupation_code: str | None = None) -> bool:
        """Does the posting name work the state forbids to women (so 限男性 is lawful)?"""
        if occupation_code and any(str(occupation_code).startswith(c) for c in self.exception_codes):
            return True
        for field in (title, text):
            if self.exception_context.search(field):
                return True
            for m in self.exception_load.finditer(field):
                n = float(m.group("n"))
                kg = n / 2 if m.group("u") == "斤" else n
                if kg > self.exception_load_over_kg:
                    return True
        return False

    def screen(self, posting: dict[str, Any]) -> list[dict[str, Any]]:
        title = posting.get("title") or ""
        text = posting.get("text") or ""
        exception = self.lawful_exception(title, text, posting.get("occupation_code"))
        flags: list[dict[str, Any]] = []
        for field, value in (("title", title), ("text", text)):
            if value:
                flags.extend(self.screen_field(field, value, exception))
        return flags

    def screen_field(self, field: str, value: str, exception: bool = False) -> list[dict[str, Any]]:
        # computed on the first candidate only: most fields have none
        clause_bounds: list[int] = []
        commitment_cache: dict[int, bool] = {}

        def clause_of(pos: int) -> tuple[int, int, int]:
            if not clause_bounds:
                clause_bounds.append(0)
                clause_bounds.extend(m.end() for m in _CLAUSE_END.finditer(value))
                clause_bounds.append(len(value) + 1)
            # binary search: the clause containing pos
            lo, hi = 0, len(clause_bounds) - 1
            while lo < hi - 1:
                mid = (lo + hi) // 2
                if clause_bounds[mid] <= pos:
                    lo = mid
                else:
                    hi = mid
            return lo, clause_bounds[lo], min(clause_bounds[hi], len(value))

        def in_commitment(idx: int, cs: int, ce: int) -> bool:
            if idx not in commitment_cache:
                commitment_cache[idx] = self.commitment.search(value, cs, ce) is not None
            return commitment_cache[idx]

        candidates = []
        n = len(value)
        for rule in self.rules:
            if not rule.triggers:
                windows = [(0, n)]
            elif n <= 4 * WINDOW:
                windows = [(0, n)] if any(t in value for t in rule.triggers) else []
            else:
                windows = _windows(value, rule.triggers)
            if not windows:
                continue
            for pattern in rule.patterns:
                for m in _find_in(pattern, value, windows):
                    if "p" in pattern.groupindex and m.group("p") is not None:
                        start, end = m.span("p")
                    else:
                        start, end = m.span()
                    # trim spaces the pattern allowed at the edges
                    while start < end and value[start].isspace():
                        start += 1
                    while end > start and value[end - 1].isspace():
                        end -= 1
                    if start >= end:
                        continue
                    idx, cs, ce = clause_of(start)
                    if rule.before is not None or rule.extend_before is not None:
                        ctx = value[max(cs, start - 12):start]
                        if rule.before is not None:
                            b = rule.before.search(ctx)
                            if b is None:
                                continue
                            start -= len(ctx) - b.start()
                        elif rule.extend_before is not None:
                            b = rule.extend_before.search(ctx)
                            if b is not None:
                                start -= len(ctx) - b.start()
                        while start < end and value[start].isspace():
                            start += 1
                    if any(s < end and start < e for s, e in (
                            x.span() for x in self.neutral.finditer(value, max(0, start - WINDOW), min(n, end + WINDOW)))):
                        continue
                    if in_commitment(idx, cs, ce):
                        continue
                    if rule.negated_before is not None and rule.negated_before.search(value[max(cs, start - 14):start]):
                        continue
                    if rule.negated_after is not None and rule.negated_after.search(value[end:min(ce, end + 14)]):
                        continue
                    phrase = value[start:end]
                    category, verdict, reason, basis = rule.category, rule.verdict, rule.reason, rule.basis
                    if rule.kind == "age":
                        judged = self._judge_age(rule, m, value, end, cs, ce)
                        if judged is None:
                            continue
                        if judged == "child_labour":
                            category, verdict, reason, basis = "child_labour", "unlawful", rule.child_reason or reason, rule.child_basis
                    if rule.lawful_if_exception and exception and self._male_only(phrase):
                        continue
                    candidates.append((start, end, category, verdict, reason, basis))
        # one flag per phrase: overlapping finds of one category keep the longest
        candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
        kept: list[tuple] = []
        for c in candidates:
            if any(k[2] == c[2] and k[0] < c[1] and c[0] < k[1] for k in kept):
                continue
            kept.append(c)
        kept.sort(key=lambda c: (c[0], c[1], CATEGORIES.index(c[2])))
        return [
            {"category": c[2], "verdict": c[3], "field": field, "start": c[0], "end": c[1],
             "phrase": value[c[0]:c[1]], "reason": c[4], "basis": c[5]}
            for c in kept
        ]

    @staticmethod
    def _male_only(phrase: str) -> bool:
        excludes = _MALE_ONLY_EXCLUDERS.search(phrase) is not None
        if "男" in phrase and "女" not in phrase:
            return not excludes
        if "女" in phrase and "男" not in phrase:
            return excludes
        return False

    @staticmethod
    def _judge_age(rule: Rule, m: re.Match, value: str, end: int, cs: int, ce: int) -> str | None:
        """'age', 'child_labour' or None (not flagged) for an age match."""
        groups = m.groupdict()
        if _AGE_OF_OTHERS.match(value, end, ce):
            return None
        lo = int(groups["lo"]) if groups.get("lo") else None
        hi = int(groups["hi"]) if groups.get("hi") else None
        if (lo is not None and lo > 70) or (hi is not None and hi > 70):
            return None  # not an age
        if lo is not None and hi is not None and hi < lo:
            return None
        if lo is not None and lo < rule.child_below:
            return "child_labour"
        grounded = rule.ground is not None and rule.ground.search(value, cs, ce) is not None
        if hi is not None:
            if lo is None and hi <= rule.neutral_minimum_up_to:
                return None  # "18周岁以下不予录用" protects minors
            return None if grounded else "age"
        if lo is not None:
            if lo <= rule.neutral_minimum_up_to:
                return None  # 年满18周岁
            return None if grounded else "age"
        # generation words (90后) and 年轻
        return None if grounded else "age"


def _windows(value: str, triggers: tuple[str, ...]) -> list[tuple[int, int]]:
    """Merged windows of WINDOW characters around every occurrence of the key words."""
    spans = []
    for t in triggers:
        i = value.find(t)
        while i != -1:
            spans.append((max(0, i - WINDOW), i + len(t) + WINDOW))
            i = value.find(t, i + 1)
    if len(spans) <= 1:
        return spans
    spans.sort()
    merged = [spans[0]]
    for a, b in spans[1:]:
        if a <= merged[-1][1]:
            if b > merged[-1][1]:
                merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def _find_in(pattern: re.Pattern, value: str, windows: list[tuple[int, int]]):
    last_end = -1
    for a, b in windows:
        for m in pattern.finditer(value, a, b):
            if m.start() >= last_end:
                yield m
        last_end = b


def load_rules(path: Path | str = RULES_PATH) -> dict[str, Any]:
    import yaml

    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@lru_cache(maxsize=1)
def default_screen() -> Screen:
    return Screen(load_rules())


# -- the contract's input and output ----------------------------------------------------------
class PostingInputError(ValueError):
    def __init__(self, message: str, posting_id: Any = None):
        super().__init__(message)
        self.posting_id = posting_id


def validate_posting(obj: Any) -> dict[str, Any]:
    """Check one posting as sent; raise PostingInputError naming the field."""
    if not isinstance(obj, dict):
        raise PostingInputError("每行须为一个 JSON 对象 (each line must be a JSON object)")
    pid = obj.get("id")
    if pid is None or pid == "":
        raise PostingInputError("缺少字段 id (missing field: id)")
    if isinstance(pid, dict | list):
        raise PostingInputError("id 须为字符串 (id must be a string)")
    if "title" not in obj or obj["title"] is None:
        raise PostingInputError("缺少字段 title (missing field: title)", pid)
    if not isinstance(obj["title"], str):
        raise PostingInputError("title 须为字符串 (title must be a string)", pid)
    if obj.get("text") is not None and not isinstance(obj["text"], str):
        raise PostingInputError("text 须为字符串 (text must be a string)", pid)
    code = obj.get("occupation_code")
    if code is not None and not isinstance(code, str):
        raise PostingInputError("occupation_code 须为字符串 (occupation_code must be a string)", pid)
    return obj


def screen_posting(obj: dict[str, Any], screen: Screen | None = None) -> dict[str, Any]:
    """One validated posting → its result `{"id", "flags"}`."""
    screen = screen or default_screen()
    return {"id": obj["id"], "flags": screen.screen(obj)}


def screen_lines(lines: Iterable[str | bytes], screen: Screen | None = None) -> Iterator[dict[str, Any]]:
    """JSON Lines in, one result per non-blank line out, in input order (line numbers from 1)."""
    import json

    try:
        import orjson

        loads = orjson.loads
        decode_error: tuple[type[Exception], ...] = (orjson.JSONDecodeError, ValueError)
    except ImportError:  # pragma: no cover
        loads = json.loads
        decode_error = (ValueError,)
    screen = screen or default_screen()
    for n, line in enumerate(lines, start=1):
        if n == 1:  # a byte-order mark written by some editors is not part of the JSON
            line = line.removeprefix(b"\xef\xbb\xbf") if isinstance(line, bytes) else line.removeprefix("\ufeff")
        if not line.strip():
            continue
        try:
            obj = loads(line)
        except decode_error:
            yield {"id": None, "line": n, "error": "不是有效的 JSON (not valid JSON)"}
            continue
        try:
            validate_posting(obj)
        except PostingInputError as exc:
            pid = exc.posting_id if isinstance(exc.posting_id, str | int | float) else None
            yield {"id": pid, "line": n, "error": str(exc)}
            continue
        yield screen_posting(obj, screen)
