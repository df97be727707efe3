"""The only write path of Skills Jiyuan: providers and programmes, sessions with their
real-name roster and check-ins, the training voucher's workflow and recorded certificates.

Every voucher state change checks the workflow table (workflows.VOUCHER), locks the voucher
(SELECT … FOR UPDATE) and writes the transition log and the audit row in one transaction.
Lock order: voucher → session → budget, so concurrent actions serialise and never deadlock.
The budget line is the one window's (`window.Budget`): a voucher's value is reserved when it is
issued, returned when it lapses or is cancelled, and paid through the window's payment batches
when it is redeemed (`zhihui.window.actions.schedule_reserved_payment`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import math
import secrets
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from zhihui.core import audit
from zhihui.core.errors import FieldError
from zhihui.core.params import value
from zhihui.core.perms import require
from zhihui.core.workflow import TransitionNotAllowed, history_of
from zhihui.registry.enums import SkillLevel

from . import perms
from .enums import (
    LIVE,
    CheckInMethod,
    EligibleGroup,
    FundingSource,
    ProviderKind,
    SessionStatus,
    VoucherKind,
    VoucherStatus,
)
from .models import (
    CertificateRecord,
    CheckIn,
    Enrolment,
    Programme,
    Provider,
    Session,
    Voucher,
    VoucherTransition,
)
from .workflows import VOUCHER

SERVICE_CODE = "skills_training_voucher"  # the window service its redemptions are paid under


class SkillsError(FieldError):
    """A refusal naming the field at fault (zhihui.core.errors)."""


def p(pid: str, on: dt.date):
    return value("skills", pid, on)


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _money(raw, field: str) -> Decimal:
    try:
        amount = Decimal(str(raw if raw not in (None, "") else "x"))
    except InvalidOperation:
        raise SkillsError(gettext("%(f)s: 不是金额") % {"f": field}, field)
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e8"):
        raise SkillsError(gettext("%(f)s: 须为 0 至 1 亿之间的金额") % {"f": field}, field)
    return amount.quantize(Decimal("0.01"))


def _text(raw, field: str, max_length: int, required: bool = True) -> str:
    text = (raw or "").strip()
    if required and not text:
        raise SkillsError(gettext("%(f)s: 必填") % {"f": field}, field)
    if len(text) > max_length:
        raise SkillsError(gettext("%(f)s: 不超过 %(n)s 字") % {"f": field, "n": max_length}, field)
    return text


def add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.year * 12 + day.month - 1 + months, 12)
    return dt.date(y, m + 1, min(day.day, calendar.monthrange(y, m + 1)[1]))


# --- Providers, programmes, sessions -------------------------------------------------------------


def register_provider(actor, organisation, *, kind: str, approved_on: dt.date, site: str = "", teachers: int = 0) -> Provider:
    require(perms.is_office(actor), gettext("只有窗口受理员或部门管理员可以认定培训机构"))
    if kind not in ProviderKind.values:
        raise SkillsError(gettext("kind: 须为 %(v)s 之一") % {"v": "、".join(ProviderKind.values)}, "kind")
    if Provider.objects.filter(organisation=organisation).exists():
        raise SkillsError(gettext("该单位已是培训机构"), "organisation")
    with transaction.atomic():
        provider = Provider.objects.create(organisation=organisation, kind=kind, approved_on=approved_on,
                                           site=_text(site, "site", 200, required=False), teachers=max(0, int(teachers or 0)))
        audit.record(actor, audit.Action.CREATE, provider, summary=f"认定培训机构 {organisation.name}"[:255])
    return provider


def add_programme(actor, provider: Provider, *, code: str, name: str, level: str, hours, price_cap, subsidy, capacity,
                  occupation=None) -> Programme:
    """An approved programme: the subsidy standard never exceeds the price cap."""
    require(perms.is_office(actor), gettext("只有窗口受理员或部门管理员可以审定培训项目"))
    code, name = _text(code, "code", 32), _text(name, "name", 120)
    if Programme.objects.filter(code=code).exists():
        raise SkillsError(gettext("项目编号 %(c)s 已存在") % {"c": code}, "code")
    if level not in SkillLevel.values:
        raise SkillsError(gettext("level: 须为 %(v)s 之一") % {"v": "、".join(SkillLevel.values)}, "level")
    try:
        hours, capacity = int(hours), int(capacity)
    except (TypeError, ValueError):
        raise SkillsError(gettext("课时与人数须为整数"), "hours")
    if not 1 <= hours <= 2000:
        raise SkillsError(gettext("hours: 须为 1–2000"), "hours")
    if not 1 <= capacity <= 500:
        raise SkillsError(gettext("capacity: 须为 1–500"), "capacity")
    cap, sub = _money(price_cap, "price_cap"), _money(subsidy, "subsidy")
    if sub > cap:
        raise SkillsError(gettext("subsidy: 补贴标准不得高于收费上限 %(c)s 元") % {"c": cap}, "subsidy")
    with transaction.atomic():
        prog = Programme.objects.create(provider=provider, code=code, name=name, occupation=occupation, level=level,
                                        hours=hours, price_cap=cap, subsidy=sub, capacity=capacity)
        audit.record(actor, audit.Action.CREATE, prog, summary=f"培训项目 {code} {name}（{provider}）"[:255])
    return prog


def open_session(actor, programme: Programme, *, starts_on: dt.date, ends_on: dt.date, day_start: dt.time, day_end: dt.time,
                 teacher: str = "", funding: str = FundingSource.SKILL_ACCOUNT) -> Session:
    require(perms.is_office(actor) or perms.is_provider(actor, programme.provider), gettext("只能为本机构的项目开班"))
    if not programme.active or not programme.provider.active:
        raise SkillsError(gettext("项目或机构已失效，不能开班"), "programme")
    if ends_on < starts_on:
        raise SkillsError(gettext("ends_on: 结业日期不得早于开班日期"), "ends_on")
    if day_end <= day_start:
        raise SkillsError(gettext("day_end: 每日结束时间须晚于开始时间"), "day_end")
    if funding not in FundingSource.values:
        raise SkillsError(gettext("funding: 未知的资金来源"), "funding")
    with transaction.atomic():
        session = Session.objects.create(
            number=f"BC{starts_on:%y%m}{secrets.token_hex(3).upper()}", programme=programme, starts_on=starts_on,
            ends_on=ends_on, day_start=day_start, day_end=day_end, teacher=_text(teacher, "teacher", 60, required=False),
            funding=funding, checkin_token=secrets.token_urlsafe(18)[:24],
        )
        audit.record(actor, audit.Action.CREATE, session, summary=f"开班 {session.number} {programme.name}"[:255])
    return session


def enrol(actor, session: Session, person, *, voucher: Voucher | None = None, today: dt.date | None = None) -> Enrolment:
    """Put a worker on a session's real-name roster (the worker with a voucher, or the office
    or the provider). With a voucher, the voucher is locked to this provider and programme."""
    today = today or timezone.localdate()
    own = getattr(actor, "person_id", None) is not None and actor.person_id == person.pk
    with transaction.atomic():
        if voucher is not None:
            voucher = Voucher.objects.select_for_update().get(pk=voucher.pk)
            if voucher.person_id != person.pk:
                raise SkillsError(gettext("培训券不属于该学员"), "voucher")
            _check(voucher, "enrol", actor)
            _usable(voucher, today)
        elif not (perms.can_keep_session(actor, session) or own):
            require(False, gettext("无权为该学员报名"))
        session = Session.objects.select_for_update().select_related("programme__provider").get(pk=session.pk)
        prog = session.programme
        if session.status != SessionStatus.OPEN or session.ends_on < today:
            raise SkillsError(gettext("班次 %(n)s 已结束报名") % {"n": session.number}, "session")
        if session.enrolments.count() >= prog.capacity:
            raise SkillsError(gettext("班次 %(n)s 已满（%(c)s 人）") % {"n": session.number, "c": prog.capacity}, "session")
        if voucher is not None:
            if voucher.occupation_id and prog.occupation_id and voucher.occupation_id != prog.occupation_id:
                raise SkillsError(gettext("培训券限定的职业与项目不符"), "voucher")
            if voucher.level and voucher.level != prog.level:
                raise SkillsError(gettext("培训券限定的等级与项目不符"), "voucher")
        try:
            with transaction.atomic():
                enrolment = Enrolment.objects.create(session=session, person=person)
        except IntegrityError:
            raise SkillsError(gettext("%(name)s 已在班次 %(n)s 的花名册中") % {"name": person.name, "n": session.number}, "person")
        audit.record(actor, audit.Action.CREATE, enrolment, summary=f"{session.number} 实名报名 {person.name}"[:255])
        if voucher is not None:
            voucher.enrolment, voucher.provider, voucher.programme = enrolment, prog.provider, prog
            _move(voucher, "enrol", actor, f"{prog.provider} {prog.code} {session.number}")
    return enrolment


def _device_digest(device: str) -> str:
    return hashlib.sha256(("zhihui-skills-device:" + device).encode()).hexdigest()[:32] if device else ""


def check_in(actor, enrolment: Enrolment, *, method: str, at: dt.datetime | None = None, device: str = "",
             token: str = "") -> CheckIn:
    """One attendance check-in: by QR (the worker in their own name on their phone, with the
    session's code), or by a clerk or the provider. Only on a day of the session; the time of
    day is kept as it is (a check-in outside the hours becomes a signal, not a refusal)."""
    at = at or timezone.now()
    session = enrolment.session
    if method == CheckInMethod.QR:
        if not (getattr(actor, "person_id", None) == enrolment.person_id and perms.has_role(actor, "citizen")):
            require(False, gettext("扫码签到只能本人签到"))
        if not token or not secrets.compare_digest(token, session.checkin_token):
            raise SkillsError(gettext("签到码无效"), "token")
    elif method == CheckInMethod.CLERK:
        require(perms.can_keep_session(actor, session), gettext("只能为本机构的班次点名"))
    else:
        raise SkillsError(gettext("method: 须为 qr 或 clerk"), "method")
    day = timezone.localtime(at).date()
    if not session.starts_on <= day <= session.ends_on or session.status != SessionStatus.OPEN:
        raise SkillsError(gettext("%(d)s 不是班次 %(n)s 的培训日") % {"d": day, "n": session.number}, "at")
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        row = CheckIn.objects.create(enrolment=enrolment, at=at, method=method, device=_device_digest(device)[:64], by=_user(actor))
        days = {timezone.localtime(c).date() for c in enrolment.checkins.values_list("at", flat=True)}
        enrolment.days_attended = len(days)
        enrolment.save(update_fields=["days_attended"])
        audit.record(actor, audit.Action.CREATE, row, summary=f"{session.number} 签到 {enrolment.person_id} {row.get_method_display()}"[:255])
    return row


def complete_session(actor, session: Session, *, today: dt.date | None = None) -> dict:
    """结业: trainees who attended enough days (the dated minimum share) complete; their
    vouchers move to completed. Returns {completed: n, not_completed: n}."""
    today = today or timezone.localdate()
    require(perms.can_keep_session(actor, session), gettext("只能办理本机构班次的结业"))
    with transaction.atomic():
        vids = list(Voucher.objects.filter(enrolment__session=session).order_by("pk").values_list("pk", flat=True))
        vouchers = {v.enrolment_id: v for v in Voucher.objects.select_for_update().filter(pk__in=vids).order_by("pk")}
        session = Session.objects.select_for_update().get(pk=session.pk)
        if session.status != SessionStatus.OPEN:
            raise SkillsError(gettext("班次 %(n)s 已结业") % {"n": session.number}, "session")
        if today < session.ends_on:
            raise SkillsError(gettext("班次 %(n)s 的结业日期是 %(d)s") % {"n": session.number, "d": session.ends_on}, "session")
        need = math.ceil(Decimal(str(p("session.min_attendance_rate", session.starts_on))) * session.days)
        done = 0
        for enrolment in session.enrolments.select_for_update().order_by("pk"):
            if enrolment.days_attended < need:
                continue
            enrolment.completed = True
            enrolment.save(update_fields=["completed"])
            done += 1
            v = vouchers.get(enrolment.pk)
            if v is not None and v.status == VoucherStatus.ENROLLED:
                _check(v, "complete", actor)
                v.completed_on = session.ends_on
                _move(v, "complete", actor, gettext("出勤 %(a)s/%(d)s 天") % {"a": enrolment.days_attended, "d": session.days})
        session.status, session.completed_on = SessionStatus.COMPLETED, today
        session.save(update_fields=["status", "completed_on"])
        total = session.enrolments.count()
        audit.record(actor, audit.Action.UPDATE, session,
                     summary=f"{session.number} 结业 {done}/{total} 人（出勤不少于 {need} 天）"[:255])
    return {"completed": done, "not_completed": total - done, "days_needed": need}


# --- Vouchers ------------------------------------------------------------------------------------


def _check(voucher: Voucher, name: str, actor, reason: str = ""):
    try:
        return VOUCHER.check(name, voucher.status, actor, is_owner=perms.is_holder(actor, voucher),
                             history=history_of(voucher.transitions), reason=reason)
    except TransitionNotAllowed as exc:
        raise SkillsError(gettext("培训券 %(n)s：%(e)s") % {"n": voucher.number, "e": exc.message}, exc.field)


def _move(voucher: Voucher, name: str, actor, note: str = "") -> None:
    before = voucher.status
    voucher.status = VOUCHER.get(name).target
    voucher.save()
    VoucherTransition.objects.create(voucher=voucher, name=name, from_status=before, to_status=voucher.status,
                                     actor=_user(actor), note=note[:1000])
    audit.record(_user(actor) or "system", audit.Action.TRANSITION if before else audit.Action.CREATE, voucher,
                 summary=f"培训券 {voucher.number} {VOUCHER.describe(name, before, voucher.status)}"[:255],
                 before={"status": before} if before else None, after={"status": voucher.status, "note": note[:200]})


def _usable(voucher: Voucher, today: dt.date) -> None:
    if today > voucher.expires_on:
        raise SkillsError(gettext("培训券 %(n)s 已于 %(d)s 过期") % {"n": voucher.number, "d": voucher.expires_on}, "voucher")


def kind_rules(kind: str, on: dt.date) -> dict:
    rules = p("voucher.kinds", on)
    if kind not in rules:
        raise SkillsError(gettext("kind: %(d)s 无有效的券种“%(k)s”") % {"d": on, "k": kind}, "kind")
    return rules[kind]


def eligible(kind: str, group: str, on: dt.date) -> tuple[bool, str]:
    """Whether a holder of `group` qualifies for a voucher of `kind` on `on`, and why (the
    dated rule voucher.kinds of domains/skills.yaml)."""
    rules = kind_rules(kind, on)
    label = EligibleGroup(group).label if group in EligibleGroup.values else group
    kind_label = VoucherKind(kind).label
    if group in rules["eligible_groups"]:
        return True, gettext("%(g)s 可领取%(k)s（%(d)s 起有效的发放规则）") % {"g": label, "k": kind_label, "d": on}
    return False, gettext("%(g)s 不在%(k)s的发放对象内") % {"g": label, "k": kind_label}


def issue_voucher(actor, person, *, kind: str, group: str, occupation=None, level: str = "",
                  today: dt.date | None = None) -> Voucher:
    """发券: eligibility from the dated rule; the face value is reserved on the budget line of
    the year (locked): the line is never exceeded."""
    from zhihui.window import actions as window

    today = today or timezone.localdate()
    VOUCHER.check("issue", None, actor)
    if kind not in VoucherKind.values:
        raise SkillsError(gettext("kind: 须为 %(v)s 之一") % {"v": "、".join(VoucherKind.values)}, "kind")
    if group not in EligibleGroup.values:
        raise SkillsError(gettext("group: 须为 %(v)s 之一") % {"v": "、".join(EligibleGroup.values)}, "group")
    if level and level not in SkillLevel.values:
        raise SkillsError(gettext("level: 未知的等级"), "level")
    ok, why = eligible(kind, group, today)
    if not ok:
        raise SkillsError(why, "group")
    rules = kind_rules(kind, today)
    face = Decimal(str(rules["value"])).quantize(Decimal("0.01"))
    if Voucher.objects.filter(person=person, kind=kind, status__in=LIVE).exists():
        raise SkillsError(gettext("%(name)s 已有一张未用完的同类培训券") % {"name": person.name}, "person")
    line = p("voucher.budget_line", today)
    with transaction.atomic():
        try:
            budget = window.reserve_budget(actor, year=today.year, line=line, amount=face, summary=f"培训券 {person.name}")
        except window.BudgetExceeded as exc:
            raise SkillsError(str(exc), "budget")
        voucher = Voucher.objects.create(
            number=f"PX{today:%y}{secrets.token_hex(4).upper()}", person=person, kind=kind, group=group,
            occupation=occupation, level=level, value=face, issued_on=today,
            expires_on=today + dt.timedelta(days=int(rules["validity_days"])), budget=budget,
        )
        VoucherTransition.objects.create(voucher=voucher, name="issue", to_status=voucher.status, actor=_user(actor), note=why[:1000])
        audit.record(actor, audit.Action.CREATE, voucher, summary=f"发放培训券 {voucher.number} {face} 元"[:255],
                     after={"status": voucher.status, "kind": kind, "group": group})
    return voucher


def certify_vouchers(actor, certificate) -> list[Voucher]:
    """取证: the holder's completed vouchers whose occupation (if any) matches move to certified,
    citing the certificate."""
    out = []
    qs = Voucher.objects.select_for_update(of=("self",)).filter(person_id=certificate.person_id, status=VoucherStatus.COMPLETED).order_by("pk")
    for v in qs.select_related("programme"):
        occ = v.occupation_id or (v.programme.occupation_id if v.programme else None)
        if occ and certificate.occupation_id and occ != certificate.occupation_id:
            continue
        _check(v, "certify", actor)
        v.certificate = certificate
        _move(v, "certify", actor, gettext("证书 %(n)s") % {"n": certificate.number})
        out.append(v)
    return out


def employed_within(voucher: Voucher, on: dt.date) -> tuple[bool, str]:
    """For an employment-linked voucher: employed (a registry employment record) no later than
    N months after completion, and by `on`."""
    months = int(kind_rules(voucher.kind, voucher.issued_on)["employment_months"])
    if months <= 0:
        return True, ""
    from django.db.models import Q

    from zhihui.registry.models import EmploymentRecord

    by = add_months(voucher.completed_on, months)
    job = EmploymentRecord.objects.filter(person_id=voucher.person_id, start_date__lte=min(by, on)).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=voucher.completed_on)).order_by("start_date").first()
    if job is None:
        return False, gettext("就业技能培训券须在结业后 %(m)s 个月内（%(d)s 前）就业方可兑现，尚无就业记录") % {"m": months, "d": by}
    return True, gettext("%(d)s 起就业") % {"d": job.start_date}


def redeem(actor, voucher: Voucher, *, today: dt.date | None = None) -> Voucher:
    """兑现: the provider the voucher is locked to, once the certificate is recorded (and for
    employment-linked kinds, once the holder is employed in time), before expiry. The amount is
    the programme's subsidy standard within the face value; the rest returns to the budget.
    Paid through the one window's payment batches."""
    from zhihui.window import actions as window

    today = today or timezone.localdate()
    with transaction.atomic():
        voucher = Voucher.objects.select_for_update(of=("self",)).select_related("programme", "provider__organisation", "budget").get(pk=voucher.pk)
        if not perms.can_see_voucher(actor, voucher):
            raise Voucher.DoesNotExist
        _check(voucher, "redeem", actor)
        if perms.has_role(actor, "employer") and not perms.is_provider(actor, voucher.provider):
            raise SkillsError(gettext("培训券 %(n)s 锁定于 %(p)s，只能由该机构兑现") % {"n": voucher.number, "p": voucher.provider}, "provider")
        _usable(voucher, today)
        if voucher.certificate_id is None:
            raise SkillsError(gettext("培训券 %(n)s 尚无证书记录，不能兑现") % {"n": voucher.number}, "certificate")
        ok, why = employed_within(voucher, today)
        if not ok:
            raise SkillsError(why, "employment")
        amount = min(voucher.value, voucher.programme.subsidy)
        payment = window.schedule_reserved_payment(
            actor, service_code=SERVICE_CODE, service_name=gettext("职业技能电子培训券兑现"),
            organisation=voucher.provider.organisation, budget=voucher.budget, amount=amount, period=voucher.number,
            reason=f"培训券 {voucher.number} 兑现（{voucher.programme.code}，证书 {voucher.certificate.number}）",
            source={"domain": "skills", "voucher": voucher.number}, today=today)
        if amount < voucher.value:
            window.release_budget(actor, voucher.budget, voucher.value - amount, f"培训券 {voucher.number} 兑现余额")
        voucher.redeemed_amount, voucher.redeemed_on, voucher.payment = amount, today, payment
        _move(voucher, "redeem", actor, " ".join(x for x in [gettext("兑现 %(a)s 元，支付申请 %(n)s") % {"a": amount, "n": payment.number}, why] if x))
    return voucher


def cancel(actor, voucher: Voucher, reason: str) -> Voucher:
    from zhihui.window import actions as window

    with transaction.atomic():
        voucher = Voucher.objects.select_for_update().get(pk=voucher.pk)
        if not perms.can_see_voucher(actor, voucher):
            raise Voucher.DoesNotExist
        _check(voucher, "cancel", actor, reason)
        window.release_budget(actor, voucher.budget, voucher.value, f"培训券 {voucher.number} 作废")
        _move(voucher, "cancel", actor, reason.strip())
    return voucher


def lapse_expired(actor=None, *, today: dt.date | None = None) -> int:
    """过期失效 (the daily task, or an administrator): every live voucher past its validity
    lapses and its value returns to the budget line."""
    from zhihui.window import actions as window

    today = today or timezone.localdate()
    n = 0
    for pk in Voucher.objects.filter(status__in=LIVE, expires_on__lt=today).order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            v = Voucher.objects.select_for_update().get(pk=pk)
            if v.status not in LIVE or v.expires_on >= today:
                continue
            _check(v, "lapse", actor)
            window.release_budget(actor, v.budget, v.value, f"培训券 {v.number} 过期")
            _move(v, "lapse", actor, gettext("有效期至 %(d)s") % {"d": v.expires_on})
            n += 1
    return n


# --- Certificates ----------------------------------------------------------------------------------


def record_certificate(actor, *, person, kind: str, level: str, name: str, number: str, obtained_on: dt.date,
                       evaluator, occupation=None, valid_to: dt.date | None = None, file_sha256: str = ""):
    """A certificate an evaluation body issued: a registry certificate, its record here (with
    the public code of its verification page), and the holder's completed vouchers certified."""
    from zhihui.registry.models import Certificate

    with transaction.atomic():
        cert = Certificate.objects.create(person=person, kind=kind, skill_level=level, name=name[:120], number=number[:40],
                                          issuer=evaluator.name[:120], obtained_on=obtained_on, valid_to=valid_to,
                                          occupation=occupation)
        CertificateRecord.objects.create(certificate=cert, evaluator=evaluator, code=secrets.token_urlsafe(12)[:16],
                                         file_sha256=file_sha256, imported_by=_user(actor))
        audit.record(actor, audit.Action.CREATE, cert, summary=f"证书 {number} {person.name} {name}"[:255])
        certify_vouchers(actor, cert)
    return cert


def file_evaluation_body(actor, organisation, *, kind: str, filed_on: dt.date, scope: str = ""):
    """Put an evaluation body on the city's catalogue (for an enterprise: its filing, 备案)."""
    from .enums import EvaluatorKind
    from .models import EvaluationBody

    require(perms.is_office(actor), gettext("只有窗口受理员或部门管理员可以办理评价机构备案"))
    if kind not in EvaluatorKind.values:
        raise SkillsError(gettext("kind: 须为 %(v)s 之一") % {"v": "、".join(EvaluatorKind.values)}, "kind")
    with transaction.atomic():
        body, created = EvaluationBody.objects.get_or_create(
            organisation=organisation, defaults={"kind": kind, "filed_on": filed_on, "scope": _text(scope, "scope", 400, required=False)})
        if not created:
            raise SkillsError(gettext("该单位已备案"), "organisation")
        audit.record(actor, audit.Action.CREATE, body, summary=f"评价机构备案 {organisation.name}"[:255])
    return body


def import_certificates(actor, evaluator, data: bytes, *, commit: bool = False, today: dt.date | None = None):
    """An evaluation body's file of certificates: checked whole (preview); with `commit`,
    recorded whole or not at all. Only a body on the catalogue (an enterprise: filed) may."""
    from .certificates import parse, sha256
    from .models import EvaluationBody

    require(perms.is_office(actor), gettext("只有窗口受理员或部门管理员可以导入证书"))
    today = today or timezone.localdate()
    body = EvaluationBody.objects.filter(organisation=evaluator, active=True).first()
    if body is None or body.filed_on > today:
        raise SkillsError(gettext("%(o)s 未备案（不在评价机构目录中），其评价结果不予登记") % {"o": evaluator.name}, "evaluator")
    rows = parse(data, int(p("certificates.import_max_rows", today)), today)
    if not commit:
        return rows
    digest = sha256(data)
    with transaction.atomic():
        certs = [record_certificate(actor, person=r.person, kind=r.kind, level=r.level, name=r.name, number=r.number,
                                    obtained_on=r.obtained_on, valid_to=r.valid_to, occupation=r.occupation,
                                    evaluator=evaluator, file_sha256=digest) for r in rows]
        audit.record(actor, audit.Action.IMPORT, body, summary=f"{evaluator.name} 证书导入 {len(certs)} 本 {digest[:12]}"[:255])
    return certs


# --- Registers: competitions, studios, labour brands, apprenticeships -----------------------------


def record_competition(actor, *, name: str, year: int, level: str, organiser: str = "", occupation=None,
                       mohrss_filed: bool = False):
    """A competition; the zone's own is held in the dated years only (C6-R04)."""
    from .enums import ContestLevel
    from .models import Competition

    require(perms.is_office(actor), gettext("只有窗口受理员或部门管理员可以登记竞赛"))
    if level not in ContestLevel.values:
        raise SkillsError(gettext("level: 未知的级别"), "level")
    if level == ContestLevel.ZONE:
        years = [int(y) for y in p("competition.zone_years", dt.date(int(year), 1, 1))]
        if int(year) not in years:
            raise SkillsError(gettext("year: 全区职业技能大赛每两年举办一次（%(y)s）") % {"y": "、".join(map(str, years))}, "year")
    with transaction.atomic():
        c = Competition.objects.create(name=_text(name, "name", 200), year=int(year), level=level, occupation=occupation,
                                       organiser=_text(organiser, "organiser", 200, required=False), mohrss_filed=bool(mohrss_filed))
        audit.record(actor, audit.Action.CREATE, c, summary=f"竞赛 {c}"[:255])
    return c


def add_entry(actor, competition, person, *, unit=None, coach: str = "", rank: int | None = None, award: str = "", title: str = ""):
    from .models import CompetitionEntry

    require(perms.is_office(actor), gettext("只有窗口受理员或部门管理员可以登记竞赛成绩"))
    if rank is not None and not 1 <= int(rank) <= 10000:
        raise SkillsError(gettext("rank: 名次须为正整数"), "rank")
    try:
        with transaction.atomic():
            e = CompetitionEntry.objects.create(competition=competition, person=person, unit=unit, coach=_text(coach, "coach", 60, False),
                                                rank=rank, award=_text(award, "award", 60, False), title=_text(title, "title", 60, False))
            audit.record(actor, audit.Action.CREATE, e, summary=f"{competition} 选手 {person.name} {award} {title}"[:255])
    except IntegrityError:
        raise SkillsError(gettext("%(n)s 已登记在该竞赛中") % {"n": person.name}, "person")
    return e


def record_studio(actor, *, name: str, kind: str, level: str, host, master, recognised_by: str, recognised_on: dt.date, funding="0"):
    from .enums import ContestLevel, StudioKind
    from .models import Studio

    require(perms.is_office(actor), gettext("只有窗口受理员或部门管理员可以登记工作室"))
    if kind not in StudioKind.values:
        raise SkillsError(gettext("kind: 未知的工作室类型"), "kind")
    if level not in ContestLevel.values:
        raise SkillsError(gettext("level: 未知的级别"), "level")
    with transaction.atomic():
        s = Studio.objects.create(name=_text(name, "name", 200), kind=kind, level=level, host=host, master=master,
                                  recognised_by=_text(recognised_by, "recognised_by", 120), recognised_on=recognised_on,
                                  funding=_money(funding, "funding"))
        audit.record(actor, audit.Action.CREATE, s, summary=f"工作室 {s.name}"[:255])
    return s


def add_brand_member(actor, brand: str, person, *, joined_on: dt.date):
    from .enums import LabourBrand
    from .models import BrandMember

    require(perms.is_office(actor), gettext("只有窗口受理员或部门管理员可以登记劳务品牌成员"))
    if brand not in LabourBrand.values:
        raise SkillsError(gettext("brand: 须为十大愚公劳务品牌之一"), "brand")
    try:
        with transaction.atomic():
            m = BrandMember.objects.create(brand=brand, person=person, joined_on=joined_on)
            audit.record(actor, audit.Action.CREATE, m, summary=f"{m.get_brand_display()} 成员 {person.name}"[:255])
    except IntegrityError:
        raise SkillsError(gettext("%(n)s 已是该品牌成员") % {"n": person.name}, "person")
    return m


def record_apprenticeship(actor, *, firm, school, apprentice, level: str, starts_on: dt.date, ends_on: dt.date, plan: str,
                          subsidy="0", occupation=None):
    """A new-type apprenticeship agreement: the school must be an approved provider."""
    from .models import Apprenticeship

    require(perms.is_office(actor), gettext("只有窗口受理员或部门管理员可以登记学徒制协议"))
    if not Provider.objects.filter(organisation=school, active=True).exists():
        raise SkillsError(gettext("school: 须为经认定的培训院校或机构"), "school")
    if level not in SkillLevel.values:
        raise SkillsError(gettext("level: 未知的等级"), "level")
    if ends_on < starts_on:
        raise SkillsError(gettext("ends_on: 结束日期不得早于开始日期"), "ends_on")
    with transaction.atomic():
        a = Apprenticeship.objects.create(firm=firm, school=school, apprentice=apprentice, occupation=occupation, level=level,
                                          starts_on=starts_on, ends_on=ends_on, plan=_text(plan, "plan", 4000),
                                          subsidy=_money(subsidy, "subsidy"))
        audit.record(actor, audit.Action.CREATE, a, summary=f"学徒制协议 {firm.name} {apprentice.name}"[:255])
    return a


def appoint_chief_technician(actor, *, firm, person, appointed_on: dt.date, term_ends_on: dt.date, monthly_allowance="0",
                             occupation=None):
    """A firm's chief technician (企业首席技师, C6-S19): a high-skilled worker of the firm holding a
    valid certificate at a level of `chief_technician.min_skill_levels` on the day appointed."""
    from django.db.models import Q

    from zhihui.registry.models import Certificate, EmploymentRecord

    from .models import ChiefTechnician

    require(perms.is_office(actor), gettext("只有窗口受理员或部门管理员可以登记首席技师"))
    if term_ends_on < appointed_on:
        raise SkillsError(gettext("term_ends_on: 聘期结束日期不得早于聘任日期"), "term_ends_on")
    levels = list(p("chief_technician.min_skill_levels", appointed_on))
    cert = (Certificate.objects.filter(person=person, skill_level__in=levels, obtained_on__lte=appointed_on)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=appointed_on)).order_by("-obtained_on").first())
    if cert is None:
        raise SkillsError(gettext("person: %(n)s 在聘任日没有有效的技师或高级技师证书") % {"n": person.name}, "person")
    employed = EmploymentRecord.objects.filter(person=person, organisation=firm, start_date__lte=appointed_on).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=appointed_on)).exists()
    if not employed:
        raise SkillsError(gettext("person: %(n)s 在聘任日不是 %(f)s 的在职职工") % {"n": person.name, "f": firm.name}, "person")
    try:
        with transaction.atomic():
            c = ChiefTechnician.objects.create(firm=firm, person=person, occupation=occupation or cert.occupation, certificate=cert,
                                               appointed_on=appointed_on, term_ends_on=term_ends_on,
                                               monthly_allowance=_money(monthly_allowance, "monthly_allowance"))
            audit.record(actor, audit.Action.CREATE, c, summary=f"首席技师 {firm.name} {person.name}"[:255])
    except IntegrityError:
        raise SkillsError(gettext("%(n)s 已于该日聘为该企业首席技师") % {"n": person.name}, "person")
    return c


