"""Reads of the inspection plans, for pages, the API and the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from django.db.models import Count, Q

from zhihui.core.params import value

from . import perms
from .credit import licences_in_force
from .enums import Cover, InspectionOutcome, PlanStatus
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


# --- Collective contracts, campaigns, dispatch, new-form workers' covers -----------------------


def collective_contracts_for(user):
    """Staff see every filing; an employer its own."""
    from .models import CollectiveContract

    qs = CollectiveContract.objects.select_related("organisation")
    if perms.can_see_collective(user):
        return qs
    if getattr(user, "organisation_id", None) and perms.is_own_organisation(user, user.organisation):
        return qs.filter(organisation_id=user.organisation_id)
    return qs.none()


def campaigns():
    from django.db.models import Count, Q

    from .models import Campaign

    return Campaign.objects.annotate(
        n_findings=Count("findings", distinct=True),
        n_unlicensed=Count("findings", filter=Q(findings__unlicensed=True), distinct=True),
        n_models=Count("models", filter=Q(models__revoked_on__isnull=True), distinct=True),
    )


def model_agencies(on):
    """Agencies holding a standing model honour (public)."""
    from .models import ModelAgency

    return ModelAgency.objects.filter(revoked_on__isnull=True, named_on__lte=on).select_related("organisation", "campaign")


@dataclass(frozen=True)
class DispatchAlert:
    report: object
    share: Decimal
    max_share: Decimal
    over_by: int  # dispatched workers above what the cap allows at this many contract employees
    reasons: tuple[str, ...]


def dispatch_check(report) -> DispatchAlert | None:
    """The cap of 劳务派遣暂行规定 第四条 on the report's date: dispatched ≤ max_share × (contract
    employees + dispatched). Also alerts a dispatch firm with no dispatch licence in force
    (劳动合同法 第五十七条). None when the report is within the law."""
    from django.utils.translation import gettext

    from .enums import LicenceKind

    cap = Decimal(value("regulation", "dispatch.max_share", report.as_of))
    share = (Decimal(report.dispatched_workers) / Decimal(report.total)).quantize(Decimal("0.0001"))
    allowed = int((cap * report.contract_employees / (1 - cap)).to_integral_value(rounding=ROUND_FLOOR)) if cap < 1 else report.dispatched_workers
    reasons = []
    if share > cap:
        reasons.append(gettext("被派遣劳动者占用工总量 %(s)s，超过 %(c)s（劳务派遣暂行规定 第四条）")
                       % {"s": f"{share:.2%}", "c": f"{cap:.0%}"})
    firm = report.dispatch_firm
    if firm is not None and report.dispatched_workers and not licences_in_force(firm, report.as_of,
                                                                                LicenceKind.DISPATCH):
        reasons.append(gettext("劳务派遣单位 %(f)s 无有效的劳务派遣经营许可（劳动合同法 第五十七条）") % {"f": firm.name})
    if not reasons:
        return None
    return DispatchAlert(report, share, cap, max(0, report.dispatched_workers - allowed), tuple(reasons))


def latest_dispatch_reports(on, organisation=None) -> list:
    """Each user firm's latest report on or before `on`."""
    from .models import DispatchReport

    qs = DispatchReport.objects.filter(as_of__lte=on)
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    qs = qs.select_related("organisation", "dispatch_firm").prefetch_related("dispatch_firm__hr_licences")
    latest = {}
    for r in qs.order_by("organisation_id", "-as_of"):
        latest.setdefault(r.organisation_id, r)
    return list(latest.values())


def dispatch_alerts(on) -> list[DispatchAlert]:
    return [a for a in (dispatch_check(r) for r in latest_dispatch_reports(on)) if a is not None]


def cover_returns():
    from django.db.models import Count, Q

    from .models import CoverReturn

    return CoverReturn.objects.select_related("platform").annotate(**{
        f"n_{c}": Count("lines", filter=Q(**{f"lines__{c}": True})) for c in Cover.values
    })


def cover_gaps(ret):
    """The workers of a return without occupational-injury cover, then without pension (masked
    identity numbers on the page)."""
    return ret.lines.select_related("person").filter(Q(occupational_injury=False) | Q(pension=False)).order_by(
        "occupational_injury", "pension", "person__name")
