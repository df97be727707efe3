"""Write path of the benefits app: the sweep, and the subject's answer to an offer.

Every change is audited. The sweep writes one audit row per run (its counts), not one per offer:
its input is the registry and its rules version, both recorded, so any offer can be re-derived.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from zhihui.core import audit, jobs
from zhihui.core.errors import FieldError
from zhihui.core.perms import require

from . import perms
from .models import BenefitOffer, OfferStatus


class OfferError(FieldError):
    """A refused claim or decline; `field` names what is at fault (the offer's status)."""


def sweep(
    actor, as_of: dt.date, *, job_id: int | None = None, progress: bool = False, **kwargs
) -> dict:
    """Run the 免申即享 sweep at `as_of` and audit it. Returns the counts (SweepStats)."""
    from .sweep import run_sweep

    try:
        stats = run_sweep(as_of, job_id=job_id, progress=progress, **kwargs).as_dict()
    except Exception as exc:
        if job_id is not None:
            jobs.finish(job_id, failed=True, message=f"{type(exc).__name__}: {exc}"[:500])
        raise
    with transaction.atomic():
        audit.record(
            actor,
            audit.Action.UPDATE,
            object_type="benefits.sweep",
            object_id=as_of.isoformat(),
            summary=(
                f"免申即享筛查 {as_of.isoformat()} ({stats['package']}): 新增{stats['created']} "
                f"更新{stats['updated']} 重新推送{stats['reoffered']} 撤销{stats['withdrawn']}"
            ),
            after=stats,
        )
    if job_id is not None:
        jobs.finish(
            job_id,
            result=stats,
            message=f"新增 {stats['created']}，更新 {stats['updated']}，撤销 {stats['withdrawn']}，未变 {stats['unchanged']}",
        )
    return stats


def start_sweep_job(actor, as_of: dt.date):
    """Record a BackgroundJob and hand the sweep to Celery (run in-process when no broker)."""
    require(perms.can_run_sweep(actor), "无权运行免申即享筛查")
    job = jobs.start("benefits.sweep", f"免申即享筛查（{as_of.isoformat()}）", user=actor)
    from .tasks import sweep_task

    sweep_task.delay(as_of.isoformat(), job_id=job.pk, user_id=getattr(actor, "pk", None))
    job.refresh_from_db()
    return job


def _set_status(
    actor, offer: BenefitOffer, status: str, summary: str, application=None
) -> BenefitOffer:
    with transaction.atomic():
        offer = BenefitOffer.objects.select_for_update().get(pk=offer.pk)
        before = audit.snapshot(offer, ["status", "application"])
        offer.status = status
        offer.status_changed_at = timezone.now()
        fields = ["status", "status_changed_at"]
        if application is not None:
            offer.application = application
            fields.append("application")
        offer.save(update_fields=fields)
        audit.record(
            actor,
            audit.Action.TRANSITION,
            offer,
            summary=summary,
            before=before,
            after=audit.snapshot(offer, ["status", "application"]),
        )
    return offer


def mark_offer_accepted(actor, offer: BenefitOffer, application) -> BenefitOffer:
    """Called by the one window once the offer became an application (accept in one step)."""
    if offer.status not in (OfferStatus.OFFERED, OfferStatus.ACCEPTED):
        raise OfferError(f"status: 该待遇当前为“{offer.get_status_display()}”，不能确认申领", "status")
    return _set_status(
        actor, offer, OfferStatus.ACCEPTED, f"免申即享确认申领 {offer.benefit}", application
    )


def decline_offer(actor, offer: BenefitOffer) -> BenefitOffer:
    require(perms.can_decline_offer(actor, offer), "只能处理本人或本单位的待遇")
    if not offer.is_open:
        raise OfferError(f"status: 该待遇当前为“{offer.state_label}”，不能放弃", "status")
    return _set_status(actor, offer, OfferStatus.DECLINED, f"免申即享放弃 {offer.benefit}")


def offers_for(user):
    """The offers of the logged-in citizen (their Person) or employer (their Organisation),
    open ones first. Used by the citizen's page and the one window."""
    qs = BenefitOffer.objects.none()
    if getattr(user, "is_authenticated", False):
        if getattr(user, "person_id", None):
            qs = BenefitOffer.objects.filter(person_id=user.person_id)
        elif getattr(user, "organisation_id", None):
            qs = BenefitOffer.objects.filter(organisation_id=user.organisation_id)
    order = {
        OfferStatus.OFFERED: 0,
        OfferStatus.ACCEPTED: 1,
        OfferStatus.DECLINED: 2,
        OfferStatus.WITHDRAWN: 3,
    }
    return sorted(qs, key=lambda o: (order.get(o.status, 9), o.benefit))


def record_explanation_view(actor, subject, as_of: dt.date) -> None:
    """Opening a person's (or organisation's) benefit explanation is a read of their file."""
    label = getattr(subject, "id_number_masked", None) or getattr(subject, "name", "")
    audit.record(
        actor,
        audit.Action.VIEW,
        subject,
        summary=f"查看政策判定 {label} (判定日期 {as_of.isoformat()})",
    )


# A reminder is not repeated to the same account within this many days (a second click, a
# second clerk): the pending offer is still on their workbench.
NOTICE_REPEAT_DAYS = 7


def notify_pending_offers(actor, benefit: str, title: str = "") -> dict:
    """Remind every subject of a pending offer of `benefit` to confirm it: an in-app message to
    each of their accounts, and an SMS only to people who consented to SMS (zhihui.privacy
    consent "sms") and have a phone. One audit row with the counts."""
    from zhihui.privacy.actions import has_consent
    from zhihui.privacy.enums import ConsentPurpose
    from zhihui.window.models import Message
    from zhihui.window.notify import sms_backend

    require(perms.can_notify_offers(actor), "无权发送免申即享提醒")
    from django.contrib.auth import get_user_model

    User = get_user_model()
    text = f"【智汇】您符合“{title or benefit}”免申即享条件，登录后在“我的工作台”确认申领即可，无需提交材料。"[:300]
    since = timezone.now() - dt.timedelta(days=NOTICE_REPEAT_DAYS)
    offers = BenefitOffer.objects.filter(benefit=benefit, status=OfferStatus.OFFERED, application__isnull=True).select_related("person")
    counts = {"offers": 0, "messages": 0, "sms": 0, "no_consent": 0, "repeated": 0}
    sms: list[str] = []
    with transaction.atomic():
        for offer in offers.iterator(chunk_size=500):
            counts["offers"] += 1
            q = User.objects.filter(is_active=True)
            users = list(q.filter(person_id=offer.person_id) if offer.person_id else q.filter(organisation_id=offer.organisation_id))
            recent = set(Message.objects.filter(user__in=users, text=text, created_at__gte=since).values_list("user_id", flat=True))
            fresh = [u for u in users if u.pk not in recent]
            if users and not fresh:
                counts["repeated"] += 1
                continue
            Message.objects.bulk_create([Message(user=u, text=text) for u in fresh])
            counts["messages"] += len(fresh)
            if offer.person_id and offer.person.phone:
                if has_consent(offer.person, ConsentPurpose.SMS):
                    sms.append(offer.person.phone)
                else:
                    counts["no_consent"] += 1
        counts["sms"] = len(sms)
        audit.record(actor, audit.Action.UPDATE, object_type="benefits.benefitoffer", object_id=benefit,
                     summary=f"免申即享提醒 {benefit}: {counts}"[:255])

        def send():
            backend = sms_backend()
            for phone in sms:
                try:
                    backend.send(phone, text)
                except Exception:  # a gateway outage must not undo the in-app reminders
                    import logging

                    logging.getLogger(__name__).exception("offer reminder SMS failed")

        transaction.on_commit(send)
    return counts
