"""The only write path of the one window. Each function runs in one transaction, checks the
actor's permission, logs a Transition (who, when, why, rule version) for every status change,
writes an audit row and sends the applicant an in-app message.

Concurrency: an application is locked (SELECT … FOR UPDATE) before its status changes; a
quota, the turnover pool and budgets are locked in that order (application → quota → pool →
budgets by id), so concurrent approvals serialise on the counter and never deadlock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext

from zhihui.core import audit
from zhihui.core import files as files_mod
from zhihui.core.errors import FieldError
from zhihui.core.perms import require
from zhihui.core.workflow import TransitionNotAllowed

from . import decisions, perms
from .catalogue import budget_line_name
from .models import (
    CLOSED_STATUSES,
    ApplicantKind,
    Application,
    Attachment,
    BankAccount,
    BankAccountStatus,
    BatchStatus,
    BatchTransition,
    Budget,
    Channel,
    CorrectionPause,
    HolidayNotice,
    PaymentBatch,
    PaymentInstruction,
    PaymentStatus,
    PeriodKind,
    PoolPost,
    Quota,
    QuotaMode,
    QuotaOverride,
    QuotaUse,
    Selection,
    Service,
    ServiceKind,
    Status,
    TalentPool,
    Transition,
)
from .notify import notify
from .workdays import CalendarRangeError, Pause, official_calendar, parse_notice
from .workflows import APPLICATION, PAYMENT_BATCH, application_history, batch_history


class WindowError(FieldError):
    """A refused action; `field` names the input at fault (for forms and the API)."""


class InvalidTransition(WindowError):
    pass


class DuplicateApplication(WindowError):
    def __init__(self, existing: Application | None):
        self.existing = existing
        number = f"（{existing.number}）" if existing else ""
        super().__init__(gettext("已有一份同一事项、同一周期的申请正在办理或已获批准%(number)s") % {"number": number}, "service")


class QuotaExceeded(WindowError):
    pass


class BudgetExceeded(WindowError):
    pass


class PoolFull(WindowError):
    pass


STATUS_TEXT = dict(Status.choices)


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _label(actor) -> str:
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    return str(actor)


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _lock(application) -> Application:
    pk = application.pk if isinstance(application, Application) else application
    return Application.objects.select_for_update(of=("self",)).select_related("service", "person", "organisation").get(pk=pk)


def _check(name: str, app: Application, actor, reason: str = ""):
    """The workflow table decides (zhihui/window/workflows.py): the state, the actor's role or
    ownership, separation of duties (whoever accepted or reviewed may not approve)."""
    try:
        return APPLICATION.check(name, app.status, actor, is_owner=perms.is_own(actor, app),
                                 history=application_history(app), reason=reason)
    except TransitionNotAllowed as exc:
        raise InvalidTransition(
            gettext("申请 %(number)s：%(error)s") % {"number": app.number, "error": exc.message}, exc.field
        )


def _move(app: Application, name: str, actor, reason: str = "", data: dict | None = None, notify_text: str = "",
          to: str | None = None) -> Transition:
    """Take transition `name` (the caller checked it and holds the lock; other changed fields are
    saved too) and log it. `to` for a transition back to the previous state."""
    before = app.status
    app.status = to or APPLICATION.get(name).target
    app.save()
    return _log(app, name, before, app.status, actor, reason, data, notify_text)


def _log(app: Application, name: str, before: str, to: str, actor, reason: str = "", data: dict | None = None,
         notify_text: str = "") -> Transition:
    t = Transition.objects.create(
        application=app,
        name=name,
        from_status=before,
        to_status=to,
        actor=_user(actor),
        actor_label=_label(actor),
        reason=reason,
        rule_version=app.rule_version,
        data=data or {},
    )
    audit.record(
        _user(actor) or _label(actor),
        audit.Action.TRANSITION,
        app,
        summary=f"{app.number} {APPLICATION.describe(name, before, to)}",
        before={"status": before},
        after={"status": to, "reason": reason, "rule_version": app.rule_version},
    )
    text = f"您的申请 {app.number}（{app.service.name}）状态更新为：{STATUS_TEXT[to]}。"
    if notify_text:
        text += notify_text
    notify(app, text)
    return t


def check_upload(name: str, data: bytes) -> str:
    """The attachment's real type, decided by parsing it (zhihui/core/files.py), and scanned."""
    try:
        return files_mod.check_file(name, data)
    except files_mod.FileRejected as exc:
        raise WindowError(str(exc), "attachments")


def _read(upload) -> tuple[str, bytes]:
    """(name, bytes) from a Django UploadedFile or a (name, bytes) pair."""
    if isinstance(upload, tuple):
        return upload[0], upload[1]
    data = upload.read(settings.ZHIHUI_UPLOAD_MAX_BYTES + 1)
    return upload.name, data


def _check_uploads(files, app: Application | None = None, person=None, organisation=None) -> list:
    """Read, parse and scan every file, then the count and quota caps; (name, data, kind) each."""
    files = list(files)
    lim = files_mod.limits()
    if len(files) > lim.files_per_request:
        raise WindowError(gettext("一次最多上传 %(max)s 个文件，本次 %(n)s 个") % {"max": lim.files_per_request, "n": len(files)},
                          "attachments")
    checked = []
    for upload in files:
        name, data = _read(upload)
        checked.append((name, data, check_upload(name, data)))
    if not checked:
        return checked
    existing = Attachment.objects.filter(application=app) if app is not None else Attachment.objects.none()
    if app is not None:
        person, organisation = app.person, app.organisation
    if person is not None:
        owned = Attachment.objects.filter(application__person=person)
    elif organisation is not None:
        owned = Attachment.objects.filter(application__organisation=organisation)
    else:
        owned = Attachment.objects.none()
    try:
        files_mod.check_batch(
            [len(d) for _, d, _ in checked],
            existing_count=existing.count(),
            existing_bytes=existing.aggregate(s=Sum("size"))["s"] or 0,
            person_bytes=owned.aggregate(s=Sum("size"))["s"] or 0,
        )
    except files_mod.FileRejected as exc:
        raise WindowError(str(exc), "attachments")
    return checked


def _save_attachments(app: Application, actor, files, label: str = "申请材料") -> list[Attachment]:
    out = []
    for name, data, kind in files:
        att = Attachment(
            application=app,
            label=label,
            original_name=name[:200],
            kind=kind,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            uploaded_by=actor,
        )
        att.file.save(f"{att.sha256[:16]}.{kind}", ContentFile(data), save=False)
        att.save()
        out.append(att)
    return out


# 申请说明: a few paragraphs at most (a 100,000-character note was accepted; issue 15, found 5)
NOTE_MAX_CHARS = 2000


