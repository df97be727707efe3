"""`zhihui postings …` (the screen, contract shared/contracts/postings-screen.md) and
`zhihui market …` (demo data, expiry).

`zhihui postings screen` and `zhihui postings evaluate` never start Django: the screen is pure
Python over the rules file, so a campus job board or a supervised private platform can run it
offline.
"""

from __future__ import annotations

import sys


def register(subparsers) -> None:
    p = subparsers.add_parser("postings", help="招聘信息筛查: screen job postings for discriminatory or unlawful requirements")
    sub = p.add_subparsers(dest="postings_command", metavar="SUBCOMMAND")

    screen = sub.add_parser("screen", help="screen postings (JSON Lines in, JSON Lines out, in input order)")
    screen.add_argument("--input", metavar="FILE", help="JSON Lines of postings (default: standard input)")
    screen.add_argument("--output", metavar="FILE", help="where to write the results (default: standard output)")
    screen.set_defaults(func=_screen, needs_django=False)

    ev = sub.add_parser("evaluate", help="recall and precision per category on a labelled set")
    ev.add_argument("file", metavar="FILE", help="labelled JSON Lines (each posting with `expected` categories)")
    ev.add_argument("--split", help="only postings of this split (e.g. heldout)")
    ev.add_argument("--show", action="store_true", help="list the misses and false flags")
    ev.set_defaults(func=_evaluate, needs_django=False)

    rules = sub.add_parser("rules", help="print the rules file's categories, laws and rule counts")
    rules.set_defaults(func=_rules, needs_django=False)

    m = subparsers.add_parser("market", help="人力资源市场: postings, job seekers, fairs, gig market")
    msub = m.add_subparsers(dest="market_command", metavar="SUBCOMMAND")
    expire = msub.add_parser("expire", help="mark published postings past their validity as expired (nightly)")
    expire.set_defaults(func=_expire)
    demo = msub.add_parser("demo", help="load the demo city's postings and job seekers (idempotent)")
    demo.set_defaults(func=_demo)
    st = msub.add_parser("stations", help="零工驿站: list the gig stations, or register one")
    st_sub = st.add_subparsers(dest="stations_command", metavar="ACTION")
    st_list = st_sub.add_parser("list", help="the stations (tab-separated: id, name, town, address, lon, lat, hours, services, open gigs)")
    st_list.add_argument("--all", action="store_true", help="include stations switched off")
    st_list.set_defaults(func=_stations_list)
    st_add = st_sub.add_parser("add", help="register a station (audited as the command line)")
    for name, helptext in [("--name", "驿站名称"), ("--town", "街道/镇 division code, e.g. 419001100"),
                           ("--address", "地址"), ("--lon", "经度"), ("--lat", "纬度"), ("--hours", "开放时间")]:
        st_add.add_argument(name, required=True, help=helptext)
    st_add.add_argument("--services", required=True, help="comma-separated: posting,matching,registration,policy,training,rights,rest")
    st_add.add_argument("--phone", default="")
    st_add.set_defaults(func=_stations_add)


def _screen(args) -> int:
    from .screen import RulesError, default_screen, screen_lines

    try:
        screen = default_screen()
    except (OSError, RulesError) as exc:
        print(f"rules: {exc}", file=sys.stderr)
        return 2
    try:
        src = open(args.input, "rb") if args.input else sys.stdin.buffer
    except OSError as exc:
        print(f"--input: {exc}", file=sys.stderr)
        return 2
    try:
        dst = open(args.output, "wb") if args.output else sys.stdout.buffer
    except OSError as exc:
        print(f"--output: {exc}", file=sys.stderr)
        return 2
    try:
        import orjson

        def dumps(obj) -> bytes:
            return orjson.dumps(obj)
    except ImportError:  # pragma: no cover
        import json

        def dumps(obj) -> bytes:
            return json.dumps(obj, ensure_ascii=False).encode("utf-8")

    try:
        for result in screen_lines(src, screen):
            dst.write(dumps(result) + b"\n")
    finally:
        if args.input:
            src.close()
        if args.output:
            dst.close()
        else:
            dst.flush()
    return 0


def _evaluate(args) -> int:
    from .evaluate import as_markdown, evaluate, read_labelled

    try:
        postings = read_labelled(args.file, args.split)
    except (OSError, ValueError) as exc:
        print(f"{args.file}: {exc}", file=sys.stderr)
        return 2
    result = evaluate(postings)
    print(as_markdown(result))
    if args.show:
        for pid, cat in result["misses"]:
            print(f"missed  {pid}  {cat}")
        for pid, cat, phrases in result["false_alarms"]:
            print(f"false   {pid}  {cat}  {'、'.join(phrases)}")
    return 0


def _rules(args) -> int:
    from .screen import default_screen

    s = default_screen()
    print(f"rules version {s.version}: {len(s.rules)} rules, {sum(len(r.patterns) for r in s.rules)} patterns")
    for r in s.rules:
        print(f"  {r.id:16} {r.category:22} {r.verdict:9} {len(r.patterns):3} patterns  {r.basis}")
    return 0


def _expire(args) -> int:
    from . import actions

    n = actions.expire_due_postings(None)
    print(f"{n} postings expired")
    return 0


def _demo(args) -> int:
    from . import demo

    print(demo.load_demo())
    return 0


def _stations_list(args) -> int:
    from . import selectors

    for s in selectors.stations(include_inactive=args.all):
        print("\t".join(str(x) for x in (s.pk, s.name, s.town_name, s.address, s.lon, s.lat, s.hours,
                                          ",".join(s.services), s.open_gigs) + (() if s.active else ("停用",))))
    return 0


def _stations_add(args) -> int:
    from .actions import MarketError, add_station

    try:
        s = add_station("命令行", {"name": args.name, "town_code": args.town, "address": args.address, "lon": args.lon,
                                  "lat": args.lat, "hours": args.hours, "services": args.services, "phone": args.phone})
    except MarketError as exc:
        print(f"--{ {'town_code': 'town'}.get(exc.field, exc.field)}: {exc.message}", file=sys.stderr)
        return 2
    print(f"{s.pk}\t{s.name}\t{s.town_name}")
    return 0
