"""The one window: services, applications and their transition log, deadlines, quotas, the
talent turnover pool, budgets, payment instructions and batches, in-app messages.

Decisions of the state are rows that are never edited in place: an application's history is
its `Transition` rows (who, when, why, under which rule version); a payment's fate is its
instruction's status set by reconciliation. Writes happen only in zhihui/window/actions.py.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhihui.registry.models import PersonOrOrganisation

from .enums import (  # noqa: F401 - also imported from .models
    ApplicantKind,
    BankAccountStatus,
    BatchStatus,
    Channel,
    PaymentStatus,
    PeriodKind,
    QuotaMode,
    ServiceKind,
    Status,
)

# --- Services (服务事项) ----------------------------------------------------------------------


class Service(models.Model):
    """One thing a person or an organisation can apply for at the window.

    `code` is the policy engine's benefit id for benefits (e.g. `graduate_living`), or a
    recognition code (`talent_category`, `wangwu_professional_selection`, …). The time limit
    is a parameter an administrator may change; the plan does not state it (C5-R16).
    """

    code = models.SlugField(_("事项代码"), max_length=64, unique=True)
    name = models.CharField(_("事项名称"), max_length=120)
    kind = models.CharField(_("类别"), max_length=12, choices=ServiceKind.choices)
    applicant_kind = models.CharField(_("申请人"), max_length=12, choices=ApplicantKind.choices)
    period_kind = models.CharField(_("申请周期"), max_length=8, choices=PeriodKind.choices, default=PeriodKind.ONCE)
    time_limit_days = models.PositiveSmallIntegerField(_("办结时限(工作日)"), default=20)
    budget_line = models.CharField(_("预算科目"), max_length=40, blank=True)
    quota = models.ForeignKey("Quota", verbose_name=_("名额指标"), null=True, blank=True, on_delete=models.PROTECT, related_name="services")
    clause = models.CharField(_("政策依据"), max_length=200, blank=True)
    active = models.BooleanField(_("受理中"), default=True)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("服务事项")
        verbose_name_plural = _("服务事项")

    def __str__(self) -> str:
        return self.name


# --- Applications ---------------------------------------------------------------------------


# Statuses in which the application still counts against "one per person, benefit and period".
# Refused and withdrawn ones free the slot; an approved or paid one keeps it (no double benefit).
CLOSED_STATUSES = (Status.REFUSED, Status.WITHDRAWN)
# Statuses whose time limit is running (the window's overdue / due-soon lists).
CLOCK_STATUSES = (Status.ACCEPTED, Status.REVIEWED)
PENDING_STATUSES = (Status.SUBMITTED, Status.ACCEPTED, Status.CORRECTION, Status.REVIEWED)


class Application(PersonOrOrganisation, models.Model):
    number = models.CharField(_("申请编号"), max_length=24, unique=True)
    service = models.ForeignKey(Service, verbose_name=_("事项"), on_delete=models.PROTECT, related_name="applications")
    person = models.ForeignKey(
        "registry.Person", verbose_name=_("申请人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="window_applications",
    )
    organisation = models.ForeignKey(
        "registry.Organisation", verbose_name=_("申请单位"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="window_applications",
    )
    # "p:<id>" or "o:<id>": one column for the uniqueness of open applications.
    subject_key = models.CharField(_("申请主体"), max_length=24, editable=False)
    period = models.CharField(_("申请周期"), max_length=12, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    channel = models.CharField(_("渠道"), max_length=8, choices=Channel.choices, default=Channel.ONLINE)
    facts = models.JSONField(_("申请人填报"), default=dict, blank=True)
    note = models.TextField(_("申请说明"), blank=True)

    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提交人"), on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    idempotency_key = models.CharField(_("防重复提交标识"), max_length=64, null=True, blank=True)

    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("受理人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    time_limit_days = models.PositiveSmallIntegerField(_("办结时限(工作日)"), null=True, blank=True)
    due_date = models.DateField(_("办结期限"), null=True, blank=True)
    # True while the due date was counted over a year whose holidays are computed by rule
    # (no State Council notice yet): zhihui/window/workdays.py, docs/window.md.
    due_date_provisional = models.BooleanField(_("办结期限为暂定"), default=False)
    correction_items = models.JSONField(_("补正材料清单"), default=list, blank=True)
    status_before_correction = models.CharField(_("补正前状态"), max_length=12, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # The engine's latest decision (shown to the clerk) and the one the approval used.
    engine_status = models.CharField(_("引擎结论"), max_length=16, blank=True)
    engine_total = models.DecimalField(_("引擎核定金额"), max_digits=14, decimal_places=2, default=Decimal("0.00"))
    engine_result = models.JSONField(_("引擎说明"), default=dict, blank=True)
    rule_version = models.CharField(_("政策包版本"), max_length=64, blank=True)

    approved_total = models.DecimalField(_("核定金额"), max_digits=14, decimal_places=2, null=True, blank=True)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decision_reason = models.TextField(_("决定理由"), blank=True)
    outcome = models.JSONField(_("认定结果"), default=dict, blank=True)
    offer_ref = models.CharField(_("免申即享来源"), max_length=64, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("申请")
        verbose_name_plural = _("申请")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "subject_key", "period"],
                condition=~Q(status__in=["refused", "withdrawn"]),
                name="window_one_open_application",
                violation_error_message="已有一份同一事项、同一周期的申请在办理中",
            ),
            models.UniqueConstraint(
                fields=["submitted_by", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="window_idempotency_key",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(organisation__isnull=False),
                name="window_application_has_applicant",
            ),
        ]
        indexes = [
            # The window's list: newest first, all or one status (LIMIT 50 straight off the index).
            models.Index(fields=["-submitted_at", "-id"], name="window_app_newest"),
            models.Index(fields=["status", "-submitted_at", "-id"], name="window_app_status_newest"),
            models.Index(fields=["service", "-submitted_at", "-id"], name="window_app_service_newest"),
            # Overdue / due-soon lists and the reviewer queue: running clocks ordered by due date.
            models.Index(
                fields=["due_date", "id"],
                condition=Q(status__in=["accepted", "reviewed"]),
                name="window_app_clock_due",
            ),
            models.Index(fields=["status", "due_date"], name="window_app_status_due"),
            models.Index(fields=["reviewer", "status", "due_date"], name="window_app_reviewer_due"),
            models.Index(fields=["person", "submitted_at"], name="window_app_person"),
            models.Index(fields=["organisation", "submitted_at"], name="window_app_org"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def applicant(self):
        return self.person or self.organisation


    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status in CLOCK_STATUSES and self.due_date is not None and self.due_date < today


class Transition(models.Model):
    """One state change of an application: who, when, why, under which rule version."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="transitions")
    # the workflow transition taken (zhihui/window/workflows.py): separation of duties reads it
    name = models.CharField(max_length=24, blank=True)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(max_length=150)
    reason = models.TextField(blank=True)
    rule_version = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("流转记录")
        verbose_name_plural = _("流转记录")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_status or '∅'} → {self.to_status}"

    @property
    def from_label(self) -> str:
        return str(dict(Status.choices).get(self.from_status, "—")) if self.from_status else "—"

    @property
    def to_label(self) -> str:
        return str(dict(Status.choices).get(self.to_status, self.to_status))


