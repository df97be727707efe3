"""The vocabulary rules are written in: three-valued conditions over columns, and payments.

A package's rules.py defines one function per benefit, `def <benefit_id>(c: Ctx) -> Outcome`.
The function runs once per (package, as-of date, profile kind): `c.col(path).values` are
symbolic columns (zhihui.policy.expr) and the conditions it builds are recorded, then
zhihui.policy.program evaluates them column-wise (numpy) on every batch — the same compiled
program serves one profile and a million.

Three values: F (0) failed, U (1) unknown (a fact is missing), T (2) met. `all_of` and
`any_of` are Kleene AND/OR (min/max), so a failed condition makes the result ineligible
whatever else is missing, and `missing` keeps exactly the absent facts that still matter.
Each leaf condition carries a reason ("<field>: required …; profile: …") built column-wise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations as _combinations
from typing import Any

import numpy as np
import orjson

from zhihui.policy.dates import to_days
from zhihui.policy.errors import PackageError
from zhihui.policy.expr import CURRENT_RUN, Expr
from zhihui.policy.params import NOT_IN_FORCE, UNSET
from zhihui.policy.reasons import Req, Rows, item_of
from zhihui.policy.schema import SCORE_SCALE, Col, FieldSpec, ListCol, days_text

F, U, T = np.int8(0), np.int8(1), np.int8(2)
_I8 = np.int8
_U64 = np.uint64
_count_nonzero = getattr(getattr(np, "_core", None), "_multiarray_umath", np).count_nonzero


def json_str(s: str) -> str:
    """JSON string literal of `s` (no escaping needed for the usual reason texts)."""
    if '"' in s or "\\" in s or not s.isprintable():
        return orjson.dumps(s).decode()
    return '"' + s + '"'


class _QuoteCache(dict):
    """display value -> b',"<prefix><value>"' (a UTF-8 JSON array item after `lead`)."""

    def __init__(self, prefix: str, lead: bytes = b","):
        super().__init__()
        self.prefix = prefix
        self.lead = lead

    def __missing__(self, key):
        v = self[key] = self.lead + json_str(self.prefix + key).encode()
        return v


class Reason:
    """One reason line per row: `make()` -> list[str]; shown where `applies` (or always).
    `make_json()` gives the same lines as UTF-8 JSON array items with a leading comma."""

    __slots__ = ("applies", "make", "_json")

    def __init__(self, make: Callable[[], list[str]], applies: np.ndarray | None = None,
                 make_json: Callable[[], list[str]] | None = None):
        self.make = make
        self.applies = applies
        self._json = make_json

    def restrict(self, mask: np.ndarray) -> Reason:
        a = mask if self.applies is None else (self.applies & mask)
        return Reason(self.make, a, self._json)

    def had_items(self, pre: str = "") -> list[dict]:
        """What each row had, structured (zhihui.policy.reasons): for single-profile results,
        not the batch path. Here: the line's text after the prefix."""
        n = len(pre)
        return [item_of(t[n:] if isinstance(t, str) and not isinstance(t, Req) else t)
                for t in self.make()]

    def make_json(self, lead: bytes = b",") -> list[bytes]:
        """The lines as UTF-8 JSON strings, each preceded by `lead` (b"," or b"")."""
        if self._json is not None:
            return self._json(lead)
        texts = self.make()
        joined = "\x00".join(texts)
        if '"' in joined or "\\" in joined or not joined.replace("\x00", "").isprintable():
            return [lead + orjson.dumps(t) for t in texts]
        pre = lead.decode() + '"'
        return [(pre + t + '"').encode() for t in texts]


class _ColReason(Reason):
    """Reason "<pre><display value>" for a leaf column (one object, no closures: built for
    every leaf condition of every benefit, so it is kept cheap)."""

    __slots__ = ("pre", "col", "texts")

    def __init__(self, pre: str, col: Col, applies: np.ndarray | None = None):
        self.pre = pre
        self.col = col
        self.applies = applies
        self._json = None
        self.texts = None  # kept only for a reason on a shared absent column (Run.bind)

    def make(self) -> list[str]:  # noqa: D102 - as Reason.make
        texts = self.texts
        if texts is not None:
            return texts
        pre = self.pre
        return [pre + d for d in self.col.display()]

    def restrict(self, mask: np.ndarray) -> Reason:
        a = mask if self.applies is None else (self.applies & mask)
        return _ColReason(self.pre, self.col, a)

    def make_json(self, lead: bytes = b",") -> list[bytes]:
        q = _QuoteCache(self.pre, lead)
        return [q[d] for d in self.col.display()]

    def had_items(self, pre: str = "") -> list[dict]:  # noqa: D102 - as Reason.had_items
        return [_display_item(d) for d in self.col.display()]


