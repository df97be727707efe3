"""The only write path of labour-rights cases: one function per state change, each checking
the kind's workflow table, computing statutory time limits on the official calendar, and
writing the transition log and the audit row in one transaction."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from zhihui.core import audit
from zhihui.core.errors import FieldError
from zhihui.core.numbers import next_number
from zhihui.core.params import value
from zhihui.core.workflow import TransitionNotAllowed, history_of
from zhihui.window.workdays import calendar_days_deadline, working_days_deadline

from . import perms
from .enums import (
    CLOSED,
    PANEL_SIZES,
    CaseKind,
    CaseStatus,
    Channel,
    RecusalDecision,
    RecusalGround,
)
from .models import (
    ArrearsLine,
    Case,
    CaseTransition,
    Evidence,
    PanelMember,
    Payroll,
    PayrollLine,
    Project,
    ProjectWorker,
    Recusal,
)
from .workflows import BY_KIND

PREFIX = {CaseKind.INSPECTION: "JC", CaseKind.MEDIATION: "TJ", CaseKind.ARBITRATION: "ZC"}


class RightsError(FieldError):
    """A refused action; `field` names the input at fault."""


def _p(pid: str, on: dt.date) -> int:
    return int(value("rights", pid, on))


def _money(raw, field: str) -> Decimal:
    try:
        amount = Decimal(str(raw if raw not in (None, "") else "0"))
    except InvalidOperation:
        raise RightsError(gettext("%(f)s: 不是金额") % {"f": field}, field)
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e10"):
        raise RightsError(gettext("%(f)s: 须为 0 至 99 亿之间的金额") % {"f": field}, field)
    return amount.quantize(Decimal("0.01"))


def _history(case) -> dict[str, set[int]]:
    return history_of(case.transitions)


def _log(case: Case, name: str, before: str, actor, note: str = "") -> None:
    CaseTransition.objects.create(case=case, name=name, from_status=before, to_status=case.status,
                                  actor=actor if getattr(actor, "is_authenticated", False) else None, note=note[:1000])
    audit.record(actor, audit.Action.TRANSITION if before else audit.Action.CREATE, case,
                 summary=f"{case.number} {BY_KIND[case.kind].describe(name, before, case.status)}"[:255],
                 before={"status": before} if before else None, after={"status": case.status})


def _number(kind: str, on: dt.date) -> str:
    return next_number(Case.objects.all(), f"{PREFIX[kind]}{on.year}", 5)


def file_case(actor, *, kind: str, respondent, facts: str, applicant=None, claimed_amount="0",
              knew_on: dt.date | None = None, anonymous: bool = False, received_on: dt.date | None = None) -> Case:
    """Receive a complaint, a mediation or an arbitration application (online or at the window)."""
    if kind not in BY_KIND:
        raise RightsError(gettext("类别须为：%(v)s") % {"v": "、".join(BY_KIND)}, "kind")
    workflow = BY_KIND[kind]
    own = applicant is not None and getattr(actor, "person_id", None) == applicant.pk
    workflow.check("receive", None, actor, is_owner=own)
    received_on = received_on or timezone.localdate()
    facts = (facts or "").strip()
    if not facts or len(facts) > 8000:
        raise RightsError(gettext("请写明事实与理由（不超过 8000 字）"), "facts")
    if applicant is None and not (kind == CaseKind.INSPECTION and anonymous):
        raise RightsError(gettext("请选择申请人（只有举报可以匿名）"), "applicant")
    if knew_on is not None and knew_on > received_on:
        raise RightsError(gettext("知道权利被侵害之日不得晚于申请日"), "knew_on")
    amount = _money(claimed_amount, "claimed_amount")
    if kind == CaseKind.INSPECTION:
        due = working_days_deadline(received_on, _p("inspection.accept_working_days", received_on))
    elif kind == CaseKind.MEDIATION:
        due = calendar_days_deadline(received_on, _p("mediation.days", received_on))
    else:
        due = calendar_days_deadline(received_on, _p("arbitration.accept_days", received_on))
    with transaction.atomic():
        case = Case.objects.create(
            number=_number(kind, received_on), kind=kind, channel=Channel.ONLINE if own else Channel.WINDOW,
            applicant=applicant, anonymous=bool(anonymous and kind == CaseKind.INSPECTION), respondent=respondent,
            facts=facts, claimed_amount=amount, knew_on=knew_on, received_on=received_on,
            accept_due=due.date, accept_due_provisional=due.provisional,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        note = ""
        if kind == CaseKind.MEDIATION:
            # Mediation runs from the application itself: its only deadline is the conclusion.
            case.decide_due, case.decide_due_provisional = due.date, due.provisional
            case.save(update_fields=["decide_due", "decide_due_provisional"])
        if kind == CaseKind.ARBITRATION and knew_on is not None and limitation_passed(knew_on, received_on):
            note = gettext("提示：申请日已超过一年仲裁时效（自 %(d)s 起算），由仲裁委员会依法审查") % {"d": knew_on}
        _log(case, "receive", "", actor, note)
    return case


def limitation_passed(knew_on: dt.date, received_on: dt.date) -> bool:
    months = _p("arbitration.limitation_months", received_on)
    y, m = divmod(knew_on.year * 12 + knew_on.month - 1 + months, 12)
    end = dt.date(y, m + 1, min(knew_on.day, calendar.monthrange(y, m + 1)[1]))
    return calendar_days_deadline(end - dt.timedelta(days=1), 1).date < received_on


def _take(actor, case: Case, name: str, reason: str = "", **changes) -> Case:
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if not perms.can_view(actor, case):
            raise Case.DoesNotExist
        workflow = BY_KIND[case.kind]
        own = perms.is_applicant(actor, case)
        try:
            t = workflow.check(name, case.status, actor, is_owner=own, history=_history(case), reason=reason)
        except TransitionNotAllowed as exc:
            raise RightsError(exc.message, exc.field)
        before = case.status
        today = changes.pop("today", None) or timezone.localdate()
        extra = _effects(case, name, today, changes)
        case.status = t.target
        if case.status in CLOSED:
            case.closed_on = today
            case.outcome_text = reason.strip()
        case.save()
        _log(case, name, before, actor, " ".join(x for x in [reason.strip(), extra] if x))
        if case.kind == CaseKind.INSPECTION and case.status in CLOSED:
            _credit_follows(case, today, gettext("劳动保障监察案件结案"))
    return case


def _credit_follows(case: Case, on: dt.date, trigger: str) -> None:
    """An HR agency's credit evaluation follows its labour-inspection cases (open wage arrears,
    complaints upheld, penalties), in the same transaction."""
    from zhihui.optional import import_optional

    regulation = import_optional("zhihui.regulation.actions")
    if regulation is not None:
        regulation.recompute_credit(case.respondent, on=on, trigger=f"{case.number} {trigger}")


def _effects(case: Case, name: str, today: dt.date, changes: dict) -> str:
    """What a transition writes besides the state (the `writes` column of the table)."""
    if name == "accept":
        case.accepted_on = today
        if case.kind == CaseKind.MEDIATION:
            return ""
        handler = changes.get("handler")
        if handler is None or getattr(handler, "role", None) not in ("reviewer", "admin"):
            raise RightsError(gettext("请指定承办的监察员或仲裁员"), "handler")
        case.handler = handler
        if case.kind == CaseKind.INSPECTION:
            due = working_days_deadline(today, _p("inspection.investigate_working_days", today))
        else:
            due = calendar_days_deadline(today, _p("arbitration.award_days", today))
        case.decide_due, case.decide_due_provisional = due.date, due.provisional
        return gettext("办结期限 %(d)s") % {"d": due.date}
    if name == "extend":
        if case.extended:
            raise RightsError(gettext("办结期限只能延长一次"), "extend")
        case.extended = True
        if case.kind == CaseKind.INSPECTION:
            n = _p("inspection.investigate_working_days", case.accepted_on) + _p("inspection.extension_working_days", case.accepted_on)
            due = working_days_deadline(case.accepted_on, n)
        else:
            n = _p("arbitration.award_days", case.accepted_on) + _p("arbitration.extension_days", case.accepted_on)
            due = calendar_days_deadline(case.accepted_on, n)
        case.decide_due, case.decide_due_provisional = due.date, due.provisional
        return gettext("延长至 %(d)s") % {"d": due.date}
    if name == "schedule":
        at, room = changes.get("hearing_at"), (changes.get("hearing_room") or "").strip()
        if at is None:
            raise RightsError(gettext("请填写开庭时间"), "hearing_at")
        if not room:
            raise RightsError(gettext("请填写仲裁庭"), "hearing_room")
        clash = Case.objects.filter(hearing_room=room, hearing_at=at).exclude(pk=case.pk).first()
        if clash is not None:
            raise RightsError(gettext("%(room)s 在该时间已安排 %(n)s") % {"room": room, "n": clash.number}, "hearing_at")
        case.hearing_at, case.hearing_room = at, room[:40]
        return f"{timezone.localtime(at):%Y-%m-%d %H:%M} {room}"
    if name == "award" and case.recusals.filter(decision=RecusalDecision.PENDING).exists():
        raise RightsError(gettext("有待决定的回避申请，不能作出裁决"), "recusal")
    if name in ("mediated", "award", "order"):
        if case.arrears_lines.exists():
            # Recoveries were recorded worker by worker: the case's figure is their sum.
            case.recovered_amount = sum((a.recovered for a in case.arrears_lines.all()), Decimal("0"))
        else:
            case.recovered_amount = _money(changes.get("recovered_amount"), "recovered_amount")
    return ""


def accept(actor, case, *, handler=None, today=None):
    return _take(actor, case, "accept", handler=handler, today=today)


def not_accept(actor, case, reason, today=None):
    return _take(actor, case, "not_accept", reason, today=today)


def extend(actor, case, reason, today=None):
    return _take(actor, case, "extend", reason, today=today)


def schedule(actor, case, *, hearing_at, hearing_room, today=None):
    return _take(actor, case, "schedule", hearing_at=hearing_at, hearing_room=hearing_room, today=today)


def conclude(actor, case, outcome: str, reason: str, recovered_amount="0", today=None):
    """Close a case with the named transition (award, mediated, failed, order, penalise,
    no_violation, dismiss, withdraw); the reason is the outcome's text."""
    if outcome not in {"award", "mediated", "failed", "order", "penalise", "no_violation", "dismiss", "withdraw"}:
        raise RightsError(gettext("未知的结案方式"), "outcome")
    return _take(actor, case, outcome, reason, recovered_amount=recovered_amount, today=today)