def _first_plan_year(today: dt.date) -> int:
    """The first year the plan's benefits count (the package's plan.events_from)."""
    try:
        value = decisions.package().parameters["plan.events_from"].value_at(today)
        return dt.date.fromisoformat(str(value)).year if not isinstance(value, dt.date) else value.year
    except Exception:  # noqa: BLE001 - no package: no lower bound beyond a sane one
        return 2000


def _period(service: Service, period: str | None, today: dt.date) -> str:
    if service.period_kind == PeriodKind.ONCE:
        return ""
    if service.period_kind == PeriodKind.EACH:
        return secrets.token_hex(6)
    if period in (None, ""):
        return str(today.year)
    text = str(period)
    if not (text.isdigit() and len(text) == 4):
        raise WindowError(gettext("period: %(value)r 不是年度（如 %(year)s）") % {"value": period, "year": today.year}, "period")
    first = _first_plan_year(today)
    if not first <= int(text) <= today.year:
        raise WindowError(gettext("申请年度：%(value)s 不在可申请的年度内（%(first)s–%(last)s 年）")
                          % {"value": text, "first": first, "last": today.year}, "period")
    return text


def _engine_refusal(decision: decisions.Decision) -> dict:
    """The engine's "no" in words: its status label and the conditions not met or not known
    (the condition table's marks), not its codes and reason lines."""
    from zhihui.benefits import marks, texts

    status = gettext(texts.STATUS_LABELS.get(decision.status, (decision.status, ""))[0])
    parts = []
    rows = texts.reason_rows({"reasons": decision.reasons, "reason_items": decision.reason_items})
    for row in rows:
        mark, _facts = marks.item_mark(row["item"])
        if mark in (marks.FAIL, marks.UNKNOWN) or mark == marks.NONE and not _facts:
            had = f"，{gettext('现为')} {row['had']}" if row.get("had") else ""
            parts.append(f"{row['condition']}{gettext('要求')} {row['required']}{had}" if row["condition"] else row["required"])
    parts += [gettext("缺少：%(label)s") % {"label": gettext(texts.field_label(m))} for m in decision.missing]
    return {"status": status, "why": "；".join(dict.fromkeys(parts))}


def _store_decision(app: Application, decision: decisions.Decision) -> None:
    app.engine_status = decision.status
    app.engine_total = decision.total
    app.engine_result = decision.as_json()
    app.rule_version = decision.version


# --- Applications ---------------------------------------------------------------------------


def submit(
    actor,
    service: Service,
    *,
    person=None,
    organisation=None,
    facts: dict | None = None,
    note: str = "",
    channel: str | None = None,
    idempotency_key: str | None = None,
    period: str | None = None,
    files=(),
    offer_ref: str = "",
    today: dt.date | None = None,
) -> tuple[Application, bool]:
    """File an application. Returns (application, created); a repeated idempotency key from
    the same account returns the first application (double click, network retry)."""
    require(perms.can_apply_for(actor, person=person, organisation=organisation), gettext("无权为该申请人提交申请"))
    APPLICATION.check("submit", "", actor, is_owner=True)  # can_apply_for scoped the owner
    today = _today(today)
    key = (idempotency_key or "").strip()[:64] or None
    if key:
        existing = Application.objects.filter(submitted_by=actor, idempotency_key=key).first()
        if existing is not None:
            return existing, False
    if not service.active:
        raise WindowError(gettext("事项“%(name)s”暂停受理") % {"name": service.name}, "service")
    if service.applicant_kind == ApplicantKind.PERSON and person is None:
        raise WindowError(gettext("事项“%(name)s”由个人申请，请选择申请人") % {"name": service.name}, "person")
    if service.applicant_kind == ApplicantKind.ORGANISATION and organisation is None:
        raise WindowError(gettext("事项“%(name)s”由单位申请，请选择单位") % {"name": service.name}, "organisation")
    if facts is not None and not isinstance(facts, dict):
        raise WindowError(gettext("facts: 必须是对象（键值对）"), "facts")
    if len(note or "") > NOTE_MAX_CHARS:
        raise WindowError(gettext("申请说明：不能超过 %(n)s 字（现为 %(m)s 字）") % {"n": NOTE_MAX_CHARS, "m": len(note)}, "note")
    try:  # only the documented fact names (issue 12, found 2): an unknown one is named
        decisions.check_declared_facts(facts or {}, "person" if service.applicant_kind == ApplicantKind.PERSON else "organization")
    except decisions.FactsError as exc:
        raise WindowError(str(exc), f"facts.{exc.field}")
    checked = _check_uploads(files, person=person if service.applicant_kind == ApplicantKind.PERSON else None,
                             organisation=organisation if service.applicant_kind != ApplicantKind.PERSON else None)
    is_person = service.applicant_kind == ApplicantKind.PERSON
    app = Application(
        number=f"SQ{today:%Y%m%d}{secrets.token_hex(3).upper()}",
        service=service,
        person=person if is_person else None,
        organisation=None if is_person else organisation,
        subject_key=f"p:{person.pk}" if is_person else f"o:{organisation.pk}",
        period=_period(service, period, today),
        channel=channel or (Channel.WINDOW if perms.can_work_window(actor) else Channel.ONLINE),
        facts=facts or {},
        note=note,
        submitted_by=actor,
        idempotency_key=key,
        offer_ref=offer_ref,
    )
    try:
        decision = decisions.decide(app, as_of=today)
    except decisions.FactsError as exc:
        raise WindowError(str(exc), f"facts.{exc.field}")
    _store_decision(app, decision)
    try:
        with transaction.atomic():
            app.status = Status.SUBMITTED
            app.save()
            _save_attachments(app, actor, checked)
            _log(app, "submit", "", Status.SUBMITTED, actor, note or "提交申请", {"channel": app.channel})
    except IntegrityError:
        if key:
            existing = Application.objects.filter(submitted_by=actor, idempotency_key=key).first()
            if existing is not None:
                return existing, False
        existing = (
            Application.objects.filter(service=service, subject_key=app.subject_key, period=app.period)
            .exclude(status__in=CLOSED_STATUSES)
            .first()
        )
        raise DuplicateApplication(existing)
    return app, True


def add_attachment(actor, application: Application, upload, label: str = "补充材料") -> Attachment:
    (att,) = add_attachments(actor, application, [upload], label)
    return att


def add_attachments(actor, application: Application, uploads, label: str = "补充材料") -> list[Attachment]:
    """Files added together (one request): all checked, counted and stored, or none."""
    require(perms.can_answer_correction(actor, application), gettext("无权为该申请上传材料"))
    checked = _check_uploads(uploads, application)
    with transaction.atomic():
        app = _lock(application)
        if app.status in (Status.APPROVED, Status.REFUSED, Status.SCHEDULED, Status.PAID, Status.WITHDRAWN):
            raise InvalidTransition(gettext("申请 %(number)s 已办结，不能再上传材料") % {"number": app.number}, "status")
        out = _save_attachments(app, actor, checked, label=label)
        for att in out:
            audit.record(actor, audit.Action.CREATE, att, summary=f"{app.number}: 上传 {att.original_name}")
    return out


