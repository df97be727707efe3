"""Who may see and act on labour-rights cases.

- parties see their own cases only: the applicant (citizen) hers; an employer the cases against
  it — but never who complained to the labour inspectorate (举报人保密);
- arbitrators and inspectors (reviewers) see the cases assigned to them; intake clerks and the
  department administrator (the committee's office) see all;
- leaders see the indicators, not the files; auditors neither (issue 12: the audit log).
Out-of-scope cases answer 404.
"""

from __future__ import annotations

from zhihui.core.perms import has_role
from zhihui.core.roles import Role

OFFICE = (Role.CLERK, Role.ADMIN)


def is_applicant(user, case) -> bool:
    return has_role(user, Role.CITIZEN) and user.person_id is not None and user.person_id == case.applicant_id


def is_respondent(user, case) -> bool:
    return has_role(user, Role.EMPLOYER) and user.organisation_id is not None and user.organisation_id == case.respondent_id


def can_view(user, case) -> bool:
    if has_role(user, *OFFICE) or is_applicant(user, case) or is_respondent(user, case):
        return True
    return has_role(user, Role.REVIEWER) and (case.handler_id == user.pk or sits_on(user, case))


def sits_on(user, case) -> bool:
    """A sitting member of the case's tribunal (仲裁庭)."""
    return case.panel.filter(arbitrator_id=user.pk, removed_at__isnull=True).exists()


def can_set_panel(user) -> bool:
    """The committee's office forms the tribunal."""
    return has_role(user, *OFFICE)


def can_decide_recusal(user) -> bool:
    """劳动争议调解仲裁法 第三十六条: the committee's chair decides (the department administrator)."""
    return has_role(user, Role.ADMIN)


def evidence_party(user, case) -> str | None:
    """Who a user files evidence as in this case, or None when they may not."""
    if is_applicant(user, case):
        return "applicant"
    if is_respondent(user, case) and case.kind != "inspection":
        return "respondent"
    if has_role(user, *OFFICE) or (has_role(user, Role.REVIEWER) and can_view(user, case)):
        return "office"
    return None


def sees_all_evidence(user, case) -> bool:
    """The respondent of a labour-inspection complaint sees no evidence (it could name the
    complainant); otherwise every party sees the case's evidence (质证)."""
    return not (case.kind == "inspection" and is_respondent(user, case))


def may_see_applicant(user, case) -> bool:
    if case.kind == "inspection" and is_respondent(user, case):
        return False
    return not case.anonymous or has_role(user, *OFFICE)


def can_file(user) -> bool:
    """Citizens file online for themselves; clerks at the window for anyone."""
    return has_role(user, Role.CITIZEN, *OFFICE)


def can_see_kpis(user) -> bool:
    return has_role(user, Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.LEADER)


DECIDERS = (Role.REVIEWER, Role.ADMIN)


def can_manage_projects(user) -> bool:
    return has_role(user, *OFFICE)


def can_keep_roster(user, project) -> bool:
    """The office, or the general contractor's own account (its labour manager keeps the
    real-name roster and imports the bank's payroll files)."""
    if has_role(user, *OFFICE):
        return True
    return has_role(user, Role.EMPLOYER) and user.organisation_id is not None and user.organisation_id == project.contractor_id


def can_see_project(user, project) -> bool:
    return can_keep_roster(user, project) or has_role(user, Role.REVIEWER)
