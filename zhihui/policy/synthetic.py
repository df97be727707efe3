"""Random profiles generated directly as columns (for benchmarks of a million rows).

Driven by the package's schema only, so it works for any package: each leaf is present with
probability `p_present`, enums are uniform, dates fall in 1960–2025, numbers in their
min..max (or 0..100), lists hold 0–2 items.
"""

from __future__ import annotations

import numpy as np

from zhihui.policy.dates import to_days
from zhihui.policy.schema import ABSENT_CODE, NULL_CODE, SCORE_SCALE, Col, ListCol, ProfileBatch

D0 = None


def _leaf(rng, spec, n: int, p_present: float) -> Col:
    import datetime as dt

    present = rng.random(n) < p_present
    t = spec.type
    if t == "enum":
        k = len(spec.values)
        vals = rng.integers(NULL_CODE if spec.nullable else 0, k, n).astype(np.int16)
        vals[~present] = ABSENT_CODE
    elif t == "bool":
        vals = rng.integers(0, 2, n).astype(np.int8)
        vals[~present] = 0
    elif t == "date":
        lo, hi = to_days(dt.date(1960, 1, 1)), to_days(dt.date(2025, 12, 31))
        if spec.path.endswith(("start_date", "graduation_date", "license_date", "obtained",
                               "recognized", "date")):
            lo = to_days(dt.date(2015, 1, 1))
        vals = rng.integers(lo, hi, n).astype(np.int32)
        vals[~present] = 0
    elif t == "int":
        lo = int(spec.min) if spec.min is not None else 0
        hi = int(spec.max) if spec.max is not None else 100
        if spec.path.endswith("year") or spec.path.endswith(".year"):
            lo, hi = 2018, 2025
        if spec.path in ("staff_count",) or spec.path.endswith("count"):
            lo, hi = 0, 1500
        vals = rng.integers(lo, hi + 1, n).astype(np.int64)
        vals[~present] = 0
    elif t == "number":
        vals = rng.integers(0, 11, n).astype(np.float64)
        vals[~present] = np.nan
    elif t == "score":
        vals = rng.integers(0, 100 * 100 + 1, n).astype(np.int64) * (SCORE_SCALE // 100)
        vals[~present] = 0
    else:  # string
        vals = np.empty(n, object)
        vals[:] = ""
    return Col(spec, vals, present)


def synthetic_batch(pkg, n: int, kind: str = "person", seed: int = 1,
                    p_present: float = 0.7) -> ProfileBatch:
    rng = np.random.default_rng(seed)
    cols, lists = {}, {}
    for path, spec in pkg.schema.leaves(kind):
        if "[]" in path:
            continue
        if spec.type == "list":
            present = rng.random(n) < p_present
            counts = np.where(present, rng.integers(0, 3, n), 0)
            item_row = np.repeat(np.arange(n, dtype=np.int64), counts)
            m = len(item_row)
            icols = {f.path: _leaf(rng, f, m, 0.95) for f in spec.fields.values()}
            lists[path] = ListCol(spec, present, item_row, icols)
        elif spec.type != "string":
            cols[path] = _leaf(rng, spec, n, p_present)
    ids = [f"s{i}" for i in range(n)] if n <= 2_000_000 else []
    return ProfileBatch(kind, n, ids, cols, lists, {})
