"""Who may see and do what in Skills Jiyuan.

- the office (clerks, the department administrator) approves providers and programmes, opens
  sessions for them, issues vouchers and records certificates from evaluation bodies' files;
- a provider (an employer account of the provider's organisation) keeps its own sessions'
  rosters and attendance, completes them and redeems the vouchers locked to it;
- a worker (citizen) sees their own vouchers, enrols, checks in by QR, downloads their archive;
- supervisors (reviewers, the administrator) see the anti-fraud signals; leaders the
  statistics and the registers in aggregate only (counts, charts): the names on the registers
  (contestants, studio masters, brand members, apprentices, chief technicians, 1+X students)
  are for the office that administers them (clerks, the department administrator). The audit administrator sees none of it (三员分立, docs/security.md: the audit log
  says who opened which voucher or roster, not the roster itself). Anything out of scope answers 404.
"""

from __future__ import annotations

from zhihui.core.perms import has_role
from zhihui.core.roles import Role

OFFICE = (Role.CLERK, Role.ADMIN)
SUPERVISORS = (Role.REVIEWER, Role.ADMIN)


def is_office(user) -> bool:
    return has_role(user, *OFFICE)


def provider_of(user):
    """The provider whose employer account this is, or None."""
    if not has_role(user, Role.EMPLOYER) or not getattr(user, "organisation_id", None):
        return None
    from .models import Provider

    return Provider.objects.filter(organisation_id=user.organisation_id).first()


def is_provider(user, provider) -> bool:
    return (provider is not None and has_role(user, Role.EMPLOYER)
            and getattr(user, "organisation_id", None) == provider.organisation_id)


def can_keep_session(user, session) -> bool:
    return is_office(user) or is_provider(user, session.programme.provider)


def is_holder(user, voucher) -> bool:
    return has_role(user, Role.CITIZEN) and user.person_id is not None and user.person_id == voucher.person_id


def can_see_voucher(user, voucher) -> bool:
    if is_office(user) or is_holder(user, voucher) or has_role(user, Role.REVIEWER):
        return True
    return voucher.provider_id is not None and is_provider(user, voucher.provider)


def can_see_signals(user) -> bool:
    return has_role(user, *SUPERVISORS)


def can_see_stats(user) -> bool:
    return has_role(user, Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.LEADER)


def can_see_registers(user) -> bool:
    """The registers page: in aggregate for leaders and reviewers, with names for the office."""
    return can_see_stats(user)


def can_see_register_names(user) -> bool:
    """Who sees the people named on the registers, and enters them: the office only."""
    return is_office(user)