class CorrectionPause(models.Model):
    """The clock of the time limit stops from `started_on` (exclusive) to `ended_on` (inclusive)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="pauses")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    items = models.JSONField(default=list)

    class Meta:
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.started_on}–{self.ended_on or '…'}"


def attachment_path(instance, filename):
    return f"window/{instance.application_id}/{instance.sha256[:16]}.{instance.kind}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        PNG = "png", "PNG"
        JPEG = "jpg", "JPEG"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    label = models.CharField(_("材料名称"), max_length=120)
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=4, choices=Kind.choices)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.label} {self.original_name}"


# --- Working-day calendar -------------------------------------------------------------------


class HolidayNotice(models.Model):
    """A year's holiday notice loaded by an administrator; replaces the built-in data of that year."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    source = models.CharField(_("通知来源"), max_length=300, blank=True)
    data = models.JSONField(_("节假日安排"))
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("导入人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    loaded_at = models.DateTimeField(_("导入时间"), default=timezone.now)

    class Meta:
        ordering = ["year"]
        verbose_name = _("节假日安排通知")
        verbose_name_plural = _("节假日安排通知")

    def __str__(self) -> str:
        return f"{self.year} 节假日安排"

    def as_notice(self):
        from .workdays import parse_notice

        return parse_notice(self.data)


# --- Quotas, pool, budgets ------------------------------------------------------------------


class Quota(models.Model):
    """A counter the window enforces: e.g. 150 王屋英才专业技术拔尖人才 over 2021–2025.

    The plan says "左右" (about) — whether a quota blocks or only needs a leader's recorded
    override is the `mode` parameter (X25). `used` is changed only under a row lock.
    """

    code = models.SlugField(_("代码"), max_length=64, unique=True)
    name = models.CharField(_("名称"), max_length=120)
    limit = models.PositiveIntegerField(_("指标数"))
    mode = models.CharField(_("控制方式"), max_length=4, choices=QuotaMode.choices, default=QuotaMode.HARD)
    first_year = models.PositiveSmallIntegerField(_("起始年度"))
    last_year = models.PositiveSmallIntegerField(_("截止年度"))
    used = models.PositiveIntegerField(_("已使用"), default=0)
    # True: `limit` applies to each year of the period separately (e.g. ~40 a year), counted
    # from QuotaUse.year; False: to the whole period (e.g. 150 over five years).
    per_year = models.BooleanField(_("按年度计"), default=False)
    clause = models.CharField(_("政策依据"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("名额指标")
        verbose_name_plural = _("名额指标")
        constraints = [models.CheckConstraint(condition=Q(first_year__lte=models.F("last_year")), name="quota_years")]

    def __str__(self) -> str:
        return f"{self.name} {self.used}/{self.limit}"

    @property
    def remaining(self) -> int:
        return self.limit - self.used


class QuotaOverride(models.Model):
    """A leader's recorded permission to go past a soft quota for one application."""

    quota = models.ForeignKey(Quota, on_delete=models.PROTECT, related_name="overrides")
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="quota_override")
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.quota_id} override for {self.application_id}"


class QuotaUse(models.Model):
    quota = models.ForeignKey(Quota, on_delete=models.PROTECT, related_name="uses")
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="quota_use")
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    over_limit = models.BooleanField(default=False)
    at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.quota_id} used by {self.application_id}"


