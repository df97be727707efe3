"""docs/plan-coverage.md must have a row for every item of the plan's catalogue."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REQUIREMENTS = ROOT.parent / "shared" / "plan" / "REQUIREMENTS.md"


@pytest.mark.skipif(not REQUIREMENTS.exists(), reason="../shared/plan is not beside the project")
def test_every_catalogue_item_has_a_coverage_row():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "plan_coverage.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
