"""The only write path of random inspections: one function per state change, each inside a
transaction that also writes its audit row and the plan's transition log."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from zhihui.core import audit
from zhihui.core.errors import FieldError
from zhihui.core.params import value
from zhihui.core.perms import require
from zhihui.core.workflow import TransitionNotAllowed, history_of
from zhihui.registry.enums import OrgKind
from zhihui.registry.models import Organisation

from . import credit, perms
from .draws import DEFAULT_INSPECTORS, DrawError, run
from .enums import EntityScope, InspectionOutcome, LicenceKind, ListKind, ListStatus, PlanStatus
from .models import (
    AgencyLicence,
    AnnualReport,
    ConflictDeclaration,
    CreditEvaluation,
    InspectionPlan,
    InspectionRecord,
    InspectorProfile,
    ListEntry,
    ListTransition,
    PlanTransition,
)
from .workflows import INSPECTION_PLAN, LIST_ENTRY

MAX_TEXT = 2000


class RegulationError(FieldError):
    """A refused action; `field` names the input at fault (forms and the API show it there)."""


def _history(plan) -> dict[str, set[int]]:
    return history_of(plan.transitions)


def _take(plan: InspectionPlan, name: str, actor, note: str = "") -> None:
    """Check the workflow table, move the plan, log the transition and audit it."""
    try:
        t = INSPECTION_PLAN.check(name, plan.status, actor, history=_history(plan), reason=note)
    except TransitionNotAllowed as exc:
        raise RegulationError(exc.message, exc.field)
    before = plan.status
    plan.status = t.target
    plan.save()
    PlanTransition.objects.create(plan=plan, name=name, from_status=before, to_status=t.target,
                                  actor=actor, note=note[:500])
    audit.record(actor, audit.Action.TRANSITION, plan, summary=f"{plan.number} {INSPECTION_PLAN.describe(t.name, before, t.target)}",
                 before={"status": before}, after={"status": t.target})


def _next_number(year: int) -> str:
    prefix = f"SJ{year}"
    last = (InspectionPlan.objects.filter(number__startswith=prefix).order_by("-number")
            .values_list("number", flat=True).first())
    seq = int(last[len(prefix):]) + 1 if last else 1
    return f"{prefix}{seq:04d}"


def create_plan(actor, *, title: str, scope: str, matters: str, period_start: dt.date,
                period_end: dt.date, entities_to_draw: int, seed_source: str,
                inspectors_per_entity: int = DEFAULT_INSPECTORS) -> InspectionPlan:
    require(perms.can_manage_plans(actor), gettext("只有部门管理员可以制定抽查计划"))
    title, matters, seed_source = (title or "").strip(), (matters or "").strip(), (seed_source or "").strip()
    if not title:
        raise RegulationError(gettext("请填写计划名称"), "title")
    if len(title) > 200:
        raise RegulationError(gettext("计划名称不得超过 200 字"), "title")
    if scope not in EntityScope.values:
        raise RegulationError(gettext("检查对象范围须为：%(v)s") % {"v": "、".join(EntityScope.values)}, "scope")
    if not matters or len(matters) > MAX_TEXT:
        raise RegulationError(gettext("请填写检查事项（不超过 %(n)s 字）") % {"n": MAX_TEXT}, "matters")
    if period_end < period_start:
        raise RegulationError(gettext("检查期间的结束日期不得早于开始日期"), "period_end")
    if not 1 <= entities_to_draw <= 10000:
        raise RegulationError(gettext("抽取检查对象数须在 1–10000 之间"), "entities_to_draw")
    if not 1 <= inspectors_per_entity <= 10:
        raise RegulationError(gettext("每户检查人员数须在 1–10 之间"), "inspectors_per_entity")
    if not seed_source or len(seed_source) > 300:
        raise RegulationError(gettext("请事先写明随机种子的公开来源（不超过 300 字）"), "seed_source")
    with transaction.atomic():
        plan = InspectionPlan.objects.create(
            number=_next_number(period_start.year), title=title, scope=scope, matters=matters,
            period_start=period_start, period_end=period_end, entities_to_draw=entities_to_draw,
            inspectors_per_entity=inspectors_per_entity, seed_source=seed_source, created_by=actor,
        )
        PlanTransition.objects.create(plan=plan, name="create", to_status=plan.status, actor=actor)
        audit.record(actor, audit.Action.CREATE, plan, summary=f"抽查计划 {plan.number} {title}"[:255],
                     after=audit.snapshot(plan, ["number", "title", "scope", "entities_to_draw", "seed_source"]))
    return plan


def _entities(scope: str):
    qs = Organisation.objects.all()
    if scope == EntityScope.HR_AGENCY:
        qs = qs.filter(kind=OrgKind.HR_AGENCY)
    elif scope == EntityScope.EMPLOYER:
        qs = qs.filter(kind=OrgKind.ENTERPRISE)
    return qs.order_by("uscc")


def risk_weight(organisation, on: dt.date) -> float:
    """The entity's weight in the draw: HR agencies by their latest credit grade (poorer grades
    are drawn more often, `credit.inspection_weight`); other organisations weigh 1."""
    if organisation.kind != OrgKind.HR_AGENCY:
        return 1.0
    latest = organisation.credit_evaluations.order_by("-created_at", "-pk").first()
    return credit.inspection_weight(latest.grade if latest else None, on)


def _jsonl(rows) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")


def publish_pools(actor, plan: InspectionPlan) -> InspectionPlan:
    """Freeze both pools as bytes and publish them with their SHA-256, before any seed exists."""
    require(perms.can_manage_plans(actor), gettext("只有部门管理员可以公示名录库"))
    with transaction.atomic():
        plan = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
        today = timezone.localdate()
        entities = [{"id": o.uscc, "name": o.name, "weight": risk_weight(o, today)} for o in _entities(plan.scope)]
        if len(entities) < plan.entities_to_draw:
            raise RegulationError(
                gettext("检查对象库只有 %(n)s 户，少于计划抽取的 %(m)s 户") % {"n": len(entities), "m": plan.entities_to_draw},
                "entities_to_draw",
            )
        conflicts: dict[int, list[str]] = {}
        for inspector_id, uscc in ConflictDeclaration.objects.values_list("inspector_id", "organisation__uscc"):
            conflicts.setdefault(inspector_id, []).append(uscc)
        inspectors = [
            {"id": p.code, "conflicts": sorted(conflicts.get(p.pk, []))}
            for p in InspectorProfile.objects.filter(active=True).order_by("code")
        ]
        if len(inspectors) < plan.inspectors_per_entity:
            raise RegulationError(gettext("检查人员库人数少于每户检查人员数"), "inspectors_per_entity")
        plan.entity_pool, plan.inspector_pool = _jsonl(entities), _jsonl(inspectors)
        plan.entity_pool_sha256 = hashlib.sha256(plan.entity_pool).hexdigest()
        plan.inspector_pool_sha256 = hashlib.sha256(plan.inspector_pool).hexdigest()
        plan.pools_published_at = timezone.now()
        _take(plan, "publish_pools", actor,
              f"检查对象 {len(entities)} 户（SHA-256 {plan.entity_pool_sha256[:12]}…），检查人员 {len(inspectors)} 名")
    return plan


def draw(actor, plan: InspectionPlan, seed: str) -> InspectionPlan:
    """Record the seed from the announced public source and run the contract's draw."""
    require(perms.can_manage_plans(actor), gettext("只有部门管理员可以组织抽取"))
    seed = (seed or "").strip()
    if not seed or len(seed) > 200:
        raise RegulationError(gettext("请填写按事先公布的来源取得的随机种子（不超过 200 字）"), "seed")
    with transaction.atomic():
        plan = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.status != PlanStatus.POOLS_PUBLISHED:
            _take(plan, "draw", actor)  # raises the workflow's own message
        try:
            result = run(seed, bytes(plan.entity_pool), bytes(plan.inspector_pool),
                         plan.entities_to_draw, plan.inspectors_per_entity)
        except DrawError as exc:
            raise RegulationError(str(exc), "seed")
        orgs = {o.uscc: o for o in Organisation.objects.filter(uscc__in=[r["entity"] for r in result["draw"]])}
        profiles = {p.code: p for p in InspectorProfile.objects.all()}
        for rank, row in enumerate(result["draw"], start=1):
            record = InspectionRecord.objects.create(plan=plan, organisation=orgs[row["entity"]], draw_rank=rank)
            record.inspectors.set([profiles[code] for code in row["inspectors"]])
        plan.seed, plan.result, plan.drawn_at = seed, result, timezone.now()
        _take(plan, "draw", actor, f"种子：{seed}；抽取 {len(result['draw'])} 户")
    return plan


