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
    Channel,
    ContractType,
    DifficultyCategory,
    ImportState,
    StatusKind,
    UnemploymentReason,
)


class ImportBatch(models.Model):
    file_name = models.CharField(_("文件名"), max_length=200)
    state = models.CharField(_("状态"), max_length=12, choices=ImportState.choices, default=ImportState.PREVIEW)
    rows = models.JSONField(_("已校验的行"), default=list)
    row_count = models.PositiveIntegerField(_("行数"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("就业状态导入批次")

    def __str__(self):
        return f"{self.file_name} ({self.get_state_display()})"


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

    class Meta:
        ordering = ["person_id", "effective_on", "id"]
        indexes = [models.Index(fields=["person", "effective_on"]), models.Index(fields=["kind", "effective_on"])]
        verbose_name = _("就业状态记录")

    def __str__(self):
        return f"{self.person_id} {self.kind} {self.effective_on}"


class DifficultyRecognition(models.Model):
    """就业困难人员认定: from `recognised_on` to `ended_on` (exclusive) or open."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="difficulty_recognitions")
    category = models.CharField(_("认定类别"), max_length=20, choices=DifficultyCategory.choices)
    recognised_on = models.DateField(_("认定日期"))
    ended_on = models.DateField(_("退出日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["person_id", "recognised_on", "id"]
        verbose_name = _("就业困难人员认定")

    def __str__(self):
        return f"{self.person_id} {self.category} {self.recognised_on}"
