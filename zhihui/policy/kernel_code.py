"""The policy engine's compiled loops, as plain Python over numpy arrays: the steps that walk
a condition tree row by row. Each takes a whole batch, one profile or a million, in one call.

Why compiled: these steps branch per row (only the unknown parts of a tree are visited), so as
numpy they need several array operations per tree node, ~1 µs each, and one profile would pay
for every node of every benefit. A kernel pays one call.

This module is only the source: zhihui.policy.kernels compiles it with numba just in time
(cached on disk). Keep to what numba compiles (loops, scalars, numpy arrays), and pass the
same dtypes every time (each new combination is compiled and cached apart).
"""

from __future__ import annotations

import numpy as np

U = 1  # unknown (rules.U)


def missing_facts(status, roots, nv, child_ptr, child_idx, path_ptr, path_idx, present,
                  path_bits, extra_slot, extra):
    """The absent facts behind each unknown benefit condition.

    status      int8 (benefits × batch rows): each benefit's condition (0 F, 1 U, 2 T)
    roots       int64 (benefits): its row in the condition table `nv` (int8, table × batch)
    child_ptr   int64 (table rows + 1), child_idx int64: children of each table row (CSR);
                a row without children is a leaf
    path_ptr    int64 (table rows + 1), path_idx int64: the facts a leaf reads (rows of
                `present`), whose absence makes it unknown
    present     bool (facts × batch rows); path_bits uint64 (facts): each fact's bit
    extra_slot  int64 (table rows): row of `extra` (uint64, slots × batch rows) or -1, for
                bits found outside the table (the items of a list)
    Returns (start, rows, bits): benefit b's unknown batch rows are rows[start[b]:start[b+1]]
    (ascending) and bits[...] their facts as a bit mask. For AND and OR alike every unknown
    child is part of the answer, so the bits are those of the absent facts of every leaf
    reached from the root through unknown rows only.
    """
    nb, n = status.shape
    start = np.zeros(nb + 1, np.int64)
    for b in range(nb):
        c = 0
        st = status[b]
        for i in range(n):
            if st[i] == U:
                c += 1
        start[b + 1] = start[b] + c
    rows = np.empty(start[nb], np.int64)
    bits = np.empty(start[nb], np.uint64)
    stack = np.empty(len(child_idx) + 1, np.int64)
    k = 0
    for b in range(nb):
        st = status[b]
        for i in range(n):
            if st[i] != U:
                continue
            acc = np.uint64(0)
            stack[0] = roots[b]
            top = 1
            while top:
                top -= 1
                r = stack[top]
                lo = child_ptr[r]
                hi = child_ptr[r + 1]
                if lo == hi:
                    for q in range(path_ptr[r], path_ptr[r + 1]):
                        p = path_idx[q]
                        if not present[p, i]:
                            acc |= path_bits[p]
                    s = extra_slot[r]
                    if s >= 0:
                        acc |= extra[s, i]
                else:
                    for q in range(lo, hi):
                        c = child_idx[q]
                        if nv[c, i] == U:
                            stack[top] = c
                            top += 1
            rows[k] = i
            bits[k] = acc
            k += 1
    return start, rows, bits


