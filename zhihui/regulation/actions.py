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
from zhihui.core.numbers import next_number
from zhihui.core.params import value
from zhihui.core.perms import require
from zhihui.core.workflow import TransitionNotAllowed, history_of
from zhihui.registry.enums import OrgKind
from zhihui.registry.models import Organisation

from . import credit, perms
from .draws import DEFAULT_INSPECTORS, DrawError, run
from .enums import (
    CampaignKind,
    CampaignStatus,
    CollectiveContractStatus,
    Cover,
    EntityScope,
    InspectionOutcome,
    LicenceKind,
    ListKind,
    ListStatus,
    PlanStatus,
)
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


def _step(obj, workflow, name: str, actor, note: str = "", *, log: tuple, audit_summary, **fields) -> None:
    """One transition of a regulation workflow: check `workflow`'s table (roles, history,
    reason), move `obj` to the target status (setting `fields` with it), log the transition
    (`log` = (transition model, its foreign key to obj)) and audit it with
    `audit_summary(the transition described)`. The caller holds the transaction and the lock."""
    try:
        t = workflow.check(name, obj.status, actor, history=history_of(obj.transitions), reason=note)
    except TransitionNotAllowed as exc:
        raise RegulationError(exc.message, exc.field)
    before = obj.status
    obj.status = t.target
    for k, v in fields.items():
        setattr(obj, k, v)
    obj.save()
    model, fk = log
    model.objects.create(**{fk: obj}, name=name, from_status=before, to_status=t.target,
                         actor=actor if getattr(actor, "is_authenticated", False) else None, note=note[:500])
    audit.record(actor, audit.Action.TRANSITION, obj, summary=audit_summary(workflow.describe(t.name, before, t.target)),
                 before={"status": before}, after={"status": t.target})


def _take(plan: InspectionPlan, name: str, actor, note: str = "") -> None:
    _step(plan, INSPECTION_PLAN, name, actor, note, log=(PlanTransition, "plan"),
          audit_summary=lambda what: f"{plan.number} {what}")


def _next_number(year: int) -> str:
    return next_number(InspectionPlan.objects.all(), f"SJ{year}", 4)


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


def _take_list(entry: ListEntry, name: str, actor, note: str = "") -> None:
    _step(entry, LIST_ENTRY, name, actor, note, log=(ListTransition, "entry"),
          audit_summary=lambda what: f"{entry.organisation.name} {what}"[:255])


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
        revoke_model_honours(actor, entry.organisation, gettext("列入%(k)s") % {"k": entry.get_kind_display()}, today)
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


# --- Collective contracts (集体合同审查, 劳动合同法 第五十四条) ---------------------------------


def _take_contract(contract, name: str, actor, note: str = "") -> None:
    from .models import CollectiveContractTransition
    from .workflows import COLLECTIVE_CONTRACT

    _step(contract, COLLECTIVE_CONTRACT, name, actor, note, log=(CollectiveContractTransition, "contract"),
          audit_summary=lambda what: f"{contract.number} {what}")


def review_due(received_on: dt.date) -> dt.date:
    """The last day of the review period: calendar days from receipt, the day of receipt not
    counted, a last day off moved to the next working day (official calendar)."""
    from zhihui.window.workdays import calendar_days_deadline

    return calendar_days_deadline(received_on, int(value("regulation", "collective.review_days", received_on))).date


