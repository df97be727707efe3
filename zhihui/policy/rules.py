"""The vocabulary rules are written in: three-valued conditions over columns, and payments.

A package's rules.py defines one function per benefit, `def <benefit_id>(c: Ctx) -> Outcome`.
Everything is column-wise (numpy): the same code serves one profile and a million.

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
from typing import Any

import numpy as np
import orjson

from zhihui.policy.dates import to_days
from zhihui.policy.errors import PackageError
from zhihui.policy.params import NOT_IN_FORCE, UNSET
from zhihui.policy.schema import Col, ListCol, ProfileBatch, absent_col, days_text, empty_col

F, U, T = np.int8(0), np.int8(1), np.int8(2)
_I8 = np.int8
_U64 = np.uint64
U64_ZERO = np.uint64(0)
_U64_0 = np.array(0, _U64)  # 0-d: numpy's fast path
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

    __slots__ = ("pre", "col")

    def __init__(self, pre: str, col: Col, applies: np.ndarray | None = None):
        self.pre = pre
        self.col = col
        self.applies = applies
        self._json = None

    def make(self) -> list[str]:  # noqa: D102 - as Reason.make
        pre = self.pre
        return [pre + d for d in self.col.display()]

    def restrict(self, mask: np.ndarray) -> Reason:
        a = mask if self.applies is None else (self.applies & mask)
        return _ColReason(self.pre, self.col, a)

    def make_json(self, lead: bytes = b",") -> list[bytes]:
        q = _QuoteCache(self.pre, lead)
        return [q[d] for d in self.col.display()]


class _ListReason(Reason):
    """Reason of `any_item`: per row "not stated", "none listed", or the had() text /
    "<qualifying> qualifying of <listed> listed" (one object, no closures)."""

    __slots__ = ("pre", "lc", "item", "had", "n")

    def __init__(self, pre: str, lc: ListCol, item: Tri, had, n: int):
        self.pre, self.lc, self.item, self.had, self.n = pre, lc, item, had, n
        self.applies = None
        self._json = None

    def restrict(self, mask: np.ndarray) -> Reason:
        return Reason(self.make, mask if self.applies is None else (self.applies & mask),
                      self.make_json)

    def _summary(self) -> list:
        lc, n = self.lc, self.n
        pres = lc.present.tolist()
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

    def make(self) -> list[str]:  # noqa: D102 - as Reason.make
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

    def __init__(self, pre: str, had, paths, cols, n: int):
        self.pre, self.had, self.paths, self.cols, self.n = pre, had, paths, cols, n
        self.applies = None
        self._json = None

    def restrict(self, mask: np.ndarray) -> Reason:
        return Reason(self.make, mask if self.applies is None else (self.applies & mask),
                      self.make_json)

    def make(self) -> list[str]:  # noqa: D102 - as Reason.make
        pre, paths = self.pre, self.paths
        h = self.had()
        if self.cols is None:
            return [pre + x for x in h]
        # which facts are absent, per row, as a small code -> "not stated (a, b)"
        code = np.zeros(self.n, np.int64)
        for k, col in enumerate(self.cols):
            code |= (~col.present).astype(np.int64) << k
        names = {}
        out = []
        for x, cd in zip(h, code.tolist(), strict=True):
            if cd == 0:
                out.append(pre + x)
            else:
                t = names.get(cd)
                if t is None:
                    gone = [p for k, p in enumerate(paths) if cd >> k & 1]
                    t = names[cd] = pre + "not stated (" + ", ".join(gone) + ")"
                out.append(t)
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


def col_reason(pre: str, col: Col) -> Reason:
    """Reason "<pre><display value>" for a leaf column, with per-value caching."""
    return _ColReason(pre, col)


class Tri:
    """A three-valued condition per row: `v` (int8: F 0, U 1, T 2) and, computed lazily for
    the rows that need it, `miss_at(idx)`: the uint64 bit mask of absent facts behind a U."""

    __slots__ = ("v", "reasons")

    def __init__(self, v: np.ndarray, reasons: list[Reason]):
        self.v = v
        self.reasons = reasons

    @property
    def true(self) -> np.ndarray:
        return self.v == T

    def miss_at(self, idx: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError


class LeafTri(Tri):
    """A condition on facts; `absent` = [(bool mask of rows where the fact is absent, bit)]."""

    __slots__ = ("absent",)

    def __init__(self, v, reasons, absent):
        self.v = v
        self.reasons = reasons
        self.absent = absent

    def miss_at(self, idx):
        absent = self.absent
        if len(absent) == 1:
            mask, bit = absent[0]
            return np.where(mask[idx], bit, _U64_0)  # uint64
        out = np.zeros(len(idx), _U64)
        for mask, bit in absent:
            out |= np.where(mask[idx], bit, _U64_0)
        return out


class _NodeTri(Tri):
    __slots__ = ("children",)

    def __init__(self, v, reasons, children):
        self.v = v
        self.reasons = reasons
        self.children = children

    def miss_at(self, idx):
        # For AND and OR alike: where the result is U, every U child is part of the answer.
        out = np.zeros(len(idx), _U64)
        for t in self.children:
            cu = t.v[idx] == _U0
            if _count_nonzero(cu):
                sub = idx[cu]
                out[cu] |= t.miss_at(sub)
        return out


class _MaskedTri(Tri):
    __slots__ = ("cases",)

    def __init__(self, v, reasons, cases):
        super().__init__(v, reasons)
        self.cases = cases  # [(mask, Tri)]

    def miss_at(self, idx):
        out = np.zeros(len(idx), _U64)
        for mask, t in self.cases:
            m = mask[idx] & (t.v[idx] == _U0)
            if _count_nonzero(m):
                out[m] |= t.miss_at(idx[m])
        return out


class _ListTri(Tri):
    __slots__ = ("lc", "item", "bit")

    def __init__(self, v, reasons, lc, item, bit):
        super().__init__(v, reasons)
        self.lc, self.item, self.bit = lc, item, bit

    def miss_at(self, idx):
        lc = self.lc
        out = np.where(lc.present[idx], _U64(0), self.bit)
        iu = (self.item.v == _U0).nonzero()[0]
        if len(iu):
            per_row = np.zeros(len(lc.present), _U64)
            np.bitwise_or.at(per_row, lc.item_row[iu], self.item.miss_at(iu))
            out |= per_row[idx]
        return out


_SH1 = np.array(1, _I8)  # 0-d operands take numpy's fast path (a numpy scalar does not)
_U0 = np.array(U)
_T0 = np.array(T)


_BOOL = np.dtype(bool)
_I8DT = np.dtype(_I8)
_ONE_I8, _ZERO_I8 = np.array(1, _I8), np.array(0, _I8)


def _is_one(v: np.ndarray) -> np.ndarray:
    return v == (_ONE_I8 if v.dtype is _I8DT else 1)


def _is_zero(v: np.ndarray) -> np.ndarray:
    return v == (_ZERO_I8 if v.dtype is _I8DT else 0)

_NO_V = np.zeros(0, _I8)  # the condition of no items
_NO_V.flags.writeable = False


def _v_leaf(ok: np.ndarray, present: np.ndarray | None, absent: np.ndarray | None = None
            ) -> np.ndarray:
    """int8 F/U/T from a bool test and a presence mask (or its complement, `absent`)."""
    if type(ok) is np.ndarray and ok.dtype is _BOOL:
        v = ok.view(_I8) << _SH1
    else:
        v = np.asarray(ok).astype(_I8) << 1
    if absent is not None:
        np.putmask(v, absent, _U0)
    elif present is not None:
        np.putmask(v, ~present, U)
    return v


def _combine(ts: Sequence[Tri], reducer) -> Tri:
    if None in ts:
        ts = [t for t in ts if t is not None]
    if len(ts) == 1:
        return ts[0]
    v = reducer(ts[0].v, ts[1].v)
    reasons = ts[0].reasons + ts[1].reasons
    for t in ts[2:]:
        reducer(v, t.v, out=v)
        reasons += t.reasons
    return _NodeTri(v, reasons, ts)


def all_of(*ts: Tri) -> Tri:
    """Kleene AND: failed if any failed; else unknown if any unknown."""
    return _combine(ts, np.minimum)


def any_of(*ts: Tri) -> Tri:
    """Kleene OR: met if any met; else unknown if any unknown."""
    return _combine(ts, np.maximum)


def when(mask: np.ndarray, t: Tri) -> Tri:
    """`t` where `mask`, met (and silent) elsewhere: a condition that only applies to some rows."""
    v = np.where(mask, t.v, _T0)  # int8 and a 0-d int8: int8
    return _MaskedTri(v, [r.restrict(mask) for r in t.reasons], [(mask, t)])


def select(cases: Sequence[tuple[np.ndarray, Tri]]) -> Tri:
    """Per-row choice of a condition by mutually exclusive masks; met where none applies."""
    if not cases:
        raise PackageError("select() needs at least one case")
    v = np.full(len(cases[0][0]), T, _I8)
    reasons: list[Reason] = []
    for mask, t in cases:
        np.copyto(v, t.v, where=mask)
        reasons.extend(r.restrict(mask) for r in t.reasons)
    return _MaskedTri(v, reasons, list(cases))


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

    def build(self, elig):
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
            return Pay(np.asarray(rows, np.int64), y0, amount)
        if self.equal_split:
            base, rem = np.divmod(amount, k)
            fens = [base + (j < rem) for j in range(k)]
        else:
            fens = [amount] * k
        return Pay(np.concatenate([rows] * k), np.concatenate([y0 + j for j in range(k)]),
                   np.concatenate(fens).astype(np.int64))


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
    amount_known  bool array/bool: False where the plan sets no amount (-> undetermined)
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


class Ctx:
    """Evaluation context of one batch (one profile kind) at one as-of date."""

    def __init__(self, batch: ProfileBatch, as_of: dt.date, parameters: dict, schema_kind: dict,
                 bits: dict, pcache: dict | None = None):
        self.batch = batch
        self._cols = batch.cols
        self.n = batch.n
        self.as_of = as_of
        self.as_of_days = to_days(as_of)
        self.as_of_year = as_of.year
        self.parameters = parameters
        self._leaves = schema_kind  # path -> FieldSpec
        self._bits = bits  # path -> bit, shared by every benefit of this kind
        self.not_in_force: list[str] = []
        self._const: dict = {}
        self._pcache = {} if pcache is None else pcache  # pid -> (value, not in force)

    # -- facts ------------------------------------------------------------------
    def bit(self, path: str) -> np.uint64:
        b = self._bits.get(path)
        if b is None:
            if len(self._bits) >= 64:
                raise PackageError("more than 64 distinct fact paths in one profile kind")
            b = self._bits[path] = _U64(1) << _U64(len(self._bits))
        return b

    def col(self, path: str) -> Col:
        c = self._cols.get(path)
        if c is None:
            spec = self._leaves.get(path)
            if spec is None or spec.type in ("object", "list"):
                raise PackageError(f"rule uses unknown field {path!r}")
            c = self._cols[path] = absent_col(spec, self.n)
        return c

    def lst(self, path: str) -> ListCol:
        lc = self.batch.lists.get(path)
        if lc is None:
            raise PackageError(f"rule uses unknown list field {path!r}")
        return lc

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
        """fn() once per batch for `key` (a sub-condition several benefits share). The
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
    def _leaf(self, col: Col, ok: np.ndarray, path: str, reason: Reason,
              absent_fails: bool = False) -> Tri:
        if col.all_present():
            return LeafTri(_v_leaf(ok, None), [reason], [])
        if absent_fails:
            return LeafTri(_v_leaf(ok & col.present, None), [reason], [])
        absent = col.absent()
        return LeafTri(_v_leaf(ok, None, absent), [reason], [(absent, self.bit(path))])

    def fact(self, path: str, ok, required: str, label: str | None = None,
             absent_fails: bool = False) -> Tri:
        """A condition on one leaf field: `ok` is a bool array or f(values) -> bool array.
        Absent -> unknown (or failed with absent_fails=True, for optional extra inputs)."""
        col = self.col(path)
        okv = ok(col.values) if callable(ok) else ok
        reason = _ColReason(f"{label or path}: required {required}; profile: ", col)
        if col.all_present():
            return LeafTri(_v_leaf(okv, None), [reason], [])
        if absent_fails:
            return LeafTri(_v_leaf(okv & col.present, None), [reason], [])
        absent = col.absent()
        return LeafTri(_v_leaf(okv, None, absent), [reason], [(absent, self.bit(path))])

    def is_true(self, path: str, label: str | None = None) -> Tri:
        return self.fact(path, _is_one, "true", label)

    def is_false(self, path: str, label: str | None = None) -> Tri:
        return self.fact(path, _is_zero, "false", label)

    def is_in(self, path: str, values: Sequence, label: str | None = None) -> Tri:
        col = self.col(path)
        return self.fact(path, col.isin(values), _or_list(values), label)

    def at_least(self, path: str, threshold, label: str | None = None, unit: str = "") -> Tri:
        shown = f"{threshold:g}" if isinstance(threshold, float) else str(threshold)
        return self.fact(path, lambda v: v >= threshold, f"at least {shown}{unit}", label)

    def known(self, path: str, why: str) -> Tri:
        """Met when the fact is stated, unknown otherwise (a fact the amount depends on)."""
        col = self.col(path)
        pre = f"{path}: needed for {why}; profile: "
        return self._leaf(col, np.ones(self.n, bool), path, col_reason(pre, col))

    def derived(self, paths: Sequence[str], ok: np.ndarray, required: str, label: str,
                had: Callable[[], list[str]]) -> Tri:
        """A condition on several facts; unknown where any of them is absent."""
        present = None
        absent = []
        for p in paths:
            col = self.col(p)
            if not col.all_present():
                present = col.present.copy() if present is None else (present & col.present)
                absent.append((col.absent(), self.bit(p)))
        reason = _DerivedReason(f"{label}: required {required}; profile: ", had, paths,
                                [self.col(p) for p in paths] if absent else None, self.n)
        return LeafTri(_v_leaf(ok, present), [reason], absent)

    def const(self, met: bool, text: str) -> Tri:
        """A condition with the same outcome for every row (e.g. a policy not in force)."""
        v = np.full(self.n, T if met else F, _I8)
        return LeafTri(v, [self.note(None, text)], [])

    def note(self, mask: np.ndarray | None, text: str) -> Reason:
        q = json_str(text).encode()
        return Reason(lambda: [text] * self.n, mask, lambda lead=b",": [lead + q] * self.n)

    # -- lists ------------------------------------------------------------------
    def items(self, list_path: str) -> ItemCtx:
        return ItemCtx(self, self.lst(list_path))

    def any_item(self, list_path: str, item: Tri, required: str,
                 had: Callable[[], list[str]] | None = None) -> Tri:
        """Met if some item meets `item`; unknown if none does and some item (or the whole
        list) is unknown; failed for an empty list or when every item fails."""
        lc = self.lst(list_path)
        n = self.n
        v = (~lc.present).view(_I8)  # F (0) where the list is stated, U (1) where not
        ir = lc.item_row
        if len(ir):
            # Kleene OR over each profile's items: max of item values per row. Items parsed
            # from JSON are in row order, so a reduceat does it without ufunc.at; batches built
            # elsewhere (e.g. from SQL) may not be sorted.
            if len(ir) > 1 and not (ir[1:] >= ir[:-1]).all():
                np.maximum.at(v, ir, item.v)
            else:
                starts = np.flatnonzero(np.r_[True, ir[1:] != ir[:-1]])
                rows = ir[starts]
                v[rows] = np.maximum(v[rows], np.maximum.reduceat(item.v, starts))
        reason = _ListReason(f"{list_path}: required {required}; profile: ", lc, item, had, n)
        return _ListTri(v, [reason], lc, item, self.bit(list_path))


