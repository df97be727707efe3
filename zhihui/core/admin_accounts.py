"""The administrator accounts of 三员分立 (issue 12; GB/T 22239-2019 8.1.4.2): who may create,
activate, deactivate and issue passwords for the accounts of the department administrators and
of the three administrators (system, security, audit).

- The **system administrator** creates these accounts (an issued password, changed at first
  login, and a second factor bound then) and issues new passwords; he deactivates and
  reactivates department administrators.
- An account of one of the **three administrators** (system, security, audit) that the system
  administrator creates is born **inactive**: it is the **security administrator** who
  activates it (or refuses, by leaving it inactive), and who deactivates and reactivates such
  accounts. So no system administrator gives himself, or an accomplice, the security or audit
  role alone.
- Nobody changes his own account here; one role per account (zhihui/core/roles.py) and no role
  change of an administrator account (a new account is made instead, so the audit trail keeps
  who held which role).
- Case-handling staff (clerk, reviewer, finance, leader) are the department administrator's
  (zhihui/core/staff.py, issue 15).

Every step is an audit row."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from . import audit
from .actions import change_password, create_user
from .perms import has_role, require
from .roles import SYSTEM_ADMIN_ROLES, Role

# The accounts this page keeps: department administrators and the three administrators.
ADMIN_ACCOUNT_ROLES = (Role.ADMIN, Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR)


class AccountError(ValueError):
    def __init__(self, message: str, field: str = "__all__"):
        self.field = field
        super().__init__(message)


def can_view_admin_accounts(user) -> bool:
    return has_role(user, Role.SYSADMIN, Role.SECADMIN)


def can_create(user, role: str) -> bool:
    return has_role(user, Role.SYSADMIN) and role in ADMIN_ACCOUNT_ROLES


def can_issue_password(user, target) -> bool:
    return has_role(user, Role.SYSADMIN) and target.pk != user.pk and target.role in ADMIN_ACCOUNT_ROLES


def can_set_active(user, target) -> bool:
    """A department administrator's account: the system administrator. An account of the three
    administrators: the security administrator (two persons for every such account)."""
    if target.pk == getattr(user, "pk", None) or target.role not in ADMIN_ACCOUNT_ROLES:
        return False
    if target.role in SYSTEM_ADMIN_ROLES:
        return has_role(user, Role.SECADMIN)
    return has_role(user, Role.SYSADMIN)


def _password_error(exc: ValidationError) -> AccountError:
    return AccountError("password: " + "；".join(exc.messages), "password")


def create_account(actor, *, username: str, display_name: str, role: str, password: str):
    require(has_role(actor, Role.SYSADMIN), gettext("只有系统管理员可以创建管理员账户"))
    if role not in ADMIN_ACCOUNT_ROLES:
        raise AccountError(gettext("role: 此处只能创建部门管理员、系统管理员、安全管理员或审计员账户"), "role")
    username = (username or "").strip()
    if not username:
        raise AccountError(gettext("username: 请填写登录名"), "username")
    if get_user_model().objects.filter(username__iexact=username).exists():
        raise AccountError(gettext("username: 登录名 %(u)s 已被使用") % {"u": username}, "username")
    display_name = (display_name or "").strip()
    if not display_name:
        raise AccountError(gettext("display_name: 请填写姓名"), "display_name")
    try:
        with transaction.atomic():
            user = create_user(actor, username=username, password=password, role=role,
                               display_name=display_name[:64], must_change_password=True)
            if role in SYSTEM_ADMIN_ROLES:
                user.is_active = False
                user.save(update_fields=["is_active"])
                audit.record(actor, audit.Action.UPDATE, user, after={"is_active": False},
                             summary=f"管理员账号 {username}（{Role(role).label}）已创建，待安全管理员启用")
            return user
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "password" not in exc.error_dict:
            field = next(iter(exc.error_dict))
            raise AccountError(f"{field}: " + "；".join(exc.messages), field)
        raise _password_error(exc)


@transaction.atomic
def issue_password(actor, target, password: str) -> None:
    require(can_issue_password(actor, target), gettext("只有系统管理员可以为其他管理员账户签发新密码"))
    try:
        change_password(actor, target, password, issued=True)
    except ValidationError as exc:
        raise _password_error(exc)


@transaction.atomic
def set_active(actor, target, active: bool, reason: str = ""):
    require(can_set_active(actor, target), gettext("三员账户由安全管理员启用或停用，部门管理员账户由系统管理员启用或停用；不能改动自己的账户"))
    reason = (reason or "").strip()
    if not active and len(reason) < 2:
        raise AccountError(gettext("reason: 停用账户须说明原因"), "reason")
    if target.is_active == active:
        return target
    target.is_active = active
    target.save(update_fields=["is_active"])
    audit.record(actor, audit.Action.UPDATE, target, before={"is_active": not active}, after={"is_active": active},
                 summary=f"{'activated' if active else 'deactivated'} account {target.username} ({target.role})"
                         + (f": {reason[:200]}" if reason else ""))
    return target
