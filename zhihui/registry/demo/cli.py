"""`zhihui demo generate|summary` (registered by zhihui/registry/cli.py through `register_demo`)."""

from __future__ import annotations

import argparse
import datetime as dt


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--residents: not a whole number: {value!r}")
    if n < 50:
        raise argparse.ArgumentTypeError("--residents: at least 50")
    return n


def register_demo(subparsers) -> None:
    demo = subparsers.add_parser("demo", help="synthetic Jiyuan for demos and benchmarks")
    sub = demo.add_subparsers(dest="demo_command", metavar="SUBCOMMAND")

    gen = sub.add_parser("generate", help="generate the demo city and load it (reuses an existing one)")
    gen.add_argument("--residents", type=_positive, default=20_000, help="number of residents (730000 = the whole city)")
    gen.add_argument("--seed", type=int, default=2021, help="random seed (same seed, same city)")
    gen.add_argument("--force", action="store_true", help="replace an existing demo city")
    gen.add_argument("--no-progress", action="store_true", help="no progress bars")
    gen.set_defaults(func=_generate)

    summ = sub.add_parser("summary", help="generate without a database and print the calibrated counts")
    summ.add_argument("--residents", type=_positive, default=730_000)
    summ.add_argument("--seed", type=int, default=2021)
    summ.add_argument("--as-of", type=dt.date.fromisoformat, default=None, help="reference date (default 2020-12-31)")
    summ.set_defaults(func=_summary, needs_django=False)


def _generate(args) -> int:
    import sys

    from .loader import DemoCityInUse, ensure_demo_city

    try:
        ensure_demo_city(residents=args.residents, seed=args.seed, force=args.force, progress=not args.no_progress)
    except (DemoCityInUse, RuntimeError) as exc:
        print(f"zhihui demo generate: {exc}", file=sys.stderr)
        return 1
    return 0


def _summary(args) -> int:
    from . import BASELINE_2020, REFERENCE_DATE, generate_city

    city = generate_city(args.residents, args.seed, as_of=args.as_of or REFERENCE_DATE)
    got = city.summary()
    print(f"{'indicator':<26}{'generated':>12}{'2020 baseline x N/730000':>28}")
    for key, value in got.items():
        base = BASELINE_2020.get(key)
        want = f"{base * args.residents / BASELINE_2020['residents']:.1f}" if base else "-"
        print(f"{key:<26}{value:>12}{want:>28}")
    if city.history_until:
        from .calibration import TARGETS_2025

        end = city.stock(city.history_until)
        print(f"\n{'on ' + city.history_until.isoformat():<26}{'generated':>12}{'2025 target x N/730000':>28}")
        for key, value in end.items():
            want = TARGETS_2025.get(key)
            shown = f"{want * args.residents / BASELINE_2020['residents']:.1f}" if want else "-"
            print(f"{key:<26}{value:>12}{shown:>28}")
    for name, table in city.tables().items():
        print(f"table {name:<20}{table.height:>10} rows")
    print(f"generated in {city.timings['total']:.2f} s")
    return 0
