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
    """Screening with the kernels run as plain Python (kernel_code) and compiled (ahead of
    time or just in time, whichever is in use) gives the same results, for one profile and for
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


@pytest.mark.skipif(kernels.MODE != "aot", reason="no ahead-of-time module built here")
def test_an_ahead_of_time_module_built_from_other_source_is_not_used(monkeypatch):
    monkeypatch.setattr(kernels, "SOURCE_HASH", kernels.SOURCE_HASH + 1)
    with pytest.warns(RuntimeWarning, match="rebuild"):
        assert kernels._ahead_of_time() is None


def test_load_runs_every_kernel(recwarn):
    warnings.simplefilter("error")  # no deprecation or compilation warnings either
    kernels.load()
    assert kernels.MODE in ("aot", "jit")


@pytest.mark.skipif(kernels.MODE != "aot", reason="the kernels in use are the just-in-time ones")
def test_the_just_in_time_kernels_agree_with_the_ahead_of_time_module(pkg, monkeypatch):
    """Without the built module (a checkout not installed by make, or built from other source)
    the engine compiles the same source at run time: it must give the same results."""
    batch = sample_profiles(200, seed=5)
    aot = pkg.screen(batch, AS_OF, include_extra=True)
    jit = kernels.just_in_time()
    kernels.load(jit)
    pkg._programs.clear()
    _use(monkeypatch, jit)
    assert pkg.screen(batch, AS_OF, include_extra=True) == aot
