"""Readable test cases of a policy package (the package's tests/*.yaml).

    - name: score exactly 70 is in the first band
      as_of: 2025-06-30
      include_extra: false          # optional
      profile: {id: s70, kind: person, scarce_talent: {quality: 70, ...}}
      expected:                     # per benefit, only the keys listed are compared
        scarce_talent_salary: {status: eligible, total: "60000.00"}
    - name: a bad date names the field
      as_of: 2025-06-30
      profile: {id: e1, kind: person, birth_date: "2023-02-30"}
      error: birth_date             # the error message must start with this field path

Dates may be written unquoted (YAML dates are turned back into "YYYY-MM-DD" strings).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from zhihui.policy.errors import PackageError


@dataclass
class Case:
    file: str
    name: str
    as_of: dt.date
    profile: dict
    expected: dict
    error: str | None
    include_extra: bool

    @property
    def id(self) -> str:
        return f"{self.file}::{self.name}"


def _jsonish(x):
    if isinstance(x, dt.date):
        return x.isoformat()
    if isinstance(x, dict):
        return {k: _jsonish(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_jsonish(v) for v in x]
    return x


def load_cases(pkg) -> list[Case]:
    cases = []
    root: Path = pkg.tests_dir
    if not root.is_dir():
        return cases
    for f in sorted(root.glob("*.yaml")):
        data = yaml.safe_load(f.read_text(encoding="utf-8")) or []
        if not isinstance(data, list):
            raise PackageError(f"{f}: expected a list of cases")
        for i, c in enumerate(data):
            if not isinstance(c, dict) or "profile" not in c or "as_of" not in c:
                raise PackageError(f"{f}: case {i + 1} needs `profile` and `as_of`")
            as_of = c["as_of"]
            if not isinstance(as_of, dt.date):
                as_of = dt.date.fromisoformat(str(as_of))
            cases.append(Case(f.name, str(c.get("name", f"case {i + 1}")), as_of,
                              _jsonish(c["profile"]), _jsonish(c.get("expected") or {}),
                              c.get("error"), bool(c.get("include_extra", False))))
    return cases


def check_case(pkg, case: Case) -> list[str]:
    """Differences between what the package gives and what the case expects ([] = pass)."""
    result = pkg.screen([case.profile], case.as_of, include_extra=case.include_extra)[0]
    return check_result(result, case)


def check_result(result: dict, case: Case) -> list[str]:
    """Differences between a result line (from the engine, the CLI or the API) and the case."""
    if case.error is not None:
        if "error" not in result:
            return [f"expected an error naming {case.error!r}, got a result"]
        if not result["error"].startswith(case.error + ":"):
            return [f"error should name {case.error!r}: {result['error']!r}"]
        return []
    if "error" in result:
        return [f"unexpected error: {result['error']}"]
    got = {b["benefit"]: b for b in result["benefits"]}
    problems = []
    for bid, exp in case.expected.items():
        if bid not in got:
            problems.append(f"{bid}: not in the result")
            continue
        for key, want in exp.items():
            have = got[bid].get(key, "<absent>")
            if have != want:
                problems.append(f"{bid}.{key}: expected {want!r}, got {have!r}")
    return problems
