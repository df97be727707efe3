"""Who may use the occupation coder.

- coding titles (page and API) is a reading of reference data: every staff role and employers
  (who post jobs) may; citizens may not (their own wishes are coded by the window);
- recording a correction (a labelled example that changes the next model): clerks, reviewers
  and administrators;
- the list of corrections and retrains: those three and auditors (read-only);
- starting a retrain (it may replace the model every part of the platform codes with): the
  department administrator.
"""

from __future__ import annotations

from zhihui.core.perms import has_role
from zhihui.core.roles import Role

CODERS = (Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.LEADER, Role.AUDITOR, Role.EMPLOYER)
CORRECTORS = (Role.CLERK, Role.REVIEWER, Role.ADMIN)


def can_code(user) -> bool:
    return has_role(user, *CODERS)


def can_correct(user) -> bool:
    return has_role(user, *CORRECTORS)


def can_view_corrections(user) -> bool:
    return has_role(user, *CORRECTORS, Role.AUDITOR)


def can_retrain(user) -> bool:
    return has_role(user, Role.ADMIN)
