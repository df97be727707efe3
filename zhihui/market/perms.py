"""Who may do what in the human-resources market.

- the public (no login) reads the published job board, without contact details;
- a citizen (job seeker) sees contact details of published postings, keeps their own profile
  and applications;
- an employer account acts only on its own organisation's postings and their applications;
- clerks, reviewers and administrators review postings and keep job seekers' profiles for
  people at the window; leaders read, never write. Auditors read none of it (issue 12: the
  audit log says who did what; drafts, applications and statistics are business data).
"""

from __future__ import annotations

from zhihui.core.perms import has_role
from zhihui.core.roles import Role

REVIEWERS = (Role.CLERK, Role.REVIEWER, Role.ADMIN)
READERS = (Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.LEADER)


def is_posting_owner(user, posting) -> bool:
    return (has_role(user, Role.EMPLOYER) and user.organisation_id is not None
            and user.organisation_id == posting.organisation_id)


def can_create_posting(user) -> bool:
    return has_role(user, Role.EMPLOYER) and user.organisation_id is not None


def can_see_posting(user, posting) -> bool:
    """Beyond the public board: drafts and review states."""
    return is_posting_owner(user, posting) or has_role(user, *READERS)


def can_review(user) -> bool:
    return has_role(user, *REVIEWERS)


def can_see_contact(user) -> bool:
    return has_role(user, Role.CITIZEN, *REVIEWERS)


def can_apply(user) -> bool:
    return has_role(user, Role.CITIZEN) and user.person_id is not None


def can_keep_seekers(user) -> bool:
    """Register or edit a job seeker's profile for someone at the window."""
    return has_role(user, *REVIEWERS)


def is_seeker_self(user, seeker) -> bool:
    return has_role(user, Role.CITIZEN) and user.person_id is not None and user.person_id == seeker.person_id


def can_see_application(user, application) -> bool:
    return (is_seeker_self(user, application.seeker) or is_posting_owner(user, application.posting)
            or has_role(user, *READERS))


def can_see_statistics(user) -> bool:
    return has_role(user, *READERS)


def can_manage_stations(user) -> bool:
    """Register gig stations (零工驿站) and switch them on or off; everyone reads the list."""
    return has_role(user, *REVIEWERS)
