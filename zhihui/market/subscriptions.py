"""Subscriptions: a job seeker asks to hear of new postings matching criteria (occupation code or
prefix, street/town, minimum monthly salary, key words of the board's search).

When a clerk publishes a posting (`actions.publish_posting`), `notify_for(posting)` writes one
`SubscriptionNotice` per matching active subscription (never twice for the same posting) and an
in-app message (window.Message) to the seeker's accounts, in the same transaction. Outbound:
an SMS only when the subscription asks for it AND the person has given the `sms` consent
(zhihui/privacy; withdrawn consent stops it at once) and has a phone number; an e-mail when asked
and an account has an address. Outbound sending happens after the commit (window/notify.py
adapters), so a rolled-back publication texts nobody.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from zhihui.core import audit
from zhihui.core.perms import require

from . import perms, search
from .enums import MAX_SUBSCRIPTIONS

log = logging.getLogger(__name__)


def clean(data) -> dict:
    import re

    from .actions import MarketError, _money, _text, _town

    occ = _text(data, "occupation", _("职业代码"), required=False, max_length=12)
    if occ and not re.fullmatch(r"\d(-\d{2}){0,3}", occ):
        raise MarketError("occupation", _("职业代码或前缀格式应为 N、N-NN、N-NN-NN 或 N-NN-NN-NN"))
    town = _text(data, "town_code", _("工作地点"), required=False, max_length=12)
    if town:
        _town(town)
    out = {
        "occupation": occ, "town_code": town,
        "salary_min": _money(data, "salary_min", _("最低月薪"), required=False),
        "keywords": _text(data, "keywords", _("关键词"), required=False, max_length=40),
        "by_sms": str(data.get("by_sms", "")).lower() in ("1", "true", "on", "yes"),
        "by_email": str(data.get("by_email", "")).lower() in ("1", "true", "on", "yes"),
    }
    if not (occ or town or out["salary_min"] is not None or out["keywords"]):
        raise MarketError("occupation", _("请至少填写一个条件(职业、地点、月薪或关键词)"))
    return out


@transaction.atomic
def subscribe(user, seeker, data):
    from .actions import MarketError
    from .models import Subscription

    require(perms.is_seeker_self(user, seeker), _("只能为本人订阅"))
    cleaned = clean(data)
    if seeker.subscriptions.filter(active=True).count() >= MAX_SUBSCRIPTIONS:
        raise MarketError("occupation", _("最多保留 %(n)d 个订阅，请先取消不用的") % {"n": MAX_SUBSCRIPTIONS})
    sub = Subscription.objects.create(seeker=seeker, **cleaned)
    audit.record(user, audit.Action.CREATE, sub, summary=f"market subscription {sub.pk}")
    return sub


@transaction.atomic
def cancel(user, sub):
    require(perms.is_seeker_self(user, sub.seeker), _("只能取消本人的订阅"))
    sub.active = False
    sub.save(update_fields=["active"])
    audit.record(user, audit.Action.UPDATE, sub, summary=f"market subscription {sub.pk} cancelled")
    return sub


def matches(sub, posting) -> bool:
    if sub.occupation and not (posting.occupation_code == sub.occupation
                               or posting.occupation_code.startswith(sub.occupation + "-")):
        return False
    if sub.town_code and sub.town_code != posting.town_code:
        return False
    if sub.salary_min is not None and posting.salary_max < sub.salary_min:
        return False
    if sub.keywords:
        have = set(posting.search_text.split())
        for w in search.query_terms(sub.keywords):
            if (w not in have) if len(w) > 1 else not any(t.startswith(w) for t in have):
                return False
    return True


def notify_for(posting) -> int:
    """Notices for a newly published posting; returns how many subscriptions matched."""
    from django.contrib.auth import get_user_model

    from zhihui.privacy.actions import has_consent
    from zhihui.window.models import Message
    from zhihui.window.notify import sms_backend

    from .models import Subscription, SubscriptionNotice

    candidates = (Subscription.objects.filter(active=True, seeker__active=True)
                  .filter(Q(town_code="") | Q(town_code=posting.town_code))
                  .filter(Q(salary_min__isnull=True) | Q(salary_min__lte=posting.salary_max))
                  .select_related("seeker__person"))
    User = get_user_model()
    n = 0
    for sub in candidates:
        if not matches(sub, posting):
            continue
        person = sub.seeker.person
        sms = bool(sub.by_sms and person.phone and has_consent(person, "sms"))
        _notice, created = SubscriptionNotice.objects.get_or_create(subscription=sub, posting=posting,
                                                                    defaults={"sms_sent": sms})
        if not created:
            continue
        n += 1
        text = _("订阅提醒：新岗位“%(t)s”(%(o)s，%(town)s，月薪 %(lo)s–%(hi)s 元)") % {
            "t": posting.title, "o": posting.organisation.name, "town": posting.town_name,
            "lo": f"{posting.salary_min:.0f}", "hi": f"{posting.salary_max:.0f}"}
        users = list(User.objects.filter(is_active=True, person_id=person.pk))
        Message.objects.bulk_create([Message(user=u, text=text[:300]) for u in users])
        emails = [u.email for u in users if u.email] if sub.by_email else []

        def send(phone=person.phone if sms else "", text=text, emails=emails):
            try:
                if phone:
                    sms_backend().send(phone, text)
                if emails:
                    from django.core.mail import send_mail

                    send_mail("【智汇】岗位订阅提醒", text, None, emails, fail_silently=True)
            except Exception:  # a gateway outage must not undo a publication
                log.exception("subscription notice for posting %s failed", posting.pk)

        transaction.on_commit(send)
    return n
