"""Symbolic column values: what a rule computes from profile facts, recorded once per
(package, as-of date, kind) and evaluated on every batch by zhihui.policy.program.

Rules are ordinary Python over numpy-like values. When a rule is compiled, `c.col(path).values`
is an `Expr`; numpy operators and functions applied to it (comparisons, arithmetic,
`np.where`, `np.select`, `np.isin`, …) return further `Expr`s through numpy's own dispatch
protocols (`__array_ufunc__`, `__array_function__`), so the rule text stays plain numpy. A
rule cannot branch on profile data (`if expr:` raises): everything data-dependent is a
column operation, which is what lets the same compiled program serve one profile and a
million.

Inside explanation callables (`had=lambda: …`, `row_extras`), run when a result is rendered,
`expr.tolist()`, `expr[i]` and `col.display()` give the values of the batch being rendered.
"""

from __future__ import annotations

import contextvars
from typing import Any

import numpy as np

from zhihui.policy.errors import PackageError

# The run (program execution on one batch) whose values explanation callables see.
CURRENT_RUN: contextvars.ContextVar = contextvars.ContextVar("zhihui_policy_run", default=None)
# While a program is compiled: structure -> Expr, so that an expression two rules (or two
# parts of one rule) write alike is one Expr, computed once per batch (see `interned`).
_INTERN: contextvars.ContextVar = contextvars.ContextVar("zhihui_policy_intern", default=None)


def interned():
    """Context in which equal expressions are one Expr (Program compiles rules in one)."""
    return _Interned()


class _Interned:
    def __enter__(self):
        self._tok = _INTERN.set({})

    def __exit__(self, *exc):
        _INTERN.reset(self._tok)


def _key(x):
    """A hashable stand-in for an Expr's operand: equal keys, interchangeable operands."""
    t = type(x)
    if t is Expr:
        return ("E", id(x))  # interned already: one object per structure
    if t is int or t is float or t is bool or t is str or x is None:
        return (t, x)
    if t is list or t is tuple:
        return (t, tuple(_key(v) for v in x))
    if t is dict:
        return ("D", tuple(sorted((k, _key(v)) for k, v in x.items())))
    if isinstance(x, np.ndarray):
        if x.size <= 256:  # a constant (a table, a code): by value
            return ("A", x.dtype.str, x.shape, x.tobytes())
        return ("I", id(x))  # the Expr keeps it alive, so its id stays unique
    if isinstance(x, np.generic):
        return ("S", x.dtype.str, x.tobytes())
    try:
        hash(x)
    except TypeError:
        return ("I", id(x))
    return ("H", t, x)  # functions, dtypes, specs, conditions: by identity or value


def _current():
    run = CURRENT_RUN.get()
    if run is None:
        raise PackageError("a rule value was read outside an evaluation (only explanation "
                           "callables such as had=… and row_extras may read values)")
    return run


