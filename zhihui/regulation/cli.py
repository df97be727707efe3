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


def _date(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)")


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

    reg = subparsers.add_parser("regulation", help="HR service agencies: credit evaluation, dishonesty lists")
    reg_sub = reg.add_subparsers(dest="regulation_command", metavar="SUBCOMMAND")
    credit = reg_sub.add_parser("credit", help="print an HR agency's credit evaluation, item by item")
    credit.add_argument("uscc", metavar="USCC", help="the agency's unified social credit code")
    credit.add_argument("--on", type=_date, default=None, help="evaluation date (default today)")
    credit.set_defaults(func=cmd_credit)
    expire = reg_sub.add_parser("expire-lists", help="move entries whose listing period ended off their list (daily job)")
    expire.add_argument("--today", type=_date, default=None, help="the day to run for (default today)")
    expire.set_defaults(func=cmd_expire)
    lapse = reg_sub.add_parser("collective-lapse",
                               help="collective contracts whose review period ended with no objection take effect (daily job)")
    lapse.add_argument("--today", type=_date, default=None, help="the day to run for (default today)")
    lapse.set_defaults(func=cmd_lapse)
    alerts = reg_sub.add_parser("dispatch-alerts", help="user firms over the dispatched-worker cap, or using an unlicensed dispatcher")
    alerts.add_argument("--on", type=_date, default=None, help="the day (default today): each firm's latest report on or before it")
    alerts.set_defaults(func=cmd_dispatch_alerts)


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


def cmd_credit(args) -> int:
    from django.utils import timezone

    from zhihui.registry.models import Organisation

    from .credit import evaluate

    org = Organisation.objects.filter(uscc=args.uscc.strip().upper()).first()
    if org is None:
        print(f"zhihui regulation credit: no organisation with credit code {args.uscc}", file=sys.stderr)
        return 2
    result = evaluate(org, args.on or timezone.localdate())
    print(f"{org.name} {org.uscc}: {result.score} 分, {result.grade} 级")
    for item in result.items:
        print(f"  {item.points:+d}\t{item.label}\t{item.detail}\t[{item.reference}]")
    return 0


def cmd_expire(args) -> int:
    from .actions import expire_lists

    n = expire_lists("cli", today=args.today)
    print(f"{n} list entr{'y' if n == 1 else 'ies'} expired")
    return 0


def cmd_lapse(args) -> int:
    from .actions import lapse_collective_contracts

    n = lapse_collective_contracts("cli", today=args.today)
    print(f"{n} collective contract{'' if n == 1 else 's'} took effect")
    return 0


def cmd_dispatch_alerts(args) -> int:
    from django.utils import timezone

    from .selectors import dispatch_alerts

    alerts = dispatch_alerts(args.on or timezone.localdate())
    for a in alerts:
        r = a.report
        print(f"{r.organisation.uscc}\t{r.organisation.name}\t{r.as_of}\t{r.dispatched_workers}/{r.total}\t"
              f"{a.share:.2%}\tover by {a.over_by}\t{'; '.join(a.reasons)}")
    print(f"{len(alerts)} alert{'' if len(alerts) == 1 else 's'}")
    return 0