def record_training_base(actor, *, name: str, kind: str, level: str, host, recognised_by: str, recognised_on: dt.date,
                         stations=0, occupations: str = "", funding="0"):
    """A training base (C6-S05): high-skill training base, public practical-training base, …"""
    from .enums import BaseKind, ContestLevel
    from .models import TrainingBase

    require(perms.is_office(actor), gettext("只有窗口受理员或部门管理员可以登记培训基地"))
    if kind not in BaseKind.values:
        raise SkillsError(gettext("kind: 未知的基地类型"), "kind")
    if level not in ContestLevel.values:
        raise SkillsError(gettext("level: 未知的级别"), "level")
    try:
        n = int(stations or 0)
    except (TypeError, ValueError):
        n = -1
    if not 0 <= n <= 100000:
        raise SkillsError(gettext("stations: 须为 0 至 100000 之间的整数"), "stations")
    with transaction.atomic():
        b = TrainingBase.objects.create(name=_text(name, "name", 200), kind=kind, level=level, host=host,
                                        recognised_by=_text(recognised_by, "recognised_by", 120), recognised_on=recognised_on,
                                        stations=n, occupations=_text(occupations, "occupations", 400, required=False),
                                        funding=_money(funding, "funding"))
        audit.record(actor, audit.Action.CREATE, b, summary=f"培训基地 {b.name}"[:255])
    return b


