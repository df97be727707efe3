"""The graduate registry (高校毕业生名册, plan C10-D01), fed by the colleges' files.

`College` is a college that sends files (its national code, 学校国标代码, and whether it is in
Jiyuan: 驻济高校). `Graduate` is one graduation as the college reported it: major, degree, date,
destination (升学, 就业 with employer and place, 灵活就业, 参军, 出国, 未就业). A graduate who
left without a job is entered in the key-group ledger as 离校未就业 (`unplaced_entry`), which is
the real-name follow-up list. Imported through `ImportBatch` (kind graduates): preview, commit.
Imported from models.py so that Django finds them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import Degree, GraduateDestination, WorkPlace


class College(models.Model):
    code = models.CharField(_("学校国标代码"), max_length=5, unique=True)
    name = models.CharField(_("院校名称"), max_length=100)
    in_city = models.BooleanField(_("驻济高校"), default=False)

    class Meta:
        ordering = ["-in_city", "name"]
        verbose_name = _("高校")

    def __str__(self):
        return f"{self.name} ({self.code})"


class Graduate(models.Model):
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="graduations",
                               verbose_name=_("人员"))
    college = models.ForeignKey(College, on_delete=models.PROTECT, related_name="graduates", verbose_name=_("院校"))
    major = models.CharField(_("专业"), max_length=100)
    degree = models.CharField(_("学历"), max_length=16, choices=Degree.choices)
    graduated_on = models.DateField(_("毕业日期"))
    destination = models.CharField(_("毕业去向"), max_length=16, choices=GraduateDestination.choices)
    employer = models.ForeignKey("registry.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("就业单位"))
    employer_name = models.CharField(_("就业单位名称"), max_length=200, blank=True)
    place = models.CharField(_("就业地点"), max_length=10, choices=WorkPlace.choices, blank=True)
    unplaced_entry = models.ForeignKey("employment.KeyGroupEntry", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+", verbose_name=_("离校未就业台账"))
    batch = models.ForeignKey("employment.ImportBatch", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("登记人"))
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["college_id", "-graduated_on", "id"]
        constraints = [models.UniqueConstraint(fields=["person", "college", "degree"], name="emp_graduate_once")]
        indexes = [models.Index(fields=["college", "graduated_on"])]
        verbose_name = _("高校毕业生名册")

    def __str__(self):
        return f"{self.person_id} {self.college_id} {self.graduated_on}"
