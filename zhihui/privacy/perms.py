"""Who may do what with privacy records (one function per question)."""

from __future__ import annotations

from zhihui.core.roles import Role


def _role(user) -> str | None:
    return getattr(user, "role", None) if getattr(user, "is_authenticated", False) else None


def is_owner(user, person) -> bool:
    return _role(user) == Role.CITIZEN and person is not None and getattr(user, "person_id", None) == person.pk


def can_manage_own(user) -> bool:
    """Consents and rights requests of one's own (a citizen with a registered person)."""
    return _role(user) == Role.CITIZEN and getattr(user, "person_id", None) is not None


def can_work_requests(user) -> bool:
    return _role(user) in (Role.CLERK, Role.REVIEWER, Role.ADMIN)


def can_view_request(user, request) -> bool:
    return is_owner(user, request.person) or can_work_requests(user)


def can_file_for(user, person) -> bool:
    """A citizen for themself; a clerk for a person at the window."""
    return is_owner(user, person) or _role(user) in (Role.CLERK, Role.ADMIN)


def can_read_registers(user) -> bool:
    """The sharing register, exports and purge runs: records of processing, which the audit
    administrator checks (the requests themselves, with the person's data, are not his)."""
    return _role(user) in (Role.ADMIN, Role.AUDITOR)
