"""Labour-rights cases: labour-inspection complaints (劳动保障监察投诉举报), dispute mediation
(调解) and arbitration (仲裁). One model for the three, since they share parties, claims,
statutory time limits, a transition log and the indicators computed from them; the workflow
table of each kind says what may happen to it (workflows.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import CaseKind, CaseStatus, Channel


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
