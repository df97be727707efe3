"""`zhihui privacy purge|inventory`."""

from __future__ import annotations


def register(subparsers) -> None:
    p = subparsers.add_parser("privacy", help="personal information: retention purge, inventory")
    sub = p.add_subparsers(dest="privacy_command", metavar="SUBCOMMAND")
    purge = sub.add_parser("purge", help="apply the retention rules now (the nightly job does the same)")
    purge.add_argument("--dry-run", action="store_true", help="count only")
    purge.set_defaults(func=_purge)
    inv = sub.add_parser("inventory", help="check the inventory against the models and print the personal fields")
    inv.set_defaults(func=_inventory)


def _purge(args) -> int:
    from zhihui.privacy.retention import purge

    run = purge(dry_run=args.dry_run)
    for rule, n in run.results.items():
        print(f"{rule}\t{n}")
    return 0


def _inventory(args) -> int:
    from zhihui.privacy import inventory

    problems = inventory.problems()
    for model, field, category in inventory.personal_fields():
        print(f"{model}.{field}\t{category}")
    for p in problems:
        print(f"PROBLEM: {p}")
    return 1 if problems else 0