class ItemCtx:
    """Conditions on the items of one list field (length = number of items, not profiles)."""

    def __init__(self, c: Ctx, lc: ListCol):
        self.c = c
        self.lc = lc
        self.m = len(lc.item_row)
        self.row = lc.item_row

    def col(self, name: str) -> Col:
        path = f"{self.lc.path}[].{name}"
        col = self.lc.cols.get(path)
        if col is None:
            spec = self.lc.spec.fields.get(name)
            if spec is None:
                raise PackageError(f"rule uses unknown item field {path!r}")
            # no item states it: all absent (read-only and shared when there are no items)
            col = self.lc.cols[path] = (absent_col(spec, 0) if self.m == 0
                                        else empty_col(spec, self.m))
        return col

    def fact(self, name: str, ok) -> Tri:
        col = self.col(name)
        if self.m == 0:  # no items (the usual case for one profile): nothing to test
            return LeafTri(_NO_V, [], [])
        okv = ok(col.values) if callable(ok) else ok
        if col.all_present():
            return LeafTri(_v_leaf(okv, None), [], [])
        bit = self.c.bit(f"{self.lc.path}[].{name}")
        absent = col.absent()
        return LeafTri(_v_leaf(okv, None, absent), [], [(absent, bit)])

    def is_in(self, name: str, values: Sequence) -> Tri:
        col = self.col(name)
        return self.fact(name, col.isin(values))

    def known(self, name: str) -> Tri:
        return self.fact(name, np.ones(self.m, bool))