def file_collective_contract(actor, *, kind: str, employer_party: str, worker_party: str, workers_covered,
                             terms: str, signed_on: dt.date, term_start: dt.date, term_end: dt.date,
                             received_on: dt.date | None = None, organisation=None, industry: str = ""):
    """Record a collective contract the bureau received; the review period starts the next day."""
    from .enums import CollectiveContractKind
    from .models import CollectiveContract, CollectiveContractTransition
    from .workflows import COLLECTIVE_CONTRACT

    require(perms.can_manage_agencies(actor), gettext("只有窗口受理员或部门管理员可以登记集体合同报送"))
    today = timezone.localdate()
    received_on = received_on or today
    employer_party, worker_party = (employer_party or "").strip(), (worker_party or "").strip()
    terms, industry = (terms or "").strip(), (industry or "").strip()
    if kind not in CollectiveContractKind.values:
        raise RegulationError(gettext("类别须为：%(v)s") % {"v": "、".join(CollectiveContractKind.values)}, "kind")
    if kind in (CollectiveContractKind.ENTERPRISE, CollectiveContractKind.WAGE) and organisation is None:
        raise RegulationError(gettext("企业集体合同须填写用人单位"), "organisation")
    if kind in (CollectiveContractKind.INDUSTRY, CollectiveContractKind.REGIONAL) and not industry:
        raise RegulationError(gettext("行业性、区域性集体合同须填写行业或区域"), "industry")
    if len(industry) > 60:
        raise RegulationError(gettext("行业或区域不超过 60 字"), "industry")
    if not employer_party or len(employer_party) > 120:
        raise RegulationError(gettext("请填写用人单位方（不超过 120 字）"), "employer_party")
    if not worker_party or len(worker_party) > 120:
        raise RegulationError(gettext("请填写职工方（工会）（不超过 120 字）"), "worker_party")
    try:
        workers_covered = int(workers_covered)
    except (TypeError, ValueError):
        raise RegulationError(gettext("覆盖职工人数须为整数"), "workers_covered")
    if not 1 <= workers_covered <= 10_000_000:
        raise RegulationError(gettext("覆盖职工人数须至少为 1"), "workers_covered")
    if not terms or len(terms) > 8000:
        raise RegulationError(gettext("请填写主要条款（不超过 8000 字）"), "terms")
    if signed_on > received_on:
        raise RegulationError(gettext("签字日期不得晚于收到文本日期"), "signed_on")
    if received_on > today:
        raise RegulationError(gettext("收到文本日期不得晚于今天"), "received_on")
    if term_end <= term_start:
        raise RegulationError(gettext("期限至须晚于期限自"), "term_end")
    COLLECTIVE_CONTRACT.check("file", None, actor)
    due = review_due(received_on)
    from zhihui.window.workdays import calendar_days_deadline

    late = received_on > calendar_days_deadline(signed_on, int(value("regulation", "collective.submit_days", signed_on))).date
    with transaction.atomic():
        number = next_number(CollectiveContract.objects.select_for_update(), f"JT{received_on.year}", 4)
        contract = CollectiveContract.objects.create(
            number=number, kind=kind, organisation=organisation, industry=industry, employer_party=employer_party,
            worker_party=worker_party, workers_covered=workers_covered, terms=terms, signed_on=signed_on,
            term_start=term_start, term_end=term_end, received_on=received_on, review_due=due, submitted_late=late,
            filed_by=actor if getattr(actor, "is_authenticated", False) else None)
        CollectiveContractTransition.objects.create(contract=contract, name="file", to_status=contract.status,
                                                    actor=contract.filed_by, note=f"审查期限至 {due.isoformat()}")
        audit.record(actor, audit.Action.CREATE, contract, summary=f"集体合同报送 {number} {employer_party}"[:255])
    return contract


def _contract_for_review(contract, today: dt.date):
    from .models import CollectiveContract

    contract = CollectiveContract.objects.select_for_update().get(pk=contract.pk)
    if contract.status == CollectiveContractStatus.SUBMITTED and today > contract.review_due:
        raise RegulationError(gettext("审查期限已于 %(d)s 届满，未提异议的合同已自行生效") % {"d": contract.review_due}, "review_due")
    return contract


def approve_collective_contract(actor, contract, today: dt.date | None = None):
    today = today or timezone.localdate()
    with transaction.atomic():
        contract = _contract_for_review(contract, today)
        contract.decided_on = contract.effective_on = today
        _take_contract(contract, "approve", actor)
    return contract


def object_collective_contract(actor, contract, reason: str, today: dt.date | None = None):
    today = today or timezone.localdate()
    reason = (reason or "").strip()
    if len(reason) > 4000:
        raise RegulationError(gettext("异议内容不超过 4000 字"), "reason")
    with transaction.atomic():
        contract = _contract_for_review(contract, today)
        contract.decided_on, contract.objection = today, reason
        _take_contract(contract, "object", actor, reason)
    return contract


def lapse_collective_contracts(actor, today: dt.date | None = None) -> int:
    """Every contract whose review period ended without objection takes effect the day after
    the period's last day (daily job)."""
    from .models import CollectiveContract

    today = today or timezone.localdate()
    n = 0
    for contract in CollectiveContract.objects.filter(status=CollectiveContractStatus.SUBMITTED, review_due__lt=today):
        with transaction.atomic():
            contract.effective_on = contract.review_due + dt.timedelta(days=1)
            _take_contract(contract, "lapse", actor, f"审查期限 {contract.review_due.isoformat()} 届满未提异议")
        n += 1
    return n


# --- Campaigns and model agencies (清理整顿、诚信示范) -----------------------------------------


