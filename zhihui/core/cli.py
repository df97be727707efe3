"""`zhihui setup` (what `make run` and `make install` call) and account/audit commands."""

from __future__ import annotations

import sys

from zhihui.optional import import_optional


def register(subparsers) -> None:
    wf = subparsers.add_parser("workflows", help="the workflow tables of every domain (states, transitions, roles)")
    wf_sub = wf.add_subparsers(dest="workflows_command", metavar="SUBCOMMAND")
    show = wf_sub.add_parser("show", help="print the tables as Markdown (what the domain docs include)")
    show.add_argument("name", nargs="?", help="one workflow, e.g. window.application (default: all)")
    show.set_defaults(func=_workflows_show)

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
    reset_otp = acc_sub.add_parser("reset-otp", help="remove an account's second-factor devices (it enrols again at next login)")
    reset_otp.add_argument("username")
    reset_otp.set_defaults(func=_reset_otp)
    code = acc_sub.add_parser("otp-code", help="print the current second-factor code of a DEMO staff account (development installs only)")
    code.add_argument("username")
    code.set_defaults(func=_otp_code)

    aud = subparsers.add_parser("audit", help="the audit log")
    aud_sub = aud.add_subparsers(dest="audit_command", metavar="SUBCOMMAND")
    verify = aud_sub.add_parser("verify", help="check the audit log's hash chain (exit 1 if a row was changed or removed)")
    verify.set_defaults(func=_audit_verify)


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
    for name in ("zhihui.window.demo", "zhihui.regulation.demo", "zhihui.rights.demo", "zhihui.skills.demo"):
        domain_demo = import_optional(name)
        if domain_demo is not None:
            print(domain_demo.ensure_demo())
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
    from .actions import DemoAccountsDisabled, ensure_demo_accounts

    try:
        rows = ensure_demo_accounts()
    except DemoAccountsDisabled as exc:
        print(f"演示账户未创建 (no demo accounts): {exc}")
        return 0
    print("\n演示账户 (demo accounts):")
    print(f"  {'角色 role':<14}{'用户名 username':<18}{'密码 password':<24}TOTP 密钥 secret (staff second factor)")
    for role, username, password, secret in rows:
        print(f"  {role:<14}{username:<18}{password:<24}{secret}")
    print("  工作人员登录需动态验证码: 把密钥加入身份验证器应用，或运行 (staff need a code: add the secret to an")
    print("  authenticator app, or run)  .venv/bin/python -m zhihui.cli accounts otp-code clerk")
    return 0


def _create_account(args) -> int:
    from django.core.exceptions import ValidationError

    from .actions import create_user
    from .roles import Role

    if args.role not in Role.values:
        print(f"role: unknown role {args.role!r} (one of {', '.join(Role.values)})")
        return 2
    try:
        user = create_user("cli", username=args.username, password=args.password, role=args.role,
                           display_name=args.name, must_change_password=True)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            for message in messages:
                print(f"{field}: {message}")
        return 2
    print(f"created {user.username} ({user.role}); the password must be changed at first login")
    return 0


def load_workflows() -> dict:
    """Import the `workflows` module of every domain that declares one (zhihui/domains.py);
    return the registered tables."""
    import importlib

    from zhihui.core.workflow import registered
    from zhihui.domains import DOMAINS

    for d in DOMAINS:
        if d.workflows:
            importlib.import_module(f"{d.module}.workflows")
    return registered()


def _workflows_show(args) -> int:
    flows = load_workflows()
    if args.name:
        if args.name not in flows:
            print(f"no workflow {args.name!r}; known: {', '.join(sorted(flows))}", file=sys.stderr)
            return 2
        flows = {args.name: flows[args.name]}
    print("\n".join(flows[n].as_markdown() for n in sorted(flows)), end="")
    return 0
def _reset_otp(args) -> int:
    from .models import User
    from .otp import reset_devices

    user = User.objects.filter(username=args.username).first()
    if user is None:
        print(f"username: no account {args.username!r}")
        return 2
    n = reset_devices("cli", user)
    print(f"second factor reset for {user.username} ({n} devices removed)")


def _otp_code(args) -> int:
    from django.conf import settings

    from .actions import DEMO_USERNAMES
    from .models import User
    from .otp import current_code

    if not settings.ZHIHUI_DEMO_ACCOUNTS or args.username not in DEMO_USERNAMES:
        print("only for demo staff accounts on a development install")
        return 2
    user = User.objects.filter(username=args.username).first()
    code = current_code(user) if user is not None else None
    if code is None:
        print(f"{args.username}: no demo device (run `zhihui accounts demo`)")
        return 2
    print(code)


def _audit_verify(args) -> int:
    from .audit import verify_chain

    checked, broken, why = verify_chain()
    if broken is None:
        print(f"审计日志完整 (audit chain intact): {checked} rows")
        return 0
    print(f"审计日志被篡改 (audit chain BROKEN) at row id {broken}: {why}; {checked} rows before it are intact")
    return 1
