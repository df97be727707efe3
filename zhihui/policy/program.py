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
from zhihui.policy.expr import Expr, _select, interned
from zhihui.policy.kernels import annual_payments, fill_table, missing_facts
from zhihui.policy.reasons import Req
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
    _lut_at,
    _Note,
    _Values,
)
from zhihui.policy.schema import ProfileBatch, absent_col, empty_col

INELIGIBLE, UNDETERMINED, ELIGIBLE = 0, 1, 2
_I8 = np.int8
_U64 = np.uint64
_U64_0 = np.array(0, _U64)
_SH1 = np.array(1, _I8)
_F0 = np.array(0, _I8)
_BOOL = np.dtype(bool)
_NO_V = np.zeros(0, _I8)
_NO_V.flags.writeable = False
_NO_PAYMENTS = Pay.empty()
_NO_EXTRA = np.zeros((1, 1), np.uint64)
_NESTED = (Expr, list, tuple)  # arguments value() must look into
_CHUNK = 1 << 16  # rows whose leaf values go to float64 at a time; bigger batches free values


@dataclass(slots=True)
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
    bit_paths: BitPaths  # bit i -> fact path
    tpls: list | None = None  # the reason templates of `reasons` (their heads), in order

    def missing_paths(self, i: int) -> list[str]:
        """Absent facts of row i (empty unless the row is undetermined for lack of facts)."""
        k = int(np.searchsorted(self.missing_rows, i))
        if k < len(self.missing_rows) and self.missing_rows[k] == i:
            return decode_bits(int(self.missing_bits[k]), self.bit_paths)
        return []


class BitPaths(list):
    """bit i -> fact path, for one program; `decoded(mask)` is the sorted paths of a mask,
    kept (a program sees few distinct combinations of missing facts): callers must not
    change the list it returns."""

    __slots__ = ("_decoded",)

    def __init__(self, paths):
        super().__init__(paths)
        self._decoded: dict[int, list[str]] = {}

    def decoded(self, mask: int) -> list[str]:
        hit = self._decoded.get(mask)
        if hit is None:
            if len(self._decoded) > 65536:
                self._decoded.clear()
            hit = self._decoded[mask] = decode_bits(mask, self)
        return hit


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
        self._fast: dict = {}  # Expr -> its table look-up (Program.fast)
        ctx = Ctx(as_of, package.parameters, package._leaves[kind], self.bits, pcache)
        self.benefits: list[_Compiled] = []
        with interned():  # equal expressions of all these rules are one, computed once
            for bid in ids:
                info = package._by_id[bid]
                ctx.not_in_force = []
                o = info.rule(ctx)
                if not isinstance(o, Outcome):
                    raise PackageError(f"rules.py: {info.rule.__name__} must return an Outcome")
                note = None
                if ctx.not_in_force:
                    note = Req("not_in_force", date=as_of.isoformat(),
                               params=sorted(set(ctx.not_in_force)))
                self.benefits.append(_Compiled(info, o, note))
        low = _Lowered()
        for cb in self.benefits:
            low.ref(cb.outcome.cond)
        # the masks of reasons shown only where a when/select case applies: rows of the
        # table too ("mask not met" leaves, already there for the when/select itself)
        masks: dict[int, tuple] = {}
        for cb in self.benefits:
            for tpl in cb.outcome.cond.reasons:
                for m in tpl.masks:
                    if id(m) not in masks:
                        masks[id(m)] = low._not(m)
        low.layout()
        self.low = low
        self.row_of = {tid: low.row(ref) for tid, ref in low.ref_of.items()}
        self.kern = _Layout(low, self.bits)
        self.mask_ix = {mid: k for k, mid in enumerate(masks)}
        self.mask_rows = np.array([low.row(ref) for ref in masks.values()], np.intp)
        self.root_rows = np.array([self.row_of[id(cb.outcome.cond)] for cb in self.benefits],
                                  np.intp)
        self.with_amount_known = [b for b, cb in enumerate(self.benefits)
                                  if cb.outcome.amount_known is not True]
        nif = [b for b, cb in enumerate(self.benefits) if cb.not_in_force_note]
        self.nif_rows = np.array(nif, np.intp) if nif else None
        paths = [None] * len(self.bits)
        for p, b in self.bits.items():
            paths[int(b).bit_length() - 1] = p
        self.bit_paths = BitPaths(paths)

    def run(self, batch: ProfileBatch) -> dict:
        return Run(self, batch).results()

    def fast(self, e):
        """`e`, or an equivalent look-up in a table over the domain of the one or two
        enum/true-false columns it reads (an amount by degree, a mask such as "degree is
        master"): one numpy operation instead of one per step of the expression."""
        if type(e) is not Expr:
            return e
        hit = self._fast.get(e)
        if hit is None:
            table = _as_table(e)
            hit = self._fast[e] = e if table is None else table
        return hit