class _ListReason(Reason):
    """Reason of `any_item`: per row "not stated", "none listed", or the had() text /
    "<qualifying> qualifying of <listed> listed" (one object, no closures)."""

    __slots__ = ("pre", "lc", "item", "had", "n", "texts")

    def __init__(self, pre: str, lc: ListCol, item: Tri, had, n: int,
                 applies: np.ndarray | None = None):
        self.pre, self.lc, self.item, self.had, self.n = pre, lc, item, had, n
        self.applies = applies
        self._json = None
        self.texts = None  # kept only for a reason on a shared absent list (Run.bind)

    def restrict(self, mask: np.ndarray) -> Reason:
        return Reason(self.make, mask if self.applies is None else (self.applies & mask),
                      self.make_json)

    def _summary(self) -> list:
        lc, n = self.lc, self.n
        pres = lc.present.tolist()
        if not len(lc.item_row):  # no profile lists an item: had() would not be shown
            return ["none listed" if p else "not stated" for p in pres]
        cnt = lc.count.tolist()
        if self.had is not None:
            h = self.had()
        else:
            cnt_t = (np.bincount(lc.item_row[self.item.v == T], minlength=n).tolist()
                     if len(lc.item_row) else [0] * n)
            h = list(zip(cnt_t, cnt, strict=True))
        return [h[i] if pres[i] and cnt[i] else ("none listed" if pres[i] else "not stated")
                for i in range(n)]

    @staticmethod
    def _text(x) -> str:
        return x if isinstance(x, str) else f"{x[0]} qualifying of {x[1]} listed"

    def had_items(self, pre: str = "") -> list[dict]:  # noqa: D102 - as Reason.had_items
        lc, n = self.lc, self.n
        pres = lc.present.tolist()
        if not len(lc.item_row):
            return [_NONE_LISTED if p else _NOT_STATED for p in pres]
        cnt = lc.count.tolist()
        if self.had is not None:
            h = self.had()
            rows = h if isinstance(h, Rows) else None
        else:
            cnt_t = np.bincount(lc.item_row[self.item.v == T], minlength=n).tolist()
            h, rows = None, None
        out = []
        for i in range(n):
            if not pres[i]:
                out.append(_NOT_STATED)
            elif not cnt[i]:
                out.append(_NONE_LISTED)
            elif rows is not None:
                out.append(rows.item(i))
            elif h is not None:
                out.append(item_of(h[i]))
            else:
                out.append({"id": "qualifying_of_listed", "values": {"k": cnt_t[i], "m": cnt[i]}})
        return out

    def make(self) -> list[str]:  # noqa: D102 - as Reason.make
        if self.texts is not None:
            return self.texts
        pre, text = self.pre, self._text
        return [pre + text(x) for x in self._summary()]

    def make_json(self, lead: bytes = b",") -> list[bytes]:
        cache: dict = {}
        out = []
        pre, text = self.pre, self._text
        for x in self._summary():
            q = cache.get(x)
            if q is None:
                q = cache[x] = lead + json_str(pre + text(x)).encode()
            out.append(q)
        return out


