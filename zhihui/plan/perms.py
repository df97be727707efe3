"""Who may do what with plan indicators."""

from __future__ import annotations

from zhihui.core.perms import has_role
from zhihui.core.roles import Role


def can_view(user) -> bool:
    """The dashboard, progress tables and reports (leaders read, administrators work)."""
    return has_role(user, Role.LEADER, Role.ADMIN)


def can_enter(user) -> bool:
    """Enter or import actual values and edit yearly targets (department administrators)."""
    return has_role(user, Role.ADMIN)


def can_drill_down(user) -> bool:
    """See the anonymised records behind a computed figure."""
    return has_role(user, Role.LEADER, Role.ADMIN)
