"""`zhihui catalog load|check` (and, if the demo package provides it, `zhihui demo …`).

Cheap to import: Django models are imported inside the handlers.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from zhihui.optional import import_optional

CATALOGUE_CHOICES = ["divisions", "occupations", "industries", "education"]


def register(subparsers) -> None:
    cat = subparsers.add_parser("catalog", help="reference catalogues (divisions, occupations, industries, education levels)")
    cat_sub = cat.add_subparsers(dest="catalog_command", metavar="SUBCOMMAND")

    load = cat_sub.add_parser("load", help="load the shipped catalogues (idempotent: existing codes are kept)")
    load.add_argument("--only", choices=CATALOGUE_CHOICES, action="append", help="load only this catalogue (repeatable)")
    load.set_defaults(func=_load)

    check = cat_sub.add_parser("check", help="occupation counts per level against the official 8/79/449/1636")
    check.add_argument("--no-db", action="store_true", help="check the shipped tables only, without the database")
    check.set_defaults(func=_check)

    # `zhihui demo …` lives in zhihui.registry.demo, whose import pulls in polars (~0.14 s):
    # register a stand-in that builds the real parser only when `demo` is on the command line,
    # so that the other commands (e.g. `zhihui benefits screen`) do not pay for it.
    if (Path(__file__).with_name("demo") / "cli.py").exists():
        stub = subparsers.add_parser("demo", help="synthetic Jiyuan for demos and benchmarks",
                                     add_help=False)
        stub.__class__ = _LazyDemoParser


class _LazyDemoParser(argparse.ArgumentParser):
    """The `demo` sub-parser, filled in from zhihui.registry.demo.cli on first use."""

    def parse_known_args(self, args=None, namespace=None):
        demo_cli = import_optional("zhihui.registry.demo.cli")
        if demo_cli is None or not hasattr(demo_cli, "register_demo"):
            self.error("the demo package is not available")
        outer = argparse.ArgumentParser(prog=self.prog.rsplit(" ", 1)[0])
        sub = outer.add_subparsers()
        demo_cli.register_demo(sub)
        return sub.choices["demo"].parse_known_args(args, namespace)


def _load(args) -> int:
    from .catalogues import load_all

    load_all(verbose=True, only=args.only)
    return 0


def _check(args) -> int:
    from .catalogues import (
        OFFICIAL_OCCUPATION_COUNTS,
        check_report,
        db_occupation_counts,
        occupation_table,
    )

    report = occupation_table()
    db_counts = None if args.no_db else db_occupation_counts()
    for line in check_report(report, db_counts):
        print(line)
    gaps = {lvl: report.counts[lvl] - n for lvl, n in OFFICIAL_OCCUPATION_COUNTS.items() if report.counts[lvl] != n}
    if gaps:
        print("not equal to the official structure at levels " + ", ".join(f"{lvl} ({d:+d})" for lvl, d in gaps.items())
              + ": see docs/architecture.md (Catalogues) for what is known about the remaining gap")
    if db_counts is not None and any(db_counts.get(lvl, 0) != report.counts[lvl] for lvl in report.counts):
        print("the database differs from the shipped table: run `zhihui catalog load --only occupations`")
    return 0
