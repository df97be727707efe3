"""Occupation codes for a job title: ONE function for the whole app.

`code_title(title) -> (code, name, score)` uses the occupation coder of issue 14
(`zhihui.occupations`, contract shared/contracts/occupations.md) when it is installed, and
otherwise a simple coder over the registry's occupation catalogue (职业分类大典 2022): the
occupation whose name shares the most bigrams with the title (ties: the shorter name). The
score is in [0, 1]; below `MIN_SCORE` the title is not coded (`("", "", score)`).
"""

from __future__ import annotations

from functools import lru_cache

from zhihui.optional import import_optional

MIN_SCORE = 0.34
# Where issue 14's coder may expose its function (the contract fixes the command and API only).
CODER_MODULES = ("zhihui.occupations.coder", "zhihui.occupations")


def code_title(title: str) -> tuple[str, str, float]:
    title = (title or "").strip()
    if not title:
        return "", "", 0.0
    for module_name in CODER_MODULES:
        try:
            module = import_optional(module_name)
        except ImportError:
            module = None
        if module is None:
            continue
        try:
            coded = _call_coder(module, title)
        except Exception:  # noqa: BLE001 - a coder failure must not stop a posting; fall back
            coded = None
        if coded is not None and coded[0]:
            return coded
    return _simple(title)


def _call_coder(module, title: str) -> tuple[str, str, float] | None:
    """Adapter to the occupation coder; None when it offers no usable function."""
    for name in ("code_title", "code", "classify"):
        fn = getattr(module, name, None)
        if fn is None:
            continue
        result = fn(title)
        if isinstance(result, tuple) and len(result) >= 3:
            return str(result[0] or ""), str(result[1] or ""), float(result[2] or 0.0)
        if isinstance(result, dict):
            return str(result.get("code") or ""), str(result.get("name") or ""), float(result.get("score") or 0.0)
        if isinstance(result, list) and result:
            best = result[0]
            if isinstance(best, dict):
                return str(best.get("code") or ""), str(best.get("name") or ""), float(best.get("score") or 0.0)
    return None


@lru_cache(maxsize=1)
def _catalogue() -> tuple[tuple[str, str, frozenset], ...]:
    from zhihui.registry.models import Occupation

    from .search import terms

    rows = Occupation.objects.filter(level=4, valid_to__isnull=True).values_list("code", "name")
    return tuple((code, name, frozenset(terms(name))) for code, name in rows)


def clear_cache() -> None:
    _catalogue.cache_clear()


def _simple(title: str) -> tuple[str, str, float]:
    from .search import terms

    want = frozenset(terms(title))
    if not want:
        return "", "", 0.0
    best = ("", "", 0.0)
    best_len = 10**6
    for code, name, grams in _catalogue():
        if not grams:
            continue
        common = len(want & grams)
        if not common:
            continue
        score = 2 * common / (len(want) + len(grams))  # Dice coefficient of the bigram sets
        if name == title:
            score = 1.0
        if score > best[2] or (score == best[2] and len(name) < best_len):
            best, best_len = (code, name, round(score, 3)), len(name)
    if best[2] < MIN_SCORE:
        return "", "", best[2]
    return best


def occupation_name(code: str) -> str:
    if not code:
        return ""
    for c, name, _grams in _catalogue():
        if c == code:
            return name
    from zhihui.registry.models import Occupation

    row = Occupation.objects.filter(code=code).values_list("name", flat=True).first()
    return row or ""
