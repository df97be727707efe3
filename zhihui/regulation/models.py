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
    CampaignKind,
    CampaignMeasure,
    CampaignStatus,
    CollectiveContractKind,
    CollectiveContractStatus,
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


# --- Collective contracts filed with the labour administration (集体合同审查) ------------------


class CollectiveContract(models.Model):
    """A collective contract (集体合同) filed with the bureau. It takes effect when the bureau
    approves it, or by itself when no objection is raised within the review period from receipt
    (劳动合同法 第五十四条; the period is `collective.review_days`, calendar days)."""

    number = models.CharField(_("报送编号"), max_length=16, unique=True)
    kind = models.CharField(_("类别"), max_length=12, choices=CollectiveContractKind.choices)
    organisation = models.ForeignKey("registry.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="collective_contracts", verbose_name=_("用人单位"))
    industry = models.CharField(_("行业或区域"), max_length=60, blank=True)
    employer_party = models.CharField(_("用人单位方"), max_length=120)
    worker_party = models.CharField(_("职工方（工会）"), max_length=120)
    workers_covered = models.PositiveIntegerField(_("覆盖职工人数"))
    terms = models.TextField(_("主要条款（劳动报酬、工作时间、休息休假、劳动安全卫生等）"), max_length=8000)
    signed_on = models.DateField(_("双方首席代表签字日期"))
    term_start = models.DateField(_("期限自"))
    term_end = models.DateField(_("期限至"))
    received_on = models.DateField(_("收到文本日期"))
    review_due = models.DateField(_("审查期限届满日"))
    submitted_late = models.BooleanField(_("逾期报送"), default=False)
    status = models.CharField(_("状态"), max_length=12, choices=CollectiveContractStatus.choices,
                              default=CollectiveContractStatus.SUBMITTED)
    objection = models.TextField(_("审查意见（异议）"), max_length=4000, blank=True)
    decided_on = models.DateField(_("审查决定日期"), null=True, blank=True)
    effective_on = models.DateField(_("生效日期"), null=True, blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("集体合同")
        verbose_name_plural = _("集体合同")

    def __str__(self) -> str:
        return f"{self.number} {self.employer_party}"


class CollectiveContractTransition(models.Model):
    contract = models.ForeignKey(CollectiveContract, on_delete=models.CASCADE, related_name="transitions")
    name = models.CharField(max_length=32)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.contract_id} {self.name}"


# --- Campaigns: clean-up of the HR market and integrity (model agencies) -----------------------


class Campaign(models.Model):
    """A campaign of the bureau: a clean-up of the HR market (清理整顿, with what it found about
    illegal intermediaries) or an integrity campaign (诚信服务, naming model agencies)."""

    title = models.CharField(_("活动名称"), max_length=200)
    kind = models.CharField(_("类别"), max_length=12, choices=CampaignKind.choices)
    period_start = models.DateField(_("期间自"))
    period_end = models.DateField(_("期间至"))
    matters = models.TextField(_("重点内容"), max_length=2000)
    status = models.CharField(_("状态"), max_length=8, choices=CampaignStatus.choices, default=CampaignStatus.RUNNING)
    plans = models.ManyToManyField(InspectionPlan, blank=True, related_name="campaigns", verbose_name=_("纳入的双随机抽查计划"))
    summary = models.TextField(_("总结"), max_length=4000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-period_start", "-pk"]
        verbose_name = _("专项活动")
        verbose_name_plural = _("专项活动")

    def __str__(self) -> str:
        return self.title


class CampaignTransition(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="transitions")
    name = models.CharField(max_length=32)
    from_status = models.CharField(max_length=8, blank=True)
    to_status = models.CharField(max_length=8)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.name}"


class CampaignFinding(models.Model):
    """A party a clean-up campaign dealt with. An illegal intermediary is often not registered,
    so the party is named as found; a registered one is linked to the registry."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="findings")
    party_name = models.CharField(_("当事方名称"), max_length=120)
    organisation = models.ForeignKey("registry.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="campaign_findings")
    address = models.CharField(_("经营地址"), max_length=200)
    finding = models.TextField(_("查实问题"), max_length=2000)
    measure = models.CharField(_("处理措施"), max_length=12, choices=CampaignMeasure.choices)
    found_on = models.DateField(_("查处日期"))
    unlicensed = models.BooleanField(_("无证经营（非法职业中介）"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-found_on", "-pk"]

    def __str__(self) -> str:
        return self.party_name


class ModelAgency(models.Model):
    """An agency named a model of honest service (诚信服务示范机构) in an integrity campaign. The
    grade and score it had when named are kept; the honour is withdrawn when it is listed."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="models")
    organisation = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="model_honours")
    named_on = models.DateField(_("命名日期"))
    grade = models.CharField(_("命名时信用等级"), max_length=1, choices=CreditGrade.choices)
    score = models.IntegerField(_("命名时信用得分"))
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True)
    revoke_reason = models.CharField(_("撤销理由"), max_length=300, blank=True)
    named_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-named_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "organisation"], name="regulation_model_once")]
        verbose_name = _("诚信服务示范机构")
        verbose_name_plural = _("诚信服务示范机构")

    def __str__(self) -> str:
        return f"{self.organisation} ({self.campaign})"


# --- Labour dispatch: the user firm's share of dispatched workers (劳务派遣暂行规定 第四条) -----


class DispatchReport(models.Model):
    """A user firm's headcount on a date: workers under its own labour contracts and dispatched
    workers it uses. 用工总量 is their sum; the dispatched share must not exceed
    `dispatch.max_share`."""

    organisation = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="dispatch_reports",
                                     verbose_name=_("用工单位"))
    dispatch_firm = models.ForeignKey("registry.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="dispatched_to", verbose_name=_("劳务派遣单位"))
    as_of = models.DateField(_("统计日期"))
    contract_employees = models.PositiveIntegerField(_("订立劳动合同人数"))
    dispatched_workers = models.PositiveIntegerField(_("使用被派遣劳动者人数"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation", "-as_of"]
        constraints = [models.UniqueConstraint(fields=["organisation", "as_of"], name="regulation_dispatch_once")]

    def __str__(self) -> str:
        return f"{self.organisation} {self.as_of}"

    @property
    def total(self) -> int:
        return self.contract_employees + self.dispatched_workers


# --- The social insurance of new-form workers, as platforms report it -----------------------


class CoverReturn(models.Model):
    """A platform firm's monthly return of its workers and their covers (the register the bureau
    keeps until the social-insurance system's interface exists; see docs/regulation.md)."""

    platform = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="cover_returns",
                                 verbose_name=_("平台企业"))
    month = models.DateField(_("所属月份"))
    file_sha256 = models.CharField(max_length=64)
    workers = models.PositiveIntegerField(_("劳动者人数"))
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-month", "platform"]
        constraints = [models.UniqueConstraint(fields=["platform", "month"], name="regulation_cover_return_once")]

    def __str__(self) -> str:
        return f"{self.platform} {self.month:%Y-%m}"


class CoverLine(models.Model):
    ret = models.ForeignKey(CoverReturn, on_delete=models.CASCADE, related_name="lines")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    occupational_injury = models.BooleanField(_("职业伤害保障"))
    pension = models.BooleanField(_("基本养老保险"))
    medical = models.BooleanField(_("基本医疗保险"))
    commercial_accident = models.BooleanField(_("商业意外伤害保险"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ret", "person"], name="regulation_cover_line_once")]

    def __str__(self) -> str:
        return f"{self.ret_id}/{self.person_id}"
