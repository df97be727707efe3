"""Plan indicators: the registry (loaded from data/indicators.yaml), yearly targets and actuals.

Writes go through zhihui.plan.actions only. An actual value is never edited in place: a new
entry supersedes the previous one for the same indicator and year (`is_current`), so every
figure a report ever showed can be traced to who entered it, when and from which file.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

VALUE = {"max_digits": 18, "decimal_places": 6}


class Indicator(models.Model):
    code = models.CharField(_("编号"), max_length=16, unique=True)
    table_no = models.PositiveSmallIntegerField(_("表1序号"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    group = models.CharField(_("分组"), max_length=16)
    name = models.CharField(_("指标"), max_length=120)
    name_en = models.CharField(max_length=160, blank=True)
    unit = models.CharField(_("单位"), max_length=24)
    measure = models.CharField(_("口径"), max_length=12)  # level | cumulative | annual
    comparator = models.CharField(max_length=2)
    cumulative = models.BooleanField(default=False)
    attribute = models.CharField(_("属性"), max_length=10)  # expected | binding
    department = models.CharField(_("责任部门"), max_length=80)
    baseline_year = models.PositiveSmallIntegerField(null=True, blank=True)
    baseline_value = models.DecimalField(null=True, blank=True, **VALUE)
    target_year = models.PositiveSmallIntegerField()
    target_value = models.DecimalField(null=True, blank=True, **VALUE)
    single_year = models.BooleanField(default=False)
    maintain = models.BooleanField(default=False)
    computed = models.CharField(_("数据来源"), max_length=80, default="manual")
    manual_until = models.CharField(max_length=80, blank=True)
    source = models.CharField(_("规划出处"), max_length=200)
    definition = models.JSONField(help_text="the indicator as stated in indicators.yaml")

    class Meta:
        ordering = ["position"]
        verbose_name = _("规划指标")
        verbose_name_plural = _("规划指标")

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def is_computed(self) -> bool:
        return bool(self.computed) and self.computed != "manual"

    @property
    def from_registry(self) -> bool:
        """Computed from the registry's microdata (these have a drill-down to the records)."""
        return self.computed.startswith("registry.")


class AnnualTarget(models.Model):
    """A yearly target edited by a department (the default is the linear decomposition)."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="annual_targets"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    value = models.DecimalField(_("年度目标"), **VALUE)
    note = models.CharField(max_length=200, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    edited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="plan_annual_target_unique")
        ]
        ordering = ["indicator", "year"]

    def __str__(self):
        return f"{self.indicator_id} {self.year}: {self.value}"


class ImportBatch(models.Model):
    """One uploaded actual-values workbook; all its rows are applied or none."""

    file_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    year = models.PositiveSmallIntegerField()
    rows = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return f"{self.file_name} ({self.year}, {self.rows} rows)"


class ActualValue(models.Model):
    class Origin(models.TextChoices):
        MANUAL = "manual", _("手工录入")
        IMPORT = "import", _("表格导入")
        COMPUTED = "computed", _("库内计算")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="actuals")
    year = models.PositiveSmallIntegerField(_("年度"))
    # level/annual: the year-end value; cumulative: the year's own flow
    value = models.DecimalField(_("实际值"), **VALUE)
    origin = models.CharField(max_length=10, choices=Origin.choices)
    source_note = models.CharField(_("数据来源说明"), max_length=200, blank=True)
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="values"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["indicator", "year", "-entered_at"]
        indexes = [models.Index(fields=["indicator", "year", "is_current"])]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                condition=models.Q(is_current=True),
                name="plan_actual_one_current",
            )
        ]

    def __str__(self):
        return f"{self.indicator_id} {self.year}: {self.value} ({self.origin})"
