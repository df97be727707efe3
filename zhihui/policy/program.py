"""Compiled benefits: each rule runs once per (package, as-of date, profile kind, benefit
set) and its conditions, values and payments are kept as a program; `Program.run(batch)`
evaluates that program column-wise on a batch of any size (one profile or a million).

Compiling once is what keeps one profile cheap: the rule functions, the parameters in force,
the reason prefixes and the condition tree are the same for every batch at that date, so a
run only does the column operations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from zhihui.policy.errors import PackageError
from zhihui.policy.expr import Expr
from zhihui.policy.rules import (
    _T0,
    _U0,
    ColR,
    Ctx,
    DerivedR,
    ListR,
    NoteR,
    Outcome,
    Pay,
    Reason,
    Tri,
    _Bound,
    _ColReason,
    _count_nonzero,
    _DerivedReason,
    _ListReason,
    _Note,
    _Values,
)
from zhihui.policy.schema import ProfileBatch, absent_col, empty_col

INELIGIBLE, UNDETERMINED, ELIGIBLE = 0, 1, 2
_I8 = np.int8
_U64 = np.uint64
_U64_0 = np.array(0, _U64)
_SH1 = np.array(1, _I8)
_BOOL = np.dtype(bool)
_NO_V = np.zeros(0, _I8)
_NO_V.flags.writeable = False
_NO_BITS = np.zeros(0, np.uint64)
_NO_BITS.flags.writeable = False
_NO_PAYMENTS = Pay.empty()


@dataclass
class BenefitColumns:
    """Column-wise result of one benefit for one batch."""

    info: object  # BenefitInfo
    status: np.ndarray  # int8: 0 ineligible, 1 undetermined, 2 eligible
    total_fen: np.ndarray  # int64
    missing_rows: np.ndarray  # rows whose condition is unknown (sorted)
    missing_bits: np.ndarray  # uint64 bit mask of their absent facts (decode: bit_paths)
    pay: Pay  # payments of eligible rows, sorted by (row, year), one entry per (row, year)
    reasons: list[Reason]
    outcome: Outcome  # extras and row_extras (bound to this batch) of the rule's outcome
    bit_paths: list[str]  # bit i -> fact path

    def missing_paths(self, i: int) -> list[str]:
        """Absent facts of row i (empty unless the row is undetermined for lack of facts)."""
        k = int(np.searchsorted(self.missing_rows, i))
        if k < len(self.missing_rows) and self.missing_rows[k] == i:
            return decode_bits(int(self.missing_bits[k]), self.bit_paths)
        return []


def decode_bits(mask: int, bit_paths: list[str]) -> list[str]:
    out = []
    k = 0
    while mask:
        if mask & 1:
            out.append(bit_paths[k])
        mask >>= 1
        k += 1
    return sorted(out)


class _Compiled:
    __slots__ = ("info", "outcome", "not_in_force_note")

    def __init__(self, info, outcome: Outcome, not_in_force_note: str | None):
        self.info, self.outcome, self.not_in_force_note = info, outcome, not_in_force_note


class Program:
    """The benefits `ids` of profile kind `kind` compiled at `as_of`."""

    def __init__(self, package, kind: str, ids: list[str], as_of: dt.date, pcache: dict):
        self.kind, self.as_of = kind, as_of
        self.bits: dict[str, np.uint64] = {}
        ctx = Ctx(as_of, package.parameters, package._leaves[kind], self.bits, pcache)
        self.benefits: list[_Compiled] = []
        for bid in ids:
            info = package._by_id[bid]
            ctx.not_in_force = []
            o = info.rule(ctx)
            if not isinstance(o, Outcome):
                raise PackageError(f"rules.py: {info.rule.__name__} must return an Outcome")
            note = None
            if ctx.not_in_force:
                names = ", ".join(sorted(set(ctx.not_in_force)))
                note = (f"policy in force on {as_of.isoformat()}: required; "
                        f"parameter(s) {names} not in force on that date")
            self.benefits.append(_Compiled(info, o, note))
        self.bit_paths = [None] * len(self.bits)
        for p, b in self.bits.items():
            self.bit_paths[int(b).bit_length() - 1] = p

    def run(self, batch: ProfileBatch) -> dict:
        return Run(self, batch).results()


class Run:
    """One evaluation of a program on one batch: values are computed once each."""

    def __init__(self, prog: Program, batch: ProfileBatch):
        self.prog = prog
        self.batch = batch
        self.n = batch.n
        self.vals: dict[int, object] = {}
        self.tris: dict[int, np.ndarray] = {}

    # -- columns ------------------------------------------------------------------
    def _col(self, spec):
        cols = self.batch.cols
        c = cols.get(spec.path)
        if c is None:
            c = cols[spec.path] = absent_col(spec, self.n)
        return c

    def _icol(self, list_path: str, spec):
        lc = self.batch.lists[list_path]
        col = lc.cols.get(spec.path)
        if col is None:
            m = len(lc.item_row)
            # no item states it: all absent (read-only and shared when there are no items)
            col = lc.cols[spec.path] = absent_col(spec, 0) if m == 0 else empty_col(spec, m)
        return col

    def column(self, symcol):
        if symcol.list_path is None:
            return self._col(symcol.spec)
        return self._icol(symcol.list_path, symcol.spec)

    # -- values -------------------------------------------------------------------
    def value(self, e):
        if type(e) is not Expr:
            if type(e) in (list, tuple):
                return type(e)(self.value(x) for x in e)
            return e
        k = id(e)
        hit = self.vals.get(k)
        if hit is not None:
            return hit
        op = e.op
        if op == "fn":
            args = [self.value(x) for x in e.b]
            v = e.a(*args, **e.c) if e.c else e.a(*args)
        elif op == "col":
            v = self._col(e.a).values
        elif op == "pres":
            v = self._col(e.a).present
        elif op == "icol":
            v = self._icol(e.a, e.b).values
        elif op == "ipres":
            v = self._icol(e.a, e.b).present
        elif op == "irow":
            v = self.batch.lists[e.a].item_row
        elif op == "tri":
            v = self.tri(e.a)
        elif op == "n":
            v = self.n
        else:  # pragma: no cover - Expr ops are closed
            raise PackageError(f"unknown expression {op!r}")
        self.vals[k] = v
        return v

    # -- conditions ---------------------------------------------------------------
    def _size(self, t: Tri) -> int:
        return self.n if t.space is None else len(self.batch.lists[t.space].item_row)

    def tri(self, t: Tri) -> np.ndarray:
        k = id(t)
        hit = self.tris.get(k)
        if hit is not None:
            return hit
        kind = t.kind
        if kind == "leaf":
            v = self._leaf(t)
        elif kind == "and" or kind == "or":
            red = np.minimum if kind == "and" else np.maximum
            ch = t.children
            v = red(self.tri(ch[0]), self.tri(ch[1]))
            for c in ch[2:]:
                red(v, self.tri(c), out=v)
        elif kind == "when":
            v = np.where(self.value(t.mask), self.tri(t.children[0]), _T0)
        elif kind == "select":
            v = np.full(self._size(t), 2, _I8)
            for mask, c in t.cases:
                np.copyto(v, self.tri(c), where=self.value(mask))
        elif kind == "list":
            v = self._any_item(t)
        else:  # pragma: no cover
            raise PackageError(f"unknown condition {kind!r}")
        self.tris[k] = v
        return v

    def _leaf(self, t: Tri) -> np.ndarray:
        size = self._size(t)
        if t.space is not None and size == 0:
            return _NO_V
        ok = self.value(t.ok)
        if type(ok) is not np.ndarray or ok.shape != (size,):
            ok = np.broadcast_to(np.asarray(ok), (size,))
        if t.absent_fails:
            c = self.column(t.paths[0])
            if not c.all_present():
                ok = ok & c.present
            return _v_leaf(ok, None)
        absent = None
        for sc in t.paths:
            c = self.column(sc)
            if not c.all_present():
                absent = c.absent() if absent is None else (absent | c.absent())
        return _v_leaf(ok, absent)

    def _any_item(self, t: Tri) -> np.ndarray:
        lc = self.batch.lists[t.lst]
        item_v = self.tri(t.children[0])
        v = (~lc.present).view(_I8)  # F (0) where the list is stated, U (1) where not
        ir = lc.item_row
        if len(ir):
            # Kleene OR over each profile's items: max of item values per row. Items parsed
            # from JSON are in row order, so a reduceat does it without ufunc.at; batches built
            # elsewhere (e.g. from SQL) may not be sorted.
            if len(ir) > 1 and not (ir[1:] >= ir[:-1]).all():
                np.maximum.at(v, ir, item_v)
            else:
                starts = np.flatnonzero(np.r_[True, ir[1:] != ir[:-1]])
                rows = ir[starts]
                v[rows] = np.maximum(v[rows], np.maximum.reduceat(item_v, starts))
        return v

    # -- missing facts ------------------------------------------------------------
    def miss_at(self, t: Tri, idx: np.ndarray) -> np.ndarray:
        """uint64 bit mask of the absent facts behind U, for rows `idx` where `t` is U: for
        AND and OR alike every U child is part of the answer."""
        kind = t.kind
        bits = self.prog.bits
        if kind == "leaf":
            out = None
            if not t.absent_fails:
                for sc in t.paths:
                    c = self.column(sc)
                    if not c.all_present():
                        w = np.where(c.absent()[idx], bits[sc.spec.path], _U64_0)
                        out = w if out is None else (out | w)
            return out if out is not None else np.zeros(len(idx), _U64)
        out = np.zeros(len(idx), _U64)
        if kind == "and" or kind == "or":
            for c in t.children:
                cu = self.tri(c)[idx] == _U0
                if _count_nonzero(cu):
                    out[cu] |= self.miss_at(c, idx[cu])
        elif kind == "when" or kind == "select":
            cases = t.cases if kind == "select" else [(t.mask, t.children[0])]
            for mask, c in cases:
                m = self.value(mask)[idx] & (self.tri(c)[idx] == _U0)
                if _count_nonzero(m):
                    out[m] |= self.miss_at(c, idx[m])
        elif kind == "list":
            lc = self.batch.lists[t.lst]
            out = np.where(lc.present[idx], _U64(0), bits[t.lst])
            item = t.children[0]
            iv = self.tri(item)
            iu = (iv == _U0).nonzero()[0]
            if len(iu):
                per_row = np.zeros(len(lc.present), _U64)
                np.bitwise_or.at(per_row, lc.item_row[iu], self.miss_at(item, iu))
                out |= per_row[idx]
        return out

    # -- reasons ------------------------------------------------------------------
    def bind(self, tpl) -> Reason:
        cls = type(tpl)
        if cls is ColR:
            r = _ColReason(tpl.pre, self.column(tpl.col))
        elif cls is NoteR:
            r = _Note(tpl.text, self.n)
        elif cls is DerivedR:
            cols = [self.column(sc) for sc in tpl.cols]
            some_absent = any(not c.all_present() for c in cols)
            r = _DerivedReason(tpl.pre, _Bound(tpl.had, self), [c.path for c in cols],
                               cols if some_absent else None, self.n)
        elif cls is ListR:
            r = _ListReason(tpl.pre, self.batch.lists[tpl.lst], _Values(self.tri(tpl.item)),
                            None if tpl.had is None else _Bound(tpl.had, self), self.n)
        else:  # pragma: no cover
            raise PackageError(f"unknown reason {cls.__name__}")
        for m in tpl.masks:
            r = r.restrict(self.value(m))
        return r

    # -- results ------------------------------------------------------------------
    def results(self) -> dict:
        out = {}
        for cb in self.prog.benefits:
            out[cb.info.id] = self._finish(cb)
        for bc in out.values():
            bc.bit_paths = self.prog.bit_paths
        return out

    def _finish(self, cb: _Compiled) -> BenefitColumns:
        n = self.n
        o = cb.outcome
        cond = o.cond
        v = self.tri(cond)
        reasons = [self.bind(r) for r in cond.reasons]
        if cb.not_in_force_note:
            reasons.append(_Note(cb.not_in_force_note, n))
            v = np.zeros(n, _I8)
        status = v.astype(_I8, copy=True)  # F, U, T coincide with the status codes
        known = o.amount_known
        if known is not True:
            kv = self.value(known)
            unknown = (v == _T0) & ~np.asarray(kv, bool) if kv is not False else (v == _T0)
            status[unknown] = UNDETERMINED
            if o.amount_note:
                reasons.append(_Note(o.amount_note, n, unknown))
        # Missing facts, only for the rows the condition leaves unknown.
        miss_rows = (v == _U0).nonzero()[0]
        miss_bits = self.miss_at(cond, miss_rows) if len(miss_rows) else _NO_BITS
        total = np.zeros(n, np.int64)
        pay = _NO_PAYMENTS
        if o.pay is not None:
            elig = status == _T0
            if _count_nonzero(elig):
                spec = o.pay.resolve(self.value)
                pay = spec.build(elig)
                if len(pay.row):
                    row, year, fen = pay.row, pay.year, pay.fen
                    if _count_nonzero(fen) != len(fen):  # drop entries of 0.00
                        keep = fen != 0
                        row, year, fen = row[keep], year[keep], fen[keep]
                    if len(row) and spec.row is None:
                        # one entry per (profile, year), already in year order per profile
                        np.add.at(total, row, fen)
                    elif len(row):
                        key = row * 10000 + year
                        uk, inv = np.unique(key, return_inverse=True)
                        sums = np.zeros(len(uk), np.int64)
                        np.add.at(sums, inv, fen)
                        row, year, fen = uk // 10000, uk % 10000, sums
                        np.add.at(total, row, fen)
                    pay = Pay(row, year, fen)
        bound = Outcome(None, None, o.amount_known, o.amount_note, o.extras,
                        None if o.row_extras is None else _Bound(o.row_extras, self))
        return BenefitColumns(cb.info, status, total, miss_rows, miss_bits, pay, reasons, bound,
                              [])


def _v_leaf(ok: np.ndarray, absent: np.ndarray | None) -> np.ndarray:
    """int8 F/T from a bool test, U where `absent`."""
    if ok.dtype is _BOOL:
        v = ok.view(_I8) << _SH1
    else:
        v = ok.astype(_I8) << 1
    if absent is not None:
        np.putmask(v, absent, _U0)
    return v
