"""The department administrator's staff accounts (issue 15, found 10): add a clerk (or a
reviewer, finance officer or leader), change the role of one, deactivate and reactivate.

Separation of duties: the department administrator manages only the case-handling roles in
`DEPARTMENT_ROLES`; never another administrator, never the three administrators of 三员分立
(system, security, audit: the system administrator keeps those, see zhihui/core/perms.py
can_manage_accounts), never their own account. One role per account (zhihui/core/roles.py), so
a reviewer cannot also accept; the workflows' `not_after` keeps the same person from taking
two steps of one case even after a role change. Every change is audited."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from . import audit
from .actions import create_user
from .perms import has_role, require
from .roles import Role

DEPARTMENT_ROLES = (Role.CLERK, Role.REVIEWER, Role.FINANCE, Role.LEADER)


class StaffError(ValueError):
    def __init__(self, message: str, field: str = "__all__"):
        self.field = field
        super().__init__(message)


def can_manage_staff(user) -> bool:
    return has_role(user, Role.ADMIN)


def _check_target(actor, target) -> None:
    require(can_manage_staff(actor), gettext("只有部门管理员可以管理本部门工作人员账户"))
    if target.pk == actor.pk:
        raise StaffError(gettext("不能修改自己的账户"))
    require(target.role in DEPARTMENT_ROLES, gettext("部门管理员只能管理窗口受理员、审核员、财务人员和领导的账户"))


def _role(role: str) -> str:
    if role not in DEPARTMENT_ROLES:
        raise StaffError(gettext("role: 部门管理员只能分配窗口受理员、审核员、财务人员或领导角色"), "role")
    return role


def add_staff(actor, *, username: str, display_name: str, role: str, password: str):
    """A new account with an issued password (changed, and a second factor bound, at first login)."""
    require(can_manage_staff(actor), gettext("只有部门管理员可以管理本部门工作人员账户"))
    username = (username or "").strip()
    if not username:
        raise StaffError(gettext("username: 请填写登录名"), "username")
    if get_user_model().objects.filter(username__iexact=username).exists():
        raise StaffError(gettext("username: 登录名 %(u)s 已被使用") % {"u": username}, "username")
    display_name = (display_name or "").strip()
    if not display_name:
        raise StaffError(gettext("display_name: 请填写姓名"), "display_name")
    try:
        with transaction.atomic():
            return create_user(actor, username=username, password=password, role=_role(role),
                               display_name=display_name[:64], must_change_password=True)
    except ValidationError as exc:
        field = next(iter(exc.error_dict)) if hasattr(exc, "error_dict") else "password"
        raise StaffError(f"{field}: " + "；".join(exc.messages), field)


@transaction.atomic
def set_role(actor, target, role: str):
    _check_target(actor, target)
    role = _role(role)
    if role == target.role:
        return target
    before = {"role": target.role}
    target.role = role
    target.save(update_fields=["role"])
    audit.record(actor, audit.Action.UPDATE, target, summary=f"变更角色 {target.username}: {before['role']} → {role}",
                 before=before, after={"role": role})
    return target


@transaction.atomic
def set_active(actor, target, active: bool, reason: str = ""):
    _check_target(actor, target)
    reason = (reason or "").strip()
    if not active and len(reason) < 2:
        raise StaffError(gettext("reason: 停用账户须说明原因（如调离、退休）"), "reason")
    if target.is_active == active:
        return target
    target.is_active = active
    target.save(update_fields=["is_active"])
    audit.record(actor, audit.Action.UPDATE, target,
                 summary=f"{'启用' if active else '停用'}账户 {target.username}" + (f" 原因: {reason[:200]}" if reason else ""),
                 before={"is_active": not active}, after={"is_active": active})
    return target
