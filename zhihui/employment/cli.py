"""`zhihui employment …` commands.

    zhihui employment households --as-of YYYY-MM-DD [--input FILE] [--output FILE]
    zhihui employment quota --year YYYY [--json]
    zhihui employment youth [--as-of YYYY-MM-DD]
    zhihui employment traineeship [--month YYYY-MM] [--json]
    zhihui employment workshops [--as-of YYYY-MM-DD] [--json]
    zhihui employment graduates [--year YYYY] [--json]

`households` is the contract's command (shared/contracts/households.md): it runs without
Django (needs_django=False). Cheap to import: nothing heavy at module level.
"""

from __future__ import annotations

import argparse
import sys


def _date(s: str):
    from zhihui.employment.households import parse_date

    try:
        return parse_date(s)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e))


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "employment", help="就业服务: working age, retirement dates, zero-employment households",
        description="Employment services (就业服务).")
    group = parser.add_subparsers(dest="employment_command", metavar="SUBCOMMAND")
    h = group.add_parser(
        "households",
        help="decide zero-employment households from JSON Lines (contract: households.md)",
        description="Read one household per line (JSON Lines), write one result per line, in "
                    "order. Bad lines give {\"id\", \"line\", \"error\"}; the exit status is 0 "
                    "when every line was processed.")
    h.add_argument("--as-of", required=True, type=_date, metavar="YYYY-MM-DD",
                   help="the date on which ages and statuses are judged")
    h.add_argument("--input", default="-", metavar="FILE", help="JSON Lines input (default: stdin)")
    h.add_argument("--output", default="-", metavar="FILE", help="JSON Lines output (default: stdout)")
    h.add_argument("--jobs", type=int, default=0, metavar="N",
                   help="processes for large inputs (default: the CPU count, at most 4)")
    h.set_defaults(func=cmd_households, needs_django=False)
    q = group.add_parser("quota", help="the register of quota employment of disabled persons (残疾人按比例就业) of a year",
                         description="Every employer's declaration of the year: staff, ratio, required, counted, "
                                     "shortfall, state; then the totals. Numbers only, no names.")
    q.add_argument("--year", required=True, type=int)
    q.add_argument("--json", action="store_true", help="one JSON object")
    q.set_defaults(func=cmd_quota)
    y = group.add_parser("youth", help="the youth employment screening (青年就业排查): counts on a day",
                         description="Young residents not working on the day (age band: the city package), "
                                     "never contacted, due for a contact, and by last result. Counts only.")
    y.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD", help="default: today")
    y.set_defaults(func=cmd_youth)
    t = group.add_parser("traineeship", help="traineeship bases (就业见习基地) and the subsidy claims of a month",
                         description="Every base with its state, posts, trainees and retention rate; with --month, "
                                     "the month's subsidy claims and the bases with trainee months still to claim. "
                                     "Numbers only, no names.")
    t.add_argument("--month", metavar="YYYY-MM", help="a month's claims")
    t.add_argument("--json", action="store_true", help="one JSON object")
    t.set_defaults(func=cmd_traineeship)
    w = group.add_parser("workshops", help="assistance workshops (就业帮扶车间) and their poverty-alleviated workers",
                         description="Every workshop with its operator, place, state, review date, workers and the "
                                     "poverty-alleviated or low-income among them (verified ledger) on the day.")
    w.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD", help="the day (default today)")
    w.add_argument("--json", action="store_true", help="one JSON object")
    w.set_defaults(func=cmd_workshops)
    g = group.add_parser("graduates", help="the graduate registry (高校毕业生名册): per college and graduation year",
                         description="Graduates, employed (incl. flexible), employed in Jiyuan (留济), further study, "
                                     "unplaced (离校未就业) and followed up, per college and year; then the totals. "
                                     "Counts only.")
    g.add_argument("--year", type=int, default=None, help="graduation year (default: all)")
    g.add_argument("--json", action="store_true", help="one JSON object")
    g.set_defaults(func=cmd_graduates)
    parser.set_defaults(func=None)


def cmd_households(args) -> int:
    import os

    from zhihui.employment.households import check_lines

    jobs = args.jobs if args.jobs > 0 else min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))

    try:
        if args.input == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(args.input, "rb") as fh:
                data = fh.read()
    except OSError as e:
        print(f"zhihui employment households: cannot read {args.input}: {e.strerror}", file=sys.stderr)
        return 2
    try:
        if args.output == "-":
            out = sys.stdout.buffer
            check_lines(data, args.as_of, out.write, jobs=jobs, out=out)
            out.flush()
        else:
            with open(args.output, "wb") as out:
                check_lines(data, args.as_of, out.write, jobs=jobs, out=out)
    except OSError as e:
        print(f"zhihui employment households: cannot write {args.output}: {e.strerror}", file=sys.stderr)
        return 2
    return 0


def cmd_quota(args) -> int:
    import json

    from zhihui.employment import selectors

    rows = list(selectors.quota_register(None, args.year))
    summary = selectors.quota_summary(rows)
    if args.json:
        print(json.dumps({"year": args.year, "summary": {k: str(v) for k, v in summary.items()},
                          "declarations": [{"uscc": d.organisation.uscc, "organisation": d.organisation.name,
                                            "staff_count": d.staff_count, "ratio_pct": str(d.ratio_pct),
                                            "required": str(d.required), "counted": d.counted,
                                            "shortfall": str(d.shortfall), "state": d.state} for d in rows]},
                         ensure_ascii=False))
        return 0
    print("uscc\torganisation\tstaff\tratio_pct\trequired\tcounted\tshortfall\tstate")
    for d in rows:
        print(f"{d.organisation.uscc}\t{d.organisation.name}\t{d.staff_count}\t{d.ratio_pct}\t{d.required}\t"
              f"{d.counted}\t{d.shortfall}\t{d.state}")
    print(f"# {args.year}: {summary['employers']} employers, {summary['verified']} verified, {summary['met']} meet the "
          f"ratio; required {summary['required']}, counted {summary['counted']}, shortfall {summary['shortfall']}")
    return 0