def _recompute_due(app: Application, today: dt.date | None = None, calendar=None) -> None:
    """Due date (and whether it is provisional) from the official calendar (workdays.py)."""
    app.due_date, app.due_date_provisional = None, False
    if app.accepted_on is None or app.time_limit_days is None:
        return
    pauses = [Pause(p.started_on, p.ended_on) for p in app.pauses.all()]
    try:
        due = (calendar or official_calendar()).due(app.accepted_on, app.time_limit_days, pauses)
    except CalendarRangeError as exc:
        raise WindowError(gettext("无法计算办结期限：%(error)s") % {"error": exc}, "due_date")
    if due is not None:
        app.due_date, app.due_date_provisional = due.date, due.provisional


def _due_text(app: Application) -> str:
    if app.due_date is None:
        return ""
    text = f"办结期限：{app.due_date:%Y-%m-%d}"
    return text + ("（暂定：该年节假日安排尚未公布，公布后可能调整）。" if app.due_date_provisional else "。")


def _due_data(app: Application) -> dict:
    return {"due_date": app.due_date.isoformat() if app.due_date else None,
            "due_date_provisional": app.due_date_provisional}


def accept(actor, application: Application, reason: str = "", today: dt.date | None = None) -> Application:
    """受理: the clock of the service's time limit starts (the day of acceptance not counted)."""
    with transaction.atomic():
        app = _lock(application)
        _check("accept", app, actor)
        app.accepted_by = actor
        app.accepted_on = _today(today)
        app.time_limit_days = app.service.time_limit_days
        _recompute_due(app)
        _move(app, "accept", actor, reason or "材料齐全，予以受理",
              {**_due_data(app), "time_limit_days": app.time_limit_days},
              notify_text=_due_text(app))
    return app


def request_correction(actor, application: Application, items: list[str], reason: str = "",
                       today: dt.date | None = None) -> Application:
    """补正: return the application with the list of what is missing; the clock stops."""
    items = [str(i).strip() for i in items if str(i).strip()]
    if not items:
        raise WindowError(gettext("请列出需要补正的材料"), "items")
    with transaction.atomic():
        app = _lock(application)
        _check("correct", app, actor)
        app.status_before_correction = app.status
        app.correction_items = items
        if app.accepted_on is not None:
            CorrectionPause.objects.create(application=app, started_on=_today(today), items=items)
            app.due_date, app.due_date_provisional = None, False
        _move(app, "correct", actor, reason or "需补正材料", {"items": items},
              notify_text="需补正：" + "；".join(items))
    return app


def answer_correction(actor, application: Application, note: str = "", files=(),
                      today: dt.date | None = None) -> Application:
    """The applicant (or a clerk for them) hands in what was missing; the clock restarts."""
    require(perms.can_answer_correction(actor, application), gettext("无权补正该申请"))
    checked = _check_uploads(files, application)
    with transaction.atomic():
        app = _lock(application)
        _check("answer", app, actor)
        _save_attachments(app, actor, checked, label="补正材料")
        pause = app.pauses.filter(ended_on__isnull=True).first()
        if pause is not None:
            pause.ended_on = max(_today(today), pause.started_on)
            pause.save(update_fields=["ended_on"])
        back = app.status_before_correction or Status.SUBMITTED
        app.correction_items = []
        app.status_before_correction = ""
        _recompute_due(app)
        _move(app, "answer", actor, note or "已补正", _due_data(app), notify_text=_due_text(app), to=back)
    return app


def withdraw(actor, application: Application, reason: str = "") -> Application:
    require(perms.can_view(actor, application), gettext("无权撤回该申请"))
    with transaction.atomic():
        app = _lock(application)
        _check("withdraw", app, actor)
        pause = app.pauses.filter(ended_on__isnull=True).first()
        if pause is not None:
            pause.ended_on = max(timezone.localdate(), pause.started_on)
            pause.save(update_fields=["ended_on"])
        _move(app, "withdraw", actor, reason or "申请人撤回")
    return app


def review(actor, application: Application, opinion: str = "", today: dt.date | None = None) -> Application:
    """审核: the reviewer checks the file and the engine's decision (refreshed now)."""
    with transaction.atomic():
        app = _lock(application)
        _check("review", app, actor)
        try:
            _store_decision(app, decisions.decide(app, as_of=_today(today)))
        except decisions.FactsError as exc:
            raise WindowError(str(exc), f"facts.{exc.field}")
        app.reviewer = actor
        _move(app, "review", actor, opinion or "审核通过", {"engine_status": app.engine_status})
    return app


def refuse(actor, application: Application, reasons: str) -> Application:
    """不予批准 (or 不予受理 before acceptance), always with reasons."""
    with transaction.atomic():
        app = _lock(application)
        # 不予受理 before acceptance, 不予批准 after: two rows of the table, two sets of roles
        name = "reject" if app.status == Status.SUBMITTED else "refuse"
        _check(name, app, actor, reasons)  # who may, first: no one else learns what the form lacks
        if not (reasons or "").strip():
            raise WindowError(gettext("请填写不予批准的理由"), "reasons")
        app.decided_at = timezone.now()
        app.decision_reason = reasons.strip()
        _move(app, name, actor, reasons.strip(), notify_text="理由：" + reasons.strip())
    return app


def override_quota(actor, application: Application, reason: str) -> QuotaOverride:
    """A leader's recorded permission to go past a soft quota for this application."""
    require(perms.can_override_quota(actor), gettext("只有领导可以批准突破指标"))
    if not (reason or "").strip():
        raise WindowError(gettext("请填写突破指标的理由"), "reason")
    with transaction.atomic():
        app = _lock(application)
        quota = app.service.quota
        if quota is None:
            raise WindowError(gettext("该事项不占用指标"), "quota")
        if quota.mode != QuotaMode.SOFT:
            raise QuotaExceeded(gettext("“%(name)s”为刚性指标，不得突破") % {"name": quota.name}, "quota")
        ov, _ = QuotaOverride.objects.update_or_create(
            application=app, defaults={"quota": quota, "leader": actor, "reason": reason.strip()}
        )
        audit.record(actor, audit.Action.CREATE, ov, summary=f"{app.number}: 批准突破指标 {quota.code}")
    return ov


