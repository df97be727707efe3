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