def fill_table(nv, j0, vals, present,
               lut_fact, lut_val, lut_enum, lut_base, lut_table,
               pres_fact, pres_tv, pres_av,
               ival_fact, ival_val, ival_lo, ival_hi, ival_av,
               gen_row, gen_mode, gen_ptr, gen_idx,
               inner_row, inner_or, child_ptr, child_idx):
    """The condition table (int8, F 0 U 1 T 2) for batch rows j0 .. j0 + vals.shape[1].

    Leaves are rows 0 .. of the table, in the groups of program._Lowered:
    look-up      table[base + slot], slot = enum code + 2, or bool value + present
    presence     tv where the column is present, av where not
    interval     lo <= value <= hi where present (values as float64), av where not
    generic      already in the table as 0/1 ("met") for mode 1 and 2: U (mode 1) or F
                 (mode 2) where one of its facts is absent, else met ×2; mode 3: U where
                 a fact is absent, else F (a list no profile lists items in); mode 0 rows
                 are final values computed outside (a list condition over its items)
    Inner rows (ordered so that children come first) are the min (AND) or max (OR) of their
    children. `vals` holds this slice only; `present` and `nv` the whole batch.
    """
    # Each loop runs over one row of the table (a contiguous slice), so LLVM vectorises it.
    k = vals.shape[1]
    j1 = j0 + k
    for t in range(len(lut_fact)):
        dst, v, base = nv[t, j0:j1], vals[lut_val[t]], lut_base[t]
        if lut_enum[t]:
            for i in range(k):
                dst[i] = lut_table[base + np.int64(v[i]) + 2]
        else:
            p = present[lut_fact[t], j0:j1]
            for i in range(k):
                dst[i] = lut_table[base + np.int64(v[i]) + np.int64(p[i])]
    a = len(lut_fact)
    for t in range(len(pres_fact)):
        dst, p, tv, av = nv[a + t, j0:j1], present[pres_fact[t], j0:j1], pres_tv[t], pres_av[t]
        for i in range(k):
            dst[i] = tv if p[i] else av
    a += len(pres_fact)
    for t in range(len(ival_fact)):
        dst, p, v = nv[a + t, j0:j1], present[ival_fact[t], j0:j1], vals[ival_val[t]]
        lo, hi, av = ival_lo[t], ival_hi[t], ival_av[t]
        for i in range(k):
            x = v[i]
            met = np.int8(2) if lo <= x and x <= hi else np.int8(0)
            dst[i] = met if p[i] else av
    for t in range(len(gen_row)):
        mode = gen_mode[t]
        if mode == 0:
            continue
        dst = nv[gen_row[t], j0:j1]
        if mode == 3:
            dst[:] = 0
        else:
            for i in range(k):
                dst[i] = np.int8(2) if dst[i] else np.int8(0)
        absent_v = np.int8(0) if mode == 2 else np.int8(1)
        for q in range(gen_ptr[t], gen_ptr[t + 1]):
            p = present[gen_idx[q], j0:j1]
            for i in range(k):
                dst[i] = dst[i] if p[i] else absent_v
    for t in range(len(inner_row)):
        r = inner_row[t]
        dst = nv[r, j0:j1]
        dst[:] = nv[child_idx[child_ptr[r]], j0:j1]
        use_max = inner_or[t]
        for q in range(child_ptr[r] + 1, child_ptr[r + 1]):
            src = nv[child_idx[q], j0:j1]
            if use_max:
                for i in range(k):
                    x, y = src[i], dst[i]
                    dst[i] = x if x > y else y
            else:
                for i in range(k):
                    x, y = src[i], dst[i]
                    dst[i] = x if x < y else y


def annual_payments(elig, first_year, amount, years, equal_split, total):
    """Payments of the eligible rows (bool `elig`) of a schedule of `years` yearly entries
    from `first_year` (int64; one value per row, or one for all): `amount` (int64 fen, per row
    or one for all) each year, or split in `years` equal parts with the leftover fen to the
    earliest (equal_split). Sets total[row]; returns (rows, years, fen) of the entries that
    are not 0.00, year by year (all rows' first entries, then all rows' second, …)."""
    n = len(elig)
    idx = np.empty(n, np.int64)
    m = 0
    for i in range(n):
        if elig[i]:
            idx[m] = i
            m += 1
    one_y, one_a = len(first_year) == 1, len(amount) == 1
    rows = np.empty(m * years, np.int64)
    yrs = np.empty(m * years, np.int64)
    fen = np.empty(m * years, np.int64)
    k = 0
    for j in range(years):
        for t in range(m):
            i = idx[t]
            a = amount[0] if one_a else amount[i]
            if equal_split:
                f = a // years + (1 if j < a % years else 0)
            else:
                f = a
            if j == 0:
                total[i] = a if equal_split or years == 1 else a * years
            if f != 0:
                rows[k] = i
                yrs[k] = (first_year[0] if one_y else first_year[i]) + j
                fen[k] = f
                k += 1
    return rows[:k], yrs[:k], fen[:k]


def age_on(birth, on, base, year, mon, dom, mstart1, mlen, out):
    """Completed years of age on day `on` of people born on day `birth` (int64 day numbers;
    either may hold one value for all rows), into `out`: zhihui.policy.dates.v_age_on, with
    its tables (`base` = day number of their first day; indices clip to the tables)."""
    last_day = len(year) - 1
    last_month = len(mstart1) - 1
    one_b, one_o = len(birth) == 1, len(on) == 1
    for i in range(len(out)):
        o = on[0] if one_o else on[i]
        bi = min(max((birth[0] if one_b else birth[i]) - base, 0), last_day)
        oi = min(max(o - base, 0), last_day)
        years = np.int64(year[oi]) - np.int64(year[bi])
        tm = min(max(np.int64(mon[bi]) + years * 12, 0), last_month)
        anniv = mstart1[tm] + min(np.int64(dom[bi]), np.int64(mlen[tm]))
        out[i] = years - (1 if o < anniv else 0)


# the kernels zhihui.policy.kernels compiles
NAMES = ("missing_facts", "fill_table", "annual_payments", "age_on")
