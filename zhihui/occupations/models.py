"""Clerks' corrections of occupation codes (labelled examples) and the record of each retrain."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import CorrectionSource, RetrainOutcome


class OccupationCorrection(models.Model):
    """A title and the occupation a clerk says it means: a labelled example for the next retrain."""

    title = models.CharField(_("职位名称"), max_length=200)
    code = models.CharField(_("正确职业编码"), max_length=10)
    coder_code = models.CharField(_("编码器给出的编码"), max_length=10, blank=True)
    source = models.CharField(_("来源"), max_length=20, choices=CorrectionSource.choices)
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    created_at = models.DateTimeField(_("更正时间"), default=timezone.now)
    retrain = models.ForeignKey("RetrainRun", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="corrections", verbose_name=_("首次纳入的重训"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("职业编码更正")

    def __str__(self) -> str:
        return f"{self.title} → {self.code}"


class RetrainRun(models.Model):
    """One `zhihui occupations retrain`: the held-out figure before and after, and the decision."""

    started_at = models.DateTimeField(default=timezone.now)
    n_corrections = models.PositiveIntegerField(default=0)
    n_heldout = models.PositiveIntegerField(default=0)
    before_top1 = models.FloatField()
    after_top1 = models.FloatField()
    outcome = models.CharField(max_length=10, choices=RetrainOutcome.choices)
    model_dir = models.CharField(max_length=500, blank=True)
    report = models.JSONField(default=dict)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("职业编码模型重训")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.before_top1:.1%} → {self.after_top1:.1%} ({self.outcome})"
