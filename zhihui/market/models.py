"""Job postings, their review log, job seekers and applications.

State changes go through zhihui/market/actions.py only; the life cycle of a posting is declared
once in zhihui/market/workflows.py and every change writes a `PostingTransition` row (the log the
clerk and the employer see) plus an audit row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import (
    ApplicationStatus,
    Education,
    EngagementStatus,
    FairKind,
    FairStatus,
    GigStatus,
    OutcomeKind,
    PayUnit,
    PostingStatus,
    StationService,
)


class Posting(models.Model):
    organisation = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="postings", verbose_name=_("招聘单位"))
    title = models.CharField(_("岗位名称"), max_length=80)
    occupation_code = models.CharField(_("职业代码"), max_length=12, blank=True, db_index=True)
    occupation_name = models.CharField(_("职业名称"), max_length=80, blank=True)
    # the code's small and middle groups (4-02-03, 4-02): equality lookups for matching and statistics
    occupation_small = models.CharField(max_length=8, blank=True, editable=False)
    occupation_middle = models.CharField(max_length=5, blank=True, editable=False)
    industry_code = models.CharField(_("行业代码"), max_length=8, blank=True)
    town_code = models.CharField(_("工作地点(街道/镇)"), max_length=12, db_index=True)
    town_name = models.CharField(_("工作地点名称"), max_length=40, blank=True)
    address = models.CharField(_("详细地址"), max_length=120, blank=True)
    salary_min = models.DecimalField(_("月薪下限(元)"), max_digits=10, decimal_places=2)
    salary_max = models.DecimalField(_("月薪上限(元)"), max_digits=10, decimal_places=2)
    education = models.CharField(_("学历要求"), max_length=12, choices=Education.choices, default=Education.NONE)
    skills = models.CharField(_("技能要求"), max_length=200, blank=True, help_text=_("以顿号或逗号分隔"))
    certificates = models.CharField(_("证书要求"), max_length=200, blank=True, help_text=_("以顿号或逗号分隔"))
    experience_years = models.PositiveSmallIntegerField(_("工作经验(年)"), default=0)
    vacancies = models.PositiveIntegerField(_("招聘人数"), default=1)
    working_hours = models.CharField(_("工作时间"), max_length=80, blank=True)
    text = models.TextField(_("岗位职责与任职要求"))
    contact_name = models.CharField(_("联系人"), max_length=40)
    contact_phone = models.CharField(_("联系电话"), max_length=20)
    valid_until = models.DateField(_("有效期至"))
    status = models.CharField(_("状态"), max_length=10, choices=PostingStatus.choices, default=PostingStatus.DRAFT, db_index=True)
    # The screen's result when last submitted (contract postings-screen.md, title and text).
    flags = models.JSONField(_("筛查结果"), default=list, blank=True)
    screened_at = models.DateTimeField(_("筛查时间"), null=True, blank=True)
    rules_version = models.CharField(_("规则版本"), max_length=20, blank=True)
    return_reason = models.TextField(_("退回/不予发布理由"), blank=True)
    search_text = models.TextField(_("检索词"), blank=True, editable=False)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("招聘岗位")
        verbose_name_plural = _("招聘岗位")
        indexes = [
            models.Index(fields=["status", "town_code", "salary_max"], name="market_posting_board"),
            models.Index(fields=["status", "occupation_code", "-published_at"], name="market_posting_occ"),
            models.Index(fields=["status", "occupation_small", "-published_at"], name="market_posting_occ3"),
            models.Index(fields=["status", "occupation_middle", "-published_at"], name="market_posting_occ2"),
            models.Index(fields=["status", "-published_at"], name="market_posting_recent"),
        ]

    def __str__(self) -> str:
        return self.title

    def set_occupation(self, code: str, name: str) -> None:
        self.occupation_code, self.occupation_name = code or "", name or ""
        parts = self.occupation_code.split("-")
        self.occupation_small = "-".join(parts[:3]) if len(parts) >= 3 else ""
        self.occupation_middle = "-".join(parts[:2]) if len(parts) >= 2 else ""

    @property
    def unlawful_count(self) -> int:
        return sum(1 for f in self.flags or () if f.get("verdict") == "unlawful")


class PostingTransition(models.Model):
    """The log of a posting's life: who took which step, when, why, and what the screen found."""

    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="transitions")
    name = models.CharField(_("操作"), max_length=20)
    from_status = models.CharField(max_length=10, choices=PostingStatus.choices)
    to_status = models.CharField(max_length=10, choices=PostingStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(_("理由"), blank=True)
    flags = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.name}: {self.from_status} → {self.to_status}"