def _use_quota(app: Application, year: int) -> dict:
    quota = Quota.objects.select_for_update().get(pk=app.service.quota_id)
    if not quota.first_year <= year <= quota.last_year:
        raise QuotaExceeded(
            gettext("“%(name)s”指标期为 %(first)s–%(last)s 年，%(year)s 年无指标")
            % {"name": quota.name, "first": quota.first_year, "last": quota.last_year, "year": year}, "quota"
        )
    # The lock on the quota row serialises approvals, so this count cannot go stale.
    used = QuotaUse.objects.filter(quota=quota, year=year).count() if quota.per_year else quota.used
    scope = gettext("%(year)s 年") % {"year": year} if quota.per_year else ""
    over = used >= quota.limit
    if over:
        if quota.mode == QuotaMode.HARD:
            raise QuotaExceeded(gettext("“%(name)s”%(scope)s指标已用完（%(used)s/%(limit)s）")
                                % {"name": quota.name, "scope": scope, "used": used, "limit": quota.limit}, "quota")
        if not QuotaOverride.objects.filter(application=app, quota=quota).exists():
            raise QuotaExceeded(
                gettext("“%(name)s”%(scope)s指标已用完（%(used)s/%(limit)s），突破指标须经领导批准")
                % {"name": quota.name, "scope": scope, "used": used, "limit": quota.limit}, "quota"
            )
    quota.used += 1
    quota.save(update_fields=["used"])
    QuotaUse.objects.create(quota=quota, application=app, year=year, over_limit=over)
    return {"quota": quota.code, "year": year, "used": used + 1, "limit": quota.limit, "over_limit": over}


def _take_pool_post(app: Application, today: dt.date) -> dict:
    pool = TalentPool.objects.select_for_update().order_by("id").first()
    if pool is None:
        raise PoolFull(gettext("人才周转池尚未设立"), "pool")
    if pool.in_use >= pool.total:
        raise PoolFull(gettext("人才周转池编制已用完（%(used)s/%(total)s），须待人走编收")
                       % {"used": pool.in_use, "total": pool.total}, "pool")
    pool.in_use += 1
    pool.save(update_fields=["in_use"])
    post = PoolPost.objects.create(
        pool=pool,
        application=app,
        organisation=app.organisation,
        post_title=str(app.facts.get("post_title", ""))[:120],
        started_on=today,
    )
    return {"pool_post": post.pk, "in_use": pool.in_use, "total": pool.total}


def _record_recognition(app: Application, actor, today: dt.date) -> dict:
    from zhihui.talent.actions import TalentError, record_recognition

    from .catalogue import SELECTION_PROGRAMS

    code = app.service.code
    if code == "talent_category":
        cat = str(app.facts.get("category", "")).upper()
        if cat not in "ABCDEFG" or len(cat) != 1:
            raise WindowError(gettext("facts.category: 须为 A–G 之一"), "facts.category")
        special = bool(app.facts.get("is_special"))
        source = app.facts.get("source") or ("leading_group" if special else "local")
        # The talent domain owns the recognition rules (mutual recognition, 偏才/专才, superseding
        # earlier records, revoking and issuing the 王屋英才 card): go through its action.
        try:
            rec, card = record_recognition(
                actor,
                app.person,
                category=cat,
                source=source,
                recognised_on=today,
                issuer=str(app.facts.get("issuer", "")),
                origin_category=app.facts.get("origin_category"),
                basis=str(app.facts.get("basis") or f"一窗办理 {app.number}"),
                issue=True,
            )
        except TalentError as exc:
            raise WindowError(str(exc), f"facts.{exc.field}")
        special = rec.is_special
        cat = rec.category
        return {"talent_category": cat, "is_special": special, "record": rec.pk, "card": card.number if card else None}
    if code in SELECTION_PROGRAMS:
        year = int(app.period or today.year)
        sel = Selection.objects.create(program=SELECTION_PROGRAMS[code], year=year, person=app.person, application=app)
        return {"selection": sel.program, "year": year}
    if code == "scarce_talent_scoring":
        st = app.facts.get("scarce_talent") or {}
        try:
            q, s, w = (Decimal(str(st[k])) for k in ("quality", "scarcity", "salary"))
        except (KeyError, InvalidOperation):
            raise WindowError(gettext("facts.scarce_talent: 须填写 quality、scarcity、salary 三项分数"), "facts.scarce_talent")
        score = decisions.scarce_talent_score({"quality": q, "scarcity": s, "salary": w}, today)
        return {"scarce_talent_score": str(score), "recognized_year": int(app.period or today.year)}
    return {}


def _schedule(app: Application, payments: list[dict], today: dt.date) -> list[PaymentInstruction]:
    """Turn the schedule into instructions; commit each against its year's budget (locked)."""
    line = app.service.budget_line
    if not line:
        raise BudgetExceeded(gettext("事项“%(name)s”未配置预算科目") % {"name": app.service.name}, "budget")
    need: dict[int, Decimal] = defaultdict(Decimal)
    rows = []
    for p in payments:
        amount = Decimal(str(p["amount"]))
        if amount <= 0:
            continue
        year = max(int(p["year"]), today.year)  # arrears are paid from this year's budget
        need[year] += amount
        rows.append((int(p["year"]), year, amount))
    if not rows:
        return []
    budgets = {b.year: b for b in Budget.objects.select_for_update().filter(line=line, year__in=need).order_by("id")}
    for year, amount in sorted(need.items()):
        b = budgets.get(year)
        if b is None:
            from .catalogue import budget_line_name

            raise BudgetExceeded(gettext("%(year)s 年度预算科目“%(line)s”尚未设立，请管理员在“支付与台账”页设立")
                                 % {"year": year, "line": budget_line_name(line)}, "budget")
        if b.available < amount:
            raise BudgetExceeded(gettext("%(year)s 年度预算科目“%(line)s”余额 %(available)s 元，不足 %(amount)s 元")
                                 % {"year": year, "line": line, "available": b.available, "amount": amount}, "budget")
    for year, amount in need.items():
        b = budgets[year]
        b.committed += amount
        b.save(update_fields=["committed"])
    return PaymentInstruction.objects.bulk_create(
        [
            PaymentInstruction(
                application=app,
                person=app.person,
                organisation=app.organisation,
                budget=budgets[year],
                entitlement_year=ent,
                year=year,
                amount=amount,
            )
            for ent, year, amount in rows
        ]
    )


