"""Shared permission helpers. Each domain has its own perms.py built on these."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from .roles import Role


def has_role(user, *roles: Role) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.role in roles)


def require(allowed: bool, message: str = "无权执行此操作") -> None:
    """Raise PermissionDenied (HTTP 403 in views and API) unless `allowed`."""
    if not allowed:
        raise PermissionDenied(message)


def is_staff_role(user) -> bool:
    return has_role(user, Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.LEADER, Role.AUDITOR)


def can_search_audit(user) -> bool:
    """The audit log is read by auditors, and by department administrators (who answer for
    their department's accounts); nobody can change it."""
    return has_role(user, Role.AUDITOR, Role.ADMIN)