def open_campaign(actor, *, title: str, kind: str, period_start: dt.date, period_end: dt.date, matters: str, plans=()):
    from .models import Campaign, CampaignTransition
    from .workflows import CAMPAIGN

    require(perms.can_manage_plans(actor), gettext("只有部门管理员可以发起专项活动"))
    title, matters = (title or "").strip(), (matters or "").strip()
    if kind not in CampaignKind.values:
        raise RegulationError(gettext("类别须为：%(v)s") % {"v": "、".join(CampaignKind.values)}, "kind")
    if not title or len(title) > 200:
        raise RegulationError(gettext("请填写活动名称（不超过 200 字）"), "title")
    if not matters or len(matters) > MAX_TEXT:
        raise RegulationError(gettext("请填写重点内容（不超过 2000 字）"), "matters")
    if period_end < period_start:
        raise RegulationError(gettext("结束日期不得早于开始日期"), "period_end")
    CAMPAIGN.check("open", None, actor)
    with transaction.atomic():
        campaign = Campaign.objects.create(title=title, kind=kind, period_start=period_start, period_end=period_end,
                                           matters=matters, created_by=actor)
        if plans:
            campaign.plans.set(plans)
        CampaignTransition.objects.create(campaign=campaign, name="open", to_status=campaign.status, actor=actor)
        audit.record(actor, audit.Action.CREATE, campaign, summary=f"发起专项活动 {title}"[:255])
    return campaign


def close_campaign(actor, campaign, summary: str):
    from .models import Campaign, CampaignTransition
    from .workflows import CAMPAIGN

    summary = (summary or "").strip()
    if len(summary) > 4000:
        raise RegulationError(gettext("总结不超过 4000 字"), "reason")
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        _step(campaign, CAMPAIGN, "close", actor, summary, log=(CampaignTransition, "campaign"),
              audit_summary=lambda _what: f"结束专项活动 {campaign.title}"[:255], summary=summary)
    return campaign


def _running(campaign, kind: str, today: dt.date):
    from .models import Campaign

    campaign = Campaign.objects.get(pk=campaign.pk)
    if campaign.kind != kind:
        raise RegulationError(gettext("本活动不是“%(k)s”") % {"k": CampaignKind(kind).label}, "campaign")
    if campaign.status != CampaignStatus.RUNNING:
        raise RegulationError(gettext("活动已结束"), "campaign")
    return campaign


def record_finding(actor, campaign, *, party_name: str, address: str, finding: str, measure: str,
                   found_on: dt.date, organisation=None):
    """What a clean-up campaign found about a party. Unlicensed (an illegal intermediary) when it
    held no licence or filing in force on the day."""
    from .enums import CampaignMeasure
    from .models import CampaignFinding

    require(perms.can_manage_agencies(actor), gettext("只有窗口受理员或部门管理员可以登记查处情况"))
    campaign = _running(campaign, CampaignKind.CLEAN_UP, found_on)
    party_name, address, finding = (party_name or "").strip(), (address or "").strip(), (finding or "").strip()
    if not party_name or len(party_name) > 120:
        raise RegulationError(gettext("请填写当事方名称（不超过 120 字）"), "party_name")
    if not address or len(address) > 200:
        raise RegulationError(gettext("请填写经营地址（不超过 200 字）"), "address")
    if not finding or len(finding) > MAX_TEXT:
        raise RegulationError(gettext("请填写查实问题（不超过 2000 字）"), "finding")
    if measure not in CampaignMeasure.values:
        raise RegulationError(gettext("处理措施须为：%(v)s") % {"v": "、".join(CampaignMeasure.values)}, "measure")
    if found_on > timezone.localdate():
        raise RegulationError(gettext("查处日期不得晚于今天"), "found_on")
    unlicensed = organisation is None or not credit.licences_in_force(organisation, found_on)
    with transaction.atomic():
        row = CampaignFinding.objects.create(campaign=campaign, party_name=party_name, organisation=organisation,
                                             address=address, finding=finding, measure=measure, found_on=found_on,
                                             unlicensed=unlicensed, recorded_by=actor)
        audit.record(actor, audit.Action.CREATE, row, summary=f"{campaign.title}：查处 {party_name}"[:255])
    return row