class Expr:
    """A value per row (or per list item) computed from a batch.

    op: "col" (path) values of a leaf field; "pres" (path) its presence mask;
        "icol" (list path, name) / "ipres" values and presence of an item field;
        "irow" (list path) the profile row of each item; "tri" (Tri) a condition's
        F/U/T values; "fn" (callable, args, kwargs) a numpy call on evaluated arguments.
    """

    __slots__ = ("op", "a", "b", "c", "__weakref__")
    _symbolic = True
    __array_priority__ = 1000

    def __new__(cls, op: str, a=None, b=None, c=None):
        table = _INTERN.get()
        if table is not None:
            key = (op, _key(a), _key(b), _key(c))
            e = table.get(key)
            if e is not None:
                return e
        e = object.__new__(cls)
        e.op, e.a, e.b, e.c = op, a, b, c
        if table is not None:
            table[key] = e
        return e

    # -- numpy dispatch -------------------------------------------------------
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        if method != "__call__" or "out" in kwargs:
            raise PackageError(f"rules may not use {ufunc.__name__}.{method} or out= on profile "
                               "values (write the expression without it)")
        return Expr("fn", ufunc, inputs, kwargs or None)

    def __array_function__(self, func, types, args, kwargs):
        return Expr("fn", _FASTER.get(func, func), args, kwargs or None)

    # -- operators (through the ufuncs, so numpy's casting rules apply) ---------
    def __lt__(self, o): return Expr("fn", np.less, (self, o))
    def __le__(self, o): return Expr("fn", np.less_equal, (self, o))
    def __gt__(self, o): return Expr("fn", np.greater, (self, o))
    def __ge__(self, o): return Expr("fn", np.greater_equal, (self, o))
    def __eq__(self, o): return Expr("fn", np.equal, (self, o))  # noqa: E704
    def __ne__(self, o): return Expr("fn", np.not_equal, (self, o))
    def __add__(self, o): return Expr("fn", np.add, (self, o))
    def __radd__(self, o): return Expr("fn", np.add, (o, self))
    def __sub__(self, o): return Expr("fn", np.subtract, (self, o))
    def __rsub__(self, o): return Expr("fn", np.subtract, (o, self))
    def __mul__(self, o): return Expr("fn", np.multiply, (self, o))
    def __rmul__(self, o): return Expr("fn", np.multiply, (o, self))
    def __floordiv__(self, o): return Expr("fn", np.floor_divide, (self, o))
    def __rfloordiv__(self, o): return Expr("fn", np.floor_divide, (o, self))
    def __truediv__(self, o): return Expr("fn", np.true_divide, (self, o))
    def __mod__(self, o): return Expr("fn", np.remainder, (self, o))
    def __and__(self, o): return Expr("fn", np.bitwise_and, (self, o))
    def __rand__(self, o): return Expr("fn", np.bitwise_and, (o, self))
    def __or__(self, o): return Expr("fn", np.bitwise_or, (self, o))
    def __ror__(self, o): return Expr("fn", np.bitwise_or, (o, self))
    def __invert__(self): return Expr("fn", np.invert, (self,))
    def __neg__(self): return Expr("fn", np.negative, (self,))

    __hash__ = object.__hash__

    def astype(self, dtype):
        return Expr("fn", _astype, (self, dtype))

    def __getitem__(self, key):
        if isinstance(key, (int, np.integer)):  # one row, in an explanation callable
            return _current().value(self)[key]
        return Expr("fn", _take, (self, key))

    def tolist(self) -> list:
        return _current().value(self).tolist()

    def __bool__(self):
        raise PackageError("a rule cannot branch on profile values (`if`, `and`, `or` on a "
                           "column): use np.where, all_of/any_of, when or select")

    def __len__(self):
        raise PackageError("the number of rows is not known when a rule is compiled")

    def __iter__(self):
        raise PackageError("a rule cannot loop over profile values: use column operations")

    def __repr__(self) -> str:
        return f"Expr({self.op})"


def _select(condlist, choicelist, default=0):
    """np.select without its Python-level checks (the same algorithm: the first condition
    met wins), which cost more than the work itself on a batch of one."""
    choices = [np.asarray(c) for c in choicelist]
    dflt = np.asarray(default)
    if len(condlist) != len(choices):
        raise ValueError("list of cases must be same length as list of conditions")
    dtype = np.result_type(*choices, dflt)
    shape = np.broadcast(*condlist, *choices).shape if len(condlist) < 16 else \
        np.broadcast_shapes(*[np.shape(c) for c in condlist], *[c.shape for c in choices])
    out = np.full(shape, dflt, dtype)
    for cond, choice in zip(condlist[::-1], choices[::-1], strict=True):
        np.copyto(out, choice, where=cond)
    return out


_FASTER = {np.select: _select}


def _astype(x, dtype):
    return np.asarray(x).astype(dtype)


def _take(x, key):
    return x[key]


def is_sym(x: Any) -> bool:
    return type(x) is Expr


def any_sym(*xs) -> bool:
    for x in xs:
        if type(x) is Expr:
            return True
        if type(x) in (list, tuple) and any_sym(*x):
            return True
    return False


def lift(fn):
    """`fn` applied to symbolic arguments gives an Expr (evaluated with real arrays)."""

    def call(*args, **kwargs):
        return Expr("fn", fn, args, kwargs or None)

    return call
