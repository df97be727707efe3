from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .roles import STAFF_ROLES, Role


class User(AbstractUser):
    """A login. Citizens are linked to their registry Person, employers to their Organisation."""

    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, default=Role.CITIZEN)
    display_name = models.CharField(_("显示名"), max_length=64, blank=True)
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="accounts"
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="account_holders",
    )
    failed_login_count = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    # An issued password (by an administrator or the CLI) must be changed at the first login.
    must_change_password = models.BooleanField(default=False)
    password_changed_at = models.DateTimeField(null=True, blank=True)

    @property
    def is_bureau_staff(self) -> bool:
        return self.role in STAFF_ROLES

    def is_locked(self, now=None) -> bool:
        return bool(self.locked_until and self.locked_until > (now or timezone.now()))

    def __str__(self) -> str:
        return self.display_name or self.username


class AuditQuerySet(models.QuerySet):
    """Append-only through the ORM: `update()` and `delete()` refuse (on PostgreSQL a trigger
    refuses them in the database too, for any client: migration core 0002)."""

    def update(self, **kwargs):
        raise AuditLogIsAppendOnly("the audit log is append-only: rows are never updated")

    def delete(self):
        raise AuditLogIsAppendOnly("the audit log is append-only: rows are never deleted")

    _raw_delete = delete


class AuditLogIsAppendOnly(Exception):
    pass


