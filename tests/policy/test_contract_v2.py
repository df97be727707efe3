"""Contract version 2 end to end: the worked examples of shared/contracts/benefits-examples.jsonl
and the package's version-2 boundary cases, answered by the CLI (`zhihui benefits screen`, a
real process reading and writing JSON Lines files) and by POST /api/v1/benefits/screen."""

import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from zhihui.policy import load_package
from zhihui.policy.testing import Case, check_result, load_cases

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = Path("/work/shared/contracts/benefits-examples.jsonl")
V2_FILES = {"contract_v2.yaml", "graduate_living.yaml", "contract_examples.yaml"}


def _example_cases() -> list[Case]:
    import datetime as dt

    out = []
    for i, line in enumerate(EXAMPLES.read_text().splitlines()):
        if line.strip():
            ex = json.loads(line)
            out.append(Case(EXAMPLES.name, f"line {i + 1}", dt.date.fromisoformat(ex["as_of"]),
                            ex["profile"], ex["expected"], None, False))
    return out


def _cases() -> list[Case]:
    pkg = load_package("jiyuan")
    cases = [c for c in load_cases(pkg)
             if c.file in V2_FILES and not c.include_extra and c.error is None]
    if EXAMPLES.exists():
        cases = _example_cases() + cases
    return cases


CASES = _cases()


def _contract_ids(kind: str) -> list[str]:
    pkg = load_package("jiyuan")
    return sorted(b.id for b in pkg.benefits if b.contract and b.kind == kind)


def _check_shape(result: dict, case: Case) -> list[str]:
    got = [b["benefit"] for b in result["benefits"]]
    want = _contract_ids(case.profile["kind"])
    return [] if got == want else [f"benefits listed {got}, expected {want}"]


def test_the_cli_answers_every_example_and_v2_case(tmp_path):
    assert len(CASES) > 60
    by_date = defaultdict(list)
    for c in CASES:
        by_date[c.as_of].append(c)
    for as_of, cases in by_date.items():
        src, dst = tmp_path / f"in-{as_of}.jsonl", tmp_path / f"out-{as_of}.jsonl"
        src.write_text("".join(json.dumps(c.profile, ensure_ascii=False, default=str) + "\n"
                               for c in cases))
        run = subprocess.run(
            [sys.executable, "-m", "zhihui.cli", "benefits", "screen", "--as-of", as_of.isoformat(),
             "--input", str(src), "--output", str(dst)],
            cwd=ROOT, capture_output=True, text=True, timeout=300,
        )
        assert run.returncode == 0, run.stderr
        lines = dst.read_text().splitlines()
        assert len(lines) == len(cases)
        problems = []
        for case, line in zip(cases, lines, strict=True):
            result = json.loads(line)
            assert result["id"] == case.profile["id"]
            for p in check_result(result, case) + _check_shape(result, case):
                problems.append(f"{case.file}::{case.name}: {p}")
        assert problems == []


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=[f"{c.file}:{c.name}" for c in CASES])
def test_the_api_answers_every_example_and_v2_case(client, case):
    r = client.post(f"/api/v1/benefits/screen?as_of={case.as_of.isoformat()}",
                    data=json.dumps(case.profile, default=str), content_type="application/json")
    assert r.status_code == 200
    result = r.json()
    assert check_result(result, case) + _check_shape(result, case) == []


def test_a_wrong_line_of_the_examples_would_be_caught():
    """The comparison is not vacuous: the youth station example judged as version 1 would be."""
    case = next(c for c in CASES if c.profile["id"] == "ex-phd")
    result = load_package("jiyuan").screen([case.profile], case.as_of)[0]
    for b in result["benefits"]:
        if b["benefit"] == "youth_talent_station":
            b["status"] = "undetermined"
    assert check_result(result, case) == [
        "youth_talent_station.status: expected 'eligible', got 'undetermined'"]
