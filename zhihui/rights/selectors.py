"""Reads of labour-rights cases: lists per role, deadlines, and the indicators (KPIs)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Q

from zhihui.core.perms import has_role
from zhihui.core.roles import Role

from .enums import CLOSED, CaseKind, CaseStatus
from .models import Case

OPEN = [s for s in CaseStatus.values if s not in CLOSED]


def cases_for(user):
    """The cases a user may see (parties their own, arbitrators theirs, the office all)."""
    qs = Case.objects.select_related("respondent", "applicant", "handler")
    if has_role(user, Role.CLERK, Role.ADMIN):
        return qs
    if has_role(user, Role.REVIEWER):  # the handler, and every sitting member of the tribunal
        return qs.filter(Q(handler=user) | Q(panel__arbitrator=user, panel__removed_at__isnull=True)).distinct()
    if has_role(user, Role.CITIZEN) and user.person_id:
        return qs.filter(applicant_id=user.person_id)
    if has_role(user, Role.EMPLOYER) and user.organisation_id:
        return qs.filter(respondent_id=user.organisation_id)
    return qs.none()


def deadline_of(case: Case) -> dt.date | None:
    return case.accept_due if case.status == CaseStatus.RECEIVED else case.decide_due


def overdue(qs, today: dt.date):
    return qs.filter(
        Q(status=CaseStatus.RECEIVED, accept_due__lt=today) | (~Q(status__in=[*CLOSED, CaseStatus.RECEIVED]) & Q(decide_due__lt=today))
    )


def due_soon(qs, today: dt.date, until: dt.date):
    return qs.filter(
        Q(status=CaseStatus.RECEIVED, accept_due__gte=today, accept_due__lte=until)
        | (~Q(status__in=[*CLOSED, CaseStatus.RECEIVED]) & Q(decide_due__gte=today, decide_due__lte=until))
    )


def _rate(num: int, den: int) -> Decimal | None:
    return (Decimal(num) * 100 / Decimal(den)).quantize(Decimal("0.1")) if den else None


def kpis(year: int) -> dict[str, dict]:
    """Table 1 rows 24–26 computed from the cases (definitions in docs/rights.md).

    - mediation success rate (T1-24): disputes settled by agreement (mediation agreements and
      arbitration closed by mediation) ÷ mediation and arbitration cases concluded in the year,
      withdrawals and refusals left out;
    - arbitration closure rate (T1-25): arbitration cases closed in the year ÷ (accepted in the
      year + accepted earlier and still open on 1 January);
    - inspection closure rate (T1-26): accepted complaints closed in the year ÷ (accepted in the
      year + accepted earlier and still open on 1 January).
    """
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    concluded = Case.objects.filter(kind__in=[CaseKind.MEDIATION, CaseKind.ARBITRATION], closed_on__range=(start, end)) \
        .exclude(status__in=[CaseStatus.WITHDRAWN, CaseStatus.NOT_ACCEPTED])
    settled = concluded.filter(status=CaseStatus.MEDIATED).count()
    out = {"T1-24": {"numerator": settled, "denominator": concluded.count(), "value": _rate(settled, concluded.count())}}
    for code, kind in (("T1-25", CaseKind.ARBITRATION), ("T1-26", CaseKind.INSPECTION)):
        accepted = Case.objects.filter(kind=kind, accepted_on__isnull=False)
        load = accepted.filter(accepted_on__range=(start, end)).count() + accepted.filter(
            accepted_on__lt=start).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start)).count()
        closed = accepted.filter(closed_on__range=(start, end)).count()
        out[code] = {"numerator": closed, "denominator": load, "value": _rate(closed, load)}
    return out


def open_arrears(organisation_ids) -> dict[int, dict]:
    """Employers with an open wage-arrears case (a labour-inspection case with workers' arrears
    on it, not closed): organisation id → {"cases": n, "owed": total owed less recovered}.
    What the job market marks on postings and the employment early warning reads."""
    from django.db.models import Count, F, Sum

    from .models import ArrearsLine

    ids = list(organisation_ids)
    if not ids:
        return {}
    rows = (ArrearsLine.objects.filter(case__kind=CaseKind.INSPECTION, case__respondent_id__in=ids)
            .exclude(case__status__in=CLOSED)
            .values("case__respondent_id")
            .annotate(cases=Count("case", distinct=True), owed=Sum(F("owed") - F("recovered"))))
    return {r["case__respondent_id"]: {"cases": r["cases"], "owed": Decimal(r["owed"] or 0).quantize(Decimal("0.01"))}
            for r in rows}