# --- Wage arrears ------------------------------------------------------------------------------


def register_project(actor, *, code: str, name: str, contractor, starts_on: dt.date, payday: int,
                     wage_bank: str, wage_account: str, deposit_amount="0", deposit_paid_on: dt.date | None = None,
                     address: str = "", ends_on: dt.date | None = None) -> Project:
    from zhihui.core.perms import require

    require(perms.can_manage_projects(actor), gettext("只有窗口受理员或部门管理员可以登记在建项目"))
    code, name, wage_bank, account = (code or "").strip(), (name or "").strip(), (wage_bank or "").strip(), (wage_account or "").replace(" ", "")
    if not code or len(code) > 32:
        raise RightsError(gettext("请填写项目编号"), "code")
    if Project.objects.filter(code=code).exists():
        raise RightsError(gettext("项目编号 %(c)s 已登记") % {"c": code}, "code")
    if not name:
        raise RightsError(gettext("请填写项目名称"), "name")
    if not 1 <= int(payday) <= 31:
        raise RightsError(gettext("发薪日须为 1–31"), "payday")
    if not wage_bank:
        raise RightsError(gettext("请填写工资专用账户开户行"), "wage_bank")
    if not account.isdigit() or not 8 <= len(account) <= 30:
        raise RightsError(gettext("工资专用账户须为 8–30 位数字"), "wage_account")
    if ends_on is not None and ends_on < starts_on:
        raise RightsError(gettext("竣工日期不得早于开工日期"), "ends_on")
    with transaction.atomic():
        project = Project.objects.create(
            code=code, name=name, contractor=contractor, address=(address or "").strip()[:200], starts_on=starts_on,
            ends_on=ends_on, wage_bank=wage_bank[:100], wage_account_masked=account[:4] + "*" * (len(account) - 8) + account[-4:],
            deposit_amount=_money(deposit_amount, "deposit_amount"), deposit_paid_on=deposit_paid_on, payday=int(payday),
        )
        audit.record(actor, audit.Action.CREATE, project, summary=f"在建项目 {code} {name}"[:255])
    return project


