"""Random inspections (双随机、一公开): plans, the pools published before the draw, the draw,
and the inspection records published after it.

The pools are kept as the exact bytes published, so that anyone who downloads them gets the
digests the plan shows and can recompute the draw (`draws.py`, the contract's algorithm).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import (
    CreditGrade,
    EntityScope,
    InspectionOutcome,
    LicenceKind,
    ListKind,
    ListStatus,
    MediationBodyKind,
    PlanStatus,
)


class InspectorProfile(models.Model):
    """A staff member who may be drawn as an inspector (执法检查人员), with the public code under
    which inspector pools list them (the pool shows codes, not accounts)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="inspector_profile")
    code = models.CharField(_("执法人员编号"), max_length=32, unique=True)
    active = models.BooleanField(_("在库"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("检查人员")
        verbose_name_plural = _("检查人员")

    def __str__(self) -> str:
        return self.code


class ConflictDeclaration(models.Model):
    """An inspector's declared conflict of interest with an organisation (回避)."""

    inspector = models.ForeignKey(InspectorProfile, on_delete=models.CASCADE, related_name="conflicts")
    organisation = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("回避事由"), max_length=200)
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["inspector", "organisation"], name="regulation_conflict_once")]

    def __str__(self) -> str:
        return f"{self.inspector} ↔ {self.organisation}"


class InspectionPlan(models.Model):
    number = models.CharField(_("计划编号"), max_length=24, unique=True)
    title = models.CharField(_("计划名称"), max_length=200)
    scope = models.CharField(_("检查对象范围"), max_length=24, choices=EntityScope.choices)
    matters = models.TextField(_("检查事项"), max_length=2000)
    period_start = models.DateField(_("检查期间自"))
    period_end = models.DateField(_("检查期间至"))
    entities_to_draw = models.PositiveIntegerField(_("抽取检查对象数"))
    inspectors_per_entity = models.PositiveSmallIntegerField(_("每户检查人员数"), default=2)
    seed_source = models.CharField(
        _("随机种子来源"), max_length=300,
        help_text=_("事先公布的公开来源，如“2027年1月5日中国福利彩票3D开奖号码”"),
    )
    seed = models.CharField(_("随机种子"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=24, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    entity_pool = models.BinaryField(_("检查对象名录库"), null=True, editable=False)
    inspector_pool = models.BinaryField(_("检查人员名录库"), null=True, editable=False)
    entity_pool_sha256 = models.CharField(max_length=64, blank=True)
    inspector_pool_sha256 = models.CharField(max_length=64, blank=True)
    pools_published_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True)
    drawn_at = models.DateTimeField(null=True, blank=True)
    results_published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("双随机抽查计划")
        verbose_name_plural = _("双随机抽查计划")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_public(self) -> bool:
        return self.status in (PlanStatus.POOLS_PUBLISHED, PlanStatus.DRAWN, PlanStatus.RESULTS_PUBLISHED)


class PlanTransition(models.Model):
    """The plan's log: every state change, by whom, why (the workflow's transition log)."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="transitions")
    name = models.CharField(max_length=32)
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.plan} {self.name}"


class InspectionRecord(models.Model):
    """One drawn organisation's inspection: who went, what they found, what was ordered."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="records")
    organisation = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="inspections")
    draw_rank = models.PositiveIntegerField(_("抽取顺序"))
    inspectors = models.ManyToManyField(InspectorProfile, related_name="records")
    outcome = models.CharField(_("检查结果"), max_length=24, choices=InspectionOutcome.choices, default=InspectionOutcome.PENDING)
    findings = models.TextField(_("检查情况"), max_length=4000, blank=True)
    correction_order = models.TextField(_("责令改正事项"), max_length=2000, blank=True)
    correction_due = models.DateField(_("改正期限"), null=True, blank=True)
    penalty = models.CharField(_("处罚决定"), max_length=500, blank=True)
    inspected_on = models.DateField(_("检查日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "draw_rank"]
        constraints = [models.UniqueConstraint(fields=["plan", "organisation"], name="regulation_record_once")]

    def __str__(self) -> str:
        return f"{self.plan.number} #{self.draw_rank} {self.organisation}"


# --- HR service agencies: licences, annual reports, credit, dishonesty lists ------------------


class AgencyLicence(models.Model):
    """A licence or filing of an HR service agency (人力资源服务许可/备案, 劳务派遣许可)."""

    organisation = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="hr_licences")
    kind = models.CharField(_("类别"), max_length=16, choices=LicenceKind.choices)
    number = models.CharField(_("证号"), max_length=40, unique=True)
    scope = models.CharField(_("服务范围"), max_length=500)
    issued_on = models.DateField(_("发证/备案日期"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    revoked_on = models.DateField(_("注销/吊销日期"), null=True, blank=True)
    revocation_reason = models.CharField(_("注销/吊销原因"), max_length=300, blank=True)

    class Meta:
        ordering = ["organisation", "-issued_on"]
        verbose_name = _("人力资源服务许可")
        verbose_name_plural = _("人力资源服务许可")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def in_force(self, on) -> bool:
        if self.issued_on > on or (self.revoked_on is not None and self.revoked_on <= on):
            return False
        return self.valid_until is None or self.valid_until >= on


class AnnualReport(models.Model):
    """An agency's yearly report (年度报告), published once submitted."""

    organisation = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="hr_annual_reports")
    year = models.PositiveSmallIntegerField(_("报告年度"))
    submitted_on = models.DateField(_("报送日期"))
    people_served = models.PositiveIntegerField(_("服务人次"))
    placements = models.PositiveIntegerField(_("介绍成功人数"))
    employers_served = models.PositiveIntegerField(_("服务单位数"))
    summary = models.TextField(_("经营情况"), max_length=4000, blank=True)

    class Meta:
        ordering = ["organisation", "-year"]
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="regulation_report_once")]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"


