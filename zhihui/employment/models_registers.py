"""Two registers of employment services, kept apart from models.py for clarity (imported there):

- 就业见习 (C10-D02, C10-S03, C10-S11): units recognised as traineeship bases (with model units,
  示范单位), their posts, the trainees enrolled (eligibility checked on the start day), the months
  each trainee served, completion and retention (留用), and the monthly subsidy claim of a unit
  (a share of the minimum wage, both dated parameters), paid through the one window;
- 就业帮扶车间 (C10-D07, C10-S18): assistance workshops, their operator, town/village and
  recognition with an annual review, and the people working there (the poverty-alleviated and
  low-income among them counted from the verified key-group ledger).

The life cycles are declared once in workflows.py (BASE_WORKFLOW, CLAIM_WORKFLOW,
WORKSHOP_WORKFLOW); every step is logged in `RegisterTransition` and audited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import BaseState, ClaimState, PostKind, TraineeGroup, TraineeOutcome, WorkshopState


class TraineeshipBase(models.Model):
    """A unit (an organisation of the registry) applying for, and recognised as, a traineeship
    base (就业见习基地/见习单位); a model unit (示范单位) is a recognised one named so."""

    organisation = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("见习单位"))
    state = models.CharField(_("状态"), max_length=12, choices=BaseState.choices, default=BaseState.APPLIED)
    contact = models.CharField(_("联系人及电话"), max_length=100)
    description = models.CharField(_("见习岗位说明"), max_length=300, blank=True)
    applied_on = models.DateField(_("申报日期"))
    recognised_on = models.DateField(_("认定日期"), null=True, blank=True)
    model_on = models.DateField(_("命名示范单位日期"), null=True, blank=True)
    decision_note = models.CharField(_("审核意见"), max_length=300, blank=True)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("登记人"))

    class Meta:
        ordering = ["organisation__name", "-applied_on"]
        constraints = [models.UniqueConstraint(fields=["organisation"],
                                               condition=models.Q(state__in=["applied", "recognised", "model"]),
                                               name="emp_one_live_traineeship_base")]
        verbose_name = _("就业见习基地")

    def __str__(self):
        return f"base {self.organisation_id}"


class TraineePost(models.Model):
    base = models.ForeignKey(TraineeshipBase, on_delete=models.PROTECT, related_name="posts",
                             verbose_name=_("见习基地"))
    title = models.CharField(_("岗位名称"), max_length=100)
    kind = models.CharField(_("岗位类别"), max_length=12, choices=PostKind.choices)
    count = models.PositiveSmallIntegerField(_("见习人数"))
    months = models.PositiveSmallIntegerField(_("见习期（月）"))
    opened_on = models.DateField(_("发布日期"))
    open = models.BooleanField(_("招募中"), default=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["base_id", "-opened_on", "id"]
        verbose_name = _("见习岗位")

    def __str__(self):
        return self.title


class Trainee(models.Model):
    """A person in a traineeship post from `start_on` for `months`; ended (`end_on`) with an
    outcome: completed, left early, or retained by the unit (留用, a labour contract)."""

    post = models.ForeignKey(TraineePost, on_delete=models.PROTECT, related_name="trainees", verbose_name=_("见习岗位"))
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="traineeships",
                               verbose_name=_("见习人员"))
    group = models.CharField(_("见习对象类别"), max_length=10, choices=TraineeGroup.choices)
    eligibility = models.CharField(_("资格核对"), max_length=300)
    start_on = models.DateField(_("见习开始日期"))
    months = models.PositiveSmallIntegerField(_("见习期（月）"))
    end_on = models.DateField(_("见习结束日期"), null=True, blank=True)
    outcome = models.CharField(_("见习结果"), max_length=10, choices=TraineeOutcome.choices, blank=True)
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("登记人"))
    enrolled_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["post_id", "start_on", "id"]
        constraints = [models.UniqueConstraint(fields=["person"], condition=models.Q(end_on__isnull=True),
                                               name="emp_one_running_traineeship")]
        verbose_name = _("见习人员")

    def __str__(self):
        return f"trainee {self.person_id} {self.start_on}"


class TraineeMonth(models.Model):
    """One month a trainee served (the unit's attendance confirmed by a clerk): what the subsidy
    claim of the month counts."""

    trainee = models.ForeignKey(Trainee, on_delete=models.PROTECT, related_name="served", verbose_name=_("见习人员"))
    month = models.DateField(_("月份"), help_text=_("该月第一天"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["trainee_id", "month"]
        constraints = [models.UniqueConstraint(fields=["trainee", "month"], name="emp_trainee_month_once")]
        verbose_name = _("见习月份")

    def __str__(self):
        return f"{self.trainee_id} {self.month:%Y-%m}"


class TraineeshipClaim(models.Model):
    """A unit's 就业见习补贴 for a month: trainee months × (minimum wage × share), both dated
    parameters in force on the month's first day; approved by a second person and paid
    through the one window (`payment`)."""

    base = models.ForeignKey(TraineeshipBase, on_delete=models.PROTECT, related_name="claims", verbose_name=_("见习基地"))
    month = models.DateField(_("月份"), help_text=_("该月第一天"))
    trainee_months = models.PositiveSmallIntegerField(_("见习人月数"))
    minimum_wage = models.DecimalField(_("月最低工资标准（元）"), max_digits=10, decimal_places=2)
    share_pct = models.DecimalField(_("补贴比例（%）"), max_digits=5, decimal_places=2)
    rate = models.DecimalField(_("每人每月补贴（元）"), max_digits=10, decimal_places=2)
    amount = models.DecimalField(_("补贴金额（元）"), max_digits=12, decimal_places=2)
    state = models.CharField(_("状态"), max_length=10, choices=ClaimState.choices, default=ClaimState.COMPUTED)
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("核算人"))
    computed_at = models.DateTimeField(default=timezone.now)
    payment = models.ForeignKey("window.Application", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("一窗支付申请"))
    decision_note = models.CharField(_("审核意见"), max_length=300, blank=True)

    class Meta:
        ordering = ["-month", "base_id"]
        constraints = [models.UniqueConstraint(fields=["base", "month"], condition=~models.Q(state="rejected"),
                                               name="emp_one_claim_per_base_month")]
        verbose_name = _("就业见习补贴")

    def __str__(self):
        return f"claim {self.base_id} {self.month:%Y-%m}"


class Workshop(models.Model):
    """就业帮扶车间: a workshop in a town or village run by an operator (an organisation of the
    registry), recognised by the bureau and reviewed every year."""

    name = models.CharField(_("车间名称"), max_length=100)
    operator = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("运营主体"))
    division = models.ForeignKey("registry.Division", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("所在镇/村"))
    address = models.CharField(_("地址"), max_length=200)
    products = models.CharField(_("主营产品或业务"), max_length=200)
    state = models.CharField(_("状态"), max_length=12, choices=WorkshopState.choices, default=WorkshopState.APPLIED)
    applied_on = models.DateField(_("申报日期"))
    recognised_on = models.DateField(_("认定日期"), null=True, blank=True)
    review_due = models.DateField(_("年度复核日期"), null=True, blank=True)
    decision_note = models.CharField(_("审核意见"), max_length=300, blank=True)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("登记人"))

    class Meta:
        ordering = ["division__code", "name"]
        verbose_name = _("就业帮扶车间")

    def __str__(self):
        return self.name


class WorkshopWorker(models.Model):
    """A person working in a workshop from `since` to `until` (exclusive) or open."""

    workshop = models.ForeignKey(Workshop, on_delete=models.PROTECT, related_name="workers", verbose_name=_("帮扶车间"))
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="workshop_jobs",
                               verbose_name=_("人员"))
    since = models.DateField(_("务工起始日期"))
    until = models.DateField(_("离开日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["workshop_id", "since", "id"]
        constraints = [models.UniqueConstraint(fields=["workshop", "person"], condition=models.Q(until__isnull=True),
                                               name="emp_workshop_worker_once")]
        verbose_name = _("帮扶车间务工人员")

    def __str__(self):
        return f"{self.workshop_id} {self.person_id}"


class RegisterTransition(models.Model):
    """The transition log of traineeship bases, subsidy claims and workshops (`workflow` names
    the table; separation of duties reads who took which step)."""

    workflow = models.CharField(max_length=40)
    object_id = models.PositiveIntegerField()
    name = models.CharField(max_length=20)
    from_state = models.CharField(max_length=12, blank=True)
    to_state = models.CharField(max_length=12)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["workflow", "object_id", "at", "id"]
        indexes = [models.Index(fields=["workflow", "object_id"])]

    def __str__(self):
        return f"{self.workflow} {self.object_id} {self.name}"
