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
from zhihui.core.perms import require
from zhihui.core.workflow import TransitionNotAllowed
from zhihui.registry.enums import OrgKind
from zhihui.registry.models import Organisation

from . import perms
from .draws import DEFAULT_INSPECTORS, DrawError, run
from .enums import EntityScope, InspectionOutcome, PlanStatus
from .models import (
    ConflictDeclaration,
    InspectionPlan,
    InspectionRecord,
    InspectorProfile,
    PlanTransition,
)
from .workflows import INSPECTION_PLAN

MAX_TEXT = 2000


class RegulationError(ValueError):
    """A refused action; `field` names the input at fault (forms and the API show it there)."""

    def __init__(self, message: str, field: str = "__all__"):
        self.field = field
        super().__init__(message)


def _history(plan: InspectionPlan) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for name, actor_id in plan.transitions.values_list("name", "actor_id"):
        out.setdefault(name, set()).add(actor_id)
    return out


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
    audit.record(actor, audit.Action.TRANSITION, plan, summary=f"{plan.number}: {t.name} {before}→{t.target}",
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


def risk_weight(organisation) -> float:
    """The entity's weight in the draw. Every entity weighs 1 until the agencies' credit
    evaluation exists; it will raise the weight of poor grades, complaints and arrears."""
    return 1.0


def _jsonl(rows) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")


def publish_pools(actor, plan: InspectionPlan) -> InspectionPlan:
    """Freeze both pools as bytes and publish them with their SHA-256, before any seed exists."""
    require(perms.can_manage_plans(actor), gettext("只有部门管理员可以公示名录库"))
    with transaction.atomic():
        plan = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
        entities = [{"id": o.uscc, "name": o.name, "weight": risk_weight(o)} for o in _entities(plan.scope)]
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
