"""Shared permission helpers. Each domain has its own perms.py built on these."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from .roles import STAFF_ROLES, Role


def has_role(user, *roles: Role) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.role in roles)


def require(allowed: bool, message: str = "无权执行此操作") -> None:
    """Raise PermissionDenied (HTTP 403 in views and API) unless `allowed`."""
    if not allowed:
        raise PermissionDenied(message)


def is_staff_role(user) -> bool:
    return has_role(user, *STAFF_ROLES)


def can_search_audit(user) -> bool:
    """The audit log is read by the audit administrator only (三员分立: business roles, the
    system and the security administrator do not read the trail of their own acts); nobody
    can change it."""
    return has_role(user, Role.AUDITOR)


def can_manage_accounts(user) -> bool:
    """Create accounts and reset passwords: the system administrator."""
    return has_role(user, Role.SYSADMIN)


def can_manage_security(user) -> bool:
    """Reset second factors, unlock accounts, read security alerts: the security administrator."""
    return has_role(user, Role.SECADMIN)
