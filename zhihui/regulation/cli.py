"""`zhihui inspections …`: random inspection draws anyone can recompute (双随机、一公开).

`zhihui inspections draw` is the contract of `../shared/contracts/random-draws.md`; it never
starts Django, so anyone with this package and the published pools can rerun a draw.
"""

from __future__ import annotations

import argparse
import json
import sys


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number")
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} must not be negative")
    return value


def register(subparsers) -> None:
    p = subparsers.add_parser("inspections", help="双随机、一公开: verifiable random inspection draws")
    sub = p.add_subparsers(dest="inspections_command", metavar="SUBCOMMAND")
    draw = sub.add_parser(
        "draw",
        help="draw N entities (weighted) and K inspectors for each, recomputably from SEED",
        description="Weighted draw without replacement (Efraimidis–Spirakis) keyed by SHA-256 of the "
        "seed and the ids; the output names the pools' SHA-256 digests. Invalid pools exit 2.",
    )
    draw.add_argument("--seed", required=True, help="the public seed fixed in advance")
    draw.add_argument("--entities", required=True, type=_count, metavar="N", help="how many entities to draw")
    draw.add_argument("--inspectors", type=_count, default=2, metavar="K", help="inspectors per entity (default 2)")
    draw.add_argument("--entity-pool", required=True, metavar="FILE", help='JSON Lines {"id": …, "weight": …}')
    draw.add_argument("--inspector-pool", required=True, metavar="FILE", help='JSON Lines {"id": …, "conflicts": […]}')
    draw.set_defaults(func=cmd_draw, needs_django=False)


def _read(path: str, what: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise OSError(f"{what} {path}: {exc.strerror}")


def cmd_draw(args) -> int:
    from .draws import DrawError, run

    try:
        entity_pool = _read(args.entity_pool, "--entity-pool")
        inspector_pool = _read(args.inspector_pool, "--inspector-pool")
        result = run(args.seed, entity_pool, inspector_pool, args.entities, args.inspectors)
    except (DrawError, OSError) as exc:
        print(f"zhihui inspections draw: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    return 0
