"""Who may see what around the policy engine. Views, API and CLI check these."""

from __future__ import annotations

from zhihui.core.perms import has_role
from zhihui.core.roles import Role

STAFF = (Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.LEADER, Role.AUDITOR)
# Staff who open people's files to handle their cases. Leaders read dashboards and auditors read
# the audit log: neither needs a person's explanation, so neither may open one.
CASEWORKERS = (Role.CLERK, Role.REVIEWER, Role.ADMIN)


def can_view_library(user) -> bool:
    """The policy library (rules, amounts, parameter history) is for bureau staff."""
    return has_role(user, *STAFF)


def can_explain_person(user, person) -> bool:
    if has_role(user, *CASEWORKERS):
        return True
    return has_role(user, Role.CITIZEN) and person is not None and user.person_id == person.pk


def can_explain_organisation(user, organisation) -> bool:
    if has_role(user, *CASEWORKERS):
        return True
    return (
        has_role(user, Role.EMPLOYER)
        and organisation is not None
        and user.organisation_id == organisation.pk
    )


def can_search_subjects(user) -> bool:
    return has_role(user, *CASEWORKERS)


def can_list_offers(user) -> bool:
    """The clerk's list of 免申即享 offers per benefit (names with masked ids)."""
    return has_role(user, *CASEWORKERS)


def can_run_sweep(user) -> bool:
    return has_role(user, Role.ADMIN, Role.CLERK)


def can_decline_offer(user, offer) -> bool:
    if offer.person_id:
        return has_role(user, Role.CITIZEN) and user.person_id == offer.person_id
    return has_role(user, Role.EMPLOYER) and user.organisation_id == offer.organisation_id


def can_notify_offers(user) -> bool:
    """A bulk reminder to the subjects of pending 免申即享 offers (issue 15, found 10)."""
    return has_role(user, Role.ADMIN, Role.CLERK)