def approve(actor, application: Application, reason: str = "", amount: Decimal | str | None = None,
            today: dt.date | None = None) -> Application:
    """批准: under the engine's decision (re-run now); quota, pool and budget checked under lock;
    payment instructions created from the schedule (status then 已安排支付)."""
    today = _today(today)
    with transaction.atomic():
        app = _lock(application)
        _check("approve", app, actor)
        svc = app.service
        try:
            decision = decisions.decide(app, as_of=today)
        except decisions.FactsError as exc:
            raise WindowError(str(exc), f"facts.{exc.field}")
        _store_decision(app, decision)
        payments: list[dict] = []
        total = Decimal("0.00")
        data: dict = {"engine_status": decision.status}
        if svc.kind == ServiceKind.BENEFIT and not decision.status:
            raise WindowError(gettext("政策引擎未能给出结论，暂不能批准：") + "；".join(decision.reasons), "engine")
        if svc.kind == ServiceKind.BENEFIT:
            if amount not in (None, ""):
                try:
                    total = Decimal(str(amount)).quantize(Decimal("0.01"))
                except InvalidOperation:
                    raise WindowError(gettext("amount: %(value)r 不是金额") % {"value": amount}, "amount")
                rng = decision.raw.get("amount_range")
                if decision.status == "ineligible":
                    raise WindowError(gettext("政策引擎判定不符合条件，不能批准：") + _engine_refusal(decision)["why"], "amount")
                if decision.status == "eligible" and not rng:
                    raise WindowError(gettext("金额由政策核定，不得另行填写"), "amount")
                if not rng:
                    # Issue 12: an undetermined decision without a range from the policy package
                    # is no licence for an amount of the reviewer's choosing. Complete or verify
                    # the facts (the engine then decides the amount) or refuse.
                    raise WindowError(gettext("政策未规定该项目的自由裁量金额区间，不得自行核定金额；请补正或核实事实后由政策引擎核定"), "amount")
                if rng and not Decimal(rng["min"]) <= total <= Decimal(rng["max"]):
                    raise WindowError(gettext("amount: 须在 %(min)s–%(max)s 元之间") % {"min": rng["min"], "max": rng["max"]}, "amount")
                if not reason.strip():
                    raise WindowError(gettext("自由裁量金额须填写理由"), "reason")
                payments = [{"year": today.year, "amount": str(total)}]
                data["discretionary_amount"] = str(total)
            elif decision.status == "eligible":
                payments, total = decision.payments, decision.total
            else:
                raise WindowError(gettext("政策引擎结论为“%(status)s”，不能批准：%(why)s") % _engine_refusal(decision), "engine")
        if svc.quota_id:
            year = int(app.period) if app.period.isdigit() else today.year
            data["quota"] = _use_quota(app, year)
        if svc.kind == ServiceKind.POOL:
            data["pool"] = _take_pool_post(app, today)
        if svc.kind == ServiceKind.RECOGNITION:
            app.outcome = _record_recognition(app, actor, today)
            data["outcome"] = app.outcome
        instructions = _schedule(app, payments, today) if payments else []
        app.approved_total = total
        app.decided_at = timezone.now()
        app.decision_reason = reason
        _move(app, "approve", actor, reason or "予以批准", data,
              notify_text=f"核定金额 {total} 元。" if total else "")
        if instructions:
            _check("schedule", app, actor)
            _move(app, "schedule", actor, "按政策核定的支付计划生成支付指令",
                  {"payments": [{"year": i.year, "entitlement_year": i.entitlement_year, "amount": str(i.amount)} for i in instructions]})
    return app


def release_pool_post(actor, post: PoolPost, reason: str, on: dt.date | None = None) -> PoolPost:
    """人走编收: the holder left, the post returns to the pool."""
    require(perms.can_work_window(actor) or perms.can_manage_payments(actor), gettext("无权收回编制"))
    with transaction.atomic():
        post = PoolPost.objects.select_for_update().get(pk=post.pk)
        if post.released_on is not None:
            raise WindowError(gettext("该编制已于 %(date)s 收回") % {"date": post.released_on}, "post")
        pool = TalentPool.objects.select_for_update().get(pk=post.pool_id)
        post.released_on = _today(on)
        post.release_reason = reason or "人走编收"
        post.save(update_fields=["released_on", "release_reason"])
        pool.in_use -= 1
        pool.save(update_fields=["in_use"])
        audit.record(actor, audit.Action.UPDATE, post, summary=f"周转池编制收回：{post.release_reason}")
    return post


# --- Budgets, payment batches, reconciliation -----------------------------------------------


def set_budget(actor, year: int, line: str, amount, name: str = "") -> Budget:
    from .catalogue import BUDGET_LINES

    require(perms.can_manage_payments(actor), gettext("只有管理员可以设定预算"))
    known = set(BUDGET_LINES) | set(Service.objects.exclude(budget_line="").values_list("budget_line", flat=True))
    if line not in known:
        raise WindowError(gettext("line: 请从列表中选择预算科目"), "line")
    name = name or BUDGET_LINES.get(line, "")
    try:
        amount = Decimal(str(amount))
        if not amount.is_finite():  # NaN and Infinity are not amounts (NaN < 0 would raise)
            raise InvalidOperation
        amount = amount.quantize(Decimal("0.01"))
    except InvalidOperation:
        raise WindowError(gettext("amount: %(value)r 不是金额") % {"value": amount}, "amount")
    if amount < 0:
        raise WindowError(gettext("amount: 不得为负数"), "amount")
    with transaction.atomic():
        b, created = Budget.objects.select_for_update().get_or_create(
            year=year, line=line, defaults={"amount": amount, "name": name}
        )
        before = audit.snapshot(b)
        if not created:
            if amount < b.committed:
                raise BudgetExceeded(gettext("amount: 不得低于已安排的 %(committed)s 元") % {"committed": b.committed}, "amount")
            b.amount = amount
            if name:
                b.name = name
            b.save()
        audit.record(actor, audit.Action.CREATE if created else audit.Action.UPDATE, b,
                     summary=f"预算 {year} {budget_line_name(line)} = {amount}", before=None if created else before, after=audit.snapshot(b))
    return b


def create_payment_batch(actor, year: int, line: str | None = None) -> PaymentBatch:
    """Collect the instructions due in `year` (and earlier failures) into a batch for finance."""
    require(perms.can_manage_payments(actor), gettext("只有管理员可以生成支付批次"))
    PAYMENT_BATCH.check("create", "", actor)
    with transaction.atomic():
        qs = PaymentInstruction.objects.select_for_update().filter(
            status__in=[PaymentStatus.SCHEDULED, PaymentStatus.FAILED], year__lte=year
        )
        if line:
            qs = qs.filter(budget__line=line)
        ids = list(qs.values_list("id", flat=True))
        if not ids:
            raise WindowError(gettext("%(year)s 年度没有待支付的指令") % {"year": year}, "year")
        batch = PaymentBatch.objects.create(
            number=f"PB{timezone.localdate():%Y%m%d}{secrets.token_hex(2).upper()}", year=year, created_by=actor
        )
        PaymentInstruction.objects.filter(id__in=ids).update(
            status=PaymentStatus.IN_BATCH, batch=batch, failure_reason=""
        )
        agg = PaymentInstruction.objects.filter(batch=batch)
        batch.count = len(ids)
        batch.total = sum((i.amount for i in agg.only("amount")), Decimal("0.00"))
        batch.save(update_fields=["count", "total"])
        BatchTransition.objects.create(batch=batch, name="create", to_status=batch.status, actor=actor)
        audit.record(actor, audit.Action.CREATE, batch, summary=f"支付批次 {batch.number}: {batch.count} 笔 {batch.total} 元")
    return batch


