"""`zhihui skills …`: lapse expired training vouchers; the year's statistics; the registers in
aggregate (counts, no names)."""

from __future__ import annotations


def register(subparsers) -> None:
    p = subparsers.add_parser("skills", help="Skills Jiyuan: training vouchers and statistics")
    sub = p.add_subparsers(dest="skills_command", metavar="SUBCOMMAND")
    lapse = sub.add_parser("lapse", help="lapse every voucher past its validity (value returns to the budget line)")
    lapse.set_defaults(func=cmd_lapse)
    st = sub.add_parser("stats", help="certificate holders, subsidised trainings and the certificate rate of a year")
    st.add_argument("--year", type=int, required=True)
    st.set_defaults(func=cmd_stats)
    reg = sub.add_parser("registers", help="the registers in aggregate: competitions, studios, training bases, chief "
                                           "technicians, apprenticeships, 1+X certificates, labour brands (no names)")
    reg.set_defaults(func=cmd_registers)


def cmd_lapse(args) -> int:
    from .actions import lapse_expired

    print(f"{lapse_expired(None)} voucher(s) lapsed")
    return 0


def cmd_stats(args) -> int:
    from .stats import year_figures

    for key, v in year_figures(args.year).items():
        print(f"{key}\t{v if v is not None else '—'}")
    return 0


def cmd_registers(args) -> int:
    from .selectors import brand_figures, register_summary

    s = register_summary()
    print("competitions\tyear\tlevel\tentries\tawards\ttitles")
    for c in s["competitions"]:
        print(f"{c.name}\t{c.year}\t{c.level}\t{c.n_entries}\t{c.n_awards}\t{c.n_titles}")
    for key, title in (("studios", "studios"), ("bases", "training bases")):
        print(f"{title}\tkind\tlevel\tcount\tfunding")
        for r in s[key]:
            print(f"\t{r['kind']}\t{r['level']}\t{r['n']}\t{r['funding']}")
    print("chief technicians\tyear\tcount\tfirms")
    for r in s["chiefs"]:
        print(f"\t{r['y']}\t{r['n']}\t{r['firms']}")
    print("apprenticeships\tyear\tcount\tfirms\tsubsidy")
    for r in s["apprentices"]:
        print(f"\t{r['y']}\t{r['n']}\t{r['firms']}\t{r['subsidy']}")
    print("1+X\tlevel\tcount")
    for r in s["one_plus_x"]:
        print(f"\t{r['level']}\t{r['n']}")
    print("labour brands\tmembers\ttrained\tcertified\temployed")
    for b in brand_figures():
        print(f"{b['brand']}\t{b['members']}\t{b['trained']}\t{b['certified']}\t{b['employed']}")
    return 0
