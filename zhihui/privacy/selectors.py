"""Reads of the privacy app, and everything held about one person (the access right)."""

from __future__ import annotations

from django.utils import timezone

from zhihui.core import audit
from zhihui.optional import import_optional

from .enums import RequestStatus
from .models import (
    Consent,
    ExportRecord,
    FieldCorrection,
    ProcessingRestriction,
    RightsRequest,
    SharingRecord,
)


def is_restricted(person) -> bool:
    return ProcessingRestriction.objects.filter(person=person, lifted_at__isnull=True).exists()


def live_restriction(person) -> ProcessingRestriction | None:
    """The restriction in force for a person (the latest), or None: what staff pages mark."""
    if person is None or getattr(person, "pk", None) is None:
        return None
    return ProcessingRestriction.objects.filter(person=person, lifted_at__isnull=True).order_by("-since", "-id").first()


def restricted_person_ids() -> set[int]:
    """Ids of every person whose processing is restricted (PIPL art. 44): the 免申即享 sweep
    neither screens them nor changes their offers; SMS are not sent to them."""
    return set(ProcessingRestriction.objects.filter(lifted_at__isnull=True).values_list("person_id", flat=True))


def requests_of(person):
    return RightsRequest.objects.filter(person=person)


def open_requests():
    return (RightsRequest.objects.filter(status__in=[RequestStatus.SUBMITTED, RequestStatus.IN_PROGRESS])
            .select_related("person").order_by("due_on", "id"))


def overdue_requests(today=None):
    return open_requests().filter(due_on__lt=today or timezone.localdate())


def sharing_of(person):
    return SharingRecord.objects.filter(persons=person)


def held_beyond_registry(person) -> dict:
    """Applications, payments, offers, cards, consents, requests, corrections and sharing of a
    person: what a resident's download of their own file adds to the registry's sections."""
    out: dict[str, list] = {}
    window = import_optional("zhihui.window.models")
    if window is not None:
        out["applications"] = [
            {"number": a.number, "service": a.service.name, "status": a.status, "submitted_at": a.submitted_at.isoformat(),
             "decided_at": a.decided_at.isoformat() if getattr(a, "decided_at", None) else None,
             "approved_total": str(a.approved_total) if a.approved_total is not None else None,
             "attachments": [att.original_name for att in a.attachments.all()]}
            for a in window.Application.objects.filter(person=person).select_related("service").prefetch_related("attachments")
        ]
        out["payments"] = [
            {"application": p.application.number, "year": p.year, "amount": str(p.amount), "status": p.status,
             "paid_on": p.paid_on.isoformat() if p.paid_on else None}
            for p in window.PaymentInstruction.objects.filter(person=person).select_related("application")
        ]
    benefits = import_optional("zhihui.benefits.models")
    if benefits is not None:
        out["benefit_offers"] = [
            {"benefit": o.benefit, "period": o.period, "status": o.status, "total": str(o.total)}
            for o in benefits.BenefitOffer.objects.filter(person=person)
        ]
    talent = import_optional("zhihui.talent.models")
    if talent is not None:
        out["talent_cards"] = [
            {"number": c.number, "status": c.status, "issued_on": c.issued_on.isoformat(), "valid_until": c.valid_until.isoformat()}
            for c in talent.TalentCard.objects.filter(person=person)
        ]
    out["consents"] = [audit.snapshot(c) for c in Consent.objects.filter(person=person)]
    out["rights_requests"] = [
        {"number": r.number, "kind": r.kind, "status": r.status, "submitted_at": r.submitted_at.isoformat(),
         "due_on": r.due_on.isoformat(), "decision": r.decision} for r in requests_of(person)
    ]
    out["corrections"] = [
        {"field": c.field, "old": c.old_value, "new": c.new_value, "applied_at": c.applied_at.isoformat()}
        for c in FieldCorrection.objects.filter(person=person)
    ]
    out["shared_with_other_bodies"] = [
        {"recipient": s.recipient, "purpose": s.purpose, "categories": s.categories, "legal_basis": s.legal_basis,
         "at": s.shared_at.isoformat()} for s in sharing_of(person)
    ]
    out["exports_of_this_file"] = [
        {"by": e.actor_label, "purpose": e.purpose, "at": e.at.isoformat()} for e in ExportRecord.objects.filter(person=person)
    ]
    out["restrictions"] = [{"scope": r.scope, "since": r.since.isoformat(), "lifted_at": r.lifted_at.isoformat() if r.lifted_at else None}
                           for r in ProcessingRestriction.objects.filter(person=person)]
    return out