class Run:
    """One evaluation of a program on one batch: values are computed once each."""

    def __init__(self, prog: Program, batch: ProfileBatch):
        self.prog = prog
        self.batch = batch
        self.n = batch.n
        self.vals: dict[int, object] = {}
        self.tris: dict[int, np.ndarray] = {}
        self.nv = None  # the condition table (Program.low), filled on first use
        self._pres = None  # presence of the facts the leaves test (Run._present)
        self._kcols = None  # their columns
        self._masks = None  # the reasons' masks (Program.mask_rows), computed on first use
        self._filling = False

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
        hit = self.vals.get(e)  # Expr hashes by identity
        if hit is not None:
            return hit
        op = e.op
        if op == "fn":
            args = [x if type(x) not in _NESTED else self.value(x) for x in e.b]
            v = e.a(*args, **e.c) if e.c else e.a(*args)
        elif op == "col":
            c = self.batch.cols.get(e.a.path)
            v = (c if c is not None else self._col(e.a)).values
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
        elif op == "key":
            v = self._key(e.a)
        elif op == "n":
            v = self.n
        else:  # pragma: no cover - Expr ops are closed
            raise PackageError(f"unknown expression {op!r}")
        self.vals[e] = v
        return v

    # -- conditions ---------------------------------------------------------------
    def _size(self, t: Tri) -> int:
        return self.n if t.space is None else len(self.batch.lists[t.space].item_row)

    def tri(self, t: Tri) -> np.ndarray:
        k = id(t)
        if t.space is None:
            row = self.prog.row_of.get(k)
            if row is not None:
                if self.nv is None:
                    self._fill()
                return self.nv[row]
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

    def _fill(self) -> None:
        if self._filling:
            raise PackageError("a condition's leaf reads the value of another condition: "
                               "combine them with all_of/any_of instead")
        self._filling = True
        low, kl = self.prog.low, self.prog.kern
        n = self.n
        nv = np.empty((low.n_rows, n), _I8)
        # generic leaves: "met" (0/1) for the kernel to finish; a list with items: its value
        present = self._present()
        kcols = self._kcols
        a = low.generic_rows[0]
        for i, t, facts in kl.gen_leaves:
            # unknown on every row when no profile of a small batch states one of its facts
            # (a shared absent column): `ok` is not needed (mode 1 sets U)
            if not any(kcols[f].shared for f in facts):
                nv[a + i] = self.value(t.ok)
        modes = kl.gen_mode
        lists = self.batch.lists
        for i, t in kl.list_rows:
            if len(lists[t.lst].item_row):  # else mode 3: F where stated, U where not
                if modes is kl.gen_mode:
                    modes = modes.copy()
                modes[i] = 0
                nv[a + i] = self._any_item(t)
        val_cols = [kcols[f].values for f in kl.val_fact]
        # the look-up and interval leaves read values as float64: a slice of rows at a time
        # (bounded temporaries for a big batch; a batch of one is one slice)
        for j in range(0, n, _CHUNK):
            k = min(n, j + _CHUNK) - j
            part = val_cols if k == n else [v[j:j + k] for v in val_cols]
            vals = (np.concatenate(part, dtype=np.float64).reshape(len(val_cols), k)
                    if val_cols else np.zeros((0, k)))
            fill_table(nv, j, vals, present,
                       kl.lut_fact, kl.lut_val, kl.lut_enum, kl.lut_base, kl.lut_table,
                       kl.pres_fact, kl.pres_tv, kl.pres_av,
                       kl.ival_fact, kl.ival_val, kl.ival_lo, kl.ival_hi, kl.ival_av,
                       kl.gen_row, modes, kl.gen_ptr, kl.gen_idx,
                       kl.inner_row, kl.inner_or, kl.child_ptr, kl.child_idx)
        self.nv = nv
        self._filling = False
        if n > _CHUNK:  # the leaves' values are done with: a callable recomputes what it reads
            self.vals = {}

    def _present(self) -> np.ndarray:
        """bool (facts × rows): presence of each fact of the kernels' layout."""
        p = self._pres
        if p is None:
            kl = self.prog.kern
            lists = self.batch.lists
            self._kcols = cols = [self._col(s) for s in kl.specs]
            rows = [c.present for c in cols] + [lists[lp].present for lp in kl.lists]
            p = self._pres = (np.concatenate(rows).reshape(len(rows), self.n) if rows
                              else np.zeros((0, self.n), bool))
        return p

    def _key(self, spec) -> np.ndarray:
        """Slot of each row's value in a table over an enum/bool column's domain (_domain):
        enum code + 2 (absent 0, null 1); bool: absent 0, false 1, true 2."""
        col = self._col(spec)
        if spec.type == "enum":
            ix = col._ix
            if ix is None:
                ix = col._ix = col.values + 2
            return ix
        k = col._bkey
        if k is None:
            k = col._bkey = col.values + col.present
        return k

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
            per_row = self._item_missing(t) if len(lc.item_row) else None
            if per_row is not None:
                out |= per_row[idx]
        return out

    def _item_missing(self, t: Tri) -> np.ndarray | None:
        """uint64 per profile: the absent facts behind the unknown items of list condition
        `t` (None when no item is unknown)."""
        item = t.children[0]
        iu = (self.tri(item) == _U0).nonzero()[0]
        if not len(iu):
            return None
        lc = self.batch.lists[t.lst]
        per_row = np.zeros(len(lc.present), _U64)
        np.bitwise_or.at(per_row, lc.item_row[iu], self.miss_at(item, iu))
        return per_row

    def _missing(self, status: np.ndarray) -> tuple:
        """(start, rows, bits) of kernels.missing_facts for the benefits' conditions `status`
        (benefits × rows), over the tree of Program.kern."""
        kl = self.prog.kern
        n = self.n
        lists = self.batch.lists
        extra, slot = _NO_EXTRA, kl.no_slot
        with_items = [(k, t) for k, t in kl.list_rows if len(lists[t.lst].item_row)]
        if with_items:  # facts absent in a list's items, per profile
            extra = np.zeros((len(with_items), n), _U64)
            slot = kl.no_slot.copy()
            for s, (k, t) in enumerate(with_items):
                slot[kl.gen_row[k]] = s
                per_row = self._item_missing(t)
                if per_row is not None:
                    extra[s] = per_row
        return missing_facts(status, self.prog.root_rows, self.nv, kl.child_ptr, kl.child_idx,
                             kl.path_ptr, kl.path_idx, self._present(), kl.path_bits, slot, extra)

    # -- reasons ------------------------------------------------------------------
    def bind(self, tpl) -> Reason:
        masks = tpl.masks
        applies = None
        if masks:  # shown only where its when/select cases apply
            applies = self._mask(masks[0])
            for m in masks[1:]:
                applies = applies & self._mask(m)
        cls = type(tpl)
        if cls is ColR:
            sc = tpl.col
            if sc.list_path is not None:
                return _ColReason(tpl.pre, self.column(sc), applies)
            c = self.batch.cols.get(sc.spec.path)
            if c is None:
                c = self._col(sc.spec)
            if c.shared and applies is None:  # a fact no profile of a small batch states
                return _shared_reason(tpl, c, lambda: _ColReason(tpl.pre, c))
            return _ColReason(tpl.pre, c, applies)
        if cls is NoteR:
            return _Note(tpl.text, self.n, applies)
        if cls is DerivedR:
            cols = [self.column(sc) for sc in tpl.cols]
            some_absent = any(not c.all_present() for c in cols)
            return _DerivedReason(tpl.pre, _Bound(tpl.had, self), tpl.paths,
                                  cols if some_absent else None, self.n, applies)
        if cls is ListR:
            lc = self.batch.lists[tpl.lst]
            if lc.shared and applies is None:  # no profile of a small batch states the list
                return _shared_reason(tpl, lc, lambda: _ListReason(tpl.pre, lc, _Values(_NO_V),
                                                                   None, self.n))
            iv = self.tri(tpl.item) if len(lc.item_row) else _NO_V
            return _ListReason(tpl.pre, lc, _Values(iv),
                               None if tpl.had is None else _Bound(tpl.had, self), self.n,
                               applies)
        raise PackageError(f"unknown reason {cls.__name__}")  # pragma: no cover

    def _mask(self, m) -> np.ndarray:
        """A reason's mask: its row of the table's masks (one operation for all of them)."""
        k = self.prog.mask_ix.get(id(m))
        if k is None:
            return self.value(m)
        masks = self._masks
        if masks is None:
            if self.nv is None:
                self._fill()
            masks = self._masks = self.nv[self.prog.mask_rows] == _F0  # "not met": mask true
        return masks[k]

    # -- results ------------------------------------------------------------------
    def results(self) -> dict:
        prog = self.prog
        n = self.n
        if self.nv is None:
            self._fill()
        v0 = self.nv[prog.root_rows]  # (benefits × rows), a copy: the conditions' values
        if prog.nif_rows is not None:
            v0[prog.nif_rows] = 0  # a parameter not in force: ineligible
        status = v0.copy()
        zeros = np.zeros(n, np.int64)  # the total of a benefit nobody is paid (shared)
        zeros.flags.writeable = False
        # missing facts, only for the rows each condition leaves unknown
        bounds, miss_rows_all, miss_bits_all = self._missing(v0)
        bounds = bounds.tolist()
        big = n > _CHUNK
        # met, but the plan sets no amount for the row: undetermined
        amount_unknown = {}
        for b in prog.with_amount_known:
            kv = self.value(prog.fast(prog.benefits[b].outcome.amount_known))
            v = v0[b]
            unk = (v == _T0) & ~np.asarray(kv, bool) if kv is not False else (v == _T0)
            status[b][unk] = UNDETERMINED
            amount_unknown[b] = unk
        elig_all = status == _T0
        n_elig = np.count_nonzero(elig_all, axis=1).tolist()
        out = {}
        bit_paths = prog.bit_paths
        bind = self.bind
        for b, cb in enumerate(prog.benefits):
            o = cb.outcome
            reasons = [bind(r) for r in o.cond.reasons]
            if cb.not_in_force_note:
                reasons.append(_Note(cb.not_in_force_note, n))
            if b in amount_unknown and o.amount_note:
                reasons.append(_Note(o.amount_note, n, amount_unknown[b]))
            lo, hi = bounds[b], bounds[b + 1]
            if o.pay is not None and n_elig[b]:
                total = np.zeros(n, np.int64)
                pay = self._pay(o.pay, elig_all[b], total)
            else:
                total, pay = zeros, _NO_PAYMENTS
            if o.row_extras is not None:
                o = Outcome(None, None, o.amount_known, o.amount_note, o.extras,
                            _Bound(o.row_extras, self))
            out[cb.info.id] = BenefitColumns(cb.info, status[b], total, miss_rows_all[lo:hi],
                                             miss_bits_all[lo:hi], pay, reasons, o, bit_paths,
                                             cb.outcome.cond.reasons)
            if big:  # this benefit's values (amounts, years, masks) are done with
                self.vals = {}
        if n > _CHUNK:
            # The results may outlive this run (their explanation callables read values
            # through it): for a big batch keep only what they hold, and let a callable
            # recompute what it reads.
            self.vals = {}
            self.tris = {}
            self.nv = None
            self._pres = self._kcols = None
        return out

    def _pay(self, spec, elig: np.ndarray, total: np.ndarray) -> Pay:
        fast, value = self.prog.fast, self.value
        if spec.row is None:  # one entry per (profile, year): kernels.annual_payments
            return Pay(*annual_payments(
                elig, np.ascontiguousarray(value(fast(spec.first_year)), np.int64),
                np.ascontiguousarray(value(fast(spec.fen)), np.int64), spec.years,
                spec.equal_split, total))
        spec = spec.resolve(lambda e: value(fast(e)))
        pay, idx, amount = spec.expand(elig)
        if not len(pay.row):
            return pay
        row, year, fen = pay.row, pay.year, pay.fen
        if _count_nonzero(fen) != len(fen):  # drop entries of 0.00
            keep = fen != 0
            row, year, fen = row[keep], year[keep], fen[keep]
        if len(row):  # entries per item: one per (profile, year), summed
            key = row * 10000 + year
            uk, inv = np.unique(key, return_inverse=True)
            sums = np.zeros(len(uk), np.int64)
            np.add.at(sums, inv, fen)
            row, year, fen = uk // 10000, uk % 10000, sums
            np.add.at(total, row, fen)
        return Pay(row, year, fen)


