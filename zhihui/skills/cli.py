"""`zhihui skills …`: lapse expired training vouchers; the year's statistics."""

from __future__ import annotations


def register(subparsers) -> None:
    p = subparsers.add_parser("skills", help="Skills Jiyuan: training vouchers and statistics")
    sub = p.add_subparsers(dest="skills_command", metavar="SUBCOMMAND")
    lapse = sub.add_parser("lapse", help="lapse every voucher past its validity (value returns to the budget line)")
    lapse.set_defaults(func=cmd_lapse)
    st = sub.add_parser("stats", help="certificate holders, subsidised trainings and the certificate rate of a year")
    st.add_argument("--year", type=int, required=True)
    st.set_defaults(func=cmd_stats)


def cmd_lapse(args) -> int:
    from .actions import lapse_expired

    print(f"{lapse_expired(None)} voucher(s) lapsed")
    return 0


def cmd_stats(args) -> int:
    from .stats import year_figures

    for key, v in year_figures(args.year).items():
        print(f"{key}\t{v if v is not None else '—'}")
    return 0