def model_ineligibility(organisation, on: dt.date, result=None) -> list[tuple[str, str]]:
    """Why an agency may not be named a model on `on` ([(field, reason)]; empty when it may).
    `result`: the agency's credit evaluation on `on`, when the caller already has it."""
    grades = list(value("regulation", "model_agency.eligible_grades", on))
    reasons = []
    if not credit.licences_in_force(organisation, on):
        reasons.append(("organisation", gettext("无有效的人力资源服务许可或备案")))
    result = result or credit.evaluate(organisation, on)
    if result.grade not in grades:
        reasons.append(("grade", gettext("信用等级为 %(g)s，须为 %(ok)s") % {"g": result.grade, "ok": "、".join(grades)}))
    if any(e.active_on(on) for e in organisation.list_entries.all()):
        reasons.append(("list", gettext("在失信名单中")))
    return reasons


def name_model_agency(actor, campaign, organisation, today: dt.date | None = None):
    from .models import ModelAgency

    require(perms.can_manage_plans(actor), gettext("只有部门管理员可以命名诚信服务示范机构"))
    today = today or timezone.localdate()
    campaign = _running(campaign, CampaignKind.INTEGRITY, today)
    result = credit.evaluate(organisation, today)
    reasons = model_ineligibility(organisation, today, result)
    if reasons:
        raise RegulationError(gettext("不符合命名条件：%(r)s") % {"r": "；".join(r for _, r in reasons)}, reasons[0][0])
    with transaction.atomic():
        if ModelAgency.objects.filter(campaign=campaign, organisation=organisation).exists():
            raise RegulationError(gettext("该机构已在本活动中命名"), "organisation")
        honour = ModelAgency.objects.create(campaign=campaign, organisation=organisation, named_on=today,
                                            grade=result.grade, score=result.score, named_by=actor)
        audit.record(actor, audit.Action.CREATE, honour, summary=f"命名诚信服务示范机构 {organisation.name}"[:255])
    return honour


def revoke_model_honours(actor, organisation, reason: str, today: dt.date | None = None) -> int:
    """Withdraw an agency's standing honours (on listing, or by an administrator's decision)."""
    from .models import ModelAgency

    today = today or timezone.localdate()
    n = 0
    for honour in ModelAgency.objects.filter(organisation=organisation, revoked_on__isnull=True):
        honour.revoked_on, honour.revoke_reason = today, (reason or "").strip()[:300]
        honour.save(update_fields=["revoked_on", "revoke_reason"])
        audit.record(actor, audit.Action.UPDATE, honour, summary=f"撤销诚信服务示范机构 {organisation.name}：{reason}"[:255])
        n += 1
    return n


# --- Labour dispatch: the user firm's dispatched share (劳务派遣暂行规定 第四条) ----------------


def report_dispatch(actor, organisation, *, as_of: dt.date, contract_employees, dispatched_workers, dispatch_firm=None):
    """A user firm's headcount on a date (the firm itself, or the office for it)."""
    from .models import DispatchReport

    require(perms.can_report_for(actor, organisation), gettext("只能报送本单位的用工情况"))
    counts = {}
    for field, raw in (("contract_employees", contract_employees), ("dispatched_workers", dispatched_workers)):
        try:
            counts[field] = int(raw)
        except (TypeError, ValueError):
            raise RegulationError(gettext("人数须为整数"), field)
        if not 0 <= counts[field] <= 10_000_000:
            raise RegulationError(gettext("人数须为 0 或正整数"), field)
    if counts["contract_employees"] + counts["dispatched_workers"] == 0:
        raise RegulationError(gettext("用工总量不能为 0"), "contract_employees")
    if as_of > timezone.localdate():
        raise RegulationError(gettext("统计日期不得晚于今天"), "as_of")
    if dispatch_firm is not None and dispatch_firm.pk == organisation.pk:
        raise RegulationError(gettext("用工单位不得向本单位派遣（劳动合同法 第六十七条）"), "dispatch_firm")
    with transaction.atomic():
        if DispatchReport.objects.filter(organisation=organisation, as_of=as_of).exists():
            raise RegulationError(gettext("%(d)s 的用工情况已报送") % {"d": as_of}, "as_of")
        report = DispatchReport.objects.create(organisation=organisation, dispatch_firm=dispatch_firm, as_of=as_of,
                                               reported_by=actor if getattr(actor, "is_authenticated", False) else None,
                                               **counts)
        audit.record(actor, audit.Action.CREATE, report,
                     summary=f"{organisation.name} {as_of} 用工 {report.total} 人，被派遣 {report.dispatched_workers} 人"[:255])
    return report


# --- New-form workers' covers, as platforms report them ---------------------------------------