def _shared_reason(tpl, shared, build) -> Reason:
    """The reason of template `tpl` on a shared read-only column or list (every small batch
    that states none of it gets the same object): built once, texts kept."""
    hit = tpl.shared
    if hit is None or hit[0] is not shared:
        r = build()
        r.texts = r.make()
        hit = tpl.shared = (shared, r)
    return hit[1]


def _v_leaf(ok: np.ndarray, absent: np.ndarray | None) -> np.ndarray:
    """int8 F/T from a bool test, U where `absent`."""
    if ok.dtype is _BOOL:
        v = ok.view(_I8) << _SH1
    else:
        v = ok.astype(_I8) << 1
    if absent is not None:
        np.putmask(v, absent, _U0)
    return v


# --------------------------------------------------------------------------- lowering
# The row-space conditions of all benefits become one table of rows (N × batch size, int8
# F/U/T): leaf conditions first, in groups (look-up, presence, interval, generic), then AND/OR
# nodes ordered so that children come before parents; kernels.fill_table fills it in one
# call. `when` and `select` are AND/OR over "mask not met" leaves. The result is the same as
# evaluating each condition on its own (the tree and its reasons are unchanged); what it
# saves is a numpy call (~1 µs) per condition, which is most of the cost of a batch of one.

_LUT_TYPES = ("enum", "bool")
_NUMERIC = ("int", "date", "score", "number")
_CMP = {np.less: "lt", np.less_equal: "le", np.greater: "gt", np.greater_equal: "ge",
        np.equal: "eq"}
