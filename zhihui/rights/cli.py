"""`zhihui rights …`: overdue and due-soon labour-rights cases, and the Table 1 indicators."""

from __future__ import annotations

import sys


def register(subparsers) -> None:
    p = subparsers.add_parser("rights", help="labour-rights cases: deadlines and indicators")
    sub = p.add_subparsers(dest="rights_command", metavar="SUBCOMMAND")
    late = sub.add_parser("overdue", help="list cases past their statutory time limit (or --due-soon)")
    late.add_argument("--due-soon", action="store_true", help="due within the next working days instead")
    late.set_defaults(func=cmd_overdue)
    k = sub.add_parser("kpis", help="mediation success, arbitration and inspection closure rates of a year")
    k.add_argument("--year", type=int, required=True)
    k.set_defaults(func=cmd_kpis)


def cmd_overdue(args) -> int:
    from django.utils import timezone

    from zhihui.core.params import value
    from zhihui.window.workdays import add_working_days

    from . import selectors
    from .models import Case

    today = timezone.localdate()
    qs = Case.objects.select_related("respondent", "handler")
    if args.due_soon:
        until = add_working_days(today, int(value("rights", "due_soon.working_days", today)))
        qs = selectors.due_soon(qs, today, until)
    else:
        qs = selectors.overdue(qs, today)
    n = 0
    for case in qs.order_by("accept_due"):
        due = selectors.deadline_of(case)
        print(f"{case.number}\t{case.get_kind_display()}\t{case.get_status_display()}\t{due}\t"
              f"{case.handler or '—'}\t{case.respondent.name}")
        n += 1
    print(f"{n} case(s)", file=sys.stderr)
    return 0


def cmd_kpis(args) -> int:
    from .selectors import kpis

    names = {"T1-24": "劳动人事争议调解成功率", "T1-25": "劳动人事争议仲裁结案率", "T1-26": "劳动保障监察举报投诉案件结案率"}
    for code, row in kpis(args.year).items():
        shown = f"{row['value']}%" if row["value"] is not None else "无数据"
        print(f"{code}\t{names[code]}\t{shown}\t({row['numerator']}/{row['denominator']})")
    return 0
