"""Write path for accounts. Every change is audited in the same transaction."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from . import audit
from .roles import STAFF_ROLES, Role

# One demo account per role: (username, password, display name). Printed by `make run`.
# The passwords meet the level-3 rules; demo accounts exist and log in only while
# settings.ZHIHUI_DEMO_ACCOUNTS (a development install, DEBUG on).
DEMO_ACCOUNTS = [
    (Role.CITIZEN, "citizen", "Zhihui-Citizen-2021", "市民演示账户"),
    (Role.EMPLOYER, "employer", "Zhihui-Employer-2021", "单位演示账户"),
    (Role.CLERK, "clerk", "Zhihui-Clerk-2021", "窗口受理员"),
    (Role.REVIEWER, "reviewer", "Zhihui-Reviewer-2021", "审核员"),
    (Role.ADMIN, "admin", "Zhihui-Admin-2021", "部门管理员"),
    (Role.LEADER, "leader", "Zhihui-Leader-2021", "领导"),
    (Role.AUDITOR, "auditor", "Zhihui-Auditor-2021", "审计员"),
    (Role.SYSADMIN, "sysadmin", "Zhihui-Sysadmin-2021", "系统管理员"),
    (Role.SECADMIN, "secadmin", "Zhihui-Secadmin-2021", "安全管理员"),
    (Role.FINANCE, "finance", "Zhihui-Finance-2021", "财务人员"),
]
DEMO_USERNAMES = frozenset(username for _role, username, _pw, _label in DEMO_ACCOUNTS)


class DemoAccountsDisabled(Exception):
    pass


def validate_new_password(password: str, user) -> None:
    """The level-3 rules (settings.AUTH_PASSWORD_VALIDATORS); ValidationError names the field."""
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc


@transaction.atomic
def create_user(
    actor,
    *,
    username: str,
    password: str,
    role: str,
    display_name: str = "",
    person=None,
    organisation=None,
    must_change_password: bool = False,
):
    """Create an account. The password must meet the level-3 rules; an issued password
    (`must_change_password`, as the CLI and the system administrator give) is changed at the
    first login."""
    User = get_user_model()
    user = User(username=username, role=role, display_name=display_name, person=person, organisation=organisation)
    user.is_staff = role == Role.ADMIN  # department administrators use the Django admin for catalogues
    user.is_superuser = False
    user.must_change_password = must_change_password
    user.full_clean(exclude=["password"])
    validate_new_password(password, user)
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.save()
    audit.record(actor, audit.Action.CREATE, user, summary=f"创建账号 {username}（{Role(role).label if role in Role.values else role}）", after=audit.snapshot(user))
    return user


@transaction.atomic
def change_password(actor, user, new_password: str, *, issued: bool = False) -> None:
    """Set a new password (own change, or one issued by the system administrator).

    The old hash goes to the history; an issued password must be changed at the next login.
    """
    from .models import PasswordHistory

    validate_new_password(new_password, user)
    if user.password:
        PasswordHistory.objects.create(user=user, password=user.password)
        keep = settings.ZHIHUI_PASSWORD_HISTORY
        stale = list(PasswordHistory.objects.filter(user=user).order_by("-at", "-id").values_list("id", flat=True)[keep:])
        PasswordHistory.objects.filter(id__in=stale).delete()
    user.set_password(new_password)
    user.password_changed_at = timezone.now()
    user.must_change_password = issued
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])
    audit.record(actor, audit.Action.UPDATE, user, summary="签发初始密码" if issued else "修改密码")


def password_expired(user, now=None) -> bool:
    """Staff passwords expire after settings.ZHIHUI_STAFF_PASSWORD_MAX_AGE_DAYS (0: never)."""
    days = settings.ZHIHUI_STAFF_PASSWORD_MAX_AGE_DAYS
    if not days or user.role not in STAFF_ROLES or user.password_changed_at is None:
        return False
    import datetime as dt

    return (now or timezone.now()) - user.password_changed_at > dt.timedelta(days=days)


def is_demo_account(user) -> bool:
    """A demo account that still has its published password (anyone can read it in README)."""
    demo = {username: password for _role, username, password, _label in DEMO_ACCOUNTS}
    return user.username in demo and user.check_password(demo[user.username])


@transaction.atomic
def ensure_demo_accounts() -> list[tuple[str, str, str]]:
    """Create the demo accounts that do not exist yet; link citizen and employer to demo records.

    Staff demo accounts get a TOTP device whose secret is printed (`zhihui accounts demo`), so
    a newcomer can pass the second factor. Refused unless settings.ZHIHUI_DEMO_ACCOUNTS.
    """
    from zhihui.registry.models import Organisation

    if not settings.ZHIHUI_DEMO_ACCOUNTS:
        raise DemoAccountsDisabled("demo accounts are refused on a production install (ZHIHUI_DEMO_ACCOUNTS=0)")

    User = get_user_model()
    rows = []
    for role, username, password, label in DEMO_ACCOUNTS:
        if not User.objects.filter(username=username).exists():
            person = _demo_citizen() if role == Role.CITIZEN else None
            org = Organisation.objects.filter(kind="enterprise").order_by("id").first() if role == Role.EMPLOYER else None
            user = create_user("setup", username=username, password=password, role=role, display_name=label, person=person, organisation=org)
            if role == Role.ADMIN:
                # The department administrator maintains catalogues in the Django admin.
                from django.contrib.auth.models import Permission

                user.user_permissions.set(
                    Permission.objects.filter(content_type__app_label__in=["registry", "window", "plan", "benefits", "talent"])
                )
        secret = ""
        if role in STAFF_ROLES:
            from .otp import ensure_demo_totp

            secret = ensure_demo_totp(User.objects.get(username=username))
        rows.append((str(role.label), username, password, secret))
    return rows


def _demo_citizen():
    """The demo citizen: someone the demo city makes interesting (an open 免申即享 offer and a
    talent category) when there is such a person, else the first resident."""
    from zhihui.registry.models import Person

    people = Person.objects.order_by("id")
    try:
        from zhihui.benefits.models import BenefitOffer

        with_offer = people.filter(
            pk__in=BenefitOffer.objects.filter(status="offered", person__isnull=False).values("person_id"),
            talent_categories__isnull=False,
        ).first()
        if with_offer is not None:
            return with_offer
    except ImportError:
        pass
    return people.first()


@transaction.atomic
def unlock_account(actor, user) -> None:
    """The security administrator lifts a lock (ours and django-axes' for that username)."""
    from axes.utils import reset

    User = get_user_model()
    User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
    reset(username=user.username)
    audit.record(actor, audit.Action.UPDATE, user, summary=f"解锁账号 {user.username}")