_FLIP = {"lt": "gt", "le": "ge", "gt": "lt", "ge": "le", "eq": "eq"}
_ELEMENTWISE = (np.where, np.select, _select, np.isin, np.ones, np.full, _lut_at)
_F, _U, _T = 0, 1, 2


def _deps(e, acc: dict) -> None:
    """Columns an expression reads: acc["col"], acc["pres"] (spec id -> spec); acc["other"]
    is set when it reads anything but one row's own facts (items, conditions, other ops)."""
    if type(e) is not Expr:
        if type(e) in (list, tuple):
            for x in e:
                _deps(x, acc)
        elif isinstance(e, np.ndarray) and e.ndim > 0:
            acc["other"] = True  # an array constant: not elementwise over rows
        return
    op = e.op
    if op == "col":
        acc["col"][id(e.a)] = e.a
    elif op == "pres":
        acc["pres"][id(e.a)] = e.a
    elif op == "n":
        pass
    elif op == "fn":
        fn = e.a
        if not (isinstance(fn, np.ufunc) or fn in _ELEMENTWISE):
            acc["other"] = True
        if fn is _lut_at:
            _deps(e.b[1], acc)  # the table is a constant
        else:
            for x in e.b:
                _deps(x, acc)
        if e.c:
            for x in e.c.values():
                _deps(x, acc)
    else:
        acc["other"] = True