def record_one_plus_x(actor, *, education, certificate):
    """A vocational student's 1+X pairing (C6-S13): the diploma is a vocational one of
    `one_plus_x.diploma_levels`, the certificate a skill-level certificate of the same person
    obtained before graduating or within `one_plus_x.months_after_graduation` months."""
    from zhihui.registry.enums import CertificateKind

    from .models import OnePlusX

    require(perms.is_office(actor), gettext("只有窗口受理员或部门管理员可以登记 1+X 证书"))
    if certificate.person_id != education.person_id:
        raise SkillsError(gettext("certificate: 证书与学历不是同一人"), "certificate")
    if certificate.kind != CertificateKind.SKILL_LEVEL:
        raise SkillsError(gettext("certificate: X 须为职业技能等级证书"), "certificate")
    on = education.graduation_date
    if education.level.code not in p("one_plus_x.diploma_levels", on):
        raise SkillsError(gettext("education: %(l)s 不是职业院校学历") % {"l": education.level.name}, "education")
    months = int(p("one_plus_x.months_after_graduation", on))
    if certificate.obtained_on > add_months(on, months):
        raise SkillsError(gettext("certificate: 证书取得于毕业 %(m)s 个月之后，不属于在校期间的 1+X") % {"m": months}, "certificate")
    try:
        with transaction.atomic():
            x = OnePlusX.objects.create(education=education, certificate=certificate)
            audit.record(actor, audit.Action.CREATE, x,
                         summary=f"1+X {education.person.name} {education.school} + {certificate.name}"[:255])
    except IntegrityError:
        raise SkillsError(gettext("该证书已登记为 1+X"), "certificate")
    return x
