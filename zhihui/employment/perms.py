"""Who may do what in employment services (one function per question; views, API and actions
ask these).

- a citizen reads only their own employment file and may declare their own employment,
  flexible employment, start-up or leaving the labour force (not registration as unemployed);
- clerks (window and town/village service points) and administrators record status events
  and import files; reviewers read files; recognising 就业困难人员 is a decision (reviewer, admin);
- leaders see statistics (aggregates), not files; auditors neither (issue 12: the audit log).
"""

from __future__ import annotations

from zhihui.core.perms import has_role
from zhihui.core.roles import Role

RECORDERS = (Role.CLERK, Role.ADMIN)
FILE_READERS = (Role.CLERK, Role.REVIEWER, Role.ADMIN)
DECIDERS = (Role.REVIEWER, Role.ADMIN)


def is_self(user, person) -> bool:
    return has_role(user, Role.CITIZEN) and user.person_id is not None and user.person_id == person.pk


def can_view_person(user, person) -> bool:
    """A person's employment file: the person, or file readers — a town clerk only for people
    living in (or with a case in) the town."""
    if is_self(user, person):
        return True
    if not has_role(user, *FILE_READERS):
        return False
    town = town_of(user)
    if town is None:
        return True
    return person.residence_id == town.pk or person.assistance_cases.filter(division=town).exists()


def can_view_file(user, person) -> bool:
    return can_view_person(user, person)


def can_record(user) -> bool:
    return has_role(user, *RECORDERS)


def can_self_declare(user, person) -> bool:
    return is_self(user, person)


def can_import(user) -> bool:
    return has_role(user, *RECORDERS)


def can_handle_batch(user, batch) -> bool:
    """An import batch (status events or monthly reports): importers at city level see and
    decide every batch; a town clerk only the batches they uploaded (whose rows are their
    town's, see `in_town`)."""
    if not can_import(user):
        return False
    return town_of(user) is None or batch.uploaded_by_id == user.pk


def in_town(user, division) -> bool:
    """Whether `division` (a residence, an enterprise's location) is within the user's town:
    always for city-level staff; for a town clerk the town itself or one of its villages."""
    town = town_of(user)
    if town is None:
        return True
    return division is not None and (division.pk == town.pk or division.parent_id == town.pk)


def can_import_for_person(user, person) -> bool:
    """A row of a status-event import: a town clerk imports only for people they may see."""
    return can_import(user) and can_view_person(user, person)


def can_import_for_enterprise(user, enterprise) -> bool:
    """A row of a monthly-report import: a town clerk imports only for enterprises located in
    their town."""
    return can_import(user) and in_town(user, enterprise.organisation.division)


def can_recognise_difficulty(user) -> bool:
    return has_role(user, *DECIDERS)


def can_see_statistics(user) -> bool:
    return has_role(user, Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.LEADER)


# --- town scope and assistance cases -----------------------------------------------------------

CASE_WORKERS = (Role.CLERK, Role.ADMIN, Role.REVIEWER)


def town_of(user):
    """The division (town/street) a clerk is assigned to, or None for city-level staff."""
    if not has_role(user, Role.CLERK):
        return None
    assignment = getattr(user, "employment_assignment", None)
    return assignment.division if assignment is not None else None


def can_see_cases(user) -> bool:
    return has_role(user, *CASE_WORKERS)


def can_see_case(user, case) -> bool:
    if is_self(user, case.person):
        return True
    if not has_role(user, *CASE_WORKERS):
        return False
    town = town_of(user)
    return town is None or case.division_id == town.pk


def can_open_case(user, division) -> bool:
    if not has_role(user, Role.CLERK, Role.ADMIN):
        return False
    town = town_of(user)
    return town is None or division is None or division.pk == town.pk


def can_sweep(user) -> bool:
    return has_role(user, Role.CLERK, Role.ADMIN)


# --- enterprise monitoring and early warning ---------------------------------------------------

MONITORS = (Role.CLERK, Role.REVIEWER, Role.ADMIN)


def is_enterprise_user(user, organisation) -> bool:
    return has_role(user, Role.EMPLOYER) and user.organisation_id is not None and user.organisation_id == organisation.pk


def can_submit_report(user, enterprise) -> bool:
    return is_enterprise_user(user, enterprise.organisation) or has_role(user, Role.CLERK, Role.ADMIN)


def can_monitor(user) -> bool:
    return has_role(user, *MONITORS, Role.LEADER)


def can_manage_monitoring(user) -> bool:
    return has_role(user, *MONITORS)


def can_respond_layoff(user) -> bool:
    return has_role(user, Role.REVIEWER, Role.ADMIN)


# --- service points ----------------------------------------------------------------------------

def can_see_service_points(user) -> bool:
    """The network and its coverage dashboard: staff who work it and leaders, not the audit
    administrator (三员分立: no performance dashboards, docs/security.md)."""
    return has_role(user, Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.LEADER)


def can_manage_service_points(user) -> bool:
    """The network is the bureau's: administrators and reviewers at city level."""
    return has_role(user, Role.ADMIN, Role.REVIEWER) and town_of(user) is None


# --- quota employment of disabled persons (残疾人按比例就业) -------------------------------------

def can_see_quota(user) -> bool:
    """The register per employer (numbers, no names): staff and leaders."""
    return has_role(user, Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.LEADER)


def can_see_quota_detail(user, declaration) -> bool:
    """A declaration names disabled employees (sensitive data): staff who keep the register, a
    town clerk only for employers located in the town; leaders see the register's numbers only;
    an employer only its own declarations."""
    if is_enterprise_user(user, declaration.organisation):
        return True
    return has_role(user, *FILE_READERS) and in_town(user, declaration.organisation.division)


def can_declare_quota(user) -> bool:
    return has_role(user, *RECORDERS)


def can_verify_quota(user, declaration) -> bool:
    """Another clerk (or administrator) than the one who declared it (separation of duties)."""
    return (has_role(user, *RECORDERS) and declaration.declared_by_id != user.pk
            and in_town(user, declaration.organisation.division))


# --- traineeship bases and assistance workshops (C10-D02, C10-D07) --------------------------------

def can_see_registers(user) -> bool:
    """The lists of traineeship bases, subsidy claims and workshops (numbers, no names): staff and
    leaders."""
    return has_role(user, Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.LEADER)


def can_see_register_detail(user, division) -> bool:
    """A base's or workshop's page names people: staff who keep the registers, a town clerk only
    for those located in the town."""
    return has_role(user, *FILE_READERS) and in_town(user, division)


def can_record_registers(user) -> bool:
    return has_role(user, *RECORDERS)
def can_declare_own_quota(user) -> bool:
    """An employer's account declares its organisation's year online (网上申报)."""
    return has_role(user, Role.EMPLOYER) and user.organisation_id is not None


# --- graduate registry (高校毕业生名册) -------------------------------------------------------------

def can_see_graduate_statistics(user) -> bool:
    """Per college and year: numbers, no names (staff and leaders)."""
    return can_see_statistics(user)


def can_see_graduate_list(user) -> bool:
    """The 离校未就业 follow-up list names persons: file readers (a town clerk: the town's)."""
    return has_role(user, *FILE_READERS)


def can_view_graduate(user, graduate) -> bool:
    """One graduation: the graduate, or whoever may see the person's employment file."""
    return can_view_person(user, graduate.person)