def _batch_move(batch: PaymentBatch, name: str, actor, reason: str = "") -> None:
    """Check transition `name` of the batch workflow (the caller holds the lock) and log it."""
    try:
        t = PAYMENT_BATCH.check(name, batch.status, actor, history=batch_history(batch), reason=reason)
    except TransitionNotAllowed as exc:
        raise InvalidTransition(
            gettext("支付批次 %(number)s：%(error)s") % {"number": batch.number, "error": exc.message}, exc.field
        )
    before = batch.status
    batch.status = t.target
    batch.save(update_fields=["status"])
    BatchTransition.objects.create(batch=batch, name=name, from_status=before, to_status=t.target,
                                   actor=actor, reason=reason)


def release_batch(actor, batch: PaymentBatch, reason: str = "") -> PaymentBatch:
    """复核放行: a second person checks the batch before it may be exported (not its creator)."""
    require(perms.can_manage_payments(actor), gettext("只有管理员可以复核支付批次"))
    with transaction.atomic():
        batch = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
        _batch_move(batch, "release", actor, reason)
        audit.record(actor, audit.Action.UPDATE, batch, summary=f"复核放行支付批次 {batch.number}",
                     before={"status": "created"}, after={"status": batch.status})
    return batch


def export_batch(actor, batch: PaymentBatch) -> bytes:
    """The finance bureau's file of a released batch (audited; the batch becomes 已导出)."""
    from zhihui.privacy import actions as privacy

    from .payments import export_batch as build

    require(perms.can_manage_payments(actor), gettext("只有管理员可以导出支付批次"))
    with transaction.atomic():
        batch = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
        _batch_move(batch, "export", actor)
        # A transfer of personal data to another body: stated purpose, watermark, sharing register.
        persons = list(batch.instructions.exclude(person=None).values_list("person_id", flat=True))
        mark = privacy.record_export(actor, purpose=gettext("交财政部门支付"), what=f"支付批次 {batch.number}")
        privacy.register_sharing(actor, recipient=gettext("济源示范区财政局"),
                                 legal_basis=gettext("人才补贴资金拨付办法；国库集中支付"), purpose=gettext("补贴发放"),
                                 categories=gettext("姓名、脱敏证件号、金额、待遇年度"), persons=persons, reference=batch.number)
        data = build(batch, watermark=mark)
        audit.record(actor, audit.Action.EXPORT, batch, summary=f"导出支付批次 {batch.number}（{batch.count} 笔）")
    return data


def reconcile_batch(actor, batch: PaymentBatch, data: bytes) -> dict:
    """Apply finance's return file (paid / failed per row). All-or-nothing: one bad cell and
    nothing is written; the errors name the row and the column."""
    from .payments import ReconciliationError, parse_return_file

    require(perms.can_manage_payments(actor), gettext("只有管理员可以导入回盘文件"))
    rows = parse_return_file(data)  # raises ReconciliationError listing every bad cell
    with transaction.atomic():
        batch = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status not in PAYMENT_BATCH.get("reconcile").sources:
            _batch_move(batch, "reconcile", actor)  # raises: the batch was not exported yet
        by_id = {i.pk: i for i in PaymentInstruction.objects.select_for_update().filter(batch=batch)}
        errors = []
        for r in rows:
            ins = by_id.get(r.instruction_id)
            if ins is None:
                errors.append(f"第{r.row}行 B列(指令号): {r.instruction_id} 不属于批次 {batch.number}")
            elif ins.amount != r.amount:
                errors.append(f"第{r.row}行 H列(金额): {r.amount} 与指令金额 {ins.amount} 不符")
            elif ins.status != PaymentStatus.IN_BATCH:
                errors.append(f"第{r.row}行 B列(指令号): 指令 {ins.pk} 已对账（{ins.get_status_display()}）")
        if errors:
            raise ReconciliationError(errors)
        paid = failed = 0
        touched_apps = set()
        budget_paid: dict[int, Decimal] = defaultdict(Decimal)
        for r in rows:
            ins = by_id[r.instruction_id]
            if r.paid:
                ins.status, ins.paid_on, ins.bank_reference = PaymentStatus.PAID, r.paid_on, r.reference
                budget_paid[ins.budget_id] += ins.amount
                paid += 1
            else:
                ins.status, ins.failure_reason = PaymentStatus.FAILED, r.failure_reason
                failed += 1
            ins.save(update_fields=["status", "paid_on", "bank_reference", "failure_reason"])
            touched_apps.add(ins.application_id)
        for budget in Budget.objects.select_for_update().filter(id__in=budget_paid).order_by("id"):
            budget.paid += budget_paid[budget.pk]
            budget.save(update_fields=["paid"])
        batch.reconciled_at = timezone.now()
        batch.save(update_fields=["reconciled_at"])
        _verify_paid_accounts(batch, [by_id[r.instruction_id] for r in rows if r.paid])
        _batch_move(batch, "reconcile", actor)
        for app in Application.objects.select_for_update(of=("self",)).filter(id__in=touched_apps).select_related("service", "person", "organisation"):
            statuses = set(app.payments.values_list("status", flat=True))
            if app.status == Status.SCHEDULED and statuses == {PaymentStatus.PAID}:
                APPLICATION.check("pay", app.status, actor)
                _move(app, "pay", actor, f"支付批次 {batch.number} 全部到账")
            elif failed and PaymentStatus.FAILED in statuses:
                notify(app, f"您的申请 {app.number} 有一笔支付未成功，将在下一批次重新支付。")
        audit.record(actor, audit.Action.IMPORT, batch, summary=f"回盘 {batch.number}: 成功 {paid} 笔，失败 {failed} 笔")
    return {"paid": paid, "failed": failed}


# --- Bank accounts and the finance bureau's payment file (issue 15, found 6) ----------------

BANK_NAME_MAX = 60


def clean_account_number(raw: str) -> str:
    """Digits only (spaces and hyphens as typed on a card are dropped), 12–30 of them; a UnionPay
    card number (62…, 16–19 digits) must pass its Luhn check digit."""
    from stdnum import luhn

    digits = "".join(ch for ch in (raw or "") if ch not in " -")
    if not digits:
        raise WindowError(gettext("account_number: 请填写银行账号"), "account_number")
    if not digits.isdigit() or not 12 <= len(digits) <= 30:
        raise WindowError(gettext("account_number: 银行账号应为 12–30 位数字"), "account_number")
    if digits.startswith("62") and 16 <= len(digits) <= 19 and not luhn.is_valid(digits):
        raise WindowError(gettext("account_number: 银行卡号校验位不正确，请核对"), "account_number")
    return digits