class JobSeeker(models.Model):
    person = models.OneToOneField("registry.Person", on_delete=models.PROTECT, related_name="job_seeker", verbose_name=_("求职者"))
    desired_occupations = models.CharField(_("期望职业代码"), max_length=200, blank=True, help_text=_("多个以逗号分隔"))
    desired_title = models.CharField(_("期望岗位"), max_length=80, blank=True)
    skills = models.CharField(_("技能"), max_length=200, blank=True)
    certificates = models.CharField(_("证书"), max_length=200, blank=True)
    education = models.CharField(_("学历"), max_length=12, choices=Education.choices, default=Education.NONE)
    town_code = models.CharField(_("期望工作地点"), max_length=12, blank=True)
    station = models.ForeignKey("GigStation", null=True, blank=True, on_delete=models.SET_NULL, related_name="seekers",
                                verbose_name=_("常去的零工驿站"))
    expected_salary = models.DecimalField(_("期望月薪(元)"), max_digits=10, decimal_places=2, null=True, blank=True)
    available_from = models.DateField(_("可到岗日期"), null=True, blank=True)
    visible = models.BooleanField(_("对用人单位可见"), default=True)
    active = models.BooleanField(_("正在求职"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("求职登记")
        verbose_name_plural = _("求职登记")

    def __str__(self) -> str:
        return str(self.person)


class Application(models.Model):
    seeker = models.ForeignKey(JobSeeker, on_delete=models.PROTECT, related_name="applications")
    posting = models.ForeignKey(Posting, on_delete=models.PROTECT, related_name="applications")
    status = models.CharField(_("状态"), max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED, db_index=True)
    note = models.CharField(_("附言"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["seeker", "posting"], name="market_one_application")]

    def __str__(self) -> str:
        return f"{self.seeker_id} → {self.posting_id}"


class ApplicationTransition(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="transitions")
    name = models.CharField(max_length=20)
    from_status = models.CharField(max_length=10, choices=ApplicationStatus.choices)
    to_status = models.CharField(max_length=10, choices=ApplicationStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.name}: {self.from_status} → {self.to_status}"


class GigStation(models.Model):
    """A gig station (零工驿站 / 零工市场): a physical place where day workers wait, gigs are
    posted and matched, and policies are explained. Gigs and job seekers may name the station
    they go through; the public station map lists the stations with their open gigs."""

    name = models.CharField(_("驿站名称"), max_length=80)
    town_code = models.CharField(_("所在街道/镇"), max_length=12, db_index=True)
    town_name = models.CharField(_("所在街道/镇名称"), max_length=40, blank=True)
    address = models.CharField(_("地址"), max_length=200)
    lon = models.DecimalField(_("经度"), max_digits=9, decimal_places=6)
    lat = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6)
    hours = models.CharField(_("开放时间"), max_length=100)
    services = models.JSONField(_("服务项目"), default=list, blank=True,
                                help_text=_("StationService 的取值"))
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    active = models.BooleanField(_("运行中"), default=True)
    is_demo = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["town_code", "name"]
        verbose_name = _("零工驿站")
        verbose_name_plural = _("零工驿站")
        constraints = [models.UniqueConstraint(fields=["town_code", "name"], name="market_one_station_name_per_town")]

    def __str__(self) -> str:
        return self.name

    def service_labels(self) -> list[str]:
        labels = dict(StationService.choices)
        return [str(labels[s]) for s in self.services if s in labels]


class GigJob(models.Model):
    """A day or short job (零工)."""

    organisation = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="gig_jobs")
    poster = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    task = models.CharField(_("工作内容"), max_length=80)
    description = models.TextField(_("说明"), blank=True)
    town_code = models.CharField(_("地点"), max_length=12)
    town_name = models.CharField(max_length=40, blank=True)
    place = models.CharField(_("具体地点"), max_length=120, blank=True)
    station = models.ForeignKey(GigStation, null=True, blank=True, on_delete=models.SET_NULL, related_name="gig_jobs",
                                verbose_name=_("发布驿站"))
    work_date = models.DateField(_("用工日期"), db_index=True)
    pay_amount = models.DecimalField(_("报酬"), max_digits=10, decimal_places=2)
    pay_unit = models.CharField(_("计酬方式"), max_length=6, choices=PayUnit.choices)
    workers_needed = models.PositiveIntegerField(_("人数"), default=1)
    contact_phone = models.CharField(_("联系电话"), max_length=20)
    status = models.CharField(_("状态"), max_length=8, choices=GigStatus.choices, default=GigStatus.OPEN, db_index=True)
    flags = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["work_date", "-id"]

    def __str__(self) -> str:
        return self.task


class GigEngagement(models.Model):
    job = models.ForeignKey(GigJob, on_delete=models.PROTECT, related_name="engagements")
    worker = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="gig_engagements")
    status = models.CharField(_("状态"), max_length=12, choices=EngagementStatus.choices, default=EngagementStatus.APPLIED)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    units = models.DecimalField(_("数量(天/小时/件)"), max_digits=8, decimal_places=2, null=True, blank=True)
    amount_paid = models.DecimalField(_("支付金额"), max_digits=10, decimal_places=2, null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    rating_of_worker = models.PositiveSmallIntegerField(null=True, blank=True)
    rating_of_poster = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["job", "worker"], name="market_one_gig_engagement")]

    def __str__(self) -> str:
        return f"{self.job_id}/{self.worker_id}"


