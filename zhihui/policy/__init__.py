"""Zhihui policy engine: rules as data + code, evaluated column-wise. No Django imports.

Stable API (other apps — the sweep, the explain page, the one window — call only this):

    from zhihui.policy import load_package, ProfileError

    pkg = load_package("jiyuan")            # a name under zhihui/policies/, or a directory path
    pkg.name, pkg.version, pkg.label        # "jiyuan", "2025.1", "jiyuan@2026.1"

    # Contract-shaped results (shared/contracts/benefits.md), one per profile, in order.
    # A profile that breaks the schema gives {"id": ..., "line": N, "error": "<field>: ..."}
    # (N is the 1-based position in `profiles`).  Extra field on results: "package".
    results: list[dict] = pkg.screen(profiles: list[dict], as_of: datetime.date,
                                     *, include_extra: bool = False)
    result: dict = pkg.screen_one(profile: dict, as_of: date, *, include_extra=False)
        # raises ProfileError(field, message) for a profile that breaks the schema

    # Column-wise, for a million rows: no per-row dicts.
    batch = pkg.parse(profiles, kind="person")           # -> ProfileBatch (numpy columns;
                                                         #    schema errors in batch.errors)
    batch = pkg.synthetic(n, kind="person", seed=1)       # random profiles, for benchmarks
    cols = pkg.screen_columns(batch, as_of, include_extra=False, benefits=None)
        # -> dict[benefit_id, BenefitColumns]; BenefitColumns has numpy arrays
        #    .status (int8: 0 ineligible, 1 undetermined, 2 eligible), .total_fen (int64),
        #    .pay (Pay: .row, .year, .fen of eligible rows), .missing_paths(i) -> list[str]
    lines = pkg.render(batch, cols, as_of)        # -> list[dict], the contract's result objects

    pkg.benefits: list[BenefitInfo]     # id, title_zh, title_en, kind ("person"|"organization"),
                                        # clause, references (["L131"]), requirements
                                        # (["C5-R09"]), contract (bool), parameters (ids),
                                        # decisions (how plan ambiguities were resolved)
    pkg.benefit(id) -> BenefitInfo
    pkg.parameters: dict[str, Parameter] # id, type, unit, reference, description, periods
                                        # [Period(valid_from, valid_to, value)], .value_at(date)
    pkg.describe(as_of=None) -> dict    # JSON-ready catalogue (benefits + parameters + history)

A package is a directory (see docs/policy-authoring.md): package.yaml (manifest), schema.yaml
(profile fields), parameters.yaml (dated, typed parameters citing the plan), benefits.yaml
(metadata) and rules.py (one function per benefit, written with zhihui.policy.rules).
"""

from __future__ import annotations

from zhihui.policy.errors import PackageError, ProfileError

# The engine (numpy, yaml) is imported on first use, not with the package: `zhihui.policy.cli`
# lives here and every `zhihui` command imports it to build its parser.
_LAZY = {"BenefitInfo": "package", "Package": "package", "load_package": "package",
         "Parameter": "params", "Period": "params"}


def __getattr__(name: str):
    mod = _LAZY.get(name)
    if mod is None:
        raise AttributeError(f"module 'zhihui.policy' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"zhihui.policy.{mod}"), name)
    globals()[name] = value
    return value

__all__ = [
    "BenefitInfo",
    "Package",
    "PackageError",
    "Parameter",
    "Period",
    "ProfileError",
    "load_package",
]
