"""Compiled loops of the policy engine (numba), for the steps that walk a condition tree
row by row. Each kernel takes a whole batch, one profile or a million, in one call.

Why compiled: these steps branch per row (only the unknown parts of a tree are visited), so as
numpy they need several array operations per tree node, ~1 µs each, and one profile would pay
for every node of every benefit. A kernel pays one call.

Kernels are compiled on first use and cached on disk next to this module (numba's
`cache=True`): the first run after an install takes about a second more.
Arrays passed in have fixed dtypes (see each kernel), so one compiled version serves all.
"""

from __future__ import annotations

import numpy as np
from numba import njit

U = 1  # unknown (rules.U)


@njit(cache=True, nogil=True)
def missing_bits(nv, pair_row, pair_col, child_ptr, child_idx, path_ptr, path_idx, present,
                 path_bits, extra_slot, extra, out):  # pragma: no cover - compiled
    """Absent facts behind each unknown condition.

    nv          int8 (table rows × batch rows): the condition table (0 F, 1 U, 2 T)
    pair_row    int64: a table row that is U at batch row pair_col[k]; out[k] gets its facts
    child_ptr   int64 (table rows + 1), child_idx int64: children of each table row (CSR);
                a row without children is a leaf
    path_ptr    int64 (table rows + 1), path_idx int64: the facts a leaf reads (rows of
                `present`), whose absence makes it unknown
    present     bool (facts × batch rows); path_bits uint64 (facts): each fact's bit
    extra_slot  int64 (table rows): row of `extra` (uint64, slots × batch rows) or -1, for
                bits found outside the table (the items of a list)
    For AND and OR alike every unknown child is part of the answer, so the bits are those of
    the absent facts of every leaf reached from pair_row through unknown rows only.
    """
    stack = np.empty(len(child_idx) + 1, np.int64)
    for k in range(len(pair_row)):
        i = pair_col[k]
        acc = np.uint64(0)
        stack[0] = pair_row[k]
        top = 1
        while top:
            top -= 1
            r = stack[top]
            a = child_ptr[r]
            b = child_ptr[r + 1]
            if a == b:
                for q in range(path_ptr[r], path_ptr[r + 1]):
                    p = path_idx[q]
                    if not present[p, i]:
                        acc |= path_bits[p]
                s = extra_slot[r]
                if s >= 0:
                    acc |= extra[s, i]
            else:
                for q in range(a, b):
                    c = child_idx[q]
                    if nv[c, i] == U:
                        stack[top] = c
                        top += 1
        out[k] = acc