def _eval_on(e, env: dict, n: int):
    """An expression evaluated with the columns in `env` (spec id -> (values, present))."""
    if type(e) is not Expr:
        if type(e) in (list, tuple):
            return type(e)(_eval_on(x, env, n) for x in e)
        return e
    op = e.op
    if op == "col":
        return env[id(e.a)][0]
    if op == "pres":
        return env[id(e.a)][1]
    if op == "n":
        return n
    args = [_eval_on(x, env, n) for x in e.b]
    return e.a(*args, **e.c) if e.c else e.a(*args)


def _take2(table, k1, k2):
    return table[k1, k2]


def _take1(table, k1):
    return table[k1]


def _as_table(e) -> Expr | None:
    """A look-up table standing for `e` when it reads only one or two enum/bool columns of
    the profile, elementwise (see Program.fast); None otherwise."""
    acc = {"col": {}, "pres": {}, "other": False}
    _deps(e, acc)
    if acc["other"]:
        return None
    specs = list({**acc["col"], **acc["pres"]}.values())
    if not 1 <= len(specs) <= 2 or any(s.type not in _LUT_TYPES for s in specs):
        return None
    doms = [_domain(s) for s in specs]
    if len(specs) == 1:
        (v1, p1), = doms
        env = {id(specs[0]): (v1, p1)}
        shape = (len(v1),)
    else:
        (v1, p1), (v2, p2) = doms
        a, b = len(v1), len(v2)
        env = {id(specs[0]): (np.repeat(v1, b), np.repeat(p1, b)),
               id(specs[1]): (np.tile(v2, a), np.tile(p2, a))}
        shape = (a, b)
    size = int(np.prod(shape))
    try:
        out = np.asarray(_eval_on(e, env, size))
    except Exception:  # noqa: BLE001 - not tabulable: evaluated step by step instead
        return None
    if out.dtype == object or out.shape not in ((), (size,)):
        return None
    table = np.broadcast_to(out, (size,)).reshape(shape).copy()
    table.flags.writeable = False
    keys = tuple(Expr("key", s) for s in specs)
    return Expr("fn", _take1 if len(keys) == 1 else _take2, (table, *keys))


