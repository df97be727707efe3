"""`zhihui setup` (what `make run` and `make install` call) and account/audit commands."""

from __future__ import annotations

from zhihui.optional import import_optional


def register(subparsers) -> None:
    p = subparsers.add_parser("setup", help="migrate, load catalogues and the demo city, create demo accounts (idempotent)")
    p.add_argument("--residents", type=int, default=20000, help="size of the demo city (default 20000)")
    p.add_argument("--seed", type=int, default=2021)
    p.add_argument("--no-demo", action="store_true", help="skip the demo city and demo accounts")
    p.set_defaults(func=_setup)

    acc = subparsers.add_parser("accounts", help="user accounts")
    acc_sub = acc.add_subparsers(dest="accounts_command", metavar="SUBCOMMAND")
    demo = acc_sub.add_parser("demo", help="create (if missing) and print the demo accounts")
    demo.set_defaults(func=_demo_accounts)
    create = acc_sub.add_parser("create", help="create an account")
    create.add_argument("username")
    create.add_argument("--role", required=True)
    create.add_argument("--password", required=True)
    create.add_argument("--name", default="")
    create.set_defaults(func=_create_account)


def _setup(args) -> int:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    print("数据库已迁移 (database migrated)")
    catalogues = import_optional("zhihui.registry.catalogues")
    if catalogues is not None:
        catalogues.load_all(verbose=True)
    plan = import_optional("zhihui.plan.loader")
    if args.no_demo:
        if plan is not None:
            plan.load_indicators()
        return 0
    demo = import_optional("zhihui.registry.demo")
    if demo is not None and hasattr(demo, "ensure_demo_city"):
        demo.ensure_demo_city(residents=args.residents, seed=args.seed)
    if plan is not None:
        # After the demo city, so that the registry-derived figures have records to count.
        plan.load_indicators()
    benefits = import_optional("zhihui.benefits.actions")
    if benefits is not None:
        # 免申即享: offers to everyone who qualifies today (idempotent; see docs/policy-pages.md).
        import datetime as dt

        stats = benefits.sweep("setup", dt.date.today(), progress=False)
        print(f"免申即享 offers: {stats['created']} new, {stats['unchanged']} unchanged")
    status = _demo_accounts(args)
    _demo_card()
    inspections = import_optional("zhihui.regulation.demo")
    if inspections is not None:
        print(inspections.ensure_demo())
    return status


def _demo_card() -> None:
    """Give the demo citizen their 王屋英才 card when they hold a talent category (idempotent)."""
    talent = import_optional("zhihui.talent.actions")
    if talent is None:
        return
    from .models import User

    citizen = User.objects.filter(username="citizen").select_related("person").first()
    if citizen is None or citizen.person is None or citizen.person.talent_cards.filter(status="active").exists():
        return
    try:
        card = talent.issue_card("setup", citizen.person)
    except talent.TalentError:
        return  # no current category: nothing to show on the card page
    print(f"王屋英才卡 demo card: {card.number} ({card.category}类) for the citizen account")


def _demo_accounts(args) -> int:
    from .actions import ensure_demo_accounts

    rows = ensure_demo_accounts()
    print("\n演示账户 (demo accounts):")
    print(f"  {'角色 role':<14}{'用户名 username':<18}密码 password")
    for role, username, password in rows:
        print(f"  {role:<14}{username:<18}{password}")
    return 0


def _create_account(args) -> int:
    from .actions import create_user

    user = create_user("cli", username=args.username, password=args.password, role=args.role, display_name=args.name)
    print(f"created {user.username} ({user.role})")
    return 0
