"""Dated parameters of the service domains (thresholds, time limits, listing periods, scores).

They live in the city's policy package, beside the benefits' parameters, so that another city
loads its own: `zhihui/policies/<city>/domains/<domain>.yaml`, in the format of the package's
`parameters.yaml` (type, unit, reference — the law or plan line —, dated values). A domain
reads a value in force on a date with `value(domain, id, on)`; a missing file or parameter is
an error that names it, never a silent default.

    from zhihui.core.params import value
    months = value("regulation", "blacklist.listing_months", today)
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any

from django.conf import settings

from zhihui.policy.errors import PackageError
from zhihui.policy.params import NOT_IN_FORCE, UNSET, Parameter, load_parameters


class ParameterMissing(LookupError):
    pass


def _package_root() -> Path:
    from zhihui.policy.package import load_package

    return load_package(settings.ZHIHUI_POLICY_PACKAGE).root


@functools.cache
def _load(root: Path, domain: str) -> dict[str, Parameter]:
    import yaml

    path = root / "domains" / f"{domain}.yaml"
    if not path.exists():
        raise ParameterMissing(f"{path}: the city package has no parameters for domain {domain!r}")
    with path.open(encoding="utf-8") as fh:
        return load_parameters(yaml.safe_load(fh) or {}, f"domains/{domain}.yaml")


def parameters(domain: str) -> dict[str, Parameter]:
    return _load(_package_root(), domain)


def parameter(domain: str, pid: str) -> Parameter:
    params = parameters(domain)
    if pid not in params:
        raise ParameterMissing(f"domains/{domain}.yaml has no parameter {pid!r}")
    return params[pid]


def value(domain: str, pid: str, on: dt.date) -> Any:
    """The value in force on `on`; raises when it is not in force or not set by the package."""
    v = parameter(domain, pid).value_at(on)
    if v is NOT_IN_FORCE or v is UNSET:
        raise ParameterMissing(f"domains/{domain}.yaml: {pid} has no value in force on {on.isoformat()}")
    return v


def clear_cache() -> None:
    """After an administrator changed a package file (tests, reloads)."""
    _load.cache_clear()


__all__ = ["PackageError", "ParameterMissing", "clear_cache", "parameter", "parameters", "value"]
