"""Who may do what in employment services (one function per question; views, API and actions
ask these).

- a citizen reads only their own employment file and may declare their own employment,
  flexible employment, start-up or leaving the labour force (not registration as unemployed);
- clerks (window and town/village service points) and administrators record status events
  and import files; reviewers read files; recognising 就业困难人员 is a decision (reviewer, admin);
- leaders and auditors see statistics (aggregates), not files.
"""

from __future__ import annotations

from zhihui.core.perms import has_role
from zhihui.core.roles import Role

RECORDERS = (Role.CLERK, Role.ADMIN)
FILE_READERS = (Role.CLERK, Role.REVIEWER, Role.ADMIN)
DECIDERS = (Role.REVIEWER, Role.ADMIN)


def is_self(user, person) -> bool:
    return has_role(user, Role.CITIZEN) and user.person_id is not None and user.person_id == person.pk


def can_view_file(user, person) -> bool:
    return is_self(user, person) or has_role(user, *FILE_READERS)


def can_record(user) -> bool:
    return has_role(user, *RECORDERS)


def can_self_declare(user, person) -> bool:
    return is_self(user, person)


def can_import(user) -> bool:
    return has_role(user, *RECORDERS)


def can_recognise_difficulty(user) -> bool:
    return has_role(user, *DECIDERS)


def can_see_statistics(user) -> bool:
    return has_role(user, Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.LEADER, Role.AUDITOR)