class _DerivedReason(Reason):
    """Reason of `derived`: "<pre><had() text>", or "<pre>not stated (a, b)" for rows
    where some of the facts are absent (`cols` given only when some are)."""

    __slots__ = ("pre", "had", "paths", "cols", "n")

    def __init__(self, pre: str, had, paths, cols, n: int, applies: np.ndarray | None = None):
        self.pre, self.had, self.paths, self.cols, self.n = pre, had, paths, cols, n
        self.applies = applies
        self._json = None

    def restrict(self, mask: np.ndarray) -> Reason:
        return Reason(self.make, mask if self.applies is None else (self.applies & mask),
                      self.make_json)

    def make(self) -> list[str]:  # noqa: D102 - as Reason.make
        pre, paths = self.pre, self.paths
        if self.cols is None:
            return [pre + x for x in self.had()]
        if all(c.shared for c in self.cols):  # no profile of this (small) batch states any
            return [pre + "not stated (" + ", ".join(paths) + ")"] * self.n
        # which facts are absent, per row, as a small code -> "not stated (a, b)"
        code = np.zeros(self.n, np.int64)
        for k, col in enumerate(self.cols):
            code |= (~col.present).astype(np.int64) << k
        codes = code.tolist()
        # had() only when some row states every fact (its text is shown only there)
        h = self.had() if _count_nonzero(code) < self.n else codes
        names = {}
        out = []
        for x, cd in zip(h, codes, strict=True):
            if cd == 0:
                out.append(pre + x)
            else:
                t = names.get(cd)
                if t is None:
                    gone = [p for k, p in enumerate(paths) if cd >> k & 1]
                    t = names[cd] = pre + "not stated (" + ", ".join(gone) + ")"
                out.append(t)
        return out

    def had_items(self, pre: str = "") -> list[dict]:  # noqa: D102 - as Reason.had_items
        paths = self.paths
        code = [0] * self.n
        if self.cols is not None:
            for k, col in enumerate(self.cols):
                for i in (~col.present).nonzero()[0].tolist():
                    code[i] |= 1 << k
        h = self.had() if not all(code) else None
        out = []
        for i, cd in enumerate(code):
            if cd:
                gone = [p for k, p in enumerate(paths) if cd >> k & 1]
                out.append({"id": "not_stated_facts", "values": {"paths": gone}})
            elif isinstance(h, Rows):
                out.append(h.item(i))
            else:
                out.append(item_of(h[i]))
        return out

    def make_json(self, lead: bytes = b",") -> list[bytes]:
        cache: dict[str, bytes] = {}
        out = []
        for t in self.make():
            q = cache.get(t)
            if q is None:
                q = cache[t] = lead + json_str(t).encode()
            out.append(q)
        return out



_T0 = np.array(T)
_U0 = np.array(U)
_ONE_I8, _ZERO_I8 = np.array(1, _I8), np.array(0, _I8)

class _Note(Reason):
    """The same text on every row (a constant condition, a policy not in force)."""

    __slots__ = ("text", "n")

    def __init__(self, text: str, n: int, applies: np.ndarray | None = None):
        self.text, self.n, self.applies, self._json = text, n, applies, None

    def make(self) -> list[str]:  # noqa: D102 - as Reason.make
        return [self.text] * self.n

    def restrict(self, mask: np.ndarray) -> Reason:
        return _Note(self.text, self.n, mask if self.applies is None else (self.applies & mask))

    def make_json(self, lead: bytes = b",") -> list[bytes]:
        return [lead + json_str(self.text).encode()] * self.n


_NOT_STATED = {"id": "not_stated", "values": {}}
_NONE_LISTED = {"id": "none_listed", "values": {}}
_NONE = {"id": "none", "values": {}}


def _display_item(d: str) -> dict:
    """A column's display value (Col.display) as an item: a code, a date or number, or
    "not stated" / "null (none)"."""
    if d == "not stated":
        return _NOT_STATED
    if d == "null (none)":
        return _NONE
    return {"id": "value", "values": {"code": d}}


class _Bound:
    """An explanation callable of a rule (had=…, row_extras) bound to the run whose values
    it reads."""

    __slots__ = ("fn", "run")

    def __init__(self, fn, run):
        self.fn, self.run = fn, run

    def __call__(self, *args):
        tok = CURRENT_RUN.set(self.run)
        try:
            return self.fn(*args)
        finally:
            CURRENT_RUN.reset(tok)


class _Values:
    """What _ListReason reads of an item condition: its values."""

    __slots__ = ("v",)

    def __init__(self, v):
        self.v = v


# --------------------------------------------------------------------------- reason templates
# Compiled once with the rule; bound to a batch's columns at each run (program.py).


class ReasonTpl:
    """`head`: what the line is about, structured (zhihui.policy.reasons): {"kind": "required"
    or "needed_for" or "note", "field": path, "label": Req or text or None, "required": Req or
    text, "type": the column's type}; the per-row "had" part comes from the bound reason."""

    __slots__ = ("masks", "head")

    def restrict(self, mask) -> ReasonTpl:
        r = self.copy()
        r.masks = self.masks + (mask,)
        return r


class ColR(ReasonTpl):
    __slots__ = ("pre", "col", "shared")

    def __init__(self, pre: str, col: SymCol, masks=(), head=None):
        self.pre, self.col, self.masks, self.head = pre, col, masks, head
        self.shared = None  # (shared absent column, its reason): see program.Run.bind

    def copy(self):
        return ColR(self.pre, self.col, self.masks, self.head)


class DerivedR(ReasonTpl):
    __slots__ = ("pre", "had", "cols", "paths")

    def __init__(self, pre: str, had, cols: list, masks=(), head=None):
        self.pre, self.had, self.cols, self.masks, self.head = pre, had, cols, masks, head
        self.paths = [c.path for c in cols]

    def copy(self):
        return DerivedR(self.pre, self.had, self.cols, self.masks, self.head)


