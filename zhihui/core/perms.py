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


# Roles whose reach is their own objects (their file, their organisation, their applications).
OBJECT_SCOPED_ROLES = (Role.CITIZEN, Role.EMPLOYER)


def require_object(allowed: bool, user, message: str = "无权执行此操作") -> None:
    """An object-level check: outside a citizen's or employer's own scope the object does not
    exist for them (HTTP 404, not 403: a 403 would confirm that the number or id exists);
    a staff role without the right gets 403 as with `require`."""
    if allowed:
        return
    if has_role(user, *OBJECT_SCOPED_ROLES):
        from django.http import Http404

        from . import audit
        from .middleware import current_request

        request = current_request()
        path = request.path if request is not None else ""
        audit.record(user, audit.Action.DENIED, object_type="http", object_id=path[:64],
                     summary=f"404 out of scope {path}"[:255], outcome=audit.Outcome.DENIED)
        raise Http404(message)
    raise PermissionDenied(message)