def record_inspection(actor, record: InspectionRecord, *, outcome: str, findings: str,
                      inspected_on: dt.date, correction_order: str = "",
                      correction_due: dt.date | None = None, penalty: str = "") -> InspectionRecord:
    require(perms.can_record(actor, record), gettext("只有被抽中的检查人员可以录入检查结果"))
    if outcome not in InspectionOutcome.values or outcome == InspectionOutcome.PENDING:
        raise RegulationError(gettext("请选择检查结果"), "outcome")
    findings, correction_order, penalty = (findings or "").strip(), (correction_order or "").strip(), (penalty or "").strip()
    if not findings or len(findings) > 4000:
        raise RegulationError(gettext("请填写检查情况（不超过 4000 字）"), "findings")
    if outcome == InspectionOutcome.ORDERED_TO_CORRECT and (not correction_order or correction_due is None):
        raise RegulationError(gettext("责令改正须写明改正事项和改正期限"), "correction_order")
    if outcome == InspectionOutcome.PENALISED and not penalty:
        raise RegulationError(gettext("行政处罚须写明处罚决定"), "penalty")
    with transaction.atomic():
        record = InspectionRecord.objects.select_for_update().select_related("plan").get(pk=record.pk)
        if record.plan.status != PlanStatus.DRAWN:
            raise RegulationError(gettext("计划“%(n)s”当前不能录入检查结果") % {"n": record.plan.number}, "plan")
        if inspected_on < record.plan.period_start or inspected_on > record.plan.period_end:
            raise RegulationError(gettext("检查日期须在计划的检查期间内"), "inspected_on")
        before = audit.snapshot(record, ["outcome", "findings", "penalty"])
        record.outcome, record.findings, record.inspected_on = outcome, findings, inspected_on
        record.correction_order, record.correction_due, record.penalty = correction_order, correction_due, penalty
        record.recorded_by, record.recorded_at = actor, timezone.now()
        record.save()
        audit.record(actor, audit.Action.UPDATE, record,
                     summary=f"{record.plan.number} 第 {record.draw_rank} 户检查结果：{record.get_outcome_display()}",
                     before=before, after=audit.snapshot(record, ["outcome", "findings", "penalty"]))
        recompute_credit(record.organisation, trigger=f"{record.plan.number} 检查结果")
    return record