class CreditEvaluation(models.Model):
    """An agency's credit score on a date with its explanation item by item. A new row is
    written whenever a fact changes the result; the latest row is the agency's grade."""

    organisation = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="credit_evaluations")
    evaluated_on = models.DateField(_("评价日期"))
    score = models.IntegerField(_("得分"))
    grade = models.CharField(_("等级"), max_length=1, choices=CreditGrade.choices)
    items = models.JSONField(_("扣分明细"), default=list)
    trigger = models.CharField(_("触发原因"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation", "-created_at", "-pk"]
        get_latest_by = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.organisation} {self.grade} {self.score}"


class ListEntry(models.Model):
    """An entry on a dishonesty list, from notice to expiry (workflows.LIST_ENTRY)."""

    organisation = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="list_entries")
    kind = models.CharField(_("名单"), max_length=16, choices=ListKind.choices)
    status = models.CharField(_("状态"), max_length=16, choices=ListStatus.choices, default=ListStatus.PROPOSED)
    reason = models.TextField(_("列入事由"), max_length=2000)
    basis = models.CharField(_("法律依据"), max_length=300)
    notified_on = models.DateField(_("告知日期"))
    objection_due = models.DateField(_("陈述申辩截止日"))
    objection = models.TextField(_("陈述申辩意见"), max_length=4000, blank=True)
    listed_on = models.DateField(_("列入日期"), null=True, blank=True)
    listed_until = models.DateField(_("列入期满日"), null=True, blank=True)
    ended_on = models.DateField(_("移出日期"), null=True, blank=True)
    end_reason = models.CharField(_("移出/不予列入理由"), max_length=500, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("失信名单")
        verbose_name_plural = _("失信名单")

    def __str__(self) -> str:
        return f"{self.organisation} {self.get_kind_display()} {self.get_status_display()}"

    def active_on(self, on) -> bool:
        return self.status == ListStatus.LISTED and self.listed_on <= on and (self.listed_until is None or on <= self.listed_until)


class ListTransition(models.Model):
    entry = models.ForeignKey(ListEntry, on_delete=models.CASCADE, related_name="transitions")
    name = models.CharField(max_length=32)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.name}"


class MediationBody(models.Model):
    """A labour-dispute mediation organisation (调解组织; 劳动争议调解仲裁法 第十条): inside a firm,
    in a township or street, by region or by industry. Public: who they are, where, how to reach
    them — contact details are the body's office, not a person's."""

    name = models.CharField(_("名称"), max_length=120)
    kind = models.CharField(_("类别"), max_length=16, choices=MediationBodyKind.choices)
    organisation = models.ForeignKey("registry.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="mediation_bodies", verbose_name=_("所在单位"))
    industry = models.CharField(_("行业"), max_length=60, blank=True)
    town_code = models.CharField(_("所在镇/街道区划代码"), max_length=12, blank=True)
    address = models.CharField(_("办公地址"), max_length=200)
    phone = models.CharField(_("联系电话"), max_length=20)
    members = models.PositiveSmallIntegerField(_("调解员人数"))
    established_on = models.DateField(_("成立日期"))
    dissolved_on = models.DateField(_("撤销日期"), null=True, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    registered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("劳动争议调解组织")
        verbose_name_plural = _("劳动争议调解组织")
        constraints = [models.UniqueConstraint(fields=["name"], condition=models.Q(dissolved_on__isnull=True),
                                               name="regulation_mediation_body_name_once")]

    def __str__(self) -> str:
        return self.name
