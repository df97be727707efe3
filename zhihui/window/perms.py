"""Who may do what at the one window. Views, API and CLI check these; actions re-check."""

from __future__ import annotations

from zhihui.core.perms import has_role
from zhihui.core.roles import Role

STAFF = (Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.LEADER, Role.AUDITOR)
# Least privilege (issue 12, found 3): the auditor reads the audit log, not the cases; a leader
# opens an application only to decide a quota override, never its attachments or the ledger.
CASE_READERS = (Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.LEADER)
ATTACHMENT_READERS = (Role.CLERK, Role.REVIEWER, Role.ADMIN)


def is_own(user, application) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if application.person_id and user.person_id == application.person_id:
        return True
    return bool(application.organisation_id and user.organisation_id == application.organisation_id)


def can_view(user, application) -> bool:
    return has_role(user, *CASE_READERS) or is_own(user, application)


def can_list_cases(user) -> bool:
    """The window's lists of applications (desk, API list)."""
    return has_role(user, *CASE_READERS)


def can_open_attachment(user, application) -> bool:
    return has_role(user, *ATTACHMENT_READERS) or is_own(user, application)


def can_apply_for(user, person=None, organisation=None) -> bool:
    """Citizens for themselves, employers for their organisation, clerks for anyone (代办)."""
    if has_role(user, Role.CLERK, Role.ADMIN):
        return True
    if person is not None:
        return has_role(user, Role.CITIZEN) and user.person_id == person.pk
    if organisation is not None:
        return has_role(user, Role.EMPLOYER) and user.organisation_id == organisation.pk
    return False


def can_work_window(user) -> bool:
    """Accept, ask for correction, see the overdue and due-soon lists."""
    return has_role(user, Role.CLERK, Role.ADMIN)


def can_review(user) -> bool:
    return has_role(user, Role.REVIEWER, Role.ADMIN)


def can_withdraw(user, application) -> bool:
    return is_own(user, application) or has_role(user, Role.CLERK, Role.ADMIN)


def can_answer_correction(user, application) -> bool:
    return is_own(user, application) or has_role(user, Role.CLERK, Role.ADMIN)


def can_override_quota(user) -> bool:
    return has_role(user, Role.LEADER)


def can_manage_payments(user) -> bool:
    """Payment batches for the finance bureau, reconciliation, budgets."""
    return has_role(user, Role.ADMIN)


def can_see_payments(user) -> bool:
    """The ledger names people and amounts: the department administrator, finance and
    reviewers (who decide the amounts); leaders read aggregates on the plan dashboard."""
    return has_role(user, Role.ADMIN, Role.FINANCE, Role.REVIEWER)


def can_export_payment_file(user) -> bool:
    """The payment file with full identity and account numbers: the finance role only (the
    batch's creation and release stay with two department administrators)."""
    return has_role(user, Role.FINANCE)


def can_declare_bank_account(user, person=None, organisation=None) -> bool:
    """A citizen for themselves, an employer for its organisation, a clerk on someone's behalf."""
    if has_role(user, Role.CLERK, Role.ADMIN):
        return True
    if person is not None:
        return has_role(user, Role.CITIZEN) and user.person_id == person.pk
    if organisation is not None:
        return has_role(user, Role.EMPLOYER) and user.organisation_id == organisation.pk
    return False


def owns_bank_account(user, account) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if account.person_id:
        return has_role(user, Role.CITIZEN) and user.person_id == account.person_id
    return has_role(user, Role.EMPLOYER) and user.organisation_id == account.organisation_id


def can_see_bank_account(user, account) -> bool:
    """The masked account: its payee, the window (who declares and verifies on someone's
    behalf) and those who see the ledger it is paid from."""
    return owns_bank_account(user, account) or has_role(user, Role.CLERK, Role.ADMIN, Role.FINANCE, Role.REVIEWER)


def can_verify_bank_account(user, account=None) -> bool:
    """A clerk or the department administrator, having seen the bank card or the bank's
    confirmation, marks a declared account verified; never the one who declared it (separation
    of duties: the person who typed the number does not also vouch for it)."""
    if not has_role(user, Role.CLERK, Role.ADMIN):
        return False
    return account is None or account.declared_by_id != user.pk


def can_manage_calendar(user) -> bool:
    return has_role(user, Role.ADMIN)