def _domain(spec):
    """(values, present, slot of each) for every value an enum/bool column can hold; the
    slot is the index a batch's key (Run._key) gives."""
    if spec.type == "enum":
        codes = np.arange(-2, len(spec.values), dtype=np.int16)
        present = codes != -2
        return codes, present
    values = np.array([0, 0, 1], np.int8)
    return values, np.array([False, True, True])


def _const_scalar(x):
    if type(x) is Expr or isinstance(x, (list, tuple, str, bytes)):
        return None
    a = np.asarray(x)
    if a.ndim != 0 or a.dtype.kind not in "iuf":
        return None
    return float(a)


class _Lowered:
    """Rows of the condition table of one program (see the comment above)."""

    def __init__(self):
        self.lut: list = []  # (spec, table over its slots)
        self.pres: list = []  # (spec, value if present, value if absent)
        self.ival: list = []  # (spec, lo, hi, value if absent)
        self.generic: list[Tri] = []
        self.inner: list = []  # (kind, [child refs], height)
        self._keys: dict = {}
        self.ref_of: dict[int, tuple] = {}  # id(Tri) -> ref
        self._keep: list = []  # synthetic leaves and masks (their ids must stay unique)
        self._not_of: dict[int, tuple] = {}  # id(mask) -> its "mask not met" leaf

    def _add(self, group: str, key, item) -> tuple:
        ref = self._keys.get((group, key))
        if ref is None:
            lst = getattr(self, group)
            ref = self._keys[group, key] = (group, len(lst))
            lst.append(item)
        return ref

    def height(self, ref) -> int:
        return self.inner[ref[1]][2] if ref[0] == "inner" else 0

    def ref(self, t: Tri) -> tuple:
        r = self.ref_of.get(id(t))
        if r is not None:
            return r
        kind = t.kind
        if kind == "leaf":
            r = self._leaf(t)
        elif kind == "list":
            r = self._add("generic", id(t), t)
        elif kind == "and" or kind == "or":
            r = self._node(kind, [self.ref(c) for c in t.children])
        elif kind == "when":
            r = self._node("or", [self._not(t.mask), self.ref(t.children[0])])
        elif kind == "select":  # masks are mutually exclusive: AND over when(mask, case)
            r = self._node("and", [self._node("or", [self._not(m), self.ref(c)])
                                   for m, c in t.cases])
        else:  # pragma: no cover
            raise PackageError(f"unknown condition {kind!r}")
        self.ref_of[id(t)] = r
        return r

    def _node(self, kind: str, refs: list) -> tuple:
        h = 1 + max(self.height(r) for r in refs)
        return self._add("inner", (kind, tuple(refs)), (kind, refs, h))

    def _not(self, mask) -> tuple:
        """A leaf met where `mask` is not (never unknown); one per mask."""
        r = self._not_of.get(id(mask))
        if r is None:
            ok = ~mask if type(mask) is Expr else np.invert(np.asarray(mask, bool))
            leaf = Tri("leaf", [], ok=ok)
            self._keep += (leaf, mask)
            r = self._not_of[id(mask)] = self._leaf(leaf)
        return r

    def _leaf(self, t: Tri) -> tuple:
        acc = {"col": {}, "pres": {}, "other": False}
        _deps(t.ok, acc)
        paths = [sc.spec for sc in t.paths]
        if acc["other"] or len(paths) > 1:
            return self._add("generic", id(t), t)
        specs = {**acc["col"], **acc["pres"]}
        if paths:
            specs[id(paths[0])] = paths[0]
        if len(specs) != 1:
            return self._add("generic", id(t), t)
        spec = next(iter(specs.values()))
        absent_v = (_F if t.absent_fails else _U) if paths else None
        if spec.type in _LUT_TYPES:
            values, present = _domain(spec)
            ok = np.broadcast_to(np.asarray(_eval_on(t.ok, {id(spec): (values, present)},
                                                     len(values)), bool), values.shape)
            table = ok.astype(np.int8) * 2
            if absent_v is not None:
                table[~present] = absent_v
            return self._add("lut", (id(spec), table.tobytes()), (spec, table))
        if not acc["col"]:  # only presence: the same value for every present row
            ok = np.broadcast_to(np.asarray(_eval_on(
                t.ok, {id(spec): (np.zeros(2), np.array([False, True]))}, 2), bool), (2,))
            tv = _T if ok[1] else _F
            av = absent_v if absent_v is not None else (_T if ok[0] else _F)
            return self._add("pres", (id(spec), tv, av), (spec, tv, av))
        e = t.ok
        if (spec.type in _NUMERIC and type(e) is Expr and e.op == "fn" and e.a in _CMP
                and not e.c and len(e.b) == 2 and absent_v is not None):
            a, b = e.b
            op = _CMP[e.a]
            if type(b) is Expr:
                a, b, op = b, a, _FLIP[op]
            x = _const_scalar(b)
            if type(a) is Expr and a.op == "col" and a.a is spec and x is not None:
                lo, hi = -np.inf, np.inf
                if op == "ge":
                    lo = x
                elif op == "gt":
                    lo = np.nextafter(x, np.inf)
                elif op == "le":
                    hi = x
                elif op == "lt":
                    hi = np.nextafter(x, -np.inf)
                else:
                    lo = hi = x
                return self._add("ival", (id(spec), lo, hi, absent_v), (spec, lo, hi, absent_v))
        return self._add("generic", id(t), t)

    def layout(self) -> None:
        """Row numbers: leaf groups, then inner nodes by (height, kind)."""
        self.lut_rows = (0, len(self.lut))
        a = len(self.lut)
        self.pres_rows = (a, a + len(self.pres))
        a += len(self.pres)
        self.ival_rows = (a, a + len(self.ival))
        a += len(self.ival)
        self.generic_rows = (a, a + len(self.generic))
        a += len(self.generic)
        order = sorted(range(len(self.inner)), key=lambda i: (self.inner[i][2], self.inner[i][0]))
        inner_row = {}
        for k, i in enumerate(order):
            inner_row[i] = a + k
        self.n_rows = a + len(order)

        def row(ref):
            g, i = ref
            if g == "inner":
                return inner_row[i]
            return getattr(self, g + "_rows")[0] + i

        self.row = row
        self.inner_rows = [inner_row[i] for i in range(len(self.inner))]
        self.inner_or = [self.inner[i][0] == "or" for i in range(len(self.inner))]


