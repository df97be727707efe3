"""A copy of the city's policy package with dated parameter lines added, as a policy officer
would write them: to test that every page, explanation and formula follows the parameter in
force on the date shown, and restates nothing."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import yaml

from zhihui.policy.package import POLICIES_DIR


def dated_package(tmp_path: Path, changes: dict[str, tuple[dt.date, object]], name: str = "jiyuan") -> Path:
    """Copy package `name` under tmp_path and add, for each parameter id, a value in force from
    the given date (the previous period ends the day before). Returns the copy's directory."""
    dst = tmp_path / f"{name}_dated"
    shutil.copytree(POLICIES_DIR / name, dst, ignore=shutil.ignore_patterns("__pycache__", "tests"))
    path = dst / "parameters.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for pid, (since, value) in changes.items():
        values = data[pid]["values"]
        last = values[-1]
        last["valid_to"] = since - dt.timedelta(days=1)
        values.append({"valid_from": since, "value": value})
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dst


def use_package(settings, path: Path) -> None:
    """Point the running Django at a package directory (settings fixture) and drop the caches."""
    from zhihui.benefits import engine as benefits_engine
    from zhihui.window import decisions as window_engine

    settings.ZHIHUI_POLICY_PACKAGE = str(path)
    window_engine.package.cache_clear()
    benefits_engine.package.cache_clear()
