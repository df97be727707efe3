"""Reads of Skills Jiyuan: what each role may see, providers' public results, statistics."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q

from zhihui.core.perms import has_role
from zhihui.core.roles import Role

from . import perms
from .enums import VoucherStatus
from .models import Enrolment, Provider, Session, Voucher


def vouchers_for(user):
    qs = Voucher.objects.select_related("person", "provider__organisation", "programme", "certificate")
    if perms.is_office(user) or has_role(user, Role.REVIEWER):
        return qs
    if has_role(user, Role.CITIZEN) and user.person_id:
        return qs.filter(person_id=user.person_id)
    provider = perms.provider_of(user)
    if provider is not None:
        return qs.filter(provider=provider)
    return qs.none()


def sessions_for(user):
    qs = Session.objects.select_related("programme__provider__organisation")
    if perms.is_office(user) or has_role(user, Role.REVIEWER):
        return qs
    provider = perms.provider_of(user)
    if provider is not None:
        return qs.filter(programme__provider=provider)
    return qs.none()


def _rate(num: int, den: int) -> Decimal | None:
    return (Decimal(num) * 100 / Decimal(den)).quantize(Decimal("0.1")) if den else None


def provider_results(provider: Provider | None = None) -> list[dict]:
    """Each provider's results, public so that workers choose by need: trainees, completed,
    certified (a certificate recorded after enrolment), employed after training."""
    from zhihui.registry.models import Certificate, EmploymentRecord

    providers = Provider.objects.filter(active=True).select_related("organisation")
    if provider is not None:
        providers = providers.filter(pk=provider.pk)
    out = []
    for pr in providers.order_by("organisation__name"):
        enrolments = Enrolment.objects.filter(session__programme__provider=pr)
        agg = enrolments.aggregate(n=Count("pk"), done=Count("pk", filter=Q(completed=True)))
        done = enrolments.filter(completed=True).select_related("session")
        certified = employed = 0
        for e in done:
            if Certificate.objects.filter(person_id=e.person_id, obtained_on__gte=e.session.starts_on).exists():
                certified += 1
            if EmploymentRecord.objects.filter(person_id=e.person_id, start_date__lte=e.session.ends_on + dt.timedelta(days=183)).filter(
                    Q(end_date__isnull=True) | Q(end_date__gte=e.session.ends_on)).exists():
                employed += 1
        out.append({
            "provider": pr, "trainees": agg["n"], "completed": agg["done"], "certified": certified, "employed": employed,
            "completion_rate": _rate(agg["done"], agg["n"]), "cert_rate": _rate(certified, agg["done"]),
            "employment_rate": _rate(employed, agg["done"]),
            "programmes": list(pr.programmes.filter(active=True).select_related("occupation")),
        })
    return out


def voucher_counts() -> dict[str, int]:
    counts = dict(Voucher.objects.values_list("status").annotate(n=Count("pk")))
    return {s: counts.get(s, 0) for s in VoucherStatus.values}


def brand_figures() -> list[dict]:
    """Each 愚公 labour brand: members, trained (on a roster), certified, employed now."""
    from zhihui.registry.models import Certificate, EmploymentRecord

    from .enums import LabourBrand
    from .models import BrandMember

    out = []
    for value, label in LabourBrand.choices:
        ids = list(BrandMember.objects.filter(brand=value).values_list("person_id", flat=True))
        out.append({
            "brand": label, "members": len(ids),
            "trained": Enrolment.objects.filter(person_id__in=ids).values("person").distinct().count(),
            "certified": Certificate.objects.filter(person_id__in=ids).values("person").distinct().count(),
            "employed": EmploymentRecord.objects.filter(person_id__in=ids, end_date__isnull=True).values("person").distinct().count(),
        })
    return out
