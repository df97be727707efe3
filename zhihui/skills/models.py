"""Skills Jiyuan (技能济源): training providers and their approved programmes, sessions with a
real-name roster and attendance check-ins (培训实名制), electronic training vouchers
(职业技能电子培训券) and the certificates recorded from evaluation bodies.

Certificates themselves are registry certificates (`registry.Certificate`, the one source of
the plan's skill indicators); `CertificateRecord` adds what this domain knows about one: the
evaluation body, the import it came from and the code its verification page is found by.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhihui.registry.enums import SkillLevel

from .enums import (
    BaseKind,
    CheckInMethod,
    ContestLevel,
    EligibleGroup,
    EvaluatorKind,
    FundingSource,
    LabourBrand,
    ProviderKind,
    SessionStatus,
    StudioKind,
    VoucherKind,
    VoucherStatus,
)


class Provider(models.Model):
    """An approved training provider (培训机构): a registry organisation with its programmes."""

    organisation = models.OneToOneField("registry.Organisation", on_delete=models.PROTECT, related_name="skills_provider",
                                        verbose_name=_("单位"))
    kind = models.CharField(_("机构类别"), max_length=20, choices=ProviderKind.choices)
    site = models.CharField(_("培训场地"), max_length=200, blank=True)
    teachers = models.PositiveSmallIntegerField(_("师资人数"), default=0)
    approved_on = models.DateField(_("认定日期"))
    active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("培训机构")
        verbose_name_plural = _("培训机构")

    def __str__(self) -> str:
        return self.organisation.name


class Programme(models.Model):
    """An approved training programme (培训项目): occupation, level, hours, price cap, subsidy."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="programmes")
    code = models.CharField(_("项目编号"), max_length=32, unique=True)
    name = models.CharField(_("项目名称"), max_length=120)
    occupation = models.ForeignKey("registry.Occupation", null=True, blank=True, on_delete=models.PROTECT,
                                   verbose_name=_("职业（工种）"))
    level = models.CharField(_("等级"), max_length=24, choices=SkillLevel.choices)
    hours = models.PositiveSmallIntegerField(_("课时"))
    price_cap = models.DecimalField(_("收费上限（元）"), max_digits=10, decimal_places=2)
    subsidy = models.DecimalField(_("补贴标准（元/人）"), max_digits=10, decimal_places=2)
    capacity = models.PositiveSmallIntegerField(_("每班人数上限"))
    active = models.BooleanField(_("有效"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("培训项目")
        verbose_name_plural = _("培训项目")
        constraints = [models.CheckConstraint(condition=Q(subsidy__lte=models.F("price_cap")), name="skills_subsidy_within_cap")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Session(models.Model):
    """A class (班次) of a programme: its dates and daily hours, its roster and check-ins."""

    number = models.CharField(_("班次编号"), max_length=24, unique=True)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="sessions")
    starts_on = models.DateField(_("开班日期"))
    ends_on = models.DateField(_("结业日期"))
    day_start = models.TimeField(_("每日开始"))
    day_end = models.TimeField(_("每日结束"))
    teacher = models.CharField(_("授课教师"), max_length=60, blank=True)
    funding = models.CharField(_("资金来源"), max_length=20, choices=FundingSource.choices, default=FundingSource.SKILL_ACCOUNT)
    status = models.CharField(_("状态"), max_length=12, choices=SessionStatus.choices, default=SessionStatus.OPEN)
    checkin_token = models.CharField(max_length=32, unique=True)
    completed_on = models.DateField(_("结业办理日期"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "number"]
        verbose_name = _("培训班次")
        verbose_name_plural = _("培训班次")

    def __str__(self) -> str:
        return self.number

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1


class Enrolment(models.Model):
    """One worker on a session's real-name roster."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="enrolments")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="skill_enrolments")
    enrolled_at = models.DateTimeField(default=timezone.now)
    completed = models.BooleanField(_("结业"), default=False)
    days_attended = models.PositiveSmallIntegerField(_("出勤天数"), default=0)

    class Meta:
        ordering = ["session", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="skills_roster_once")]

    def __str__(self) -> str:
        return f"{self.session.number} {self.person_id}"


class CheckIn(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="checkins")
    at = models.DateTimeField(_("签到时间"))
    method = models.CharField(_("方式"), max_length=8, choices=CheckInMethod.choices)
    device = models.CharField(_("设备标识（摘要）"), max_length=64, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["device"])]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.at:%Y-%m-%d %H:%M}"


class Voucher(models.Model):
    """An electronic training voucher: its value is reserved on a budget line of the one
    window (`window.Budget`) when issued, paid to the provider through the window's payment
    batches when redeemed, and returned to the line when it lapses or is cancelled."""

    number = models.CharField(_("培训券编号"), max_length=24, unique=True)
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="training_vouchers",
                               verbose_name=_("持券人"))
    kind = models.CharField(_("券种"), max_length=12, choices=VoucherKind.choices)
    group = models.CharField(_("发放对象类别"), max_length=12, choices=EligibleGroup.choices)
    occupation = models.ForeignKey("registry.Occupation", null=True, blank=True, on_delete=models.PROTECT,
                                   verbose_name=_("职业（工种）"))
    level = models.CharField(_("等级"), max_length=24, choices=SkillLevel.choices, blank=True)
    value = models.DecimalField(_("面值（元）"), max_digits=10, decimal_places=2)
    issued_on = models.DateField(_("发放日期"))
    expires_on = models.DateField(_("有效期至"))
    status = models.CharField(_("状态"), max_length=12, choices=VoucherStatus.choices, default=VoucherStatus.ISSUED)
    budget = models.ForeignKey("window.Budget", on_delete=models.PROTECT, related_name="training_vouchers",
                               verbose_name=_("预算科目"))
    enrolment = models.OneToOneField(Enrolment, null=True, blank=True, on_delete=models.PROTECT, related_name="voucher")
    provider = models.ForeignKey(Provider, null=True, blank=True, on_delete=models.PROTECT, related_name="vouchers",
                                 verbose_name=_("培训机构"))
    programme = models.ForeignKey(Programme, null=True, blank=True, on_delete=models.PROTECT, related_name="vouchers",
                                  verbose_name=_("培训项目"))
    completed_on = models.DateField(_("结业日期"), null=True, blank=True)
    certificate = models.ForeignKey("registry.Certificate", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="training_vouchers", verbose_name=_("所取证书"))
    redeemed_amount = models.DecimalField(_("兑现金额（元）"), max_digits=10, decimal_places=2, default=Decimal("0.00"))
    redeemed_on = models.DateField(_("兑现日期"), null=True, blank=True)
    payment = models.ForeignKey("window.Application", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("支付申请"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("电子培训券")
        verbose_name_plural = _("电子培训券")
        indexes = [models.Index(fields=["status", "expires_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(redeemed_amount__lte=models.F("value")), name="skills_voucher_within_value"),
        ]

    def __str__(self) -> str:
        return self.number


class VoucherTransition(models.Model):
    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="transitions")
    name = models.CharField(max_length=24)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.voucher_id} {self.name}"


class CertificateRecord(models.Model):
    """What the skills domain knows of a registry certificate it recorded: the evaluation body,
    the import, and the public code of its verification page (signed like the talent card)."""

    certificate = models.OneToOneField("registry.Certificate", on_delete=models.CASCADE, related_name="skills_record")
    evaluator = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("评价机构"))
    code = models.CharField(_("核验码"), max_length=24, unique=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-imported_at", "pk"]

    def __str__(self) -> str:
        return self.code


class EvaluationBody(models.Model):
    """An evaluation body on the city's catalogue (职业技能评价目录清单): a social evaluation
    organisation, a college's recognition body, or an enterprise that filed (备案) to evaluate
    its own staff (C6-R05: an unfiled enterprise's evaluation is refused)."""

    organisation = models.OneToOneField("registry.Organisation", on_delete=models.PROTECT, related_name="skills_evaluator",
                                        verbose_name=_("单位"))
    kind = models.CharField(_("类别"), max_length=12, choices=EvaluatorKind.choices)
    filed_on = models.DateField(_("备案/纳入目录日期"))
    scope = models.CharField(_("评价职业（工种）范围"), max_length=400, blank=True)
    active = models.BooleanField(_("有效"), default=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("评价机构")
        verbose_name_plural = _("评价机构")

    def __str__(self) -> str:
        return self.organisation.name


# --- Registers: competitions, studios, labour brands, apprenticeships ---------------------------------


class Competition(models.Model):
    """A skills competition (C2-D03, C6-S21, C6-S25): the zone's every two years from 2021,
    national and provincial contests, industry and enterprise contests."""

    name = models.CharField(_("竞赛名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"))
    level = models.CharField(_("级别"), max_length=12, choices=ContestLevel.choices)
    occupation = models.ForeignKey("registry.Occupation", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("职业（工种）"))
    organiser = models.CharField(_("主办单位"), max_length=200, blank=True)
    mohrss_filed = models.BooleanField(_("已报人社部备案"), default=False)

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("职业技能竞赛")
        verbose_name_plural = _("职业技能竞赛")

    def __str__(self) -> str:
        return f"{self.year} {self.name}"


class CompetitionEntry(models.Model):
    """A contestant's entry and result, with coach and unit, and any title won (技术能手)."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="entries")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="competition_entries", verbose_name=_("选手"))
    unit = models.ForeignKey("registry.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("单位"))
    coach = models.CharField(_("教练"), max_length=60, blank=True)
    rank = models.PositiveSmallIntegerField(_("名次"), null=True, blank=True)
    award = models.CharField(_("奖项"), max_length=60, blank=True)
    title = models.CharField(_("授予称号"), max_length=60, blank=True)

    class Meta:
        ordering = ["competition", "rank", "pk"]
        constraints = [models.UniqueConstraint(fields=["competition", "person"], name="skills_entry_once")]

    def __str__(self) -> str:
        return f"{self.competition_id} {self.person_id}"


class Studio(models.Model):
    """A master or craftsman studio (C2-D04): kind, level, recognising body, host, master, funding."""

    name = models.CharField(_("工作室名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=16, choices=StudioKind.choices)
    level = models.CharField(_("级别"), max_length=12, choices=ContestLevel.choices)
    host = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("依托单位"))
    master = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="studios", verbose_name=_("领办人"))
    recognised_by = models.CharField(_("认定机关"), max_length=120)
    recognised_on = models.DateField(_("认定日期"))
    funding = models.DecimalField(_("资助资金（元）"), max_digits=12, decimal_places=2, default=Decimal("0.00"))

    class Meta:
        ordering = ["-recognised_on", "name"]
        verbose_name = _("技能大师工作室")
        verbose_name_plural = _("技能大师工作室")

    def __str__(self) -> str:
        return self.name


class BrandMember(models.Model):
    """A member of one of the ten 愚公 labour brands (C6-S11): trained, certified, employed."""

    brand = models.CharField(_("劳务品牌"), max_length=16, choices=LabourBrand.choices)
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="labour_brands", verbose_name=_("成员"))
    joined_on = models.DateField(_("加入日期"))

    class Meta:
        ordering = ["brand", "joined_on"]
        constraints = [models.UniqueConstraint(fields=["brand", "person"], name="skills_brand_once")]

    def __str__(self) -> str:
        return f"{self.brand} {self.person_id}"


class Apprenticeship(models.Model):
    """A new-type apprenticeship agreement (新型学徒制, C6-D07): firm, school and apprentice,
    the training plan and the subsidy."""

    firm = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("企业"))
    school = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("培训院校/机构"))
    apprentice = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="apprenticeships", verbose_name=_("学徒"))
    occupation = models.ForeignKey("registry.Occupation", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("职业（工种）"))
    level = models.CharField(_("目标等级"), max_length=24, choices=SkillLevel.choices)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    plan = models.TextField(_("培训计划"), max_length=4000)
    subsidy = models.DecimalField(_("补贴（元/人·年）"), max_digits=10, decimal_places=2, default=Decimal("0.00"))

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("新型学徒制协议")
        verbose_name_plural = _("新型学徒制协议")
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="skills_apprenticeship_dates")]

    def __str__(self) -> str:
        return f"{self.firm_id} {self.apprentice_id}"


class ChiefTechnician(models.Model):
    """An enterprise's chief technician (企业首席技师, C6-S19, C6-A05): appointed by the firm
    for a term from its high-skilled workers, with the post allowance the firm pays."""

    firm = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("企业"))
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="chief_technician_terms",
                               verbose_name=_("首席技师"))
    occupation = models.ForeignKey("registry.Occupation", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("职业（工种）"))
    certificate = models.ForeignKey("registry.Certificate", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("技能等级证书"))
    appointed_on = models.DateField(_("聘任日期"))
    term_ends_on = models.DateField(_("聘期至"))
    monthly_allowance = models.DecimalField(_("岗位津贴（元/月）"), max_digits=10, decimal_places=2, default=Decimal("0.00"))

    class Meta:
        ordering = ["-appointed_on", "pk"]
        verbose_name = _("企业首席技师")
        verbose_name_plural = _("企业首席技师")
        constraints = [
            models.CheckConstraint(condition=Q(term_ends_on__gte=models.F("appointed_on")), name="skills_chief_term_dates"),
            models.UniqueConstraint(fields=["firm", "person", "appointed_on"], name="skills_chief_once"),
        ]

    def __str__(self) -> str:
        return f"{self.firm_id} {self.person_id}"


class TrainingBase(models.Model):
    """A training base (C6-S05, C2-S20, B4-3): high-skill training bases, public practical-
    training bases, the public skills-training base platform; host, recognition, stations,
    occupations trained and funding."""

    name = models.CharField(_("基地名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=16, choices=BaseKind.choices)
    level = models.CharField(_("级别"), max_length=12, choices=ContestLevel.choices)
    host = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("依托单位"))
    recognised_by = models.CharField(_("认定机关"), max_length=120)
    recognised_on = models.DateField(_("认定日期"))
    stations = models.PositiveIntegerField(_("实训工位"), default=0)
    occupations = models.CharField(_("实训职业（工种）"), max_length=400, blank=True)
    funding = models.DecimalField(_("建设资金（元）"), max_digits=12, decimal_places=2, default=Decimal("0.00"))

    class Meta:
        ordering = ["-recognised_on", "name"]
        verbose_name = _("技能培训基地")
        verbose_name_plural = _("技能培训基地")

    def __str__(self) -> str:
        return self.name


class OnePlusX(models.Model):
    """A vocational student's "1+X" pairing (C1-S10, C6-S13): the diploma of a vocational
    school (the registry's education record) and a skill-level certificate obtained while
    studying or within the dated months after graduating."""

    education = models.ForeignKey("registry.EducationRecord", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("学历（1）"))
    certificate = models.OneToOneField("registry.Certificate", on_delete=models.PROTECT, related_name="one_plus_x",
                                       verbose_name=_("职业技能等级证书（X）"))
    recorded_on = models.DateField(_("登记日期"), default=timezone.localdate)

    class Meta:
        ordering = ["-recorded_on", "pk"]
        verbose_name = _("1+X 证书")
        verbose_name_plural = _("1+X 证书")

    def __str__(self) -> str:
        return f"{self.education_id}+{self.certificate_id}"