def declare_bank_account(actor, *, bank_name: str, account_number: str, person=None, organisation=None) -> BankAccount:
    """The payee's own declaration of where to be paid (replaces an earlier one; audited with
    the last four digits only). A new declaration is unverified until a payment reaches it."""
    from zhihui.core import crypto

    if (person is None) == (organisation is None):
        raise WindowError(gettext("请指定收款人"), "__all__")
    require(perms.can_declare_bank_account(actor, person=person, organisation=organisation),
            gettext("您无权登记此收款账户"))
    bank_name = (bank_name or "").strip()
    if len(bank_name) < 2:
        raise WindowError(gettext("bank_name: 请填写开户银行(如“中国工商银行济源分行”)"), "bank_name")
    if len(bank_name) > BANK_NAME_MAX:
        raise WindowError(gettext("bank_name: 开户银行名称不得超过 %(n)s 个字") % {"n": BANK_NAME_MAX}, "bank_name")
    digits = clean_account_number(account_number)
    with transaction.atomic():
        key = {"person": person} if person is not None else {"organisation": organisation}
        acc = BankAccount.objects.select_for_update().filter(**key).first()
        before = {"bank_name": acc.bank_name, "account": acc.account_masked, "status": acc.status} if acc else None
        if acc is None:
            acc = BankAccount(**key)
        acc.bank_name, acc.account_encrypted, acc.account_last4 = bank_name, crypto.encrypt(digits), digits[-4:]
        acc.status, acc.verified_at = BankAccountStatus.DECLARED, None
        acc.declared_by, acc.declared_at = actor, timezone.now()
        acc.save()
        audit.record(actor, audit.Action.UPDATE if before else audit.Action.CREATE, acc,
                     summary=f"登记收款账户 {bank_name} {acc.account_masked}", before=before,
                     after={"bank_name": bank_name, "account": acc.account_masked, "status": acc.status})
    return acc


def verify_bank_account(actor, account: BankAccount, note: str = "") -> BankAccount:
    """Staff (a clerk or the department administrator, not the declarer) checked the declared
    account against the bank card, passbook or the bank's confirmation: it becomes verified.
    Audited with the last four digits only."""
    require(perms.can_verify_bank_account(actor), gettext("只有窗口工作人员可以核实收款账户"))
    require(perms.can_verify_bank_account(actor, account), gettext("登记该账户的工作人员不能自行核实，请由另一名工作人员核实"))
    note = (note or "").strip()
    if len(note) > 200:
        raise WindowError(gettext("note: 核实说明不得超过 200 个字"), "note")
    with transaction.atomic():
        acc = BankAccount.objects.select_for_update().get(pk=account.pk)
        if acc.status == BankAccountStatus.VERIFIED:
            raise WindowError(gettext("该收款账户已核实"), "__all__")
        acc.status, acc.verified_at = BankAccountStatus.VERIFIED, timezone.now()
        acc.save(update_fields=["status", "verified_at"])
        audit.record(actor, audit.Action.UPDATE, acc,
                     summary=f"核实收款账户 {acc.bank_name} {acc.account_masked}" + (f"：{note}" if note else ""),
                     before={"status": BankAccountStatus.DECLARED}, after={"status": acc.status})
    return acc


def _verify_paid_accounts(batch: PaymentBatch, paid: list[PaymentInstruction]) -> None:
    """Accounts a payment reached are verified, unless declared after the batch was made (then
    the money went to the previous account, not this one)."""
    persons = {i.person_id for i in paid if i.person_id}
    orgs = {i.organisation_id for i in paid if i.organisation_id}
    if persons or orgs:
        BankAccount.objects.filter(Q(person_id__in=persons) | Q(organisation_id__in=orgs),
                                   declared_at__lte=batch.created_at).update(
            status=BankAccountStatus.VERIFIED, verified_at=timezone.now())


def export_payment_file(actor, batch: PaymentBatch, purpose: str = "") -> tuple[bytes, int]:
    """The finance bureau's payment file of a released batch: full name, full identity number,
    bank, account, amount, benefit, year and batch. FINANCE only; audited as a read of personal
    data (one VIEW row per payee) and registered as an export with a watermark."""
    from zhihui.privacy import actions as privacy

    from .payments import finance_workbook

    require(perms.can_export_payment_file(actor), gettext("只有财务人员可以导出付款文件"))
    if batch.status == BatchStatus.CREATED:
        raise WindowError(gettext("批次 %(number)s 尚未复核放行，不能导出付款文件") % {"number": batch.number})
    with transaction.atomic():
        mark = privacy.record_export(actor, purpose=purpose or gettext("按批次向收款人付款"),
                                     what=f"付款文件 {batch.number}")
        data, missing = finance_workbook(batch, watermark=mark)
        for person_id in sorted(set(batch.instructions.exclude(person=None).values_list("person_id", flat=True))):
            audit.record(actor, audit.Action.VIEW, object_type="registry.person", object_id=person_id,
                         summary=f"付款文件 {batch.number}：完整证件号码与银行账号")
        audit.record(actor, audit.Action.EXPORT, batch,
                     summary=f"导出付款文件 {batch.number}（{batch.count} 笔，缺收款账户 {missing} 笔）")
    return data, missing


# --- Messages -------------------------------------------------------------------------------


def mark_messages_read(user) -> int:
    """The user opened their messages: unread ones become read (audited only when some were)."""
    from .models import Message

    with transaction.atomic():
        n = Message.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
        if n:
            audit.record(user, audit.Action.UPDATE, user, object_type="window.message", object_id=user.pk,
                         summary=f"{n} 条站内信已读")
    return n


# --- Working-day calendar -------------------------------------------------------------------


def load_holiday_notice(actor, source) -> HolidayNotice:
    """Load (or replace) a year's holiday notice. The due dates of open applications whose
    clock runs (accepted, reviewed) and that the notice can change — provisional ones, and those
    counted over the notice's year — are recomputed; each change is written to the
    application's log (a Transition that keeps the status), and the applicant is told when the
    date moved. Nothing else changes."""
    if actor is not None and not isinstance(actor, str):
        require(perms.can_manage_calendar(actor), gettext("只有管理员可以导入节假日安排"))
    notice = parse_notice(source)
    with transaction.atomic():
        row, created = HolidayNotice.objects.update_or_create(
            year=notice.year,
            defaults={"source": notice.source[:300], "data": notice.to_data(), "loaded_by": _user(actor),
                      "loaded_at": timezone.now()},
        )
        audit.record(_user(actor) or _label(actor), audit.Action.IMPORT, row,
                     summary=f"节假日安排 {notice.year}: {len(notice.holidays)} 天假日，{len(notice.workdays)} 天调休上班")
        calendar = official_calendar()
        touched = Application.objects.select_for_update(of=("self",)).select_related("service").filter(
            status__in=[Status.ACCEPTED, Status.REVIEWED], accepted_on__isnull=False,
        ).filter(Q(due_date_provisional=True) | Q(accepted_on__gte=dt.date(notice.year - 1, 1, 1)))
        row.due_dates_changed = row.due_dates_moved = 0
        for app in touched.order_by("id"):
            old, was_provisional = app.due_date, app.due_date_provisional
            try:
                _recompute_due(app, calendar=calendar)
            except WindowError:
                app.due_date, app.due_date_provisional = old, was_provisional
                continue
            if app.due_date == old and app.due_date_provisional == was_provisional:
                continue
            app.save(update_fields=["due_date", "due_date_provisional"])
            _log_due_change(app, actor, notice, old, was_provisional)
            row.due_dates_changed += 1
            row.due_dates_moved += app.due_date != old
    return row


