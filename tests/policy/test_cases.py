"""Runs every readable test case of the policy packages (zhihui/policies/*/tests/*.yaml and the
demo package in tests/policy/fixtures)."""

from pathlib import Path

import pytest

from zhihui.policy import load_package
from zhihui.policy.testing import Case, check_case, load_cases

DEMO = Path(__file__).parent / "fixtures" / "demo_city"
PACKAGES = [load_package("jiyuan"), load_package(DEMO)]
CASES = [(pkg, case) for pkg in PACKAGES for case in load_cases(pkg)]


@pytest.mark.parametrize("pkg,case", CASES, ids=[f"{p.name}/{c.id}" for p, c in CASES])
def test_case(pkg, case):
    assert check_case(pkg, case) == []


def test_the_jiyuan_cases_cover_every_contract_example_and_the_boundaries():
    cases = load_cases(load_package("jiyuan"))
    files = {c.file for c in cases}
    assert {"contract_examples.yaml", "graduate_living.yaml", "person_benefits.yaml",
            "organization_benefits.yaml", "extras.yaml", "errors.yaml"} <= files
    examples = Path("/work/shared/contracts/benefits-examples.jsonl")
    if examples.exists():
        n = sum(1 for line in examples.read_text().splitlines() if line.strip())
        assert sum(c.file == "contract_examples.yaml" for c in cases) == n


def test_a_wrong_expectation_is_reported():
    pkg = load_package("jiyuan")
    case = Case("x.yaml", "wrong", load_cases(pkg)[0].as_of,
                {"id": "p", "kind": "person", "selections": []},
                {"wangwu_professional": {"status": "eligible", "total": "1.00"}}, None, False)
    problems = check_case(pkg, case)
    assert "wangwu_professional.status: expected 'eligible', got 'ineligible'" in problems
    assert len(problems) == 2
