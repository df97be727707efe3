"""免申即享: offers found by the sweep (zhihui/benefits, issue 3), seen and accepted here.

The sweep's results model (zhihui.benefits.models.BenefitOffer) belongs to zhihui/benefits; this
module is the only place the window touches it, so a change there is one edit here.
"""

from __future__ import annotations

from .models import Service


def offer_model():
    try:
        from zhihui.benefits.models import Offer
    except ImportError:
        return None
    return Offer


def offer_service(offer) -> Service:
    from .actions import WindowError

    service = Service.objects.filter(code=offer.benefit, active=True).first()
    if service is None:
        raise WindowError(f"待遇“{offer.benefit}”暂不能在窗口申领", "benefit")
    return service


def offer_applicant(offer):
    return getattr(offer, "person", None), getattr(offer, "organisation", None)


def offer_key(offer) -> str:
    return f"offer:{offer.pk}"


def check_open(offer) -> None:
    from .actions import WindowError

    status = getattr(offer, "status", "offered")
    if status not in ("offered", "accepted"):
        raise WindowError(f"该待遇当前为“{offer.get_status_display()}”，不能确认申领", "status")


def mark_accepted(actor, offer, application) -> None:
    from .actions import WindowError

    try:
        from zhihui.benefits.actions import mark_offer_accepted
    except ImportError:
        return
    try:
        mark_offer_accepted(actor, offer, application)
    except ValueError as exc:
        raise WindowError(str(exc), "status")


def offers_for(user):
    try:
        from zhihui.benefits.actions import offers_for as benefits_offers_for
    except ImportError:
        return []
    return benefits_offers_for(user)