def publish_results(actor, plan: InspectionPlan) -> InspectionPlan:
    require(perms.can_manage_plans(actor), gettext("只有部门管理员可以公开检查结果"))
    with transaction.atomic():
        plan = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
        pending = plan.records.filter(outcome=InspectionOutcome.PENDING).count()
        if plan.status == PlanStatus.DRAWN and pending:
            raise RegulationError(gettext("还有 %(n)s 户的检查结果未录入") % {"n": pending}, "records")
        plan.results_published_at = timezone.now()
        _take(plan, "publish_results", actor)
    return plan


def cancel(actor, plan: InspectionPlan, reason: str) -> InspectionPlan:
    require(perms.can_manage_plans(actor), gettext("只有部门管理员可以撤销计划"))
    with transaction.atomic():
        plan = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
        _take(plan, "cancel", actor, (reason or "").strip())
    return plan


def enrol_inspector(actor, user, code: str) -> InspectorProfile:
    require(perms.can_manage_plans(actor), gettext("只有部门管理员可以维护检查人员库"))
    code = (code or "").strip()
    if not code or len(code) > 32:
        raise RegulationError(gettext("请填写执法人员编号（不超过 32 字符）"), "code")
    with transaction.atomic():
        profile = InspectorProfile.objects.create(user=user, code=code)
        audit.record(actor, audit.Action.CREATE, profile, summary=f"检查人员入库 {code}")
    return profile


