"""就业实名制: a person's employment status as dated events, never edited in place.

`StatusEvent` says "from `effective_on` this person is …". A mistaken event is not changed:
a correcting event points at it (`corrects`), and readers skip corrected events. Imports keep
their preview in `ImportBatch` (rows already resolved to person ids — no identity numbers at
rest in the batch) until a clerk commits or discards it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import (
    AlertLevel,
    AlertRule,
    AlertState,
    CaseOutcome,
    CaseSource,
    CaseState,
    Channel,
    ContractType,
    DifficultyCategory,
    DifficultyState,
    EvidenceState,
    ImportKind,
    ImportState,
    KeyGroup,
    MonitoringKind,
    PointLevel,
    QuotaChannel,
    ReportChannel,
    ReviewOutcome,
    ServiceKind,
    StatusKind,
    UnemploymentReason,
    YouthContactResult,
    ZeroHouseholdState,
)


class ImportBatch(models.Model):
    file_name = models.CharField(_("文件名"), max_length=200)
    kind = models.CharField(_("导入内容"), max_length=12, choices=ImportKind.choices, default=ImportKind.STATUS)
    state = models.CharField(_("状态"), max_length=12, choices=ImportState.choices, default=ImportState.PREVIEW)
    rows = models.JSONField(_("已校验的行"), default=list)
    row_count = models.PositiveIntegerField(_("行数"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("导入批次")

    def __str__(self):
        return f"{self.file_name} ({self.get_state_display()})"


class StatusEventQuerySet(models.QuerySet):
    """Writes that keep each person's chain (zhihui.employment.chain) current."""

    def bulk_create(self, objs, *args, **kwargs):
        from .chain import rechain

        objs = super().bulk_create(objs, *args, **kwargs)
        rechain({o.person_id for o in objs})
        return objs

    def delete(self):
        from .chain import rechain

        persons = set(self.values_list("person_id", flat=True))
        result = super().delete()
        rechain(persons)
        return result


class StatusEvent(models.Model):
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="employment_events",
                               verbose_name=_("人员"))
    kind = models.CharField(_("就业状态"), max_length=24, choices=StatusKind.choices)
    effective_on = models.DateField(_("生效日期"))
    # employed
    employer = models.ForeignKey("registry.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("用人单位"))
    employer_name = models.CharField(_("用人单位名称"), max_length=200, blank=True)
    occupation = models.ForeignKey("registry.Occupation", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("职业"))
    industry = models.ForeignKey("registry.Industry", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("行业"))
    contract_type = models.CharField(_("劳动合同类型"), max_length=12, choices=ContractType.choices, blank=True)
    contract_end = models.DateField(_("合同到期日"), null=True, blank=True)
    # registered unemployed
    unemployment_reason = models.CharField(_("失业原因"), max_length=20, choices=UnemploymentReason.choices,
                                           blank=True)
    # where the work is, for the indicators
    urban = models.BooleanField(_("城镇就业"), default=True)
    rural_transfer = models.BooleanField(_("农村劳动力转移就业"), default=False,
                                         help_text=_("农村劳动力在本乡镇以外或非农产业就业"))
    note = models.CharField(_("备注"), max_length=200, blank=True)
    corrects = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="corrected_by", verbose_name=_("更正的记录"))
    channel = models.CharField(_("来源渠道"), max_length=16, choices=Channel.choices)
    batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="events")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    # the person's chain, derived from their events by zhihui.employment.chain (never entered)
    active = models.BooleanField(default=True, editable=False)
    valid_until = models.DateField(null=True, blank=True, editable=False)
    enters_employment = models.BooleanField(default=False, editable=False)

    objects = StatusEventQuerySet.as_manager()

    class Meta:
        ordering = ["person_id", "effective_on", "id"]
        indexes = [models.Index(fields=["person", "effective_on"]), models.Index(fields=["kind", "effective_on"]),
                   # statuses holding in a period: intervals of a kind ending after its start
                   models.Index(fields=["kind", "valid_until"], include=["effective_on", "person"],
                                condition=models.Q(active=True), name="emp_event_interval"),
                   # entries into urban employment by day
                   models.Index(fields=["effective_on"], include=["person"],
                                condition=models.Q(active=True, enters_employment=True, urban=True),
                                name="emp_event_urban_entry")]
        verbose_name = _("就业状态记录")

    def __str__(self):
        return f"{self.person_id} {self.kind} {self.effective_on}"

    def save(self, *args, **kwargs):
        from django.db import transaction

        from .chain import rechain

        with transaction.atomic():
            super().save(*args, **kwargs)
            rechain([self.person_id])