class ListR(ReasonTpl):
    __slots__ = ("pre", "lst", "item", "had", "shared")

    def __init__(self, pre: str, lst: str, item: Tri, had, masks=(), head=None):
        self.pre, self.lst, self.item, self.had, self.masks = pre, lst, item, had, masks
        self.head = head
        self.shared = None  # (shared absent list, its reason): see program.Run.bind

    def copy(self):
        return ListR(self.pre, self.lst, self.item, self.had, self.masks, self.head)


class NoteR(ReasonTpl):
    __slots__ = ("text",)

    def __init__(self, text: str, masks=()):
        self.text, self.masks = text, masks
        self.head = {"kind": "note", "note": text}

    def copy(self):
        return NoteR(self.text, self.masks)


# --------------------------------------------------------------------------- columns


class SymCol:
    """A leaf field as a rule sees it while being compiled: `values` and `present` are
    symbolic (Expr); `eq`, `isin`, `code` as on a real column; `display()` (in an
    explanation callable) the batch's texts."""

    __slots__ = ("spec", "values", "present", "codes", "list_path", "name")

    def __init__(self, spec: FieldSpec, list_path: str | None = None, name: str | None = None):
        self.spec = spec
        self.codes = spec.codes
        self.list_path, self.name = list_path, name
        if list_path is None:
            self.values, self.present = Expr("col", spec), Expr("pres", spec)
        else:
            self.values = Expr("icol", list_path, spec)
            self.present = Expr("ipres", list_path, spec)

    @property
    def path(self) -> str:
        return self.spec.path

    def code(self, value) -> int:
        """Enum code of `value` (a package author's typo fails loudly)."""
        return self.spec.code(value)

    def isin(self, values) -> Expr:
        """Bool per row: the (enum) value is one of `values` (absent rows: False)."""
        return Expr("fn", _lut_at, (self.spec.isin_table(values), self.values))

    def eq(self, value) -> Expr:
        return self.values == self.spec.code_0d(value)

    def display(self) -> list[str]:
        return CURRENT_RUN.get().column(self).display()

    def all_present(self):
        raise PackageError("presence is known only when a batch is evaluated: use "
                           "col.present (a column of booleans)")


def _lut_at(lut: np.ndarray, codes: np.ndarray) -> np.ndarray:
    return lut[codes + 2]


# --------------------------------------------------------------------------- conditions


class Tri:
    """A three-valued condition per row (F 0, U 1, T 2), recorded when the rule is compiled:

    leaf    `ok` (Expr or bool) where the facts `paths` are stated; U where one is absent
            (F instead with `absent_fails`, for optional extra inputs)
    and/or  Kleene AND (min) / OR (max) of `children`
    when    `children[0]` where `mask`, met elsewhere; select: per-row choice by `cases`
    list    met if some item of list `lst` meets `children[0]` (an item-space condition)
    `reasons`: the reason templates, in the order they are shown.
    `space`: None for profile rows, the list path for a condition on list items."""

    __slots__ = ("kind", "ok", "paths", "absent_fails", "children", "mask", "cases", "lst",
                 "reasons", "space", "_v")

    def __init__(self, kind: str, reasons: list, *, ok=None, paths=(), absent_fails=False,
                 children=(), mask=None, cases=None, lst=None, space=None):
        self.kind, self.reasons, self.ok, self.paths = kind, reasons, ok, tuple(paths)
        self.absent_fails, self.children, self.mask, self.cases = absent_fails, children, mask, cases
        self.lst, self.space, self._v = lst, space, None

    @property
    def v(self) -> Expr:
        """The condition's values (int8 F/U/T) as a column expression."""
        if self._v is None:
            self._v = Expr("tri", self)
        return self._v

    @property
    def true(self) -> Expr:
        return self.v == _T0


def _combine(ts: Sequence[Tri], kind: str) -> Tri:
    if None in ts:
        ts = [t for t in ts if t is not None]
    if len(ts) == 1:
        return ts[0]
    reasons = ts[0].reasons + ts[1].reasons
    for t in ts[2:]:
        reasons += t.reasons
    return Tri(kind, reasons, children=tuple(ts), space=ts[0].space)


def all_of(*ts: Tri) -> Tri:
    """Kleene AND: failed if any failed; else unknown if any unknown."""
    return _combine(ts, "and")