def declare_conflict(actor, profile: InspectorProfile, organisation, reason: str) -> ConflictDeclaration:
    own = getattr(actor, "inspector_profile", None) is not None and actor.inspector_profile.pk == profile.pk
    require(own or perms.can_manage_plans(actor), gettext("只能为本人申报回避"))
    reason = (reason or "").strip()
    if not reason:
        raise RegulationError(gettext("请写明回避事由"), "reason")
    with transaction.atomic():
        decl, _created = ConflictDeclaration.objects.get_or_create(
            inspector=profile, organisation=organisation, defaults={"reason": reason[:200]}
        )
        audit.record(actor, audit.Action.CREATE, decl, summary=f"{profile.code} 申报回避 {organisation.name}"[:255])
    return decl


# --- HR service agencies: licences, annual reports, credit, dishonesty lists ------------------


def recompute_credit(organisation, on: dt.date | None = None, trigger: str = "") -> CreditEvaluation | None:
    """Evaluate an HR agency again and keep a new row when the result changed (called by every
    action that changes one of its facts, inside that action's transaction)."""
    if organisation.kind != OrgKind.HR_AGENCY:
        return None
    on = on or timezone.localdate()
    result = credit.evaluate(organisation, on)
    latest = organisation.credit_evaluations.order_by("-created_at", "-pk").first()
    items = result.items_json()
    if latest is not None and (latest.score, latest.grade, latest.items) == (result.score, result.grade, items):
        return latest
    evaluation = CreditEvaluation.objects.create(
        organisation=organisation, evaluated_on=on, score=result.score, grade=result.grade,
        items=items, trigger=trigger[:200],
    )
    audit.record(None, audit.Action.UPDATE, evaluation,
                 summary=f"信用评价 {organisation.name} {result.grade} {result.score} 分（{trigger}）"[:255],
                 before={"grade": latest.grade, "score": latest.score} if latest else None,
                 after={"grade": result.grade, "score": result.score})
    return evaluation


def record_licence(actor, organisation, *, kind: str, number: str, scope: str, issued_on: dt.date,
                   valid_until: dt.date | None = None) -> AgencyLicence:
    require(perms.can_manage_agencies(actor), gettext("只有窗口受理员或部门管理员可以登记许可"))
    number, scope = (number or "").strip(), (scope or "").strip()
    if organisation.kind != OrgKind.HR_AGENCY:
        raise RegulationError(gettext("该单位不是人力资源服务机构"), "organisation")
    if kind not in LicenceKind.values:
        raise RegulationError(gettext("许可类别须为：%(v)s") % {"v": "、".join(LicenceKind.values)}, "kind")
    if not number or len(number) > 40:
        raise RegulationError(gettext("请填写证号（不超过 40 字符）"), "number")
    if AgencyLicence.objects.filter(number=number).exists():
        raise RegulationError(gettext("证号 %(n)s 已登记") % {"n": number}, "number")
    if not scope or len(scope) > 500:
        raise RegulationError(gettext("请填写服务范围（不超过 500 字）"), "scope")
    if kind != LicenceKind.FILING and valid_until is None:
        raise RegulationError(gettext("许可证须填写有效期"), "valid_until")
    if valid_until is not None and valid_until < issued_on:
        raise RegulationError(gettext("有效期不得早于发证日期"), "valid_until")
    with transaction.atomic():
        licence = AgencyLicence.objects.create(organisation=organisation, kind=kind, number=number, scope=scope,
                                               issued_on=issued_on, valid_until=valid_until)
        audit.record(actor, audit.Action.CREATE, licence, summary=f"{organisation.name} {licence}"[:255],
                     after=audit.snapshot(licence))
        recompute_credit(organisation, trigger=f"登记{licence.get_kind_display()}")
    return licence


def revoke_licence(actor, licence: AgencyLicence, *, on: dt.date, reason: str) -> AgencyLicence:
    require(perms.can_decide(actor), gettext("只有审核员或部门管理员可以注销、吊销许可"))
    reason = (reason or "").strip()
    if not reason:
        raise RegulationError(gettext("请写明注销或吊销的原因"), "reason")
    with transaction.atomic():
        licence = AgencyLicence.objects.select_for_update().get(pk=licence.pk)
        if licence.revoked_on is not None:
            raise RegulationError(gettext("该许可已于 %(d)s 注销") % {"d": licence.revoked_on}, "licence")
        licence.revoked_on, licence.revocation_reason = on, reason[:300]
        licence.save()
        audit.record(actor, audit.Action.UPDATE, licence, summary=f"注销 {licence}：{reason}"[:255])
        recompute_credit(licence.organisation, trigger="许可注销")
    return licence


