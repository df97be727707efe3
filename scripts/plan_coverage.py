#!/usr/bin/env python3
"""Build or refresh docs/plan-coverage.md from ../shared/plan/REQUIREMENTS.md.

One row per catalogue item (id, area, line references, summary, status, where). Re-running it
keeps the status and where columns already written for each id, so every issue fills in its
own rows and new catalogue items appear with status "not yet".

    python scripts/plan_coverage.py [--requirements PATH] [--check]

--check exits 1 when an item of the catalogue has no row (used by the tests).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REQUIREMENTS = ROOT.parent / "shared" / "plan" / "REQUIREMENTS.md"
COVERAGE = ROOT / "docs" / "plan-coverage.md"

ITEM_RE = re.compile(r"^- \*\*([A-Z0-9]+(?:-[A-Z0-9]+)*)\*\*\s*(.*)$")
TAG_RE = re.compile(r"\{([A-Z]{2,3})(?::\s*([^}]*))?\}")
LINES_RE = re.compile(r"\bL\d+(?:[–-]L?\d+)?")

AREA_NAMES = {
    "FND": "Foundation / registry", "POL": "Policy engine", "WIN": "One window",
    "IND": "Plan indicators", "EMP": "Employment services", "HRM": "HR market",
    "SKL": "Skills", "REG": "Regulation & labour rights", "ENT": "Entrepreneurship",
    "TAL": "Talent services", "INN": "Innovation platforms", "QA": "Policy Q&A / online service",
    "OTH": "Other",
}

HEADER = """# Plan coverage

What of Jiyuan's plan (catalogued in `../shared/plan/REQUIREMENTS.md`) the platform does. One
row per catalogue item. **Status**: `built` (works end to end: pages, API or CLI, tests),
`partial` (what is missing is said), `data` (held as configurable data or a parameter, no
service around it yet), `not yet` (with the area that will build it). **Where**: the code.

Regenerate the rows after the catalogue changes with `python scripts/plan_coverage.py`; it keeps
the status and where already written.

| id | area | lines | item | status | where / why not yet |
|---|---|---|---|---|---|
"""


def parse_items(text: str) -> list[dict]:
    items: list[dict] = []
    current = None
    for line in text.splitlines():
        m = ITEM_RE.match(line)
        if m:
            current = {"id": m.group(1), "text": m.group(2)}
            items.append(current)
        elif current is not None and line.startswith("  ") and line.strip():
            current["text"] += " " + line.strip()
        else:
            current = None if not line.strip() or line.startswith("#") or line.startswith("|") else current
    out = []
    seen = set()
    for item in items:
        tags = TAG_RE.findall(item["text"])
        if not tags or item["id"] in seen:
            continue
        seen.add(item["id"])
        body = TAG_RE.sub("", item["text"]).strip()
        lines = ", ".join(dict.fromkeys(LINES_RE.findall(body))) or ""
        summary = body.split(". ")[0].replace("|", "/").strip().rstrip(".")
        if len(summary) > 110:
            summary = summary[:107].rstrip() + "…"
        area, note = tags[-1]
        out.append({"id": item["id"], "area": area, "note": note.strip(), "lines": lines, "summary": summary})
    return out


def existing_rows(path: Path) -> dict[str, tuple[str, str]]:
    rows = {}
    if not path.exists():
        return rows
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0] not in ("id", "---"):
            rows[cells[0]] = (cells[4], cells[5])
    return rows


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requirements", type=Path, default=DEFAULT_REQUIREMENTS)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    items = parse_items(args.requirements.read_text(encoding="utf-8"))
    kept = existing_rows(COVERAGE)
    if args.check:
        missing = [i["id"] for i in items if i["id"] not in kept]
        if missing:
            print("no row in docs/plan-coverage.md for: " + ", ".join(missing))
            return 1
        print(f"{len(items)} catalogue items, all with a row")
        return 0
    rows = []
    for item in items:
        if item["area"] == "OTH":
            default = ("out of scope", f"outside the bureau's platform: {item['note']}")
        else:
            default = ("not yet", f"planned: {AREA_NAMES.get(item['area'], item['area'])} issue")
        status, where = kept.get(item["id"], default)
        rows.append(f"| {item['id']} | {item['area']} | {item['lines']} | {item['summary']} | {status} | {where} |")
    COVERAGE.parent.mkdir(exist_ok=True)
    COVERAGE.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"wrote {COVERAGE.relative_to(ROOT)}: {len(rows)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