def any_of(*ts: Tri) -> Tri:
    """Kleene OR: met if any met; else unknown if any unknown."""
    return _combine(ts, "or")


def when(mask, t: Tri) -> Tri:
    """`t` where `mask`, met (and silent) elsewhere: a condition that only applies to some rows."""
    return Tri("when", [r.restrict(mask) for r in t.reasons], children=(t,), mask=mask,
               space=t.space)


def select(cases: Sequence[tuple]) -> Tri:
    """Per-row choice of a condition by mutually exclusive masks; met where none applies."""
    if not cases:
        raise PackageError("select() needs at least one case")
    reasons: list = []
    for mask, t in cases:
        reasons.extend(r.restrict(mask) for r in t.reasons)
    return Tri("select", reasons, children=tuple(t for _, t in cases), cases=list(cases),
               space=cases[0][1].space)


# --------------------------------------------------------------------------- payments


@dataclass
class Pay:
    """Payments in long form: one entry per (row, year, fen)."""

    row: np.ndarray
    year: np.ndarray
    fen: np.ndarray

    @staticmethod
    def empty() -> Pay:
        return Pay(_NO_PAY, _NO_PAY, _NO_PAY)

    @staticmethod
    def concat(*ps: Pay) -> Pay:
        ps = [p for p in ps if p is not None]
        if not ps:
            return Pay.empty()
        return Pay(*(np.concatenate([getattr(p, a) for p in ps]) for a in ("row", "year", "fen")))


_NO_PAY = np.zeros(0, np.int64)
_NO_PAY.flags.writeable = False


class PaySpec:
    """A payment schedule, expanded only for the eligible rows: `build(eligible) -> Pay`."""

    def build(self, elig: np.ndarray) -> Pay:  # pragma: no cover - abstract
        raise NotImplementedError


def _at(x, idx):
    a = np.asarray(x)
    return np.full(len(idx), a, np.int64) if a.ndim == 0 else a[idx].astype(np.int64)


class _Annual(PaySpec):
    def __init__(self, first_year, fen, years: int, equal_split: bool, row=None):
        self.first_year, self.fen, self.years = first_year, fen, years
        self.equal_split, self.row = equal_split, row

    def resolve(self, value) -> _Annual:
        """The schedule with its column expressions evaluated by `value` (a run's)."""
        return _Annual(value(self.first_year), value(self.fen), self.years, self.equal_split,
                       None if self.row is None else value(self.row))

    def build(self, elig):
        return self.expand(elig)[0]

    def expand(self, elig) -> tuple[Pay, np.ndarray, np.ndarray]:
        """(payments, index of the eligible entries, their amount per instalment)."""
        if self.row is None:
            idx = elig.nonzero()[0]
            rows = idx
        else:  # entries belong to profiles through `row`
            row = np.asarray(self.row, np.int64)
            idx = elig[row].nonzero()[0] if len(row) else np.zeros(0, np.int64)
            rows = row[idx]
        y0 = _at(self.first_year, idx)
        amount = _at(self.fen, idx)
        k = self.years
        if k == 1:
            return Pay(np.asarray(rows, np.int64), y0, amount), idx, amount
        # k instalments, year by year: entries [all rows in year 1, all rows in year 2, …]
        ks = np.arange(k)[:, None]
        if self.equal_split:
            base, rem = np.divmod(amount, k)
            fens = (base + (ks < rem)).ravel()
        else:
            fens = amount[None, :].repeat(k, 0).ravel()
        rows = np.asarray(rows, np.int64)[None, :].repeat(k, 0).ravel()
        return Pay(rows, (y0 + ks).ravel(), fens.astype(np.int64, copy=False)), idx, amount


def once(year, fen, n: int | None = None) -> PaySpec:
    """One payment per profile: `fen` in calendar `year` (arrays per row, or scalars)."""
    return _Annual(year, fen, 1, False)


def annual(first_year, fen_per_year, years: int, n: int | None = None) -> PaySpec:
    """`fen_per_year` in each of `years` calendar years starting with `first_year`."""
    return _Annual(first_year, fen_per_year, years, False)


def split(first_year, total_fen, parts: int, n: int | None = None, row=None) -> PaySpec:
    """`total_fen` in `parts` equal yearly instalments, in fen, leftover fen to the earliest
    instalments (500.00 over three: 166.67, 166.67, 166.66). With `row`, entry i belongs to
    profile row[i] (e.g. one entry per list item); otherwise entry i is profile i."""
    return _Annual(first_year, total_fen, parts, True, row)


