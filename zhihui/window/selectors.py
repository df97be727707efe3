"""Read-side queries of the one window (lists, queues, ledgers). Each list is one query for the
rows (select_related, only the columns shown) plus one COUNT — a query-count test guards it."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from .models import (
    CLOCK_STATUSES,
    Application,
    BankAccount,
    BankAccountStatus,
    Budget,
    PaymentInstruction,
    Status,
)
from .workdays import CalendarRangeError, official_calendar

LIST_COLUMNS = (
    "id", "number", "status", "channel", "period", "submitted_at", "accepted_on", "due_date",
    "due_date_provisional",
    "engine_status", "engine_total", "approved_total",
    "service__name", "service__code",
    "person__name", "person__id_number_masked",
    "organisation__name",
)

DUE_SOON_DAYS = getattr(settings, "ZHIHUI_WINDOW_DUE_SOON_DAYS", 3)


def _list(qs: QuerySet) -> QuerySet:
    return qs.select_related("service", "person", "organisation").only(*LIST_COLUMNS)


def window_list(*, status: str = "", service: str = "", q: str = "") -> QuerySet:
    """The window's list of all applications, newest first, filtered."""
    qs = Application.objects.all()
    if status:
        qs = qs.filter(status=status)
    if service:
        qs = qs.filter(service__code=service)
    q = (q or "").strip()
    if q:
        if q.upper().startswith("SQ"):
            qs = qs.filter(number__startswith=q.upper())
        else:
            qs = qs.filter(Q(person__name=q) | Q(organisation__name__startswith=q))
    return _list(qs).order_by("-submitted_at", "-id")


def overdue(today: dt.date | None = None) -> QuerySet:
    today = today or timezone.localdate()
    return _list(Application.objects.filter(status__in=CLOCK_STATUSES, due_date__lt=today)).order_by("due_date", "id")


def due_soon_limit(today: dt.date) -> dt.date:
    try:
        return official_calendar().add_working_days(today, DUE_SOON_DAYS)
    except CalendarRangeError:
        return today + dt.timedelta(days=DUE_SOON_DAYS + 2)


def due_soon(today: dt.date | None = None) -> QuerySet:
    """Open applications due today or within DUE_SOON_DAYS working days."""
    today = today or timezone.localdate()
    return _list(
        Application.objects.filter(status__in=CLOCK_STATUSES, due_date__gte=today, due_date__lte=due_soon_limit(today))
    ).order_by("due_date", "id")


def reviewer_queue(user) -> QuerySet:
    """What this reviewer took and must finish (reviewed, awaiting the decision), by due date."""
    return _list(Application.objects.filter(status__in=CLOCK_STATUSES, reviewer=user)).order_by("due_date", "id")


def unassigned_queue() -> QuerySet:
    """Accepted applications no reviewer has taken yet, most urgent first (two separate lists
    keep each one a single ordered index walk; an OR of both would sort every accepted row)."""
    return _list(Application.objects.filter(status=Status.ACCEPTED, reviewer__isnull=True)).order_by("due_date", "id")


def my_applications(user) -> QuerySet:
    if getattr(user, "person_id", None):
        qs = Application.objects.filter(person_id=user.person_id)
    elif getattr(user, "organisation_id", None):
        qs = Application.objects.filter(organisation_id=user.organisation_id)
    else:
        return Application.objects.none()
    return _list(qs).order_by("-submitted_at", "-id")


def counts(today: dt.date | None = None) -> dict:
    today = today or timezone.localdate()
    # Two indexed COUNTs are much cheaper than a GROUP BY over the whole table.
    return {
        "submitted": Application.objects.filter(status=Status.SUBMITTED).count(),
        "correction": Application.objects.filter(status=Status.CORRECTION).count(),
        "overdue": Application.objects.filter(status__in=CLOCK_STATUSES, due_date__lt=today).count(),
        "due_soon": Application.objects.filter(
            status__in=CLOCK_STATUSES, due_date__gte=today, due_date__lte=due_soon_limit(today)
        ).count(),
    }


def ledger(*, person=None, organisation=None, line: str = "", year: int | None = None, who: str = "") -> QuerySet:
    qs = PaymentInstruction.objects.select_related("application", "budget", "person", "organisation", "application__service")
    if person is not None:
        qs = qs.filter(person=person)
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    who = (who or "").strip()
    if who:
        qs = qs.filter(Q(person__name=who) | Q(organisation__name__startswith=who))
    if line:
        qs = qs.filter(budget__line=line)
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("year", "id")


def bank_accounts(*, status: str = BankAccountStatus.DECLARED, who: str = "") -> QuerySet:
    """Payees' bank accounts for the window's verification page: declared ones (awaiting
    verification) first by default, oldest declaration first; `who` is an exact person name or
    the start of an organisation name. The number itself is never selected for display: pages
    show `account_masked`."""
    qs = BankAccount.objects.select_related("person", "organisation", "declared_by")
    if status in BankAccountStatus.values:
        qs = qs.filter(status=status)
    who = (who or "").strip()
    if who:
        qs = qs.filter(Q(person__name=who) | Q(organisation__name__startswith=who))
    return qs.order_by("declared_at", "id")


def own_party(user) -> tuple:
    """(person, organisation) a signed-in user applies and is paid as: a citizen their own
    person, an employer its organisation (the person first when a user has both); (None, None)
    for neither."""
    if getattr(user, "person_id", None):
        return user.person, None
    if getattr(user, "organisation_id", None):
        return None, user.organisation
    return None, None


def own_bank_account(user) -> BankAccount | None:
    """The bank account declared for the user's own payee (`own_party`), or None."""
    person, organisation = own_party(user)
    if person is None and organisation is None:
        return None
    key = {"person": person} if person is not None else {"organisation": organisation}
    return BankAccount.objects.select_related("person", "organisation").filter(**key).first()


def budget_summary() -> list[dict]:
    """Per year and line: budget, committed, paid, and instructions by status."""
    rows = list(Budget.objects.order_by("-year", "line"))
    by = {
        (r["budget_id"], r["status"]): r
        for r in PaymentInstruction.objects.values("budget_id", "status").annotate(n=Count("id"), s=Sum("amount")).order_by()
    }
    out = []
    for b in rows:
        out.append({
            "budget": b,
            "scheduled": by.get((b.pk, "scheduled"), {}).get("s") or 0,
            "in_batch": by.get((b.pk, "in_batch"), {}).get("s") or 0,
            "failed": by.get((b.pk, "failed"), {}).get("s") or 0,
        })
    return out