class AuditEvent(models.Model):
    """One row per write, read, search, denial, login and logout. Never updated or deleted.

    Each row carries the hash of the row before it (`prev_hash`) and its own hash over its
    content and `prev_hash` (`row_hash`): changing or removing a row breaks the chain, which
    `zhihui audit verify` finds (`zhihui.core.audit.verify_chain`).
    """

    class Action(models.TextChoices):
        CREATE = "create", _("新建")
        UPDATE = "update", _("修改")
        DELETE = "delete", _("删除")
        TRANSITION = "transition", _("状态变更")
        VIEW = "view", _("查看")
        EXPORT = "export", _("导出")
        LOGIN = "login", _("登录")
        LOGIN_FAILED = "login_failed", _("登录失败")
        LOCKED = "locked", _("账户锁定")
        IMPORT = "import", _("导入")
        SEARCH = "search", _("查询")
        LIST = "list", _("列表查看")
        DENIED = "denied", _("拒绝访问")
        LOGOUT = "logout", _("退出登录")
        REVEAL = "reveal", _("显示完整信息")
        ALERT = "alert", _("安全告警")
        OTP = "otp", _("双因素认证")

    class Outcome(models.TextChoices):
        OK = "ok", _("成功")
        DENIED = "denied", _("拒绝")
        FAILED = "failed", _("失败")

    at = models.DateTimeField(default=timezone.now, db_index=True)
    # DO_NOTHING, no constraint: deleting an account must not rewrite (SET NULL) its audit rows.
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    # Kept apart from the FK so the record survives the account's deletion.
    actor_label = models.CharField(max_length=150, blank=True)
    actor_role = models.CharField(max_length=16, blank=True)
    action = models.CharField(max_length=16, choices=Action.choices, db_index=True)
    object_type = models.CharField(max_length=64, db_index=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    summary = models.CharField(max_length=255, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    outcome = models.CharField(max_length=8, choices=Outcome.choices, default=Outcome.OK, db_index=True)
    request_id = models.CharField(max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    row_hash = models.CharField(max_length=64, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AuditLogIsAppendOnly("the audit log is append-only: rows are never updated")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("the audit log is append-only: rows are never deleted")

    @property
    def actor_role_label(self) -> str:
        """The role in words (the record keeps the code: 审计员, not `auditor`)."""
        from .roles import Role

        return dict(Role.choices).get(self.actor_role, self.actor_role)

    @property
    def object_type_label(self) -> str:
        """The kind of object in words (the model's verbose name; the code if it has none)."""
        from django.apps import apps

        try:
            meta = apps.get_model(self.object_type)._meta
        except (LookupError, ValueError):
            return self.object_type
        if "verbose_name" not in meta.original_attrs and self.object_type in OBJECT_TYPE_LABELS:
            return str(OBJECT_TYPE_LABELS[self.object_type])
        return str(meta.verbose_name)


# The audit log's words for the kinds of record whose models have no Chinese verbose_name yet
# (Django's default, "actual value", showed on the auditor's Chinese page; issue 15's walk).
# Moving these into each model's Meta (with migrations in ten apps) is the tidier follow-up.
OBJECT_TYPE_LABELS = {
    "core.backgroundjob": _("后台任务"),
    "core.passwordhistory": _("密码历史"),
    "core.securityalert": _("安全告警"),
    "registry.democity": _("演示城市"),
    "window.correctionpause": _("补正中止计时"),
    "window.attachment": _("申请材料"),
    "window.quotaoverride": _("突破指标批准"),
    "window.quotause": _("指标占用"),
    "window.poolpost": _("人才池岗位"),
    "window.paymentbatch": _("支付批次"),
    "window.batchtransition": _("支付批次流转记录"),
    "window.paymentinstruction": _("支付指令"),
    "window.selection": _("遴选"),
    "window.message": _("站内信"),
    "plan.annualtarget": _("年度目标"),
    "plan.importbatch": _("导入批次"),
    "plan.actualvalue": _("指标实际值"),
    "regulation.conflictdeclaration": _("回避申报"),
    "regulation.plantransition": _("检查计划流转记录"),
    "regulation.inspectionrecord": _("检查结果记录"),
    "regulation.annualreport": _("年度报告"),
    "regulation.creditevaluation": _("信用评价"),
    "regulation.listtransition": _("名单流转记录"),
    "rights.casetransition": _("案件流转记录"),
    "rights.projectworker": _("项目实名工人"),
    "rights.payroll": _("工资代发记录"),
    "rights.payrollline": _("工资代发明细"),
    "rights.arrearsline": _("欠薪明细"),
    "rights.evidence": _("证据"),
    "rights.panelmember": _("仲裁庭成员"),
    "rights.recusal": _("回避申请"),
    "market.postingtransition": _("岗位流转记录"),
    "market.application": _("求职申请"),
    "market.applicationtransition": _("求职申请流转记录"),
    "market.gigjob": _("零工任务"),
    "market.gigengagement": _("零工用工"),
    "market.gigtransition": _("零工流转记录"),
    "market.fairbooth": _("招聘会展位"),
    "market.fairregistration": _("招聘会报名"),
    "market.fairoutcome": _("招聘会成效"),
    "market.subscription": _("岗位订阅"),
    "market.subscriptionnotice": _("订阅通知"),
    "market.gigavailability": _("零工可接单时段"),
    "privacy.consent": _("同意记录"),
    "privacy.rightsrequest": _("个人信息权利请求"),
    "privacy.rightsrequesttransition": _("权利请求流转记录"),
    "privacy.fieldcorrection": _("信息更正"),
    "privacy.processingrestriction": _("限制处理"),
    "privacy.exportrecord": _("导出登记"),
    "privacy.sharingrecord": _("对外提供登记"),
    "privacy.purgerun": _("到期删除记录"),
    "employment.difficultytransition": _("困难认定流转记录"),
    "employment.difficultyreview": _("困难认定复核"),
    "employment.sweeprun": _("筛查运行"),
    "employment.caseservice": _("援助服务记录"),
    "employment.casetransition": _("援助个案流转记录"),
    "employment.reportchase": _("报表催报"),
    "employment.alerttransition": _("预警流转记录"),
    "skills.enrolment": _("培训报名"),
    "skills.checkin": _("培训签到"),
    "skills.vouchertransition": _("培训券流转记录"),
    "skills.certificaterecord": _("证书记录"),
    "skills.competitionentry": _("竞赛参赛记录"),
    "skills.brandmember": _("劳务品牌成员"),
}


class BackgroundJob(models.Model):
    """Progress of a long job run by a Celery worker, so that a page can show a progress bar.

    The work itself runs in Celery; this row is only what the worker reports back.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    kind = models.CharField(max_length=64)
    label = models.CharField(max_length=200)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveBigIntegerField(default=0)
    done = models.PositiveBigIntegerField(default=0)
    message = models.TextField(blank=True)
    result = models.JSONField(null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.label} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0


class PasswordHistory(models.Model):
    """An account's earlier password hashes (not reused: `passwords.HistoryValidator`)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.at:%Y-%m-%d}"


class SecurityAlert(models.Model):
    """A burst the security administrator must look at (rate limit reached, many reveals…).

    Shown in-app on the security administrator's page and written to the `zhihui.security` log.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=32)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(max_length=150, blank=True)
    summary = models.CharField(max_length=255)
    acknowledged_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.actor_label}"