def add_worker(actor, project: Project, person, *, employer, joined_on: dt.date, monthly_wage, trade: str = "",
               left_on: dt.date | None = None) -> ProjectWorker:
    from zhihui.core.perms import require

    require(perms.can_keep_roster(actor, project), gettext("只能维护本单位项目的实名花名册"))
    if left_on is not None and left_on < joined_on:
        raise RightsError(gettext("退场日期不得早于进场日期"), "left_on")
    wage = _money(monthly_wage, "monthly_wage")
    with transaction.atomic():
        worker, created = ProjectWorker.objects.get_or_create(
            project=project, person=person, joined_on=joined_on,
            defaults={"employer": employer, "monthly_wage": wage, "trade": (trade or "")[:40], "left_on": left_on},
        )
        if not created:
            raise RightsError(gettext("该人员已在花名册中（同一进场日期）"), "person")
        audit.record(actor, audit.Action.CREATE, worker, summary=f"{project.code} 实名登记 {person.name}"[:255])
    return worker


def import_payroll(actor, project: Project, *, month: dt.date, paid_on: dt.date, bank_reference: str,
                   data: bytes, filename: str, commit: bool = False):
    """Check a bank payroll file (preview); with `commit`, store it whole or not at all."""
    import hashlib

    from zhihui.core.perms import require

    from .arrears import month_start, parse_payroll

    require(perms.can_keep_roster(actor, project), gettext("只能导入本单位项目的工资发放记录"))
    month = month_start(month)
    bank_reference = (bank_reference or "").strip()
    if not bank_reference:
        raise RightsError(gettext("请填写银行代发批次号"), "bank_reference")
    if paid_on < month:
        raise RightsError(gettext("发放日期不得早于工资所属月份"), "paid_on")
    parsed = parse_payroll(project, month, data, filename, _p("arrears.payroll_max_rows", month))
    if not commit:
        return parsed
    with transaction.atomic():
        if Payroll.objects.filter(project=project, month=month).exists():
            raise RightsError(gettext("%(m)s 的工资发放记录已导入") % {"m": f"{month:%Y-%m}"}, "month")
        payroll = Payroll.objects.create(project=project, month=month, paid_on=paid_on, bank_reference=bank_reference[:60],
                                         file_sha256=hashlib.sha256(data).hexdigest(), imported_by=actor)
        PayrollLine.objects.bulk_create([PayrollLine(payroll=payroll, worker=line.worker, amount=line.amount) for line in parsed.lines])
        audit.record(actor, audit.Action.IMPORT, payroll,
                     summary=f"{project.code} {month:%Y-%m} 工资代发 {len(parsed.lines)} 人 {parsed.total} 元，未发 {len(parsed.unpaid)} 人"[:255])
    return payroll


