"""Reads of the inspection plans, for pages, the API and the CLI."""

from __future__ import annotations

from django.db.models import Count, Q

from .enums import InspectionOutcome, PlanStatus
from .models import InspectionPlan, InspectionRecord

PUBLIC_STATUSES = (PlanStatus.POOLS_PUBLISHED, PlanStatus.DRAWN, PlanStatus.RESULTS_PUBLISHED)


def public_plans():
    return InspectionPlan.objects.filter(status__in=PUBLIC_STATUSES).annotate(
        n_records=Count("records"),
        n_done=Count("records", filter=~Q(records__outcome=InspectionOutcome.PENDING)),
    )


def plans_for(user, include_drafts: bool):
    qs = InspectionPlan.objects.all() if include_drafts else InspectionPlan.objects.filter(status__in=PUBLIC_STATUSES)
    return qs.annotate(
        n_records=Count("records"),
        n_done=Count("records", filter=~Q(records__outcome=InspectionOutcome.PENDING)),
    )


def plan(number: str, include_drafts: bool = False) -> InspectionPlan:
    qs = InspectionPlan.objects.all() if include_drafts else InspectionPlan.objects.filter(status__in=PUBLIC_STATUSES)
    return qs.get(number=number)


def records(plan: InspectionPlan):
    return (
        InspectionRecord.objects.filter(plan=plan)
        .select_related("organisation")
        .prefetch_related("inspectors")
        .order_by("draw_rank")
    )


def my_records(user):
    profile = getattr(user, "inspector_profile", None)
    if profile is None:
        return InspectionRecord.objects.none()
    return (
        InspectionRecord.objects.filter(inspectors=profile, plan__status=PlanStatus.DRAWN)
        .select_related("plan", "organisation")
        .order_by("outcome", "plan__number", "draw_rank")
    )


def outcome_counts(plan: InspectionPlan) -> dict[str, int]:
    rows = InspectionRecord.objects.filter(plan=plan).values("outcome").annotate(n=Count("pk"))
    counts = {value: 0 for value in InspectionOutcome.values}
    counts.update({r["outcome"]: r["n"] for r in rows})
    return counts


def agencies():
    """Registered HR service agencies with their latest credit grade (public list)."""
    from django.db.models import OuterRef, Subquery

    from zhihui.registry.enums import OrgKind
    from zhihui.registry.models import Organisation

    from .models import CreditEvaluation

    latest = CreditEvaluation.objects.filter(organisation=OuterRef("pk")).order_by("-created_at", "-pk")
    return (
        Organisation.objects.filter(kind=OrgKind.HR_AGENCY)
        .annotate(grade=Subquery(latest.values("grade")[:1]), score=Subquery(latest.values("score")[:1]))
        .prefetch_related("hr_licences")
        .order_by("name")
    )


def agency(uscc: str):
    from zhihui.registry.enums import OrgKind
    from zhihui.registry.models import Organisation

    return Organisation.objects.get(kind=OrgKind.HR_AGENCY, uscc=uscc)


def active_list_entries(on):
    from .enums import ListStatus
    from .models import ListEntry

    return (
        ListEntry.objects.filter(status=ListStatus.LISTED, listed_on__lte=on, listed_until__gte=on)
        .select_related("organisation")
        .order_by("-listed_on")
    )


def entries_for(user, organisation):
    from . import perms
    from .models import ListEntry

    qs = ListEntry.objects.filter(organisation=organisation).order_by("-created_at")
    if perms.can_see_credit_items(user, organisation):
        return qs
    from .enums import ListStatus

    return qs.filter(status__in=[ListStatus.LISTED, ListStatus.EXPIRED, ListStatus.REMOVED])


def declared_conflict(user, organisation) -> str:
    """The reason a staff member declared a conflict of interest with an organisation (one
    register for inspectors and arbitrators), or ""."""
    from .models import ConflictDeclaration

    return (ConflictDeclaration.objects.filter(inspector__user=user, organisation=organisation)
            .values_list("reason", flat=True).first() or "")


def listed_organisations(organisation_ids, on) -> dict[int, list]:
    """Organisation id → the dishonesty lists (ListEntry) it is on at `on` (published lists)."""
    out: dict[int, list] = {}
    ids = list(organisation_ids)
    if not ids:
        return out
    for entry in active_list_entries(on).filter(organisation_id__in=ids):
        out.setdefault(entry.organisation_id, []).append(entry)
    return out


def mediation_bodies(on, kind: str = ""):
    """The register of mediation bodies in existence at `on` (public)."""
    from django.db.models import Q as _Q

    from .models import MediationBody

    qs = MediationBody.objects.filter(established_on__lte=on).filter(_Q(dissolved_on__isnull=True) | _Q(dissolved_on__gt=on))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("organisation").order_by("kind", "name")