def per_item(item_row, year, fen) -> PaySpec:
    """One payment per entry (e.g. per list item) of profile `item_row[i]`."""
    return _Annual(year, fen, 1, False, item_row)


@dataclass
class Outcome:
    """What a rule returns.

    cond          eligibility (Tri)
    pay           the payment schedule (PaySpec), or None (nothing paid in money)
    amount_known  bool column (Expr) or bool: False where the plan sets no amount
                  (-> undetermined)
    amount_note   reason line for rows whose amount is unknown
    extras        constant fields added to eligible results (e.g. {"in_kind": {"nights": 7}})
    row_extras    per-row extra fields for eligible rows: callable(i) -> dict
    """

    cond: Tri
    pay: PaySpec | None = None
    amount_known: Any = True
    amount_note: str = ""
    extras: dict = field(default_factory=dict)
    row_extras: Callable[[int], dict] | None = None


# --------------------------------------------------------------------------- context


def money_to_fen(d: Decimal) -> int:
    return int((d * 100).to_integral_exact())


_ONES = Expr("fn", np.ones, (Expr("n"), bool))  # `known`: met wherever the fact is stated
_SCALE = {"score": SCORE_SCALE}  # how a type's values are scaled (reachable: the maximum)


class Ctx:
    """What a rule is given when it is compiled (once per package, as-of date and profile
    kind): symbolic columns, the parameters in force at the as-of date, and the vocabulary
    of conditions. `zhihui.policy.program` evaluates the result on batches."""

    def __init__(self, as_of: dt.date, parameters: dict, schema_kind: dict, bits: dict,
                 pcache: dict | None = None):
        self.as_of = as_of
        self.as_of_days = to_days(as_of)
        self.as_of_year = as_of.year
        self.parameters = parameters
        self._leaves = schema_kind  # path -> FieldSpec
        self._bits = bits  # path -> bit, shared by every benefit of this kind
        self.not_in_force: list[str] = []
        self._const: dict = {}
        self._cols: dict[str, SymCol] = {}
        self._pcache = {} if pcache is None else pcache  # pid -> (value, not in force)

    @property
    def n(self):
        raise PackageError("the number of rows is not known when a rule is compiled: build "
                           "columns with np.where / np.select on profile values")

    # -- facts ------------------------------------------------------------------
    def bit(self, path: str) -> np.uint64:
        b = self._bits.get(path)
        if b is None:
            if len(self._bits) >= 64:
                raise PackageError("more than 64 distinct fact paths in one profile kind")
            b = self._bits[path] = _U64(1) << _U64(len(self._bits))
        return b

    def col(self, path: str) -> SymCol:
        c = self._cols.get(path)
        if c is None:
            spec = self._leaves.get(path)
            if spec is None or spec.type in ("object", "list"):
                raise PackageError(f"rule uses unknown field {path!r}")
            c = self._cols[path] = SymCol(spec)
        return c

    def lst(self, path: str) -> FieldSpec:
        spec = self._leaves.get(path)
        if spec is None or spec.type != "list":
            raise PackageError(f"rule uses unknown list field {path!r}")
        return spec

    # -- parameters -------------------------------------------------------------
    def _resolve(self, pid: str) -> tuple:
        """(value, in force?) of a parameter at the as-of date, cached per (package, as_of):
        the parameters of a package never change once loaded."""
        hit = self._pcache.get(pid)
        if hit is None:
            p = self.parameters.get(pid)
            if p is None:
                raise PackageError(f"rule uses unknown parameter {pid!r}")
            v = p.value_at(self.as_of)
            nif = v is NOT_IN_FORCE
            if nif:
                v = (p.periods[0].value if self.as_of < p.periods[0].valid_from
                     else p.periods[-1].value)
            hit = self._pcache[pid] = (v, nif)
        return hit

    def param(self, pid: str):
        """Typed value in force at the as-of date (UNSET when the plan sets none)."""
        v, nif = self._resolve(pid)
        if nif:
            self.not_in_force.append(pid)
        return v

    def per_as_of(self, key, fn):
        """fn() once per (package, as-of date) for `key`: a value derived from parameters
        only (call c.param for the parameters it reads first, so that a parameter not in
        force still makes the rule fail). An exception is not cached."""
        k = ("per_as_of", key)
        hit = self._pcache.get(k)
        if hit is None:
            hit = self._pcache[k] = fn()
        return hit

    def memo(self, key, fn):
        """fn() once per compilation for `key` (a sub-condition several benefits share). The
        result must not depend on which benefit asks (its reasons are shared too)."""
        hit = self._const.get(key)
        if hit is None:
            hit = self._const[key] = fn()
        return hit

    def in_force(self, pid: str) -> bool:
        """Whether a parameter is in force at the as-of date (without making the rule fail)."""
        return not self._resolve(pid)[1]

    def fen(self, pid: str) -> int | None:
        v = self.param(pid)
        if v is UNSET:
            return None
        key = ("fen", pid)
        f = self._pcache.get(key)
        if f is None:
            f = self._pcache[key] = money_to_fen(v)
        return f

    # -- conditions -------------------------------------------------------------
    def fact(self, path: str, ok, required: str, label: str | None = None,
             absent_fails: bool = False) -> Tri:
        """A condition on one leaf field: `ok` is a bool column or f(values) -> bool column.
        Absent -> unknown (or failed with absent_fails=True, for optional extra inputs)."""
        col = self.col(path)
        okv = ok(col.values) if callable(ok) else ok
        reason = ColR(f"{label or path}: required {required}; profile: ", col,
                      head=_head("required", path, label, required, col.spec.type))
        if not absent_fails:
            self.bit(path)
        return Tri("leaf", [reason], ok=okv, paths=(col,), absent_fails=absent_fails)

    def is_true(self, path: str, label: str | None = None) -> Tri:
        return self.fact(path, _is_one, _TRUE, label)

    def is_false(self, path: str, label: str | None = None) -> Tri:
        return self.fact(path, _is_zero, _FALSE, label)

    def is_in(self, path: str, values: Sequence, label: str | None = None) -> Tri:
        col = self.col(path)
        return self.fact(path, col.isin(values), _or_list(values), label)

    def at_least(self, path: str, threshold, label: str | None = None, unit: str = "") -> Tri:
        shown = f"{threshold:g}" if isinstance(threshold, float) else str(threshold)
        return self.fact(path, lambda v: v >= threshold, Req("at_least", n=shown, unit=unit),
                         label)

    def known(self, path: str, why: str) -> Tri:
        """Met when the fact is stated, unknown otherwise (a fact the amount depends on)."""
        col = self.col(path)
        self.bit(path)
        return Tri("leaf", [ColR(f"{path}: needed for {why}; profile: ", col,
                                 head=_head("needed_for", path, None, why, col.spec.type))],
                   ok=_ONES, paths=(col,))

    def derived(self, paths: Sequence[str], ok, required: str, label: str,
                had: Callable[[], list[str]]) -> Tri:
        """A condition on several facts; unknown where any of them is absent."""
        cols = [self.col(p) for p in paths]
        for p in paths:
            self.bit(p)
        reason = DerivedR(f"{label}: required {required}; profile: ", had, cols,
                          head=_head("required", paths[0] if paths else None, label, required))
        return Tri("leaf", [reason], ok=ok, paths=cols)

    def reachable(self, terms: Sequence[tuple[str, int]], threshold: int, required: str,
                  label: str, had: Callable[[], list[str]]) -> Tri:
        """Whether a weighted sum of facts, sum(weight × value), can still reach `threshold`
        with every absent fact at its schema maximum: failed where even that falls short,
        met elsewhere (never unknown for it). Weights and threshold are integers on the scale
        of the values. Use it beside the full condition on the sum, which stays unknown where
        facts are absent: a row whose stated facts keep the sum out of reach is then
        ineligible, not undetermined.

        Built from one leaf per proper subset of stated facts (the others at their maximum),
        so that no leaf is evaluated on a batch where its facts are absent: a single fact is
        an interval test, two or more a derived leaf. One reason line, shown where some but
        not all of the facts are stated."""
        cols = [self.col(p) for p, _ in terms]
        tops = [int(c.spec.max) * _SCALE.get(c.spec.type, 1) for c in cols]
        leaves = []
        k = len(terms)
        for size in range(1, k):
            for subset in _combinations(range(k), size):
                rest = sum(terms[i][1] * tops[i] for i in range(k) if i not in subset)
                if size == 1:
                    i = subset[0]
                    w = terms[i][1]
                    need = -(-(threshold - rest) // w)  # ceil: values are integers
                    if need <= 0:
                        continue  # reachable whatever the value
                    ok = cols[i].values >= need
                else:
                    total = rest
                    for i in subset:
                        total = total + terms[i][1] * cols[i].values
                    ok = total >= threshold
                for i in subset:
                    self.bit(terms[i][0])
                leaves.append(Tri("leaf", [], ok=ok, paths=tuple(cols[i] for i in subset)))
        allp = cols[0].present
        anyp = cols[0].present
        for c in cols[1:]:
            allp, anyp = allp & c.present, anyp | c.present
        reason = DerivedR(f"{label}: required {required}; profile: ", had, [],
                          head=_head("required", terms[0][0], label, required)).restrict(
            anyp & ~allp)
        if not leaves:
            return Tri("leaf", [reason], ok=_ONES)
        return Tri("and", [reason], children=tuple(leaves))

    def const(self, met: bool, text: str) -> Tri:
        """A condition with the same outcome for every row (e.g. a policy not in force)."""
        return Tri("leaf", [NoteR(text)], ok=Expr("fn", np.full, (Expr("n"), bool(met))))

    # -- lists ------------------------------------------------------------------
    def items(self, list_path: str) -> ItemCtx:
        return ItemCtx(self, list_path, self.lst(list_path))

    def any_item(self, list_path: str, item: Tri, required: str,
                 had: Callable[[], list[str]] | None = None) -> Tri:
        """Met if some item meets `item`; unknown if none does and some item (or the whole
        list) is unknown; failed for an empty list or when every item fails."""
        self.lst(list_path)
        self.bit(list_path)
        reason = ListR(f"{list_path}: required {required}; profile: ", list_path, item, had,
                       head=_head("required", list_path, None, required, "list"))
        return Tri("list", [reason], children=(item,), lst=list_path)


def _head(kind: str, path, label, required, typ: str | None = None) -> dict:
    return {"kind": kind, "field": path, "label": label, "required": required, "type": typ}


_TRUE, _FALSE = Req("true"), Req("false")


def _is_one(v):
    return v == _ONE_I8


def _is_zero(v):
    return v == _ZERO_I8


class ItemCtx:
    """Conditions on the items of one list field (length = number of items, not profiles)."""

    def __init__(self, c: Ctx, list_path: str, spec: FieldSpec):
        self.c = c
        self.path = list_path
        self.spec = spec
        self.row = Expr("irow", list_path)
        self._cols: dict[str, SymCol] = {}

    def col(self, name: str) -> SymCol:
        col = self._cols.get(name)
        if col is None:
            spec = self.spec.fields.get(name)
            if spec is None:
                raise PackageError(f"rule uses unknown item field {self.path}[].{name!r}")
            col = self._cols[name] = SymCol(spec, self.path, name)
        return col

    def fact(self, name: str, ok) -> Tri:
        col = self.col(name)
        okv = ok(col.values) if callable(ok) else ok
        self.c.bit(f"{self.path}[].{name}")
        return Tri("leaf", [], ok=okv, paths=(col,), space=self.path)

    def is_in(self, name: str, values: Sequence) -> Tri:
        col = self.col(name)
        return self.fact(name, col.isin(values))

    def known(self, name: str) -> Tri:
        return self.fact(name, _item_ones(self.path))


def _item_ones(list_path: str) -> Expr:
    return Expr("fn", _ones_like, (Expr("irow", list_path),))


def _ones_like(x):
    return np.ones(len(x), bool)


def _first_item(item_v, key, row, n):
    best = np.full(n, _BIG, np.int64)
    ok = (item_v == _T0).nonzero()[0]
    if len(ok):
        np.minimum.at(best, row[ok], key[ok].astype(np.int64))
    return best


def first_item(c: Ctx, item: Tri, key, row) -> tuple[Expr, Expr]:
    """Per profile: the smallest `key` among items that meet `item` (and whether one exists)."""
    best = Expr("fn", _first_item, (item.v, key, row, Expr("n")))
    return best, best != _BIG


_BIG = np.iinfo(np.int64).max


_OR_CACHE: dict = {}


def _or_list(values: Sequence) -> str:
    key = tuple(values)
    hit = _OR_CACHE.get(key)
    if hit is None:
        hit = _OR_CACHE[key] = _or_list_text(key) if len(_OR_CACHE) < 10_000 else None
    return hit if hit is not None else _or_list_text(key)


def _or_list_text(values: Sequence) -> Req:
    return Req("one_of", codes=tuple(str(v) for v in values))


def fmt_days(days) -> list[str]:
    if type(days) is Expr:  # in an explanation callable: the batch's values
        days = CURRENT_RUN.get().value(days)
    return days_text(days)


def v_year_of(c: Ctx, path: str) -> np.ndarray:
    """Calendar year of a date column (0 where absent)."""
    from zhihui.policy.dates import v_year

    col = c.col(path)
    return np.where(col.present, v_year(col.values), 0)