def record_arrears(actor, case: Case, lines: list[dict]) -> list[ArrearsLine]:
    """What each worker is owed in a wage-arrears complaint: [{person, owed, project?, months?}]."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if not (perms.can_view(actor, case) and perms.has_role(actor, *perms.OFFICE, *perms.DECIDERS)):
            raise Case.DoesNotExist
        if case.kind != CaseKind.INSPECTION or case.status in CLOSED:
            raise RightsError(gettext("只有办理中的劳动保障监察案件可以登记欠薪明细"), "case")
        out = []
        for i, line in enumerate(lines):
            owed = _money(line.get("owed"), f"lines[{i}].owed")
            if owed <= 0:
                raise RightsError(gettext("第 %(n)s 行：欠薪金额须大于 0") % {"n": i + 1}, f"lines[{i}].owed")
            row, _created = ArrearsLine.objects.update_or_create(
                case=case, person=line["person"],
                defaults={"owed": owed, "project": line.get("project"), "months": (line.get("months") or "")[:200]},
            )
            out.append(row)
        case.claimed_amount = sum((r.owed for r in case.arrears_lines.all()), Decimal("0"))
        case.save(update_fields=["claimed_amount"])
        audit.record(actor, audit.Action.UPDATE, case, summary=f"{case.number} 欠薪明细 {len(out)} 人，共 {case.claimed_amount} 元"[:255])
        _credit_follows(case, timezone.localdate(), gettext("登记欠薪明细"))
    return out


def record_recovery(actor, line: ArrearsLine, amount) -> ArrearsLine:
    with transaction.atomic():
        line = ArrearsLine.objects.select_for_update().select_related("case").get(pk=line.pk)
        case = line.case
        if not (perms.can_view(actor, case) and perms.has_role(actor, *perms.OFFICE, *perms.DECIDERS)):
            raise Case.DoesNotExist
        if case.status in CLOSED:
            raise RightsError(gettext("案件已结案"), "case")
        add = _money(amount, "amount")
        if add <= 0 or line.recovered + add > line.owed:
            raise RightsError(gettext("追回金额须大于 0，且累计不超过欠薪 %(o)s 元") % {"o": line.owed}, "amount")
        line.recovered += add
        line.save(update_fields=["recovered"])
        case.recovered_amount = sum((r.recovered for r in case.arrears_lines.all()), Decimal("0"))
        case.save(update_fields=["recovered_amount"])
        audit.record(actor, audit.Action.UPDATE, line, summary=f"{case.number} 追回 {add} 元（累计 {line.recovered}/{line.owed}）"[:255])
    return line


# --- Audited reads (pages call these) ---------------------------------------------------------


def record_case_view(actor, case) -> None:
    """Staff opened a labour-rights case filed by a person."""
    audit.record(actor, audit.Action.VIEW, case, summary=f"查看劳动权益案件 {case.number}")


def record_evidence_download(actor, case, evidence) -> None:
    """Someone downloaded a piece of a case's evidence."""
    audit.record(actor, audit.Action.VIEW, evidence, summary=f"下载证据 {case.number} {evidence.label[:60]}"[:255])


