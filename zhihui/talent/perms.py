"""Who may do what with 王屋英才 cards and talent recognitions.

- a citizen sees and prints only their own card;
- window clerks, reviewers and administrators verify codes, look cards up and issue cards
  (issuing follows an approved recognition; it is clerical);
- revoking a card and recording or withdrawing a recognition are decisions: reviewers and
  administrators only;
- auditors read the audit log (who looked a card up), not the cards; leaders see dashboards,
  not people's cards (issue 12: least privilege).
"""

from __future__ import annotations

from zhihui.core.perms import has_role
from zhihui.core.roles import Role

VERIFIERS = (Role.CLERK, Role.REVIEWER, Role.ADMIN)
DECIDERS = (Role.REVIEWER, Role.ADMIN)


def is_holder(user, card) -> bool:
    return has_role(user, Role.CITIZEN) and user.person_id is not None and user.person_id == card.person_id


def can_view_card(user, card) -> bool:
    return is_holder(user, card) or has_role(user, *VERIFIERS)


def can_list_cards(user) -> bool:
    return has_role(user, *VERIFIERS)


def can_verify(user) -> bool:
    return has_role(user, *VERIFIERS)


def can_download_revocations(user) -> bool:
    return has_role(user, *VERIFIERS)


def can_issue(user) -> bool:
    return has_role(user, *VERIFIERS)


def can_revoke(user) -> bool:
    return has_role(user, *DECIDERS)


def can_recognise(user) -> bool:
    return has_role(user, *DECIDERS)