def submit_annual_report(actor, organisation, *, year: int, people_served: int, placements: int,
                         employers_served: int, summary: str = "", today: dt.date | None = None) -> AnnualReport:
    require(perms.can_report_for(actor, organisation), gettext("只能报送本机构的年度报告"))
    today = today or timezone.localdate()
    if organisation.kind != OrgKind.HR_AGENCY:
        raise RegulationError(gettext("该单位不是人力资源服务机构"), "organisation")
    if not 2000 <= year < today.year:
        raise RegulationError(gettext("报告年度须为 %(y)s 年以前的已结束年度") % {"y": today.year}, "year")
    for field, number in (("people_served", people_served), ("placements", placements), ("employers_served", employers_served)):
        if number < 0:
            raise RegulationError(gettext("不得为负数"), field)
    if placements > people_served:
        raise RegulationError(gettext("介绍成功人数不得多于服务人次"), "placements")
    if len(summary or "") > 4000:
        raise RegulationError(gettext("经营情况不超过 4000 字"), "summary")
    with transaction.atomic():
        if AnnualReport.objects.filter(organisation=organisation, year=year).exists():
            raise RegulationError(gettext("%(y)s 年度报告已报送") % {"y": year}, "year")
        report = AnnualReport.objects.create(
            organisation=organisation, year=year, submitted_on=today, people_served=people_served,
            placements=placements, employers_served=employers_served, summary=(summary or "").strip(),
        )
        audit.record(actor, audit.Action.CREATE, report, summary=f"{organisation.name} {year} 年度报告"[:255])
        recompute_credit(organisation, on=today, trigger=f"报送{year}年度报告")
    return report


def _list_history(entry) -> dict[str, set[int]]:
    return history_of(entry.transitions)


def _take_list(entry: ListEntry, name: str, actor, note: str = "") -> None:
    try:
        t = LIST_ENTRY.check(name, entry.status, actor, history=_list_history(entry), reason=note)
    except TransitionNotAllowed as exc:
        raise RegulationError(exc.message, exc.field)
    before = entry.status
    entry.status = t.target
    entry.save()
    ListTransition.objects.create(entry=entry, name=name, from_status=before, to_status=t.target, actor=actor, note=note[:500])
    audit.record(actor, audit.Action.TRANSITION, entry, summary=f"{entry.organisation.name} {LIST_ENTRY.describe(t.name, before, t.target)}"[:255],
                 before={"status": before}, after={"status": t.target})


def propose_listing(actor, organisation, *, kind: str, reason: str, basis: str,
                    notified_on: dt.date | None = None) -> ListEntry:
    """Tell the party it is to be listed, with the reason and basis; it may state its case
    within the objection period (working days, a dated parameter) before anyone decides."""
    from zhihui.window.workdays import working_days_deadline

    notified_on = notified_on or timezone.localdate()
    reason, basis = (reason or "").strip(), (basis or "").strip()
    if kind not in ListKind.values:
        raise RegulationError(gettext("名单须为：%(v)s") % {"v": "、".join(ListKind.values)}, "kind")
    if not reason or len(reason) > 2000:
        raise RegulationError(gettext("请写明列入事由（不超过 2000 字）"), "reason")
    if not basis or len(basis) > 300:
        raise RegulationError(gettext("请写明法律依据"), "basis")
    LIST_ENTRY.check("propose", None, actor)
    days = int(value("regulation", "lists.objection_working_days", notified_on))
    # In a year without a holiday notice the date is the provisional calendar's; it is not
    # recomputed when the notice arrives (a notice period of days, known to the party).
    due = working_days_deadline(notified_on, days).date
    with transaction.atomic():
        if ListEntry.objects.filter(organisation=organisation, kind=kind,
                                    status__in=[ListStatus.PROPOSED, ListStatus.LISTED]).exists():
            raise RegulationError(gettext("该单位已在此名单或拟列入程序中"), "organisation")
        entry = ListEntry.objects.create(organisation=organisation, kind=kind, reason=reason, basis=basis,
                                         notified_on=notified_on, objection_due=due, proposed_by=actor)
        ListTransition.objects.create(entry=entry, name="propose", to_status=entry.status, actor=actor,
                                      note=f"陈述申辩截止 {due.isoformat()}")
        audit.record(actor, audit.Action.CREATE, entry, summary=f"拟列入 {entry.get_kind_display()}：{organisation.name}"[:255])
    return entry


