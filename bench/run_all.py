#!/usr/bin/env python
"""Run every benchmark in bench/ in its quick form (`make bench`). Full runs: see each script."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failures = 0
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"\n=== {script.name} --quick ===", flush=True)
        result = subprocess.run([sys.executable, str(script), "--quick"], cwd=HERE.parent)
        failures += result.returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