def record_document_export(actor, case, name: str) -> None:
    """Someone generated one of a case's documents (PDF)."""
    audit.record(actor, audit.Action.EXPORT, case, summary=f"生成文书 {case.number} {name}"[:255])


def record_roster_view(actor, project) -> None:
    """Someone opened a project's real-name worker roster."""
    audit.record(actor, audit.Action.VIEW, project, summary=f"查看项目实名花名册 {project.code}")
# --- Evidence ----------------------------------------------------------------------------------


def add_evidence(actor, case: Case, uploads, label: str) -> list[Evidence]:
    """Files a party (or the office) puts in an open case. Each is checked like the window's
    attachments (zhihui/core/files.py: parsed as PDF/PNG/JPEG, size cap, malware scan) and the
    case's files together within the per-application count and size quotas."""
    import hashlib

    from django.core.files.base import ContentFile

    from zhihui.core import files as files_mod

    label = (label or "").strip()
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if not perms.can_view(actor, case):
            raise Case.DoesNotExist
        party = perms.evidence_party(actor, case)
        if party is None:
            raise RightsError(gettext("无权提交本案证据"), "files")
        if case.status in CLOSED:
            raise RightsError(gettext("案件已结案，不能再提交证据"), "files")
        if not label or len(label) > 200:
            raise RightsError(gettext("请填写证据名称（不超过 200 字）"), "label")
        lim = files_mod.limits()
        read = []
        for upload in uploads:
            name, data = upload if isinstance(upload, tuple) else (upload.name, upload.read(lim.file_bytes + 1))
            read.append(((name or "file")[:200], data))
        if not read:
            raise RightsError(gettext("请选择文件"), "files")
        have = list(case.evidence.values_list("size", flat=True))
        try:
            files_mod.check_batch([len(d) for _n, d in read], existing_count=len(have), existing_bytes=sum(have))
            kinds = [files_mod.check_file(n, d) for n, d in read]
        except files_mod.FileRejected as exc:
            raise RightsError(str(exc), "files")
        out = []
        for (name, data), kind in zip(read, kinds, strict=True):
            digest = hashlib.sha256(data).hexdigest()
            ev = Evidence(case=case, label=label, party=party, kind=kind, original_name=name, size=len(data),
                          sha256=digest, uploaded_by=actor if getattr(actor, "is_authenticated", False) else None)
            ev.file.save(f"{case.number}-{digest[:16]}.{kind}", ContentFile(data), save=False)
            ev.save()
            audit.record(actor, audit.Action.CREATE, ev, summary=f"{case.number} 证据 {label[:60]}（{kind}，{len(data)} 字节）"[:255])
            out.append(ev)
    return out


