"""SHA-256 digests of everything the policy engine outputs, to prove a refactor changes nothing.

    python scripts/engine_digest.py [CHECKOUT] > after.txt     # default: this checkout
    git stash; python scripts/engine_digest.py > before.txt; git stash pop; diff before.txt after.txt

Covers `screen`/`screen_one` of every YAML case of the Jiyuan and demo-city packages (with and
without extras, singly and per date as one batch, and the CLI's JSON path), the contract's
examples, 3,000 sample profiles at three dates, and `screen_columns` + `render` +
`render_lines` of 20,000 synthetic persons and 5,000 organisations at three dates. Takes about
half a minute. Not a test: it prints digests to compare between two versions.
"""

import datetime as dt
import hashlib
import json
import sys
from pathlib import Path

root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[1]).resolve()
sys.path.insert(0, str(root))

import orjson  # noqa: E402

from zhihui.policies.jiyuan.samples import profiles as sample_profiles  # noqa: E402
from zhihui.policy import load_package  # noqa: E402
from zhihui.policy.testing import load_cases  # noqa: E402

EXAMPLES = root.parent / "shared" / "contracts" / "benefits-examples.jsonl"
parts: dict[str, "hashlib._Hash"] = {}


def add(name, obj):
    h = parts.setdefault(name, hashlib.sha256())
    h.update(obj if isinstance(obj, bytes) else orjson.dumps(obj, option=orjson.OPT_SORT_KEYS))


def main():
    for name in ["jiyuan", str(root / "tests" / "policy" / "fixtures" / "demo_city")]:
        pkg = load_package(name)
        cases = load_cases(pkg)
        for c in cases:
            for ex in (False, True):
                add("cases", pkg.screen([c.profile], c.as_of, include_extra=ex))
                try:
                    add("cases1", pkg.screen_one(c.profile, c.as_of, include_extra=ex))
                except Exception as e:  # noqa: BLE001 - the error text is part of the output
                    add("cases1", str(e))
        by_date: dict = {}
        for c in cases:
            by_date.setdefault(c.as_of, []).append(c.profile)
        for d, ps in sorted(by_date.items()):
            for ex in (False, True):
                add("casebatch", pkg.screen(ps, d, include_extra=ex))
                add("casejson", b"".join(pkg._screen_objects(ps, list(range(1, len(ps) + 1)), d,
                                                             ex, as_json=True)))
    pkg = load_package("jiyuan")
    if EXAMPLES.exists():
        for line in EXAMPLES.read_text(encoding="utf-8").splitlines():
            e = json.loads(line)
            add("contract", pkg.screen([e["profile"]],
                                       dt.date.fromisoformat(e.get("as_of", "2025-06-30"))))
    samples = sample_profiles(3000, seed=7)
    for d in [dt.date(2022, 3, 1), dt.date(2024, 12, 31), dt.date(2025, 6, 30)]:
        for ex in (False, True):
            add("samples", pkg.screen(samples, d, include_extra=ex))
            add("samplesjson", b"".join(pkg._screen_objects(
                samples, list(range(1, len(samples) + 1)), d, ex, as_json=True)))
        for kind, n, seed in (("person", 20000, 3), ("organization", 5000, 4)):
            batch = pkg.synthetic(n, kind, seed=seed)
            for ex in (False, True):
                cols = pkg.screen_columns(batch, d, include_extra=ex)
                for bid, bc in sorted(cols.items()):
                    add("columns", [bid, bc.status.tolist(), bc.total_fen.tolist(),
                                    bc.pay.row.tolist(), bc.pay.year.tolist(), bc.pay.fen.tolist(),
                                    bc.missing_rows.tolist(),
                                    [bc.missing_paths(int(i)) for i in bc.missing_rows[:2000]]])
                add("render", pkg.render(batch, cols, d)[:3000])
                add("lines", b"".join(pkg.render_lines(batch, cols, d)))
    for k, h in parts.items():
        print(k, h.hexdigest()[:16])


if __name__ == "__main__":
    main()
