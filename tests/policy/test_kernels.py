"""The engine's compiled kernels (zhihui/policy/kernels.py) do what their Python source says."""

import datetime as dt
import warnings

import pytest

from zhihui.policies.jiyuan.samples import profiles as sample_profiles
from zhihui.policy import kernel_code, kernels, load_package
from zhihui.policy import program as program_module

AS_OF = dt.date(2025, 6, 30)


def _use(monkeypatch, impl):
    """Make the engine call `impl`'s kernels (program.py imports them by name, dates.py
    through the kernels module)."""
    for name in kernels.NAMES:
        fn = getattr(impl, name)
        monkeypatch.setattr(kernels, name, fn)
        if hasattr(program_module, name):
            monkeypatch.setattr(program_module, name, fn)


@pytest.fixture(scope="module")
def pkg():
    return load_package("jiyuan")


def test_compiled_kernels_give_what_their_python_source_gives(pkg, monkeypatch):
    """Screening with the kernels run as plain Python (kernel_code) and compiled (just in
    time) gives the same results, for one profile and for
    a batch with list items, missing facts, payments and a parameter not in force."""
    batch = sample_profiles(150, seed=21) + [{"id": "empty", "kind": "person"}]
    compiled = [pkg.screen(batch, day, include_extra=True)
                for day in (AS_OF, dt.date(2021, 3, 1))]
    one = pkg.screen(batch[:1], AS_OF)
    pkg._programs.clear()  # programs are compiled anew below; the kernels are looked up per run
    _use(monkeypatch, kernel_code)
    plain = [pkg.screen(batch, day, include_extra=True) for day in (AS_OF, dt.date(2021, 3, 1))]
    assert plain == compiled
    assert pkg.screen(batch[:1], AS_OF) == one
    statuses = {b["status"] for r in compiled[0] for b in r["benefits"]}
    assert statuses == {"eligible", "ineligible", "undetermined"}


def test_load_runs_every_kernel(recwarn):
    warnings.simplefilter("error")  # no deprecation or compilation warnings either
    kernels.load()
