"""The `zhihui` console entry point: operations and batch work.

Each domain contributes `zhihui/<app>/cli.py` with `register(subparsers)`. Those modules must
stay cheap to import (no Django models at module level): `zhihui benefits screen` never starts
Django. A command that needs Django sets nothing; one that must not pay for it sets
`needs_django=False` with `parser.set_defaults`.
"""

from __future__ import annotations

import argparse
import os
import sys

from zhihui.optional import import_optional

CLI_MODULES = [
    "zhihui.core.cli",
    "zhihui.registry.cli",
    "zhihui.policy.cli",
    "zhihui.benefits.cli",
    "zhihui.window.cli",
    "zhihui.talent.cli",
    "zhihui.plan.cli",
    "zhihui.employment.cli",
    "zhihui.regulation.cli",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zhihui",
        description="智汇 Zhihui — talent, human-resources and employment services (operations and batch work).",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in CLI_MODULES:
        module = import_optional(module_name)
        if module is not None:
            module.register(subparsers)
    return parser


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        # A group given without its subcommand: show that group's help.
        parser.parse_args([*(argv if argv is not None else sys.argv[1:]), "--help"])
        return 2
    if getattr(args, "needs_django", True):
        setup_django()
    try:
        return int(func(args) or 0)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
