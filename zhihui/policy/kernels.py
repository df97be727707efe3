"""The policy engine's compiled loops (source: zhihui.policy.kernel_code), compiled by numba
just in time, with numba's on-disk cache.

One path only (issue 11). The earlier ahead-of-time module (numba's deprecated `pycc`, built
with `target_cpu = "host"`) crashed with "Illegal instruction" on a virtual machine whose CPU
reported features it did not run; numba's just-in-time compiler reads the features the CPU
really has, and its cache is keyed by them, so a cache from another machine is never used.

Cost: importing numba and loading the cached machine code takes ~0.3–0.5 s and ~120 MiB per
process, once; the first compilation on a machine takes a few seconds and is cached
(`__pycache__` beside kernel_code.py, or NUMBA_CACHE_DIR where the code is read-only).
`make deps` warms the cache; web and Celery workers call `load()` before forking.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from zhihui.policy import kernel_code

NAMES = kernel_code.NAMES
MODE = "jit"


def just_in_time() -> SimpleNamespace:
    """The kernels compiled by numba at run time (cached on disk)."""
    from numba import njit

    return SimpleNamespace(**{name: njit(cache=True, nogil=True)(getattr(kernel_code, name))
                              for name in NAMES})


_impl = just_in_time()
missing_facts = _impl.missing_facts
fill_table = _impl.fill_table
annual_payments = _impl.annual_payments
age_on = _impl.age_on


def load(impl=None) -> None:
    """Run every kernel once on tiny inputs of the dtypes the engine passes: compiles the
    kernels, or loads them from the disk cache (~0.1 s), so call it before forking workers."""
    k = impl or _impl
    i64, i8, u64 = np.int64, np.int8, np.uint64
    none = np.zeros(0, i64)
    ptr = np.zeros(2, i64)
    nv = np.zeros((1, 1), i8)
    present = np.ones((1, 1), bool)
    k.fill_table(nv, 0, np.zeros((1, 1)), present,
                 none, none, np.zeros(0, bool), none, np.zeros(0, i8),
                 none, np.zeros(0, i8), np.zeros(0, i8),
                 none, none, np.zeros(0), np.zeros(0), np.zeros(0, i8),
                 none, np.zeros(0, i8), ptr[:1].copy(), none,
                 none, np.zeros(0, bool), ptr, none)
    k.annual_payments(np.ones(1, bool), np.zeros(1, i64), np.zeros(1, i64), 1, False,
                      np.zeros(1, i64))
    k.age_on(np.zeros(1, i64), np.zeros(1, i64), 0, np.zeros(1, np.int16), np.zeros(1, np.int32),
             np.zeros(1, np.int16), np.zeros(1, i64), np.zeros(1, np.int16), np.zeros(1, i64))
    k.missing_facts(np.ones((1, 1), i8), np.zeros(1, i64), np.ones((1, 1), i8), ptr, none, ptr,
                    none, present, np.zeros(1, u64), np.full(1, -1, i64), np.zeros((1, 1), u64))


if __name__ == "__main__":  # `make deps`: compile once now, so the first request does not
    load()
    print("policy kernels compiled and cached (numba, just in time)")
