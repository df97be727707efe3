"""The policy engine's compiled loops (source: zhihui.policy.kernel_code), compiled by numba.

Two ways, the same code:
- ahead of time, into the extension module `zhihui/policy/_kernels_aot*.so`, by
  `python -m zhihui.policy.kernel_build` (`make install` runs it). Importing it needs neither
  numba nor LLVM: a process starts in milliseconds and ~120 MiB smaller, which is what the
  command line (`zhihui benefits screen`), the web workers and the Celery workers want;
- otherwise just in time on first use (numba's `njit`, cached on disk in __pycache__): about
  0.3 s to import and load, or a few seconds to compile the first time.

The built module records a hash of kernel_code.py; a module built from other source is not
used (a warning says to rebuild), so an edit to the kernels can never run stale machine code.
`MODE` says which is in use ("aot" or "jit").
"""

from __future__ import annotations

import warnings
from types import SimpleNamespace

import numpy as np

from zhihui.policy import kernel_code

NAMES = tuple(kernel_code.SIGNATURES)
SOURCE_HASH = kernel_code.source_hash()


def _ahead_of_time():
    try:
        from zhihui.policy import _kernels_aot as aot
    except ImportError:
        return None
    if aot.source_hash() != SOURCE_HASH:
        warnings.warn("zhihui/policy/_kernels_aot was built from other kernel source: compiling "
                      "the kernels at run time instead (rebuild: make install, or python -m "
                      "zhihui.policy.kernel_build)", RuntimeWarning, stacklevel=3)
        return None
    return aot


def just_in_time() -> SimpleNamespace:
    """The kernels compiled by numba at run time (cached on disk)."""
    from numba import njit

    return SimpleNamespace(**{name: njit(cache=True, nogil=True)(getattr(kernel_code, name))
                              for name in NAMES})


_aot = _ahead_of_time()
MODE = "aot" if _aot is not None else "jit"
_impl = _aot if _aot is not None else just_in_time()
missing_facts = _impl.missing_facts
fill_table = _impl.fill_table
annual_payments = _impl.annual_payments
age_on = _impl.age_on


def load(impl=None) -> None:
    """Run every kernel once on tiny inputs of the dtypes the engine passes: compiles or loads
    the just-in-time kernels (~0.1 s from the disk cache), so call it before forking workers;
    with the ahead-of-time module it only checks that the module works."""
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
