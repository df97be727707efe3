"""`zhihui plan …`: the indicator registry, loading, computing, importing and reports."""

from __future__ import annotations

import json
import sys


def register(subparsers) -> None:
    plan = subparsers.add_parser(
        "plan", help="规划指标: registry, monitoring and evaluation reports"
    )
    sub = plan.add_subparsers(dest="plan_command", metavar="SUBCOMMAND")

    p = sub.add_parser("indicators", help="print the indicator registry and its conflicts")
    p.add_argument("--format", choices=["json", "table"], default="table")
    p.set_defaults(func=cmd_indicators, needs_django=False)

    p = sub.add_parser("load", help="load data/indicators.yaml into the database")
    p.set_defaults(func=cmd_load)

    p = sub.add_parser(
        "compute", help="compute the registry-derived indicators for a year and store them"
    )
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--dry-run", action="store_true", help="print, do not store")
    p.set_defaults(func=cmd_compute)

    p = sub.add_parser("import", help="import an actual-values workbook (all rows or none)")
    p.add_argument("file")
    p.add_argument("--year", type=int)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("template", help="write the actual-values template for a year")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_template)

    p = sub.add_parser(
        "report", help="write the annual / mid-term / final evaluation (PDF + Excel)"
    )
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--kind", choices=["annual", "midterm", "final"], default="annual")
    p.add_argument("--out", default=".", help="directory for the PDF and the workbook")
    p.set_defaults(func=cmd_report)

    plan.set_defaults(func=None)


def cmd_indicators(args) -> int:
    from zhihui.plan import indicators as reg

    data = reg.registry_json()
    if args.format == "json":
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    registry = reg.load()
    print(f"{'编号':<9} {'指标':<30} {'单位':<8} {'2020':>8} {'目标':>10}  属性  出处")
    for ind in registry.indicators:
        flag = " !" if registry.conflicts_of(ind["id"]) else ""
        print(
            f"{str(ind['no']):<9} {ind['name'][:30]:<30} {ind['unit']:<8} "
            f"{reg.describe_baseline(ind):>8} {reg.describe_target(ind):>10}  "
            f"{reg.ATTRIBUTE_ZH[ind['attribute']]}  {reg._sources(ind)}{flag}"
        )
    print(f"\n{len(registry.indicators)} indicators; {len(registry.conflicts)} conflicts (!):")
    for c in registry.conflicts:
        values = ", ".join(
            f"{s['value'] if s['value'] is not None else '?'} ({s['source']})"
            for s in c["statements"]
        )
        print(f"  {c['id']:<5} {c['kind']:<13} {','.join(c['indicators'])}: {values}")
    return 0


def cmd_load(args) -> int:
    from zhihui.plan.actions import load_registry

    result = load_registry(None)
    print(f"indicators: {result['created']} created, {result['updated']} updated")
    return 0


def cmd_compute(args) -> int:
    import time

    from zhihui.plan.actions import load_registry, store_computed
    from zhihui.plan.compute import compute_year
    from zhihui.plan.models import Indicator

    t0 = time.perf_counter()
    values = compute_year(args.year)
    elapsed = time.perf_counter() - t0
    for code, value in values.items():
        print(f"{code:<9} {value if value is not None else '—'}")
    print(f"computed in {elapsed:.2f} s")
    if not args.dry_run:
        if not Indicator.objects.exists():
            load_registry(None)
        n = store_computed(None, args.year, values)
        print(f"stored {n} values for {args.year}")
    return 0


def cmd_import(args) -> int:
    from zhihui.plan.actions import PlanInputError, import_actuals

    try:
        with open(args.file, "rb") as fh:
            content = fh.read()
    except OSError as exc:
        print(f"file: {exc}", file=sys.stderr)
        return 2
    try:
        batch = import_actuals(None, content, args.file, args.year)
    except PlanInputError as exc:
        for e in exc.errors:
            print(e, file=sys.stderr)
        print("nothing imported", file=sys.stderr)
        return 1
    print(f"imported {batch.rows} values for {batch.year} (batch {batch.pk})")
    return 0


def cmd_template(args) -> int:
    from zhihui.plan.xlsx import template

    with open(args.out, "wb") as fh:
        fh.write(template(args.year))
    print(args.out)
    return 0


def cmd_report(args) -> int:
    from zhihui.plan.reports import write_report

    paths = write_report(args.year, args.kind, args.out)
    for p in paths:
        print(p)
    return 0