def _log_due_change(app: Application, actor, notice, old: dt.date | None, was_provisional: bool) -> None:
    """One log row (status unchanged) and one audit row for a due date the notice changed; a
    message to the applicant when the date moved."""
    new = app.due_date
    old_text = f"{old:%Y-%m-%d}" + ("（暂定）" if was_provisional else "") if old else "—"
    new_text = f"{new:%Y-%m-%d}" + ("（暂定）" if app.due_date_provisional else "") if new else "—"
    if old == new:
        reason = f"{notice.year}年节假日安排已导入，办结期限 {new_text} 不变，已确定"
    else:
        reason = f"{notice.year}年节假日安排已导入，办结期限由 {old_text} 调整为 {new_text}"
    Transition.objects.create(
        application=app, name="recompute_due", from_status=app.status, to_status=app.status, actor=_user(actor),
        actor_label=_label(actor), reason=reason, rule_version=app.rule_version,
        data={"due_date_before": old.isoformat() if old else None,
              "due_date_provisional_before": was_provisional, **_due_data(app),
              "holiday_notice": notice.year},
    )
    audit.record(_user(actor) or _label(actor), audit.Action.UPDATE, app, summary=f"{app.number}: {reason}",
                 before={"due_date": old.isoformat() if old else None, "due_date_provisional": was_provisional},
                 after=_due_data(app))
    if old != new:
        notify(app, f"您的申请 {app.number}（{app.service.name}）：国务院{notice.year}年节假日安排已公布，"
                    f"办结期限由 {old_text} 调整为 {new_text}。")


# --- 免申即享 --------------------------------------------------------------------------------


def accept_offer(actor, offer, today: dt.date | None = None) -> Application:
    """The person or organisation found by the sweep accepts the offer in one step: an
    application is filed on the offer's benefit (channel 免申即享, facts from the registry,
    no form to fill) and the offer is marked accepted, in one transaction; the window then
    accepts and decides it like any other. Accepting twice returns the same application
    (the offer is its idempotency key)."""
    from . import offers

    offers.check_open(offer)
    service = offers.offer_service(offer)
    person, organisation = offers.offer_applicant(offer)
    with transaction.atomic():
        app, created = submit(
            actor,
            service,
            person=person,
            organisation=organisation,
            channel=Channel.OFFER,
            idempotency_key=offers.offer_key(offer),
            offer_ref=offers.offer_key(offer),
            period=getattr(offer, "period", "") or None,
            today=today,
        )
        offers.mark_accepted(actor, offer, app)
    return app


# --- Payments decided by another domain (training vouchers) ---------------------------------


def reserve_budget(actor, *, year: int, line: str, amount: Decimal, summary: str) -> Budget:
    """Commit `amount` on a budget line before the payment is decided (a training voucher
    reserves its face value when issued). The row is locked: concurrent reservations never
    exceed the line (and the table's CHECK forbids it anyway)."""
    with transaction.atomic():
        b = Budget.objects.select_for_update().filter(year=year, line=line).first()
        if b is None:
            raise BudgetExceeded(gettext("%(year)s 年度预算科目“%(line)s”尚未设立") % {"year": year, "line": line}, "budget")
        if b.available < amount:
            raise BudgetExceeded(gettext("%(year)s 年度预算科目“%(line)s”余额 %(available)s 元，不足 %(amount)s 元")
                                 % {"year": year, "line": line, "available": b.available, "amount": amount}, "budget")
        b.committed += amount
        b.save(update_fields=["committed"])
        audit.record(actor, audit.Action.UPDATE, b, summary=f"预算占用 {year} {budget_line_name(line)} +{amount}：{summary}"[:255])
    return b


def release_budget(actor, budget: Budget, amount: Decimal, summary: str) -> Budget:
    """Return a reserved amount that will not be paid (a voucher lapsed or was cancelled)."""
    with transaction.atomic():
        b = Budget.objects.select_for_update().get(pk=budget.pk)
        if amount > b.committed - b.paid:
            raise BudgetExceeded(gettext("退回金额 %(amount)s 元超过已占用未支付的金额") % {"amount": amount}, "budget")
        b.committed -= amount
        b.save(update_fields=["committed"])
        audit.record(actor, audit.Action.UPDATE, b, summary=f"预算退回 {b.year} {budget_line_name(b.line)} -{amount}：{summary}"[:255])
    return b


def schedule_reserved_payment(actor, *, service_code: str, service_name: str, organisation, budget: Budget,
                              amount: Decimal, reason: str, source: dict, period: str, today: dt.date | None = None) -> Application:
    """A payment another domain decided, on an amount it already reserved on `budget`: one
    application of the (inactive, not applied for) service `service_code`, scheduled at once,
    with one payment instruction that the ordinary batches pay and reconciliation closes
    (`create_payment_batch`, `release_batch`, `export_batch`, `reconcile_batch`). The caller
    holds its own lock and has checked its invariants; the budget is not committed twice.
    `period` (≤ 12 characters) names what is paid: one open application per service, payee and
    period (the window's unique constraint), so the same voucher is never paid twice."""
    today = _today(today)
    with transaction.atomic():
        service, _created = Service.objects.get_or_create(
            code=service_code,
            defaults={"name": service_name, "kind": ServiceKind.BENEFIT, "applicant_kind": ApplicantKind.ORGANISATION,
                      "period_kind": PeriodKind.EACH, "budget_line": budget.line, "active": False},
        )
        app = Application.objects.create(
            number=f"SQ{today:%Y%m%d}{secrets.token_hex(3).upper()}", service=service, organisation=organisation,
            subject_key=f"o:{organisation.pk}", period=period[:12], channel=Channel.WINDOW, facts={},
            note=reason[:2000], submitted_by=actor, status=Status.SCHEDULED, approved_total=amount,
            decided_at=timezone.now(), decision_reason=reason,
        )
        PaymentInstruction.objects.create(application=app, organisation=organisation, budget=budget,
                                          entitlement_year=budget.year, year=max(budget.year, today.year), amount=amount)
        _log(app, "schedule", "", Status.SCHEDULED, actor, reason, {"source": source, "amount": str(amount)},
             notify_text=f"支付金额 {amount} 元，将随支付批次拨付。")
    return app
# --- Audited reads (pages call these; a read of personal data is logged here, not in views) ---


def record_application_view(actor, app: Application) -> None:
    """A staff member opened a person's application."""
    audit.record(actor, audit.Action.VIEW, app, summary=f"查看申请 {app.number}")


def record_attachment_view(actor, att) -> None:
    """Someone opened an application's attachment."""
    audit.record(actor, audit.Action.VIEW, att, summary=f"查看附件 {att.application.number}/{att.original_name}")