def state_objection(actor, entry: ListEntry, text: str, today: dt.date | None = None) -> ListEntry:
    require(perms.is_own_organisation(actor, entry.organisation), gettext("只有当事单位可以陈述申辩"))
    today = today or timezone.localdate()
    text = (text or "").strip()
    if not text or len(text) > 4000:
        raise RegulationError(gettext("请填写陈述申辩意见（不超过 4000 字）"), "objection")
    with transaction.atomic():
        entry = ListEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.status != ListStatus.PROPOSED:
            raise RegulationError(gettext("当前不在陈述申辩期"), "status")
        if today > entry.objection_due:
            raise RegulationError(gettext("陈述申辩期已于 %(d)s 届满") % {"d": entry.objection_due}, "objection")
        entry.objection = text
        entry.save()
        audit.record(actor, audit.Action.UPDATE, entry, summary=f"{entry.organisation.name} 陈述申辩"[:255])
    return entry


def decide_listing(actor, entry: ListEntry, today: dt.date | None = None) -> ListEntry:
    today = today or timezone.localdate()
    with transaction.atomic():
        entry = ListEntry.objects.select_for_update().select_related("organisation").get(pk=entry.pk)
        if entry.status == ListStatus.PROPOSED and today <= entry.objection_due and not entry.objection:
            raise RegulationError(gettext("陈述申辩期至 %(d)s 届满，届满后方可决定") % {"d": entry.objection_due}, "objection_due")
        months = int(value("regulation", "lists.listing_months", today))
        entry.listed_on = today
        entry.listed_until = credit._months_before(today, -months) - dt.timedelta(days=1)
        _take_list(entry, "list", actor, f"列入至 {entry.listed_until.isoformat()}")
        recompute_credit(entry.organisation, on=today, trigger="列入失信名单")
    return entry


def withdraw_listing(actor, entry: ListEntry, reason: str, today: dt.date | None = None) -> ListEntry:
    with transaction.atomic():
        entry = ListEntry.objects.select_for_update().get(pk=entry.pk)
        entry.ended_on, entry.end_reason = today or timezone.localdate(), (reason or "").strip()[:500]
        _take_list(entry, "withdraw", actor, (reason or "").strip())
    return entry


def remove_early(actor, entry: ListEntry, reason: str, today: dt.date | None = None) -> ListEntry:
    today = today or timezone.localdate()
    with transaction.atomic():
        entry = ListEntry.objects.select_for_update().select_related("organisation").get(pk=entry.pk)
        if entry.status == ListStatus.LISTED:
            months = int(value("regulation", "lists.early_removal_after_months", today))
            earliest = credit._months_before(entry.listed_on, -months)
            if today < earliest:
                raise RegulationError(gettext("列入满 %(m)s 个月（%(d)s）后方可申请提前移出") % {"m": months, "d": earliest}, "listed_on")
        entry.ended_on, entry.end_reason = today, (reason or "").strip()[:500]
        _take_list(entry, "remove_early", actor, (reason or "").strip())
        recompute_credit(entry.organisation, on=today, trigger="提前移出失信名单")
    return entry


def expire_lists(actor, today: dt.date | None = None) -> int:
    """Move every entry whose listing period has ended off its list (daily task)."""
    today = today or timezone.localdate()
    n = 0
    for entry in ListEntry.objects.filter(status=ListStatus.LISTED, listed_until__lt=today).select_related("organisation"):
        with transaction.atomic():
            entry.ended_on, entry.end_reason = today, "列入期满"
            _take_list(entry, "expire", actor)
            recompute_credit(entry.organisation, on=today, trigger="失信名单期满")
        n += 1
    return n


# --- Audited reads (pages call these) ---------------------------------------------------------


