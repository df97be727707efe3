"""The privacy app's only write path: consents, rights requests, exports and sharing.

Every function runs in one transaction and writes its audit row in it. Rights requests move
only through `workflows.RIGHTS_REQUEST` (state, role, owner, separation of duties)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from zhihui.core import audit, crypto
from zhihui.core import files as files_mod
from zhihui.core.errors import FieldError
from zhihui.core.perms import require
from zhihui.core.workflow import history_of

from . import perms
from .enums import (
    CORRECTABLE_FIELDS,
    NOTICE_VERSION,
    RIGHTS_RESPONSE_WORKING_DAYS,
    SENSITIVE_PURPOSES,
    ConsentPurpose,
    RequestKind,
    RequestStatus,
)
from .models import (
    Consent,
    ExportRecord,
    FieldCorrection,
    ProcessingRestriction,
    RightsRequest,
    RightsRequestTransition,
    SharingRecord,
)
from .workflows import RIGHTS_REQUEST


class PrivacyError(FieldError):
    """A refused request; `field` names the input at fault."""


# --- Consents --------------------------------------------------------------------------------


@transaction.atomic
def give_consent(actor, person, purpose: str) -> Consent:
    """One consent for one purpose; sensitive purposes are never bundled with others."""
    require(perms.is_owner(actor, person), gettext("只有本人可以作出同意"))
    if purpose not in ConsentPurpose.values:
        raise PrivacyError(gettext("purpose: 未知的用途 %(p)s") % {"p": purpose}, "purpose")
    live = Consent.objects.filter(person=person, purpose=purpose, withdrawn_at__isnull=True).first()
    if live is not None:
        return live
    c = Consent.objects.create(person=person, purpose=purpose, notice_version=NOTICE_VERSION, given_by=actor)
    audit.record(actor, audit.Action.CREATE, c, summary=f"同意 {purpose}" + (" (敏感个人信息，单独同意)" if purpose in SENSITIVE_PURPOSES else ""))
    return c


@transaction.atomic
def withdraw_consent(actor, consent: Consent) -> Consent:
    require(perms.is_owner(actor, consent.person), gettext("只有本人可以撤回同意"))
    c = Consent.objects.select_for_update().get(pk=consent.pk)
    if c.withdrawn_at is None:
        c.withdrawn_at = timezone.now()
        c.save(update_fields=["withdrawn_at"])
        audit.record(actor, audit.Action.UPDATE, c, summary=f"撤回同意 {c.purpose}")
    return c


def has_consent(person, purpose: str) -> bool:
    return Consent.objects.filter(person=person, purpose=purpose, withdrawn_at__isnull=True).exists()


# --- Rights requests -------------------------------------------------------------------------


def _due(today: dt.date) -> dt.date:
    from zhihui.window.workdays import official_calendar

    return official_calendar().due_date(today, RIGHTS_RESPONSE_WORKING_DAYS, ())


def _validated_value(field: str, value: str) -> tuple[str, str]:
    """(clear value, value for the history: masked for identity numbers)."""
    from zhihui.registry import actions as registry_actions
    from zhihui.registry.ids import InvalidIdentifier, validate_id_number

    value = (value or "").strip()
    try:
        if field == "id_number":
            rid = validate_id_number(value, "new_value")
            return rid.number, rid.masked
        if field == "name":
            name = registry_actions._name(value, "new_value")
            return name, name
        if field == "phone":
            phone = registry_actions._phone(value)
            return phone, phone
    except InvalidIdentifier as exc:
        raise PrivacyError(str(exc), "new_value")
    raise PrivacyError(gettext("field: 此项不能通过更正申请修改"), "field")


@transaction.atomic
def file_request(actor, person, kind: str, *, details: str = "", field: str = "", new_value: str = "",
                 evidence=None, today: dt.date | None = None) -> RightsRequest:
    """A request to access, correct, delete, close the account or restrict processing.

    A correction names the field and the new value and carries evidence (a PDF or image of the
    document: 户口簿, 身份证 …): it is checked like every upload and kept with its SHA-256."""
    require(perms.can_file_for(actor, person), gettext("无权为该人员提出请求"))
    if kind not in RequestKind.values:
        raise PrivacyError(gettext("kind: 未知的请求类型"), "kind")
    details = (details or "").strip()[:4000]
    req = RightsRequest(number=f"QL{timezone.localdate():%Y%m%d}{secrets.token_hex(3).upper()}", person=person,
                        kind=kind, details=details, submitted_by=actor, due_on=_due(today or timezone.localdate()))
    if kind == RequestKind.CORRECTION:
        if field not in CORRECTABLE_FIELDS:
            raise PrivacyError(gettext("field: 请选择要更正的项目"), "field")
        clear, _shown = _validated_value(field, new_value)
        if evidence is None:
            raise PrivacyError(gettext("evidence: 更正须附证明材料（PDF 或图片）"), "evidence")
        name, data = evidence if isinstance(evidence, tuple) else (evidence.name, evidence.read(files_mod.limits().file_bytes + 1))
        try:
            req.evidence_kind = files_mod.check_file(name, data)
        except files_mod.FileRejected as exc:
            raise PrivacyError(str(exc), "evidence")
        req.field = field
        req.new_value_encrypted = crypto.encrypt(clear)
        req.evidence_sha256 = hashlib.sha256(data).hexdigest()
        req.evidence.save(f"{req.evidence_sha256[:16]}.{req.evidence_kind}", ContentFile(data), save=False)
    elif kind in (RequestKind.DELETION, RequestKind.RESTRICTION) and not details:
        raise PrivacyError(gettext("details: 请说明要删除或限制处理的信息及理由"), "details")
    req.save()
    RightsRequestTransition.objects.create(request=req, name="submit", from_status="", to_status=req.status, actor=actor)
    audit.record(actor, audit.Action.CREATE, req, summary=f"{req.number}: {kind}" + (f" {field}" if field else ""))
    return req


def history(req: RightsRequest) -> dict[str, set[int]]:
    """Transition name → ids of the users who took it on this request."""
    return history_of(req.transitions)


def _move(actor, req: RightsRequest, name: str, reason: str = "") -> RightsRequest:
    req = RightsRequest.objects.select_for_update().get(pk=req.pk)
    t = RIGHTS_REQUEST.check(name, req.status, actor, is_owner=perms.is_owner(actor, req.person),
                             history=history(req), reason=reason)
    before = req.status
    req.status = t.target
    if t.target in RIGHTS_REQUEST.final:
        req.closed_at = timezone.now()
        req.decision = (reason or "").strip()[:4000]
    req.save()
    RightsRequestTransition.objects.create(request=req, name=name, from_status=before, to_status=req.status,
                                           actor=actor, reason=(reason or "").strip()[:4000])
    audit.record(actor, audit.Action.TRANSITION, req, summary=f"{req.number}: {before} → {req.status}",
                 before={"status": before}, after={"status": req.status, "reason": reason})
    return req


@transaction.atomic
def accept_request(actor, req: RightsRequest, reason: str = "") -> RightsRequest:
    return _move(actor, req, "accept", reason)


@transaction.atomic
def refuse_request(actor, req: RightsRequest, reason: str) -> RightsRequest:
    return _move(actor, req, "refuse", reason)


@transaction.atomic
def withdraw_request(actor, req: RightsRequest, reason: str = "") -> RightsRequest:
    return _move(actor, req, "withdraw", reason)


@transaction.atomic
def complete_request(actor, req: RightsRequest, reason: str = "") -> RightsRequest:
    """Carry out the request, then close it. What was done is written into the decision."""
    req = _move(actor, req, "complete", reason)
    person = req.person
    done = []
    if req.kind == RequestKind.CORRECTION:
        from zhihui.registry.actions import correct_person_field

        value = crypto.decrypt(bytes(req.new_value_encrypted))
        old_shown, new_shown = correct_person_field(actor, person, req.field, value, reference=req.number)
        FieldCorrection.objects.create(person=person, request=req, field=req.field, old_value=old_shown,
                                       new_value=new_shown, evidence_sha256=req.evidence_sha256, applied_by=actor)
        req.new_value_encrypted = None  # the value now lives in the registry; the history keeps it masked
        done.append(gettext("已更正 %(field)s：%(old)s → %(new)s") % {"field": CORRECTABLE_FIELDS[req.field],
                                                                  "old": old_shown, "new": new_shown})
    elif req.kind == RequestKind.DELETION:
        done += _delete_what_the_law_allows(actor, person)
    elif req.kind == RequestKind.CLOSURE:
        done += _close_accounts(actor, person)
    elif req.kind == RequestKind.RESTRICTION:
        ProcessingRestriction.objects.create(person=person, request=req, scope=req.details[:200])
        done.append(gettext("已限制处理：%(scope)s") % {"scope": req.details[:200]})
    elif req.kind == RequestKind.ACCESS:
        done.append(gettext("本人可在“我的个人信息”页下载全部信息（含申请、发放、对外提供记录）"))
    req.decision = "\n".join([*(d for d in [req.decision] if d), *done])
    req.save(update_fields=["decision", "new_value_encrypted"])
    return req


@transaction.atomic
def lift_restriction(actor, restriction: ProcessingRestriction, reason: str) -> ProcessingRestriction:
    """End a restriction (the person asked for it, or its ground ceased: PIPL art. 47 style).
    Staff who work rights requests only; the reason is required and audited."""
    require(perms.can_work_requests(actor), gettext("无权解除限制处理"))
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise PrivacyError(gettext("reason: 请说明解除限制处理的理由"), "reason")
    r = ProcessingRestriction.objects.select_for_update().get(pk=restriction.pk)
    if r.lifted_at is None:
        r.lifted_at = timezone.now()
        r.save(update_fields=["lifted_at"])
        audit.record(actor, audit.Action.UPDATE, r, summary=f"解除限制处理：{reason[:200]}",
                     before={"lifted_at": None}, after={"lifted_at": r.lifted_at.isoformat(), "reason": reason[:200]})
    return r


def may_text(person) -> tuple[bool, str]:
    """Whether an SMS may go to this person, and why not: SMS is sent only with the person's
    recorded, unwithdrawn consent for `sms` (PIPL art. 13(1)), and never while processing is
    restricted (art. 44). Status notices stay in the person's in-app messages either way."""
    from .selectors import is_restricted

    if person is None:
        return False, "no_person"
    if is_restricted(person):
        return False, "restricted"
    if not has_consent(person, ConsentPurpose.SMS):
        return False, "no_consent"
    return True, ""


