"""Reads of Skills Jiyuan: what each role may see, providers' public results, statistics."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Avg, Count, Q

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


def provider_results(provider: Provider | None = None, today=None) -> list[dict]:
    """Each provider's results, public so that workers choose by need: trainees, completed,
    certified (a certificate obtained on or after the session's start), employed within six
    months of the end, and the average monthly income gain after training (definitions in
    zhihui/skills/stats.py), over the sessions that started in the last
    `providers.results_years` calendar years. One grouped query for all providers."""
    import datetime as dt

    from django.utils import timezone

    from zhihui.core.params import value

    from .stats import outcomes

    today = today or timezone.localdate()
    since = dt.date(today.year - int(value("skills", "providers.results_years", today)) + 1, 1, 1)
    providers = Provider.objects.filter(active=True).select_related("organisation").prefetch_related("programmes__occupation")
    if provider is not None:
        providers = providers.filter(pk=provider.pk)
    enrolments = Enrolment.objects.filter(session__programme__provider__in=providers, session__starts_on__gte=since)
    figures = {r["grp"]: r for r in outcomes(enrolments, "session__programme__provider")}
    out = []
    for pr in providers.order_by("organisation__name"):
        f = figures.get(pr.pk, {})
        n, done, certified, employed = f.get("n", 0), f.get("done", 0), f.get("certified", 0), f.get("employed", 0)
        gain = f.get("income_gain")
        out.append({
            "provider": pr, "trainees": n, "completed": done, "certified": certified, "employed": employed,
            "completion_rate": _rate(done, n), "cert_rate": _rate(certified, done), "employment_rate": _rate(employed, done),
            "income_gain": gain, "income_known": f.get("income_known", 0),
            "programmes": [pg for pg in pr.programmes.all() if pg.active], "since": since,
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


def register_summary() -> dict:
    """The registers in aggregate, without names (what leaders and reviewers see): competitions
    with their entries, awards and titles counted; studios, training bases, chief technicians,
    apprenticeships and 1+X certificates counted by kind, level or year; the labour brands."""
    from django.db.models import Sum
    from django.db.models.functions import ExtractYear

    from .models import Apprenticeship, ChiefTechnician, Competition, OnePlusX, Studio, TrainingBase

    competitions = Competition.objects.annotate(
        n_entries=Count("entries"), n_awards=Count("entries", filter=~Q(entries__award="")),
        n_titles=Count("entries", filter=~Q(entries__title="")))[:50]
    studios = Studio.objects.values("kind", "level").annotate(n=Count("pk"), funding=Sum("funding")).order_by("kind", "level")
    bases = TrainingBase.objects.values("kind", "level").annotate(n=Count("pk"), stations=Sum("stations"),
                                                                     funding=Sum("funding")).order_by("kind", "level")
    chiefs = ChiefTechnician.objects.annotate(y=ExtractYear("appointed_on")).values("y").annotate(
        n=Count("pk"), firms=Count("firm", distinct=True), allowance=Avg("monthly_allowance")).order_by("-y")
    apprentices = Apprenticeship.objects.annotate(y=ExtractYear("starts_on")).values("y").annotate(
        n=Count("pk"), firms=Count("firm", distinct=True), subsidy=Sum("subsidy")).order_by("-y")
    one_plus_x = OnePlusX.objects.values("certificate__skill_level").annotate(n=Count("pk")).order_by("certificate__skill_level")
    return {"competitions": competitions, "studios": _labelled(studios, Studio), "bases": _labelled(bases, TrainingBase),
            "chiefs": list(chiefs), "apprentices": list(apprentices), "one_plus_x": _level_labels(one_plus_x)}


def _labelled(rows, model) -> list[dict]:
    kinds = dict(model._meta.get_field("kind").choices)
    levels = dict(model._meta.get_field("level").choices)
    return [{**r, "kind_label": kinds.get(r["kind"], r["kind"]), "level_label": levels.get(r["level"], r["level"])} for r in rows]


def _level_labels(rows) -> list[dict]:
    from zhihui.registry.enums import SkillLevel

    labels = dict(SkillLevel.choices)
    return [{"level": labels.get(r["certificate__skill_level"], r["certificate__skill_level"] or "—"), "n": r["n"]} for r in rows]


def brand_chart(brands: list[dict]) -> dict:
    """ECharts option: the ten labour brands' members, trained, certified and employed."""
    series = [("成员", "members"), ("参加培训", "trained"), ("持证", "certified"), ("在岗就业", "employed")]
    return {
        "tooltip": {"trigger": "axis"}, "legend": {"data": [n for n, _k in series]},
        "xAxis": {"type": "category", "data": [b["brand"] for b in brands], "axisLabel": {"rotate": 30}},
        "yAxis": {"type": "value"},
        "series": [{"name": n, "type": "bar", "data": [b[k] for b in brands]} for n, k in series],
    }