class GigTransition(models.Model):
    engagement = models.ForeignKey(GigEngagement, on_delete=models.CASCADE, related_name="transitions")
    name = models.CharField(max_length=24)
    from_status = models.CharField(max_length=12, choices=EngagementStatus.choices)
    to_status = models.CharField(max_length=12, choices=EngagementStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.name}: {self.from_status} → {self.to_status}"


class Fair(models.Model):
    """A job fair, recruitment campaign, live-stream session (直播带岗) or cross-region labour
    cooperation event (zhihui/market/fairs.py)."""

    name = models.CharField(_("名称"), max_length=80)
    kind = models.CharField(_("类型"), max_length=16, choices=FairKind.choices, default=FairKind.GENERAL)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    venue = models.CharField(_("地点"), max_length=120, blank=True)
    stream_url = models.URLField(_("直播链接"), max_length=300, blank=True)
    partner_region = models.CharField(_("协作地区"), max_length=80, blank=True)
    description = models.TextField(_("说明"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=FairStatus.choices, default=FairStatus.PLANNED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("招聘会")
        verbose_name_plural = _("招聘会")

    def __str__(self) -> str:
        return self.name


class FairBooth(models.Model):
    """An employer taking part, with the published postings it brings."""

    fair = models.ForeignKey(Fair, on_delete=models.CASCADE, related_name="booths")
    organisation = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="fair_booths")
    booth_no = models.CharField(_("展位号"), max_length=12, blank=True)
    postings = models.ManyToManyField(Posting, blank=True, related_name="fair_booths")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["booth_no", "id"]
        constraints = [models.UniqueConstraint(fields=["fair", "organisation"], name="market_one_booth_per_org")]

    def __str__(self) -> str:
        return f"{self.fair_id}/{self.booth_no or self.organisation_id}"


class FairRegistration(models.Model):
    """A job seeker's registration; the check-in code (QR) is signed over (fair, registration, nonce)."""

    fair = models.ForeignKey(Fair, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="fair_registrations")
    nonce = models.CharField(max_length=16, editable=False)
    registered_at = models.DateTimeField(default=timezone.now)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["registered_at", "id"]
        constraints = [models.UniqueConstraint(fields=["fair", "person"], name="market_one_fair_registration")]

    def __str__(self) -> str:
        return f"{self.fair_id}/{self.person_id}"


class FairOutcome(models.Model):
    """An interview, an agreement (意向) or a hire at a booth, for a registered visitor or walk-ins (count)."""

    fair = models.ForeignKey(Fair, on_delete=models.CASCADE, related_name="outcomes")
    booth = models.ForeignKey(FairBooth, on_delete=models.CASCADE, related_name="outcomes")
    registration = models.ForeignKey(FairRegistration, null=True, blank=True, on_delete=models.SET_NULL, related_name="outcomes")
    kind = models.CharField(_("结果"), max_length=10, choices=OutcomeKind.choices)
    count = models.PositiveIntegerField(_("人数"), default=1)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.booth_id} {self.kind} ×{self.count}"


class Subscription(models.Model):
    """A job seeker's standing search: new published postings matching it become notices (in-app;
    SMS only with the person's SMS consent; e-mail to the accounts' addresses)."""

    seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="subscriptions")
    occupation = models.CharField(_("职业代码或前缀"), max_length=12, blank=True)
    town_code = models.CharField(_("工作地点"), max_length=12, blank=True)
    salary_min = models.DecimalField(_("最低月薪(元)"), max_digits=10, decimal_places=2, null=True, blank=True)
    keywords = models.CharField(_("关键词"), max_length=40, blank=True)
    by_sms = models.BooleanField(_("短信提醒"), default=False)
    by_email = models.BooleanField(_("邮件提醒"), default=False)
    active = models.BooleanField(default=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.seeker_id}: {self.occupation or '*'} {self.town_code or '*'} {self.keywords}"


class SubscriptionNotice(models.Model):
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="notices")
    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="+")
    sms_sent = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["subscription", "posting"], name="market_one_notice")]

    def __str__(self) -> str:
        return f"{self.subscription_id} → {self.posting_id}"


class GigAvailability(models.Model):
    """A day a gig worker can work (availability calendar); posters offer jobs to them."""

    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="gig_availability")
    day = models.DateField(_("可接活日期"), db_index=True)
    note = models.CharField(_("备注"), max_length=80, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["person", "day"], name="market_one_availability_per_day")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.day}"