def cmd_youth(args) -> int:
    from zhihui.employment import actions, selectors

    on = args.as_of or actions.today()
    s = selectors.youth_summary(selectors.youth_screening(None, on), on)
    print(f"as of {on.isoformat()}: {s['total']} young residents not working; never contacted {s['never']}; "
          f"due for a contact {s['due']}")
    for k, v in sorted(s["by_result"].items()):
        print(f"  last result {k}: {v}")
    return 0


def cmd_traineeship(args) -> int:
    import json

    from zhihui.employment import selectors
    from zhihui.employment.actions import EmploymentInputError, parse_month

    month = None
    if args.month:
        try:
            month = parse_month(args.month, "month")
        except EmploymentInputError as e:
            print(f"zhihui employment traineeship: --month: {e.message}", file=sys.stderr)
            return 2
    bases = []
    for b in selectors.traineeship_bases(None):
        rate = selectors.retention_rate(b.retained, b.ended)
        bases.append({"uscc": b.organisation.uscc, "organisation": b.organisation.name, "state": b.state,
                      "posts": b.posts_n, "places": b.places or 0, "trainees": b.trainees_n, "running": b.running,
                      "ended": b.ended, "retained": b.retained,
                      "retention_rate_pct": None if rate is None else str(rate)})
    claims = pending = []
    if month is not None:
        claims = [{"organisation": c.base.organisation.name, "trainee_months": c.trainee_months, "rate": str(c.rate),
                   "amount": str(c.amount), "state": c.state, "payment": c.payment.number if c.payment_id else None}
                  for c in selectors.traineeship_claims(None, month)]
        pending = [{"organisation": r["name"], "trainee_months": r["n"]} for r in selectors.pending_claims(None, month)]
    if args.json:
        out = {"bases": bases}
        if month is not None:
            out.update({"month": f"{month:%Y-%m}", "claims": claims, "to_claim": pending})
        print(json.dumps(out, ensure_ascii=False))
        return 0
    print("uscc\torganisation\tstate\tposts\tplaces\ttrainees\trunning\tended\tretained\tretention_rate_pct")
    for b in bases:
        print("\t".join(str("" if b[k] is None else b[k]) for k in ("uscc", "organisation", "state", "posts", "places",
                                                                    "trainees", "running", "ended", "retained",
                                                                    "retention_rate_pct")))
    if month is not None:
        print(f"# claims {month:%Y-%m}")
        for c in claims:
            print(f"{c['organisation']}\t{c['trainee_months']}\t{c['rate']}\t{c['amount']}\t{c['state']}\t{c['payment'] or ''}")
        for r in pending:
            print(f"{r['organisation']}\t{r['trainee_months']}\tnot yet computed")
    return 0


def cmd_workshops(args) -> int:
    import json

    from zhihui.employment import actions, selectors

    day = args.as_of or actions.today()
    rows = list(selectors.workshops(None, on=day))
    summary = selectors.workshop_summary(rows)
    out = [{"name": w.name, "operator": w.operator.name, "division": w.division.name, "state": w.state,
            "review_due": w.review_due and w.review_due.isoformat(), "workers": w.workers_n,
            "assisted": w.assisted_n} for w in rows]
    if args.json:
        print(json.dumps({"as_of": day.isoformat(), "summary": summary, "workshops": out}, ensure_ascii=False))
        return 0
    print("name\toperator\tdivision\tstate\treview_due\tworkers\tassisted")
    for w in out:
        print(f"{w['name']}\t{w['operator']}\t{w['division']}\t{w['state']}\t{w['review_due'] or ''}\t"
              f"{w['workers']}\t{w['assisted']}")
    print(f"# {day}: {summary['workshops']} workshops ({summary['recognised']} recognised), {summary['workers']} "
          f"workers, {summary['assisted']} poverty-alleviated or low-income (verified ledger)")
GRADUATE_KEYS = ("total", "employed", "local", "further", "unplaced", "followed")


def cmd_graduates(args) -> int:
    import json

    from zhihui.employment import selectors

    if args.year is not None and not 2000 <= args.year <= 2100:
        print("zhihui employment graduates: --year must be between 2000 and 2100", file=sys.stderr)
        return 2
    stats = selectors.graduate_statistics(None, args.year)
    rows = [{"college_code": r["college__code"], "college": r["college__name"], "year": r["y"],
             **{k: r[k] for k in GRADUATE_KEYS}} for r in stats["rows"]]
    if args.json:
        print(json.dumps({"year": args.year, "rows": rows, "totals": stats["totals"]}, ensure_ascii=False))
        return 0
    print("college_code\tcollege\tyear\t" + "\t".join(GRADUATE_KEYS))
    for r in rows:
        print("\t".join(str(r[k]) for k in ("college_code", "college", "year", *GRADUATE_KEYS)))
    t = stats["totals"]
    print(f"# {t['total']} graduates, {t['employed']} employed ({t['local']} in Jiyuan), {t['unplaced']} unplaced, "
          f"{t['followed']} of them followed up")
    return 0
