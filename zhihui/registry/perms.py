"""Who may see and change what in the registry. Views, API and actions ask these functions;
templates never decide on their own. The matrix is tested role by role
(tests/registry/test_permission_matrix.py) and described in docs/architecture.md.

Person files (least privilege):
- CLERK, ADMIN: search, open any file (each opening is audited), create and edit people, export
  a file, and reveal the full identity number with an explicit action that is audited on its own.
- REVIEWER: search and open files (audited), identity number masked only; no writes.
- CITIZEN: only their own file, with their own number in full.
- EMPLOYER: no person files; on their organisation's page, the list of their current employees
  with masked numbers (the organisation must know who works there; nothing more).
- LEADER (read-only dashboards) and AUDITOR (audit log): no person files at all. Aggregates are
  what a leader needs; an auditor reads who opened which file, not the file.

Organisations: CLERK, REVIEWER, ADMIN search and open any; EMPLOYER only their own; CLERK and
ADMIN create and edit. Catalogues: everyone signed in reads them; only ADMIN changes them.
"""

from __future__ import annotations

from zhihui.core.perms import has_role
from zhihui.core.roles import Role

PERSON_READERS = (Role.CLERK, Role.REVIEWER, Role.ADMIN)
PERSON_WRITERS = (Role.CLERK, Role.ADMIN)
ID_REVEALERS = (Role.CLERK, Role.ADMIN)
ORG_READERS = (Role.CLERK, Role.REVIEWER, Role.ADMIN)
ORG_WRITERS = (Role.CLERK, Role.ADMIN)


def _own_person(user, person) -> bool:
    return has_role(user, Role.CITIZEN) and person is not None and user.person_id == person.pk


def _own_organisation(user, organisation) -> bool:
    return has_role(user, Role.EMPLOYER) and organisation is not None and user.organisation_id == organisation.pk


# --- People ---------------------------------------------------------------------------------


def can_search_persons(user) -> bool:
    return has_role(user, *PERSON_READERS)


def can_view_person(user, person) -> bool:
    return has_role(user, *PERSON_READERS) or _own_person(user, person)


def sees_full_id_number(user, person) -> bool:
    """Shown in full without asking: only a citizen looking at their own file."""
    return _own_person(user, person)


def can_reveal_id_number(user, person) -> bool:
    """May ask for the full number (an audited action) on a file they can open."""
    return has_role(user, *ID_REVEALERS) or _own_person(user, person)


def can_reveal_phone(user, person) -> bool:
    """Phone numbers are masked for every staff role; the same roles may reveal (audited)."""
    return has_role(user, *ID_REVEALERS) or _own_person(user, person)


def can_create_person(user) -> bool:
    return has_role(user, *PERSON_WRITERS)


def can_edit_person(user, person) -> bool:
    return has_role(user, *PERSON_WRITERS)


def can_export_person(user, person) -> bool:
    return has_role(user, *PERSON_WRITERS) or _own_person(user, person)


# --- Organisations --------------------------------------------------------------------------


def can_search_organisations(user) -> bool:
    return has_role(user, *ORG_READERS)


def can_view_organisation(user, organisation) -> bool:
    return has_role(user, *ORG_READERS) or _own_organisation(user, organisation)


def can_view_employees(user, organisation) -> bool:
    """The masked list of an organisation's current employees."""
    return has_role(user, *ORG_READERS) or _own_organisation(user, organisation)


def can_create_organisation(user) -> bool:
    return has_role(user, *ORG_WRITERS)


def can_edit_organisation(user, organisation) -> bool:
    return has_role(user, *ORG_WRITERS)


# --- Catalogues -----------------------------------------------------------------------------


def can_read_catalogues(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def can_manage_catalogues(user) -> bool:
    return has_role(user, Role.ADMIN)