class DifficultyApplication(models.Model):
    """An application for recognition as 就业困难人员 (workflow `employment.difficulty`): what the
    person declares, what a clerk verified against evidence, and the reviewer's decision."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="difficulty_applications")
    category = models.CharField(_("认定类别"), max_length=20, choices=DifficultyCategory.choices)
    applied_on = models.DateField(_("申请日期"))
    channel = models.CharField(_("来源渠道"), max_length=16, choices=Channel.choices)
    statement = models.CharField(_("本人申报情况"), max_length=300)
    evidence = models.CharField(_("核实的证明材料"), max_length=300, blank=True)
    criteria = models.CharField(_("认定条件核对"), max_length=300, blank=True)
    state = models.CharField(_("状态"), max_length=12, choices=DifficultyState.choices, default=DifficultyState.SUBMITTED)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decision_note = models.CharField(_("决定理由"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-applied_on", "-id"]
        verbose_name = _("就业困难人员认定申请")

    def __str__(self):
        return f"difficulty application {self.pk}"


class DifficultyTransition(models.Model):
    application = models.ForeignKey(DifficultyApplication, on_delete=models.CASCADE, related_name="transitions")
    name = models.CharField(max_length=20)
    from_state = models.CharField(max_length=12)
    to_state = models.CharField(max_length=12)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["application_id", "at", "id"]

    def __str__(self):
        return f"{self.application_id} {self.name}"


class DifficultyRecognition(models.Model):
    """就业困难人员认定: from `recognised_on` to `ended_on` (exclusive) or open; reviewed by
    `review_due` (a dated parameter after recognition or the last review)."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="difficulty_recognitions")
    category = models.CharField(_("认定类别"), max_length=20, choices=DifficultyCategory.choices)
    recognised_on = models.DateField(_("认定日期"))
    ended_on = models.DateField(_("退出日期"), null=True, blank=True)
    application = models.OneToOneField(DifficultyApplication, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="recognition")
    review_due = models.DateField(_("复核期限"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["person_id", "recognised_on", "id"]
        verbose_name = _("就业困难人员认定")

    def __str__(self):
        return f"{self.person_id} {self.category} {self.recognised_on}"


class DifficultyReview(models.Model):
    """A periodic review (复核) of a recognition: kept (next review date) or ended."""

    recognition = models.ForeignKey(DifficultyRecognition, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("复核日期"))
    outcome = models.CharField(_("复核结果"), max_length=8, choices=ReviewOutcome.choices)
    note = models.CharField(_("复核意见"), max_length=300)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recognition_id", "reviewed_on", "id"]

    def __str__(self):
        return f"review {self.recognition_id} {self.reviewed_on}"


# --- key groups (重点群体台账) ------------------------------------------------------------------

class KeyGroupEntry(models.Model):
    """A person's membership of a key group, from `since` to `until` (exclusive) or open, with
    the evidence stated and whether a clerk verified it (declared → verified)."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="key_groups")
    group = models.CharField(_("重点群体"), max_length=20, choices=KeyGroup.choices)
    since = models.DateField(_("起始日期"))
    until = models.DateField(_("终止日期"), null=True, blank=True)
    detail = models.CharField(_("情况"), max_length=200, blank=True,
                              help_text=_("如：院校、专业、毕业年份；退役时间；外出务工地"))
    evidence = models.CharField(_("证明材料"), max_length=200)
    evidence_state = models.CharField(_("核实状态"), max_length=10, choices=EvidenceState.choices,
                                      default=EvidenceState.DECLARED)
    channel = models.CharField(_("来源渠道"), max_length=16, choices=Channel.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("登记人"))
    recorded_at = models.DateTimeField(default=timezone.now)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("核实人"))
    verified_on = models.DateField(_("核实日期"), null=True, blank=True)
    verification = models.CharField(_("核实情况"), max_length=200, blank=True)

    class Meta:
        ordering = ["group", "person_id", "-since"]
        indexes = [models.Index(fields=["group", "until"])]
        verbose_name = _("重点群体台账")

    def __str__(self):
        return f"{self.person_id} {self.group}"


# --- service points and the 15-minute employment service circle ----------------------------------

class ServicePoint(models.Model):
    """A town/street station or a village/community point of the public employment service."""

    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=8, choices=PointLevel.choices)
    division = models.ForeignKey("registry.Division", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("所在镇/街道或村/社区"))
    address = models.CharField(_("地址"), max_length=200)
    hours = models.CharField(_("服务时间"), max_length=100)
    staff = models.PositiveSmallIntegerField(_("工作人员数"))
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    lon = models.DecimalField(_("经度"), max_digits=9, decimal_places=6)
    lat = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6)
    active = models.BooleanField(_("运行中"), default=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["division__code", "level", "name"]
        verbose_name = _("就业服务站点")

    def __str__(self):
        return self.name


class PlaceLocation(models.Model):
    """The reference point (seat) of a town/street or village/community: where the travel model
    places its residents."""

    division = models.OneToOneField("registry.Division", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("镇/街道或村/社区"))
    lon = models.DecimalField(_("经度"), max_digits=9, decimal_places=6)
    lat = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("居民点位置")

    def __str__(self):
        return str(self.division_id)


# --- households and zero-employment households -------------------------------------------------

class Household(models.Model):
    """A household (户) as the employment services know it: the facts the households contract
    needs beside its members' registry records."""

    code = models.CharField(_("户编号"), max_length=32, unique=True)
    division = models.ForeignKey("registry.Division", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("所在镇/街道"))
    address = models.CharField(_("地址"), max_length=200, blank=True)
    urban = models.BooleanField(_("城镇家庭"), null=True, blank=True)
    business_income = models.BooleanField(_("有经营性、投资性收入"), null=True, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("家庭")

    def __str__(self):
        return self.code


class HouseholdMember(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person = models.OneToOneField("registry.Person", on_delete=models.PROTECT, related_name="household_membership")
    relation = models.CharField(_("与户主关系"), max_length=16, blank=True)
    retirement_category = models.CharField(_("退休类别"), max_length=16, blank=True,
                                           choices=[("male", _("男职工")), ("female_cadre", _("女干部")),
                                                    ("female_worker", _("女工人"))],
                                           help_text=_("空：男性按男职工；女性未知"))
    able_to_work = models.BooleanField(_("有劳动能力"), null=True, blank=True)
    wants_work = models.BooleanField(_("有就业愿望"), null=True, blank=True)
    in_school = models.BooleanField(_("在校学生"), default=False)
    in_military = models.BooleanField(_("服兵役"), default=False)

    class Meta:
        ordering = ["household_id", "id"]
        verbose_name = _("家庭成员")

    def __str__(self):
        return f"{self.household_id}/{self.person_id}"


class ZeroHousehold(models.Model):
    """A household found zero-employment by a sweep, tracked until cleared (动态清零)."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="zero_records")
    state = models.CharField(_("状态"), max_length=10, choices=ZeroHouseholdState.choices, default=ZeroHouseholdState.OPEN)
    found_on = models.DateField(_("发现日期"))
    deadline = models.DateField(_("清零期限"))
    cleared_on = models.DateField(_("清零日期"), null=True, blank=True)
    found_by_job = models.ForeignKey("core.BackgroundJob", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        ordering = ["-found_on", "household_id"]
        constraints = [models.UniqueConstraint(fields=["household"], condition=models.Q(state="open"),
                                               name="one_open_zero_record_per_household")]
        verbose_name = _("零就业家庭")

    def __str__(self):
        return f"{self.household_id} {self.state} {self.found_on}"


class SweepRun(models.Model):
    """One zero-employment sweep: its date and counts (the dashboard's series over time)."""

    as_of = models.DateField()
    households = models.PositiveIntegerField(default=0)
    zero = models.PositiveIntegerField(default=0)
    undetermined = models.PositiveIntegerField(default=0)
    found = models.PositiveIntegerField(default=0)
    cleared = models.PositiveIntegerField(default=0)
    open_after = models.PositiveIntegerField(default=0)
    ran_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-ran_at"]

    def __str__(self):
        return f"sweep {self.as_of}"


# --- staff scope and assistance cases ----------------------------------------------------------

class StaffAssignment(models.Model):
    """A clerk's town or street: a clerk with an assignment sees only that town's cases and
    households; a clerk without one works at city level (sees all)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employment_assignment")
    division = models.ForeignKey("registry.Division", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("镇/街道"))

    class Meta:
        verbose_name = _("工作人员所属镇/街道")

    def __str__(self):
        return f"{self.user_id} → {self.division_id}"


class AssistanceCase(models.Model):
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="assistance_cases")
    division = models.ForeignKey("registry.Division", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("镇/街道"))
    clerk = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("责任人"))
    source = models.CharField(_("帮扶对象类别"), max_length=20, choices=CaseSource.choices)
    household = models.ForeignKey(Household, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("状态"), max_length=10, choices=CaseState.choices, default=CaseState.OPEN)
    opened_on = models.DateField(_("建档日期"))
    needs = models.CharField(_("帮扶需求"), max_length=300, blank=True)
    next_follow_up = models.DateField(_("下次回访期限"), null=True, blank=True)
    outcome = models.CharField(_("帮扶结果"), max_length=24, choices=CaseOutcome.choices, blank=True)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("就业援助个案")

    def __str__(self):
        return f"case {self.pk}"


class CaseService(models.Model):
    case = models.ForeignKey(AssistanceCase, on_delete=models.CASCADE, related_name="services")
    kind = models.CharField(_("帮扶措施"), max_length=24, choices=ServiceKind.choices)
    detail = models.CharField(_("内容"), max_length=200)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    monthly_subsidy = models.DecimalField(_("月补贴(元)"), max_digits=10, decimal_places=2, null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case_id", "starts_on", "id"]

    def __str__(self):
        return f"{self.case_id} {self.kind}"


class CaseTransition(models.Model):
    """The transition log of assistance cases (who took which step, when, with what note)."""

    case = models.ForeignKey(AssistanceCase, on_delete=models.CASCADE, related_name="transitions")
    name = models.CharField(max_length=20)
    from_state = models.CharField(max_length=10)
    to_state = models.CharField(max_length=10)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case_id", "at", "id"]

    def __str__(self):
        return f"{self.case_id} {self.name}"


# --- enterprise monitoring and layoff early warning -------------------------------------------

class MonitoredEnterprise(models.Model):
    organisation = models.OneToOneField("registry.Organisation", on_delete=models.PROTECT,
                                        related_name="employment_monitoring", verbose_name=_("单位"))
    kind = models.CharField(_("监测类别"), max_length=8, choices=MonitoringKind.choices)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("人社服务专员"))
    since = models.DateField(_("纳入监测日期"))
    active = models.BooleanField(_("在监测"), default=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("用工监测企业")

    def __str__(self):
        return str(self.organisation_id)


class MonthlyReport(models.Model):
    enterprise = models.ForeignKey(MonitoredEnterprise, on_delete=models.PROTECT, related_name="reports")
    month = models.DateField(_("月份"), help_text=_("该月第一天"))
    headcount = models.PositiveIntegerField(_("月末在岗人数"))
    hires = models.PositiveIntegerField(_("本月新招用"))
    separations = models.PositiveIntegerField(_("本月减员"))
    vacancies = models.PositiveIntegerField(_("岗位空缺"))
    planned_layoffs = models.PositiveIntegerField(_("计划裁员人数"), default=0)
    channel = models.CharField(_("报送方式"), max_length=8, choices=ReportChannel.choices)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["enterprise_id", "month"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "month"], name="one_report_per_month")]
        verbose_name = _("用工监测月报")

    def __str__(self):
        return f"{self.enterprise_id} {self.month:%Y-%m}"


class ReportChase(models.Model):
    """A missing monthly report chased (催报): who, when, how."""

    enterprise = models.ForeignKey(MonitoredEnterprise, on_delete=models.PROTECT, related_name="chases")
    month = models.DateField()
    chased_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    chased_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(_("催报方式与情况"), max_length=200)

    class Meta:
        ordering = ["-chased_at"]

    def __str__(self):
        return f"chase {self.enterprise_id} {self.month:%Y-%m}"


class Alert(models.Model):
    enterprise = models.ForeignKey(MonitoredEnterprise, on_delete=models.PROTECT, related_name="alerts")
    report = models.ForeignKey(MonthlyReport, null=True, blank=True, on_delete=models.PROTECT, related_name="alerts")
    rule = models.CharField(_("预警规则"), max_length=24, choices=AlertRule.choices)
    level = models.CharField(_("预警等级"), max_length=1, choices=AlertLevel.choices)
    numbers = models.JSONField(_("触发数据"), default=dict)
    message = models.CharField(_("说明"), max_length=300)
    state = models.CharField(_("状态"), max_length=10, choices=AlertState.choices, default=AlertState.OPEN)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("处置人"))
    raised_at = models.DateTimeField(default=timezone.now)
    closing_note = models.CharField(_("处置结果"), max_length=300, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["level", "-raised_at"]
        constraints = [models.UniqueConstraint(fields=["report", "rule"], name="one_alert_per_rule_and_report")]
        verbose_name = _("失业预警")

    def __str__(self):
        return f"alert {self.pk}"


class AlertTransition(models.Model):
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="transitions")
    name = models.CharField(max_length=20)
    from_state = models.CharField(max_length=10)
    to_state = models.CharField(max_length=10)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["alert_id", "at", "id"]

    def __str__(self):
        return f"{self.alert_id} {self.name}"


class MassLayoffReport(models.Model):
    """规模裁员报告 (劳动合同法 第四十一条: the enterprise reports its plan to the bureau)."""

    enterprise = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="+")
    reported_on = models.DateField(_("报告日期"))
    headcount = models.PositiveIntegerField(_("职工总数"))
    planned_count = models.PositiveIntegerField(_("拟裁减人数"))
    reason = models.CharField(_("裁员理由"), max_length=300)
    plan = models.TextField(_("裁员方案（安置、补偿）"))
    response = models.TextField(_("人社部门意见"), blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    responded_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = _("规模裁员报告")

    def __str__(self):
        return f"layoff {self.enterprise_id} {self.reported_on}"


class QuotaDeclaration(models.Model):
    """An employer's quota employment of disabled persons (残疾人按比例就业) for a year: its
    average staff, the disabled employees it names (each on the verified disabled persons'
    ledger and employed by it that year), the ratio in force at the year's end and what it
    requires, declared by a clerk and verified by another (declared → verified)."""

    organisation = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("用人单位"))
    year = models.PositiveSmallIntegerField(_("年度"))
    staff_count = models.PositiveIntegerField(_("在职职工年平均人数"))
    ratio_pct = models.DecimalField(_("安排比例（%）"), max_digits=4, decimal_places=2)
    required = models.DecimalField(_("应安排人数"), max_digits=9, decimal_places=2)
    counted = models.PositiveIntegerField(_("实际安排人数（折算）"))
    state = models.CharField(_("核实状态"), max_length=10, choices=EvidenceState.choices,
                             default=EvidenceState.DECLARED)
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("登记人"))
    declared_at = models.DateTimeField(default=timezone.now)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("核实人"))
    verified_on = models.DateField(_("核实日期"), null=True, blank=True)
    verification = models.CharField(_("核实情况"), max_length=200, blank=True)
    channel = models.CharField(_("申报渠道"), max_length=10, choices=QuotaChannel.choices, default=QuotaChannel.CLERK)
    average_wage = models.DecimalField(_("上年职工年平均工资（元）"), max_digits=12, decimal_places=2,
                                       null=True, blank=True)

    class Meta:
        ordering = ["-year", "organisation_id"]
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="emp_quota_one_per_year")]
        verbose_name = _("残疾人按比例就业申报")

    def __str__(self):
        return f"{self.organisation_id} {self.year}"

    @property
    def shortfall(self):
        from decimal import Decimal

        return max(Decimal("0.00"), self.required - self.counted)


class QuotaEmployee(models.Model):
    declaration = models.ForeignKey(QuotaDeclaration, on_delete=models.CASCADE, related_name="employees")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("人员"))
    severe = models.BooleanField(_("重度（一、二级）"), default=False)

    class Meta:
        ordering = ["declaration_id", "id"]
        constraints = [models.UniqueConstraint(fields=["declaration", "person"], name="emp_quota_person_once")]
        verbose_name = _("按比例安排的残疾职工")

    def __str__(self):
        return f"{self.declaration_id} {self.person_id}"


class YouthContact(models.Model):
    """One contact of the youth employment screening (青年就业排查): whom, when, what was found."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="youth_contacts",
                               verbose_name=_("人员"))
    contacted_on = models.DateField(_("联系日期"))
    result = models.CharField(_("排查结果"), max_length=12, choices=YouthContactResult.choices)
    note = models.CharField(_("情况说明"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("登记人"))
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["person_id", "-contacted_on", "-id"]
        verbose_name = _("青年就业排查记录")

    def __str__(self):
        return f"{self.person_id} {self.contacted_on} {self.result}"


# The graduate registry (C10-D01) and the traineeship and assistance-workshop registers (C10-D02,
# C10-D07) live in their own modules; imported here so that Django finds them.
from .graduate_models import College, Graduate  # noqa: E402, F401
from .models_registers import (  # noqa: E402, F401
    RegisterTransition,
    Trainee,
    TraineeMonth,
    TraineePost,
    TraineeshipBase,
    TraineeshipClaim,
    Workshop,
    WorkshopWorker,
)