def record_credit_view(actor, org) -> None:
    """Someone other than the organisation saw the items of its credit evaluation."""
    audit.record(actor, audit.Action.VIEW, org, summary=f"信用评价明细 {org.name}"[:255])
# --- Register of labour-dispute mediation bodies (调解组织) -----------------------------------


def register_mediation_body(actor, *, name: str, kind: str, address: str, phone: str, members, established_on: dt.date,
                            organisation=None, industry: str = "", town_code: str = ""):
    """Enter a mediation organisation in the public register. An enterprise committee names its
    firm; an industry body names its industry; a township body names its township or street."""
    import re

    from zhihui.registry.models import Division

    from .enums import MediationBodyKind
    from .models import MediationBody

    require(perms.can_manage_agencies(actor), gettext("只有窗口受理员或部门管理员可以登记调解组织"))
    name, address, phone = (name or "").strip(), (address or "").strip(), (phone or "").strip()
    industry, town_code = (industry or "").strip(), (town_code or "").strip()
    if not name or len(name) > 120:
        raise RegulationError(gettext("请填写名称（不超过 120 字）"), "name")
    if kind not in MediationBodyKind.values:
        raise RegulationError(gettext("类别须为：%(v)s") % {"v": "、".join(MediationBodyKind.values)}, "kind")
    if kind == MediationBodyKind.ENTERPRISE and organisation is None:
        raise RegulationError(gettext("企业劳动争议调解委员会须填写所在单位"), "organisation")
    if kind == MediationBodyKind.INDUSTRY and not industry:
        raise RegulationError(gettext("行业性、区域性调解组织须填写行业或区域"), "industry")
    if len(industry) > 60:
        raise RegulationError(gettext("行业不超过 60 字"), "industry")
    if kind == MediationBodyKind.TOWNSHIP and not town_code:
        raise RegulationError(gettext("乡镇、街道调解组织须填写所在镇/街道"), "town_code")
    if town_code and not Division.objects.filter(code=town_code).exists():
        raise RegulationError(gettext("没有这个区划代码：%(c)s") % {"c": town_code[:12]}, "town_code")
    if not address or len(address) > 200:
        raise RegulationError(gettext("请填写办公地址（不超过 200 字）"), "address")
    if not re.fullmatch(r"[0-9][0-9-]{6,19}", phone):
        raise RegulationError(gettext("联系电话须为 7–20 位数字（可含连字符）"), "phone")
    try:
        members = int(members)
    except (TypeError, ValueError):
        raise RegulationError(gettext("调解员人数须为整数"), "members")
    if not 1 <= members <= 999:
        raise RegulationError(gettext("调解员人数须为 1–999"), "members")
    if established_on > timezone.localdate():
        raise RegulationError(gettext("成立日期不得晚于今天"), "established_on")
    with transaction.atomic():
        if MediationBody.objects.filter(name=name, dissolved_on__isnull=True).exists():
            raise RegulationError(gettext("%(n)s 已登记") % {"n": name}, "name")
        body = MediationBody.objects.create(
            name=name, kind=kind, organisation=organisation, industry=industry, town_code=town_code, address=address,
            phone=phone, members=members, established_on=established_on,
            registered_by=actor if getattr(actor, "is_authenticated", False) else None)
        audit.record(actor, audit.Action.CREATE, body, summary=f"登记调解组织 {name}"[:255], after=audit.snapshot(body))
    return body


def dissolve_mediation_body(actor, body, *, on: dt.date):
    from .models import MediationBody

    require(perms.can_manage_agencies(actor), gettext("只有窗口受理员或部门管理员可以登记调解组织"))
    with transaction.atomic():
        body = MediationBody.objects.select_for_update().get(pk=body.pk)
        if body.dissolved_on is not None:
            raise RegulationError(gettext("该调解组织已于 %(d)s 撤销") % {"d": body.dissolved_on}, "dissolved_on")
        if on < body.established_on:
            raise RegulationError(gettext("撤销日期不得早于成立日期"), "dissolved_on")
        body.dissolved_on = on
        body.save(update_fields=["dissolved_on"])
        audit.record(actor, audit.Action.UPDATE, body, summary=f"撤销调解组织 {body.name}"[:255])
    return body
