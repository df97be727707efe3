"""Who may do what in random inspections.

- anyone, without logging in, reads published plans, downloads their pools and results and
  recomputes the draw (一公开);
- department administrators draw up plans and take them through their life cycle (the
  workflow table in workflows.py says which step);
- an inspector records the inspection of an organisation they were drawn for; administrators
  may record for any.
"""

from __future__ import annotations

from zhihui.core.perms import has_role
from zhihui.core.roles import Role


def can_manage_plans(user) -> bool:
    return has_role(user, Role.ADMIN)


def can_see_drafts(user) -> bool:
    """Unpublished plans, their findings and transition log. Not the auditor (issue 12, least
    privilege): who did what to a plan is in the audit log; a draft is business work."""
    return has_role(user, Role.ADMIN)


def can_record(user, record) -> bool:
    if has_role(user, Role.ADMIN):
        return True
    if not has_role(user, Role.CLERK):
        return False
    profile = getattr(user, "inspector_profile", None)
    return profile is not None and record.inspectors.filter(pk=profile.pk).exists()


def can_manage_agencies(user) -> bool:
    """Register licences and filings (clerical, at the window)."""
    return has_role(user, Role.CLERK, Role.ADMIN)


def can_decide(user) -> bool:
    """Revoke licences; decide listings (a second person: the workflow forbids the proposer)."""
    return has_role(user, Role.REVIEWER, Role.ADMIN)


def is_own_organisation(user, organisation) -> bool:
    return has_role(user, Role.EMPLOYER) and user.organisation_id is not None and user.organisation_id == organisation.pk


def can_report_for(user, organisation) -> bool:
    return is_own_organisation(user, organisation) or has_role(user, Role.CLERK, Role.ADMIN)


def can_see_credit_items(user, organisation) -> bool:
    return is_own_organisation(user, organisation) or has_role(user, Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.AUDITOR)


def can_see_collective(user) -> bool:
    """Every collective-contract filing (the employer sees its own through the selector)."""
    return has_role(user, Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.AUDITOR)


def can_see_dispatch(user) -> bool:
    """Every user firm's dispatch headcount and the alerts (the firm sees its own)."""
    return has_role(user, Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.AUDITOR)


def can_see_covers(user, platform=None) -> bool:
    """The workers in a platform's cover return (personal data, masked and audited): the
    platform itself and the office that follows it up; not the auditor (issue 12)."""
    if platform is not None and is_own_organisation(user, platform):
        return True
    return has_role(user, Role.CLERK, Role.REVIEWER, Role.ADMIN)