COVER_HEADERS = ["身份证号码", "姓名", "职业伤害保障", "基本养老保险", "基本医疗保险", "商业意外伤害保险"]
YES, NO = {"是", "Y", "y", "1"}, {"否", "N", "n", "0"}


class CoverFileError(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("；".join(errors[:20]))
        self.errors = errors


def parse_cover_return(data: bytes, max_rows: int) -> list[dict]:
    """Check a cover return (UTF-8 CSV with COVER_HEADERS); raise CoverFileError listing every
    bad cell by row and column, else return one dict per worker."""
    import csv
    import io

    from zhihui.registry.ids import InvalidIdentifier, validate_id_number
    from zhihui.registry.selectors import person_by_id_number

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CoverFileError([gettext("CSV 须为 UTF-8 编码")])
    rows = []
    for i, row in enumerate(csv.reader(io.StringIO(text))):
        if i > max_rows:
            raise CoverFileError([gettext("超过 %(n)s 行，请分批导入") % {"n": max_rows}])
        rows.append([c.strip() for c in row])
    if not rows or rows[0][:6] != COVER_HEADERS:
        raise CoverFileError([gettext("第1行：表头须为 %(h)s") % {"h": " | ".join(COVER_HEADERS)}])
    errors, lines, seen = [], [], {}
    cols = "CDEF"
    for n, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        row = (row + [""] * 6)[:6]
        try:
            validate_id_number(row[0], "A")
        except InvalidIdentifier as exc:
            errors.append(gettext("第%(n)s行 A列 身份证号码：%(e)s") % {"n": n, "e": str(exc).replace("A: ", "")})
            continue
        person = person_by_id_number(row[0])
        if person is None:
            errors.append(gettext("第%(n)s行 A列 身份证号码：不在本市人员基础库中") % {"n": n})
            continue
        if row[1] != person.name:
            errors.append(gettext("第%(n)s行 B列 姓名：与人员基础库不符") % {"n": n})
        if person.pk in seen:
            errors.append(gettext("第%(n)s行 A列 身份证号码：与第%(m)s行重复") % {"n": n, "m": seen[person.pk]})
            continue
        seen[person.pk] = n
        flags = {}
        for col, cover, cell in zip(cols, Cover.values, row[2:], strict=True):
            if cell in YES:
                flags[cover] = True
            elif cell in NO:
                flags[cover] = False
            else:
                errors.append(gettext("第%(n)s行 %(c)s列 %(h)s：须填“是”或“否”") % {"n": n, "c": col, "h": Cover(cover).label})
        lines.append({"person": person, **flags})
    if errors:
        raise CoverFileError(errors)
    if not lines:
        raise CoverFileError([gettext("文件中没有劳动者")])
    return lines


def import_cover_return(actor, platform, *, month: dt.date, data: bytes, commit: bool = False):
    """Check a platform's monthly cover return (preview); with `commit`, keep it whole or not at all."""
    from .models import CoverLine, CoverReturn

    require(perms.can_report_for(actor, platform), gettext("只能报送本平台企业的劳动者参保情况"))
    month = month.replace(day=1)
    if month > timezone.localdate():
        raise RegulationError(gettext("所属月份不得晚于本月"), "month")
    try:
        lines = parse_cover_return(data, int(value("regulation", "newform.cover_max_rows", month)))
    except CoverFileError as exc:
        raise RegulationError(str(exc), "file")
    if not commit:
        return lines
    with transaction.atomic():
        if CoverReturn.objects.filter(platform=platform, month=month).exists():
            raise RegulationError(gettext("%(m)s 的参保情况已报送") % {"m": f"{month:%Y-%m}"}, "month")
        ret = CoverReturn.objects.create(platform=platform, month=month, file_sha256=hashlib.sha256(data).hexdigest(),
                                         workers=len(lines), imported_by=actor if getattr(actor, "is_authenticated", False) else None)
        CoverLine.objects.bulk_create([CoverLine(ret=ret, **line) for line in lines])
        missing = sum(1 for line in lines if not line[Cover.OCCUPATIONAL_INJURY])
        audit.record(actor, audit.Action.IMPORT, ret,
                     summary=f"{platform.name} {month:%Y-%m} 新就业形态劳动者 {len(lines)} 人，未有职业伤害保障 {missing} 人"[:255])
    return ret


def record_cover_view(actor, ret) -> None:
    audit.record(actor, audit.Action.VIEW, ret, summary=f"新就业形态劳动者参保名单 {ret.platform.name} {ret.month:%Y-%m}"[:255])
