"""Labour-rights cases: labour-inspection complaints (劳动保障监察投诉举报), dispute mediation
(调解) and arbitration (仲裁). One model for the three, since they share parties, claims,
statutory time limits, a transition log and the indicators computed from them; the workflow
table of each kind says what may happen to it (workflows.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import CaseKind, CaseStatus, Channel, EvidenceParty, RecusalDecision, RecusalGround


class Case(models.Model):
    number = models.CharField(_("案件编号"), max_length=24, unique=True)
    kind = models.CharField(_("类别"), max_length=16, choices=CaseKind.choices)
    channel = models.CharField(_("渠道"), max_length=8, choices=Channel.choices)
    status = models.CharField(_("状态"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.RECEIVED)
    applicant = models.ForeignKey("registry.Person", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="rights_cases", verbose_name=_("申请人/投诉人"))
    anonymous = models.BooleanField(_("匿名举报"), default=False)
    respondent = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="rights_cases",
                                   verbose_name=_("被申请人/被投诉单位"))
    facts = models.TextField(_("事实与理由"), max_length=8000)
    claimed_amount = models.DecimalField(_("请求金额（元）"), max_digits=12, decimal_places=2, default=0)
    recovered_amount = models.DecimalField(_("追回/支付金额（元）"), max_digits=12, decimal_places=2, default=0)
    knew_on = models.DateField(_("知道权利被侵害之日"), null=True, blank=True)
    received_on = models.DateField(_("收到日期"))
    accept_due = models.DateField(_("受理决定期限"))
    accept_due_provisional = models.BooleanField(default=False)
    accepted_on = models.DateField(_("受理/立案日期"), null=True, blank=True)
    decide_due = models.DateField(_("办结期限"), null=True, blank=True)
    decide_due_provisional = models.BooleanField(default=False)
    extended = models.BooleanField(_("已延期"), default=False)
    hearing_at = models.DateTimeField(_("开庭时间"), null=True, blank=True)
    hearing_room = models.CharField(_("仲裁庭"), max_length=40, blank=True)
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="rights_cases", verbose_name=_("承办人/仲裁员"))
    outcome_text = models.TextField(_("处理结果"), max_length=8000, blank=True)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("劳动权益案件")
        verbose_name_plural = _("劳动权益案件")
        indexes = [models.Index(fields=["kind", "status"]), models.Index(fields=["kind", "received_on"])]

    def __str__(self) -> str:
        return self.number


class CaseTransition(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    name = models.CharField(max_length=32)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.name}"


# --- Wage arrears (根治欠薪): construction projects, real-name rosters, payrolls ---------------


class Project(models.Model):
    """A construction project under the wage-payment rules (保障农民工工资支付条例): real-name
    workers, a special wage account (工资专用账户), a wage guarantee deposit (工资保证金), and
    monthly payrolls paid by the bank on behalf of the general contractor (总包代发)."""

    code = models.CharField(_("项目编号"), max_length=32, unique=True)
    name = models.CharField(_("项目名称"), max_length=200)
    contractor = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="contracted_projects",
                                   verbose_name=_("施工总承包单位"))
    address = models.CharField(_("项目地址"), max_length=200, blank=True)
    starts_on = models.DateField(_("开工日期"))
    ends_on = models.DateField(_("竣工日期"), null=True, blank=True)
    wage_bank = models.CharField(_("工资专用账户开户行"), max_length=100)
    wage_account_masked = models.CharField(_("工资专用账户（脱敏）"), max_length=40)
    deposit_amount = models.DecimalField(_("工资保证金（元）"), max_digits=12, decimal_places=2, default=0)
    deposit_paid_on = models.DateField(_("保证金存储日期"), null=True, blank=True)
    payday = models.PositiveSmallIntegerField(_("每月发薪日"), help_text=_("次月几日前发放上月工资"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["code"]
        verbose_name = _("在建工程项目")
        verbose_name_plural = _("在建工程项目")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ProjectWorker(models.Model):
    """A worker on a project's real-name roster (实名制), with the employing (sub)contractor."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="workers")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="project_rosters")
    employer = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("用工单位"))
    trade = models.CharField(_("工种"), max_length=40, blank=True)
    joined_on = models.DateField(_("进场日期"))
    left_on = models.DateField(_("退场日期"), null=True, blank=True)
    monthly_wage = models.DecimalField(_("约定月工资（元）"), max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["project", "joined_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["project", "person", "joined_on"], name="rights_roster_once")]

    def __str__(self) -> str:
        return f"{self.project.code} {self.person_id}"


class Payroll(models.Model):
    """One month's wages paid by the bank for a project (imported from the bank's file)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="payrolls")
    month = models.DateField(_("工资所属月份"), help_text=_("月份第一日"))
    paid_on = models.DateField(_("发放日期"))
    bank_reference = models.CharField(_("银行代发批次号"), max_length=60)
    file_sha256 = models.CharField(max_length=64)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["project", "month"]
        constraints = [models.UniqueConstraint(fields=["project", "month"], name="rights_payroll_once")]

    def __str__(self) -> str:
        return f"{self.project.code} {self.month:%Y-%m}"


class PayrollLine(models.Model):
    payroll = models.ForeignKey(Payroll, on_delete=models.CASCADE, related_name="lines")
    worker = models.ForeignKey(ProjectWorker, on_delete=models.PROTECT, related_name="payroll_lines")
    amount = models.DecimalField(_("实发金额（元）"), max_digits=10, decimal_places=2)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["payroll", "worker"], name="rights_payroll_line_once")]

    def __str__(self) -> str:
        return f"{self.payroll} {self.worker_id} {self.amount}"


class ArrearsLine(models.Model):
    """What one worker is owed in a wage-arrears case, and what has been recovered."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="arrears_lines")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.PROTECT, related_name="arrears_lines")
    months = models.CharField(_("欠薪月份"), max_length=200, blank=True)
    owed = models.DecimalField(_("欠薪金额（元）"), max_digits=12, decimal_places=2)
    recovered = models.DecimalField(_("已追回（元）"), max_digits=12, decimal_places=2, default=0)

    class Meta:
        ordering = ["case", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="rights_arrears_once")]

    def __str__(self) -> str:
        return f"{self.case.number} {self.person_id} {self.owed}"


class Evidence(models.Model):
    """A file a party (or the office) puts in a case: PDF or image, checked like the window's
    attachments (parsed, size and quota, malware-scanned; zhihui/core/files.py), kept with its
    SHA-256 and served only as a download."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence")
    label = models.CharField(_("证据名称"), max_length=200)
    party = models.CharField(_("提交方"), max_length=16, choices=EvidenceParty.choices)
    file = models.FileField(upload_to="rights/evidence/")
    kind = models.CharField(max_length=4)
    original_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case.number}: {self.label}"


class PanelMember(models.Model):
    """An arbitrator of a case's tribunal (仲裁庭; art. 31): a chief and two, or one alone.
    A member who steps aside keeps the row, with `removed_at`."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="panel")
    arbitrator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    chief = models.BooleanField(_("首席仲裁员"), default=False)
    appointed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    appointed_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["case", "-chief", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "arbitrator"], condition=models.Q(removed_at__isnull=True),
                                               name="rights_panel_member_once")]

    def __str__(self) -> str:
        return f"{self.case.number}: {self.arbitrator_id}"


class Recusal(models.Model):
    """A request that an arbitrator step aside (art. 33), decided by the committee's chair (art. 36)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="recusals")
    arbitrator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ground = models.CharField(_("回避事由"), max_length=16, choices=RecusalGround.choices)
    reason = models.TextField(_("说明"), max_length=2000)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(_("决定"), max_length=8, choices=RecusalDecision.choices, default=RecusalDecision.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["case", "requested_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case.number}: {self.arbitrator_id} {self.decision}"