def first_item(c: Ctx, item: Tri, key: np.ndarray, row: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per profile: the smallest `key` among items that meet `item` (and whether one exists)."""
    best = np.full(c.n, _BIG, np.int64)
    ok = (item.v == _T0).nonzero()[0]
    if len(ok):
        np.minimum.at(best, row[ok], key[ok].astype(np.int64))
        return best, best != _BIG
    return best, np.zeros(c.n, bool)


_BIG = np.iinfo(np.int64).max


_OR_CACHE: dict = {}


def _or_list(values: Sequence) -> str:
    key = tuple(values)
    hit = _OR_CACHE.get(key)
    if hit is None:
        hit = _OR_CACHE[key] = _or_list_text(key) if len(_OR_CACHE) < 10_000 else None
    return hit if hit is not None else _or_list_text(key)


def _or_list_text(values: Sequence) -> str:
    vals = [str(v) for v in values]
    if len(vals) == 1:
        return vals[0]
    return ", ".join(vals[:-1]) + " or " + vals[-1]


def fmt_days(days: np.ndarray) -> list[str]:
    return days_text(days)


def v_year_of(c: Ctx, path: str) -> np.ndarray:
    """Calendar year of a date column (0 where absent)."""
    from zhihui.policy.dates import v_year

    col = c.col(path)
    return np.where(col.present, v_year(col.values), 0)
