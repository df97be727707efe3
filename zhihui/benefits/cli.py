"""`zhihui benefits sweep` and `zhihui benefits explain`, added to the `benefits` group that
zhihui/policy/cli.py creates (it calls `add_commands`). Cheap to import: no Django at top level.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys


def register(subparsers) -> None:
    # zhihui/cli.py calls register() of every domain's cli module (zhihui/domains.py). The `benefits` group belongs
    # to zhihui/policy/cli.py: we never create a second `benefits` parser, we add our commands to
    # that group through its documented extension point `benefits_group()` (which returns the
    # existing group, or creates it if this module happened to be registered first).
    try:
        from zhihui.policy.cli import benefits_group
    except ImportError:  # the engine is not installed: nothing to sweep with
        return None
    add_commands(benefits_group(subparsers))


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--as-of: {text!r} is not a date (YYYY-MM-DD)")


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return n


def add_commands(benefits_subparsers) -> None:
    s = benefits_subparsers.add_parser(
        "sweep", help="免申即享: screen the whole registry and store the offers (idempotent)"
    )
    s.add_argument(
        "--as-of", type=_date, default=None, help="date facts are judged at (default today)"
    )
    s.add_argument(
        "--chunk-size", type=_positive, default=50_000, help="persons per read/write chunk"
    )
    s.add_argument("--quiet", action="store_true", help="no progress bar")
    s.set_defaults(func=_sweep)

    e = benefits_subparsers.add_parser(
        "explain", help="explain a registry person's or organisation's benefits"
    )
    who = e.add_mutually_exclusive_group(required=True)
    who.add_argument("--person", type=_positive, help="registry person id")
    who.add_argument("--organisation", type=_positive, help="registry organisation id")
    e.add_argument("--as-of", type=_date, default=None)
    e.add_argument("--json", action="store_true", help="print the engine result as JSON")
    e.set_defaults(func=_explain)


def _sweep(args) -> int:
    from .actions import sweep

    as_of = args.as_of or dt.date.today()
    stats = sweep(
        "cli", as_of, progress=not args.quiet and sys.stderr.isatty(), chunk_size=args.chunk_size
    )
    print(
        f"免申即享筛查 {stats['as_of']} ({stats['package']}): {stats['persons']} 人, "
        f"{stats['organisations']} 单位, {stats['seconds']} s"
    )
    print(
        f"  新增 created {stats['created']}  更新 updated {stats['updated']}  重新推送 reoffered {stats['reoffered']}"
        f"  未变 unchanged {stats['unchanged']}  撤销 withdrawn {stats['withdrawn']}"
        f"  已申请 skipped (applied) {stats['skipped_applied']}"
    )
    for benefit, n in sorted(stats["by_benefit"].items()):
        print(f"  {benefit:<32}{n}")
    return 0


def _explain(args) -> int:
    from zhihui.core import audit
    from zhihui.registry.models import Organisation, Person

    from . import engine, profiles

    as_of = args.as_of or dt.date.today()
    if args.person:
        subject = Person.objects.filter(pk=args.person).first()
        if subject is None:
            print(f"--person: no person with id {args.person}", file=sys.stderr)
            return 2
        from .sweep import restricted_person_ids

        if subject.pk in restricted_person_ids():
            print(f"--person: person {subject.pk} has restricted the processing of their information "
                  "(PIPL art. 44): not screened", file=sys.stderr)
            return 3
        profile = profiles.person_profile(subject, as_of)
        audit.record(
            "cli", audit.Action.VIEW, subject, summary=f"命令行查看政策说明（{as_of.isoformat()}）"
        )
        title = f"{subject.name} ({subject.id_number_masked})"
    else:
        subject = Organisation.objects.filter(pk=args.organisation).first()
        if subject is None:
            print(f"--organisation: no organisation with id {args.organisation}", file=sys.stderr)
            return 2
        profile = profiles.organisation_profile(subject, as_of)
        title = subject.name
    result = engine.screen_one(profile, as_of)
    try:
        _print_explanation(args, title, as_of, profile, result)
    except BrokenPipeError:  # `… | head`: the reader left, not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _print_explanation(args, title: str, as_of: dt.date, profile: dict, result: dict) -> None:
    if args.json:
        print(json.dumps({"profile": profile, "result": result}, ensure_ascii=False, indent=2))
        return
    print(f"{title} — {as_of.isoformat()} — {result.get('package', '')}")
    for b in result["benefits"]:
        line = f"[{b['status']}] {b['benefit']} total {b['total']}"
        if b.get("payments"):
            line += "  " + ", ".join(f"{p['year']}: {p['amount']}" for p in b["payments"])
        print(line)
        for r in b.get("reasons", []):
            print(f"    - {r}")
        if b.get("missing"):
            print(f"    missing: {', '.join(b['missing'])}")