class _Layout:
    """The condition table as the kernels read it (kernels.fill_table, kernels.missing_facts):
    the facts whose presence the leaves test, each leaf group as arrays, and the tree (children
    of each row, CSR)."""

    def __init__(self, low: _Lowered, bits: dict):
        nr = low.n_rows
        facts: dict = {}  # id(spec) -> row of `present`
        self.specs: list = []  # columns whose presence is a row of `present`
        fact_bits: list[int] = []

        def fact(spec) -> int:
            k = facts.get(id(spec))
            if k is None:
                k = facts[id(spec)] = len(self.specs)
                self.specs.append(spec)
                fact_bits.append(int(bits.get(spec.path, 0)))
            return k

        val_ix: dict = {}
        self.val_specs: list = []  # columns whose values the look-up and interval leaves read

        def val(spec) -> int:
            k = val_ix.get(id(spec))
            if k is None:
                k = val_ix[id(spec)] = len(self.val_specs)
                self.val_specs.append(spec)
            return k

        i64 = np.int64
        self.lut_fact = np.array([fact(s) for s, _ in low.lut], i64)
        self.lut_val = np.array([val(s) for s, _ in low.lut], i64)
        self.lut_enum = np.array([s.type == "enum" for s, _ in low.lut], bool)
        tables = [tb for _, tb in low.lut]
        self.lut_base = np.cumsum([0] + [len(tb) for tb in tables])[:-1].astype(i64)
        self.lut_table = np.concatenate(tables) if tables else np.zeros(0, np.int8)
        self.pres_fact = np.array([fact(s) for s, _, _ in low.pres], i64)
        self.pres_tv = np.array([tv for _, tv, _ in low.pres], np.int8)
        self.pres_av = np.array([av for _, _, av in low.pres], np.int8)
        self.ival_fact = np.array([fact(s) for s, _, _, _ in low.ival], i64)
        self.ival_val = np.array([val(s) for s, _, _, _ in low.ival], i64)
        self.ival_lo = np.array([lo for _, lo, _, _ in low.ival], np.float64)
        self.ival_hi = np.array([hi for _, _, hi, _ in low.ival], np.float64)
        self.ival_av = np.array([av for _, _, _, av in low.ival], np.int8)
        self.val_fact = [facts[id(s)] for s in self.val_specs]  # their rows of `present`
        # a look-up, presence or interval leaf is unknown only where its one column is absent
        miss_paths: list[list[int]] = [[] for _ in range(nr)]
        for r, f in enumerate(self.lut_fact.tolist() + self.pres_fact.tolist()
                              + self.ival_fact.tolist()):
            miss_paths[r] = [f]
        # generic leaves: mode 1 (U where a fact is absent) or 2 (F where its first fact is
        # absent, absent_fails); list conditions: mode 3 over the list's presence when none of
        # the batch's profiles lists items (F where stated, U where not), else mode 0 (Run)
        a = low.generic_rows[0]
        self.gen_row = np.arange(a, a + len(low.generic), dtype=i64)
        modes, gen_paths = [], []
        self.list_rows: list = []  # (index among generic rows, list condition)
        self.gen_leaves: list = []  # (index among generic rows, leaf condition, its facts)
        list_facts: list[tuple[int, str]] = []  # (generic index, list path)
        for k, t in enumerate(low.generic):
            if t.kind == "list":
                modes.append(3)
                gen_paths.append([-1 - len(list_facts)])
                miss_paths[a + k] = [-1 - len(list_facts)]
                list_facts.append((k, t.lst))
                self.list_rows.append((k, t))
            elif t.absent_fails:
                modes.append(2)
                gen_paths.append([fact(t.paths[0].spec)] if t.paths else [])
                self.gen_leaves.append((k, t, ()))
            else:
                modes.append(1)
                ps = [fact(sc.spec) for sc in t.paths]
                gen_paths.append(ps)
                miss_paths[a + k] = ps
                self.gen_leaves.append((k, t, ps))  # ps: its facts (rows of `present`)
        # list presence rows follow the columns' rows in `present`
        n_specs = len(self.specs)
        self.lists = [lp for _, lp in list_facts]
        fact_bits.extend(int(bits.get(lp, 0)) for lp in self.lists)

        def resolved(ps):
            return [p if p >= 0 else n_specs + (-1 - p) for p in ps]

        # (arrays passed to a kernel stay writable: numba compiles read-only arrays apart)
        self.gen_mode = np.array(modes, np.int8)
        self.gen_ptr, self.gen_idx = _csr([resolved(ps) for ps in gen_paths])
        self.path_ptr, self.path_idx = _csr([resolved(ps) for ps in miss_paths])
        self.path_bits = np.array(fact_bits, np.uint64)
        children: list[list[int]] = [[] for _ in range(nr)]
        for i, (_, refs, _) in enumerate(low.inner):
            children[low.row(("inner", i))] = [low.row(r) for r in refs]
        self.child_ptr, self.child_idx = _csr(children)
        order = np.argsort(low.inner_rows, kind="stable")  # children before parents
        self.inner_row = np.array(low.inner_rows, i64)[order]
        self.inner_or = np.array(low.inner_or, bool)[order]
        self.no_slot = np.full(nr, -1, i64)


def _csr(lists: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    ptr = np.zeros(len(lists) + 1, np.int64)
    ptr[1:] = np.cumsum([len(x) for x in lists])
    idx = np.array([v for x in lists for v in x], np.int64)
    return ptr, idx