def _delete_what_the_law_allows(actor, person) -> list[str]:
    """Delete what no law requires us to keep; keep (and say so) what the archive rules require."""
    from zhihui.optional import import_optional

    out = []
    benefits = import_optional("zhihui.benefits.models")
    if benefits is not None:
        n, _ = benefits.BenefitOffer.objects.filter(person=person, application__isnull=True).delete()
        out.append(gettext("已删除未申领的政策推送 %(n)s 条") % {"n": n})
    window = import_optional("zhihui.window.models")
    if window is not None:
        n, _ = window.Message.objects.filter(user__person=person).delete()
        out.append(gettext("已删除通知 %(n)s 条") % {"n": n})
    n = Consent.objects.filter(person=person, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
    out.append(gettext("已撤回同意 %(n)s 项") % {"n": n})
    out.append(gettext("人员档案、申请与发放记录依档案管理规定保存，不予删除（zhihui/privacy/data/retention.yaml）"))
    audit.record(actor, audit.Action.DELETE, person, summary="删除请求：" + "；".join(out))
    return out


def _close_accounts(actor, person) -> list[str]:
    from zhihui.core.models import User
    from zhihui.core.roles import Role

    out = []
    for u in User.objects.select_for_update().filter(person=person, role=Role.CITIZEN, is_active=True):
        u.is_active = False
        u.username = f"closed-{u.pk}"
        u.display_name = ""
        u.email = ""
        u.first_name = u.last_name = ""
        u.set_unusable_password()
        u.save()
        audit.record(actor, audit.Action.UPDATE, u, summary="注销账户（停用并匿名化登录名）")
        out.append(gettext("账户已注销：%(name)s") % {"name": u.username})
    return out or [gettext("没有可注销的账户")]


# --- Exports and sharing ---------------------------------------------------------------------


def _label(actor) -> str:
    if actor is None:
        return "system"
    return getattr(actor, "display_name", "") or getattr(actor, "username", "") or str(actor)


@transaction.atomic
def record_export(actor, *, purpose: str, what: str, person=None) -> str:
    """Register an export of personal data and return the watermark it must carry."""
    purpose = (purpose or "").strip()
    if len(purpose) < 2:
        raise PrivacyError(gettext("purpose: 请说明导出用途"), "purpose")
    now = timezone.localtime()
    mark = gettext("%(who)s 于 %(at)s 导出 · 用途：%(purpose)s · 仅限该用途，不得转发") % {
        "who": _label(actor), "at": f"{now:%Y-%m-%d %H:%M}", "purpose": purpose[:120]}
    rec = ExportRecord.objects.create(actor=actor if getattr(actor, "pk", None) else None, actor_label=_label(actor),
                                      purpose=purpose[:200], what=what[:200], person=person, watermark=mark[:300])
    audit.record(actor, audit.Action.EXPORT, rec, summary=f"导出 {what} · 用途：{purpose[:80]}")
    return mark


@transaction.atomic
def register_sharing(actor, *, recipient: str, legal_basis: str, purpose: str, categories: str,
                     persons: list[int], reference: str = "") -> SharingRecord:
    persons = sorted(set(persons))
    rec = SharingRecord.objects.create(recipient=recipient, legal_basis=legal_basis, purpose=purpose, categories=categories,
                                       record_count=len(persons), reference=reference[:64],
                                       shared_by=actor if getattr(actor, "pk", None) else None)
    rec.persons.set(persons)
    audit.record(actor, audit.Action.EXPORT, rec, summary=f"对外提供 → {recipient}: {categories} ({len(persons)}人)")
    return rec


def request_status_open() -> list[str]:
    return [RequestStatus.SUBMITTED, RequestStatus.IN_PROGRESS]