def evidence_for(user, case: Case):
    qs = case.evidence.select_related("uploaded_by")
    if perms.sees_all_evidence(user, case):
        return qs
    return qs.filter(uploaded_by=user)


# --- The tribunal and recusal ------------------------------------------------------------------


def _conflict(user, case: Case) -> str:
    """A conflict the system can see from its own records: the arbitrator belongs to the
    respondent, is the applicant, or declared a conflict with the respondent (the register of
    declared conflicts of zhihui/regulation, shared with inspectors)."""
    from zhihui.optional import import_optional

    regulation = import_optional("zhihui.regulation.selectors")
    declared = regulation.declared_conflict(user, case.respondent) if regulation is not None else ""
    if declared:
        return gettext("%(a)s 已申报与被申请单位的利益冲突（%(r)s）") % {"a": user, "r": declared}
    if getattr(user, "organisation_id", None) and user.organisation_id == case.respondent_id:
        return gettext("%(a)s 是被申请单位的人员") % {"a": user}
    if getattr(user, "person_id", None) and user.person_id == case.applicant_id:
        return gettext("%(a)s 是本案申请人") % {"a": user}
    return ""


def set_panel(actor, case: Case, chief, members=()) -> list[PanelMember]:
    """Form (or re-form) the tribunal of an arbitration case: a chief and two members, or one
    arbitrator alone (art. 31). Arbitrators who stepped aside in this case, or whom the records
    show in conflict with a party, are refused. The chief handles the case."""
    from zhihui.core.perms import require

    require(perms.can_set_panel(actor), gettext("只有仲裁委员会办公室可以组成仲裁庭"))
    members = [m for m in members if m is not None]
    everyone = [chief, *members]
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.kind != CaseKind.ARBITRATION or case.status not in (CaseStatus.ACCEPTED, CaseStatus.HEARING):
            raise RightsError(gettext("只有已受理、未结案的仲裁案件可以组成仲裁庭"), "panel")
        if chief is None or len(everyone) not in PANEL_SIZES:
            raise RightsError(gettext("仲裁庭由三名仲裁员组成（设首席仲裁员），简单案件可由一名仲裁员独任"), "panel")
        if len({u.pk for u in everyone}) != len(everyone):
            raise RightsError(gettext("同一仲裁员不能重复列入仲裁庭"), "panel")
        stepped_aside = set(case.recusals.filter(decision=RecusalDecision.GRANTED).values_list("arbitrator_id", flat=True))
        for i, u in enumerate(everyone):
            field = "chief" if i == 0 else f"members[{i - 1}]"
            if getattr(u, "role", None) != "reviewer" or not u.is_active:
                raise RightsError(gettext("%(a)s 不是在任的仲裁员") % {"a": u}, field)
            if u.pk in stepped_aside:
                raise RightsError(gettext("%(a)s 已在本案回避") % {"a": u}, field)
            why = _conflict(u, case)
            if why:
                raise RightsError(gettext("利益冲突：%(w)s") % {"w": why}, field)
        now = timezone.now()
        case.panel.filter(removed_at__isnull=True).update(removed_at=now)
        out = [PanelMember.objects.create(case=case, arbitrator=u, chief=(i == 0), appointed_by=actor, appointed_at=now)
               for i, u in enumerate(everyone)]
        case.handler = chief
        case.save(update_fields=["handler"])
        audit.record(actor, audit.Action.UPDATE, case,
                     summary=f"{case.number} 仲裁庭：首席 {chief}" + (f"，仲裁员 {'、'.join(str(m) for m in members)}" if members else "（独任）"))
    return out