class TalentPool(models.Model):
    """人才周转池: posts lent to public institutions for high-level or shortage talents.

    总量控制、循环使用、人走编收、空编置换: the number of posts in use never exceeds `total`; a
    post returns to the pool when its holder leaves (PoolPost.released_on).
    """

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=120)
    total = models.PositiveIntegerField(_("编制总数"))
    in_use = models.PositiveIntegerField(_("已使用"), default=0)

    class Meta:
        verbose_name = _("人才周转池")
        verbose_name_plural = _("人才周转池")

    def __str__(self) -> str:
        return f"{self.name} {self.in_use}/{self.total}"


class PoolPost(models.Model):
    """The turnover-pool ledger (C4-D05): post, holder, unit, start, end, release."""

    pool = models.ForeignKey(TalentPool, on_delete=models.PROTECT, related_name="posts")
    application = models.OneToOneField(Application, null=True, blank=True, on_delete=models.PROTECT, related_name="pool_post")
    organisation = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="+")
    holder = models.ForeignKey("registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    post_title = models.CharField(max_length=120, blank=True)
    started_on = models.DateField()
    released_on = models.DateField(null=True, blank=True)
    release_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return f"{self.post_title or '编制'} @ {self.organisation_id}"


class Budget(models.Model):
    """人才发展专项资金: the amount available for one budget line in one year."""

    year = models.PositiveSmallIntegerField(_("年度"))
    line = models.CharField(_("预算科目"), max_length=40)
    name = models.CharField(_("科目名称"), max_length=120, blank=True)
    amount = models.DecimalField(_("预算金额(元)"), max_digits=16, decimal_places=2)
    committed = models.DecimalField(_("已安排(元)"), max_digits=16, decimal_places=2, default=Decimal("0.00"))
    paid = models.DecimalField(_("已支付(元)"), max_digits=16, decimal_places=2, default=Decimal("0.00"))

    class Meta:
        ordering = ["-year", "line"]
        verbose_name = _("年度预算")
        verbose_name_plural = _("年度预算")
        constraints = [
            models.UniqueConstraint(fields=["year", "line"], name="budget_year_line"),
            models.CheckConstraint(condition=Q(committed__lte=models.F("amount")), name="budget_not_exceeded"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.line}"

    @property
    def line_name(self) -> str:
        """The budget line in words (the catalogue's name, translated): pages show this, not the code."""
        from django.utils.translation import gettext

        from .catalogue import budget_line_name

        return gettext(budget_line_name(self.line))

    @property
    def available(self) -> Decimal:
        return self.amount - self.committed


# --- Payments -------------------------------------------------------------------------------


class PaymentBatch(models.Model):
    """A batch of payment instructions for the finance bureau. Its life cycle is the
    `window.payment_batch` workflow: created by one person, released by a second, then exported
    and reconciled; its log is `BatchTransition`."""

    number = models.CharField(max_length=24, unique=True)
    year = models.PositiveSmallIntegerField()
    status = models.CharField(_("状态"), max_length=12, choices=BatchStatus.choices, default=BatchStatus.CREATED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    reconciled_at = models.DateTimeField(null=True, blank=True)
    total = models.DecimalField(max_digits=16, decimal_places=2, default=Decimal("0.00"))
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.number


class BatchTransition(models.Model):
    """One state change of a payment batch: which transition, who, when, why."""

    batch = models.ForeignKey(PaymentBatch, on_delete=models.PROTECT, related_name="transitions")
    name = models.CharField(max_length=24)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.batch_id}: {self.name} {self.from_status or '∅'} → {self.to_status}"


class PaymentInstruction(models.Model):
    """One payment the engine's schedule asks for, in one budget year (arrears paid this year)."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="payments")
    person = models.ForeignKey("registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("registry.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="instructions")
    entitlement_year = models.PositiveSmallIntegerField(_("待遇所属年度"))
    year = models.PositiveSmallIntegerField(_("支付年度"))
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    status = models.CharField(max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.SCHEDULED)
    batch = models.ForeignKey(PaymentBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="instructions")
    paid_on = models.DateField(null=True, blank=True)
    bank_reference = models.CharField(max_length=64, blank=True)
    failure_reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["year", "id"]
        indexes = [
            models.Index(fields=["status", "year"]),
            models.Index(fields=["person", "year"]),
            models.Index(fields=["organisation", "year"]),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.year} {self.amount}"


# --- Bank accounts (issue 15, found 6) -------------------------------------------------------


class BankAccount(models.Model):
    """The account a payee is paid into: declared by the citizen (or the employer for its
    organisation, or a clerk on their behalf); verified when the finance bureau's return file
    reports a payment to it as received. The number is stored encrypted (zhihui/core/crypto.py);
    pages show only its last four digits."""

    person = models.OneToOneField("registry.Person", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="bank_account")
    organisation = models.OneToOneField("registry.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="bank_account")
    bank_name = models.CharField(_("开户银行"), max_length=60)
    account_encrypted = models.BinaryField(_("银行账号(密文)"))
    account_last4 = models.CharField(_("银行账号后四位"), max_length=4)
    status = models.CharField(_("核实状态"), max_length=10, choices=BankAccountStatus.choices,
                              default=BankAccountStatus.DECLARED)
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    declared_at = models.DateTimeField(_("申报时间"), default=timezone.now)
    verified_at = models.DateTimeField(_("核实时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("收款银行账户")
        verbose_name_plural = _("收款银行账户")
        constraints = [
            models.CheckConstraint(condition=Q(person__isnull=False) ^ Q(organisation__isnull=False),
                                   name="bankaccount_person_xor_organisation"),
        ]

    def __str__(self) -> str:
        return f"{self.bank_name} {self.account_masked}"

    @property
    def account_masked(self) -> str:
        return f"**** **** {self.account_last4}"

    def account_number(self) -> str:
        """The full number: only the finance bureau's payment file uses it (audited there)."""
        from zhihui.core import crypto

        return crypto.decrypt(self.account_encrypted)


# --- Selections (C2-D02) --------------------------------------------------------------------


class Selection(models.Model):
    """A 王屋英才 selection decided at the window (programme, year, person, application)."""

    program = models.CharField(max_length=32)
    year = models.PositiveSmallIntegerField()
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="wangwu_selections")
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="selection")

    class Meta:
        ordering = ["-year", "program"]

    def __str__(self) -> str:
        return f"{self.program} {self.year} {self.person_id}"


# --- Messages -------------------------------------------------------------------------------


class Message(models.Model):
    """An in-app message (站内信). SMS and e-mail go through zhihui/window/notify.py adapters."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="window_messages")
    application = models.ForeignKey(Application, null=True, blank=True, on_delete=models.CASCADE, related_name="messages")
    text = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text[:40]
