"""Notifications: an in-app message for every status change, SMS and e-mail through adapters.

SMS backends: "console" (prints, the default), "locmem" (kept in `outbox`, for tests), or a
dotted path to a class with `send(phone, text)`. E-mail uses Django's EMAIL_BACKEND (console by
default). Outbound messages are sent after the transaction commits, so a rolled-back action
never texts anyone.
"""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)

outbox: list[tuple[str, str]] = []  # the locmem SMS backend's sent messages


class ConsoleSMSBackend:
    def send(self, phone: str, text: str) -> None:
        masked = phone[:3] + "****" + phone[-4:] if len(phone) >= 7 else "****"
        sys.stdout.write(f"[SMS to {masked}] {text}\n")


class LocmemSMSBackend:
    def send(self, phone: str, text: str) -> None:
        outbox.append((phone, text))


def sms_backend():
    name = getattr(settings, "ZHIHUI_SMS_BACKEND", "console") or "console"
    if name == "console":
        return ConsoleSMSBackend()
    if name == "locmem":
        return LocmemSMSBackend()
    return import_string(name)()


def recipients(application):
    """Accounts that should hear about an application: the applicant's own accounts."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    q = User.objects.filter(is_active=True)
    if application.person_id:
        return list(q.filter(person_id=application.person_id))
    return list(q.filter(organisation_id=application.organisation_id))


def sms_allowed(person) -> bool:
    """SMS only with the person's recorded consent and no restriction of processing (the privacy
    app decides: zhihui.privacy.actions.may_text); a skipped SMS is logged with its cause, never
    the number. Without the privacy app no consent can be on record: no SMS."""
    from zhihui.optional import import_optional

    privacy = import_optional("zhihui.privacy.actions")
    ok, why = privacy.may_text(person) if privacy is not None else (False, "no_privacy_app")
    if not ok:
        log.info("SMS not sent to person %s: %s", getattr(person, "pk", None), why)
    return ok


def notify(application, text: str) -> None:
    """In-app message now (same transaction); SMS (with consent) and e-mail once the transaction
    commits. The in-app message needs no consent: it answers the person's own application."""
    from .models import Message

    users = recipients(application)
    Message.objects.bulk_create([Message(user=u, application=application, text=text[:300]) for u in users])
    phone = application.person.phone if application.person_id else ""
    if phone and not sms_allowed(application.person):
        phone = ""
    emails = [u.email for u in users if u.email]

    def send_outbound():
        try:
            if phone:
                sms_backend().send(phone, text)
            if emails:
                send_mail(f"【智汇】申请 {application.number}", text, None, emails, fail_silently=True)
        except Exception:  # an SMS gateway outage must not break the window
            log.exception("outbound notification for %s failed", application.number)

    transaction.on_commit(send_outbound)