def request_recusal(actor, case: Case, arbitrator, ground: str, reason: str) -> Recusal:
    """A party (or the office, or the arbitrator himself) asks that a sitting arbitrator step aside."""
    reason = (reason or "").strip()
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if not perms.can_view(actor, case):
            raise Case.DoesNotExist
        if case.status in CLOSED:
            raise RightsError(gettext("案件已结案"), "case")
        is_party = perms.is_applicant(actor, case) or perms.is_respondent(actor, case)
        if not (is_party or perms.has_role(actor, *perms.OFFICE) or getattr(actor, "pk", None) == getattr(arbitrator, "pk", None)):
            raise RightsError(gettext("只有当事人、仲裁委员会办公室或该仲裁员本人可以提出回避"), "arbitrator")
        if arbitrator is None or not case.panel.filter(arbitrator=arbitrator, removed_at__isnull=True).exists():
            raise RightsError(gettext("该仲裁员不在本案仲裁庭中"), "arbitrator")
        if ground not in RecusalGround.values:
            raise RightsError(gettext("请选择回避事由"), "ground")
        if not reason or len(reason) > 2000:
            raise RightsError(gettext("请说明回避的理由（不超过 2000 字）"), "reason")
        if case.recusals.filter(arbitrator=arbitrator, decision=RecusalDecision.PENDING).exists():
            raise RightsError(gettext("对该仲裁员的回避申请尚待决定"), "arbitrator")
        r = Recusal.objects.create(case=case, arbitrator=arbitrator, ground=ground, reason=reason,
                                   requested_by=actor if getattr(actor, "is_authenticated", False) else None)
        audit.record(actor, audit.Action.CREATE, r, summary=f"{case.number} 申请 {arbitrator} 回避：{ground}"[:255])
    return r


def decide_recusal(actor, recusal: Recusal, granted: bool, reason: str) -> Recusal:
    """The chair decides (art. 36). Granted: the arbitrator leaves the tribunal; if he handled
    the case, the office must form the tribunal again before anything else is decided."""
    from zhihui.core.perms import require

    require(perms.can_decide_recusal(actor), gettext("回避由仲裁委员会主任决定"))
    reason = (reason or "").strip()
    if not reason:
        raise RightsError(gettext("请写明决定理由"), "reason")
    with transaction.atomic():
        r = Recusal.objects.select_for_update().select_related("case").get(pk=recusal.pk)
        if r.decision != RecusalDecision.PENDING:
            raise RightsError(gettext("该回避申请已决定"), "decision")
        r.decision = RecusalDecision.GRANTED if granted else RecusalDecision.REFUSED
        r.decided_by, r.decided_at, r.decision_reason = actor, timezone.now(), reason[:2000]
        r.save()
        case = r.case
        if granted:
            case.panel.filter(arbitrator=r.arbitrator, removed_at__isnull=True).update(removed_at=r.decided_at)
            if case.handler_id == r.arbitrator_id:
                case.handler = None
                case.save(update_fields=["handler"])
        audit.record(actor, audit.Action.UPDATE, r, summary=f"{case.number} 回避申请 {r.get_decision_display()}：{reason[:80]}"[:255])
    return r
