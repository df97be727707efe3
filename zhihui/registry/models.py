"""The registry: people, organisations and the national reference catalogues they refer to.

Identity numbers are never stored in clear (see zhihui/core/crypto.py): `id_number_encrypted`
for the roles allowed to see the number, `id_number_hash` for look-ups, `id_number_masked` for
display. Records that later services add (certificates, talent categories, employment) hang off
Person with their own validity dates, so a fact is never overwritten, only superseded.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models.functions import Right
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import (
    CertificateKind,
    DivisionLevel,
    EmploymentForm,
    IndustryChain,
    OrgKind,
    Post,
    RecognitionSource,
    Sex,
    SizeClass,
    SkillLevel,
    TalentCategory,
    TitleLevel,
)

# --- Reference catalogues -------------------------------------------------------------------


class CatalogueEntry(models.Model):
    """Common shape of a catalogue row: a code valid over a period, editable by an administrator."""

    code = models.CharField(_("代码"), max_length=20)
    name = models.CharField(_("名称"), max_length=200)
    valid_from = models.DateField(_("生效日期"), default=dt.date(2000, 1, 1))
    valid_to = models.DateField(_("失效日期"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=120, blank=True)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def is_valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class Division(CatalogueEntry):
    """Administrative divisions: Jiyuan 419001, its 5 streets and 11 towns, villages below."""

    level = models.CharField(_("层级"), max_length=10, choices=DivisionLevel.choices)
    parent = models.ForeignKey("self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta(CatalogueEntry.Meta):
        constraints = [models.UniqueConstraint(fields=["code", "valid_from"], name="division_code_from")]
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")


class Occupation(CatalogueEntry):
    """职业分类大典 (2022): level 1 major group, 2 medium, 3 small, 4 occupation."""

    level = models.PositiveSmallIntegerField(_("层级"))
    parent = models.ForeignKey("self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    definition = models.TextField(_("定义"), blank=True)
    is_green = models.BooleanField(_("绿色职业"), default=False)
    is_digital = models.BooleanField(_("数字职业"), default=False)

    class Meta(CatalogueEntry.Meta):
        constraints = [models.UniqueConstraint(fields=["code", "valid_from"], name="occupation_code_from")]
        verbose_name = _("职业")
        verbose_name_plural = _("职业分类")


class Industry(CatalogueEntry):
    """GB/T 4754-2017: level 1 section (门类, letter), 2 division (大类), 3 group, 4 class."""

    level = models.PositiveSmallIntegerField(_("层级"))
    parent = models.ForeignKey("self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    # The plan's "3+7" industry chain this class belongs to (blank: none or not a class).
    chain = models.CharField(_("产业链(3+7)"), max_length=24, choices=IndustryChain.choices, blank=True)

    class Meta(CatalogueEntry.Meta):
        constraints = [models.UniqueConstraint(fields=["code", "valid_from"], name="industry_code_from")]
        verbose_name = _("行业")
        verbose_name_plural = _("国民经济行业分类")


class EducationLevel(CatalogueEntry):
    """GB/T 4658-2006 education levels (学历代码), with the degree the policy engine uses."""

    rank = models.PositiveSmallIntegerField(_("排序(高者在前)"), default=0)
    engine_degree = models.CharField(
        _("政策引擎学历"),
        max_length=24,
        blank=True,
        help_text="doctorate / master / bachelor / associate / preparatory_technician / none",
    )

    class Meta(CatalogueEntry.Meta):
        constraints = [models.UniqueConstraint(fields=["code", "valid_from"], name="education_code_from")]
        verbose_name = _("学历")
        verbose_name_plural = _("学历代码")


# --- Organisations --------------------------------------------------------------------------


class PersonOrOrganisation:
    """For models that concern either a person or an organisation (`person` and
    `organisation` foreign keys, one of them set): how to name it in a list."""

    @property
    def subject_label(self) -> str:
        """Name with the identity number masked (safe for lists), or the organisation's name."""
        if self.person_id:
            return f"{self.person.name}（{self.person.id_number_masked}）"
        return self.organisation.name if self.organisation_id else ""


class Organisation(models.Model):
    name = models.CharField(_("名称"), max_length=200, db_index=True)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    kind = models.CharField(_("单位类型"), max_length=24, choices=OrgKind.choices)
    industry = models.ForeignKey(Industry, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("行业"))
    industry_chain = models.CharField(_("产业链(3+7)"), max_length=24, choices=IndustryChain.choices, blank=True)
    size_class = models.CharField(_("规模"), max_length=8, choices=SizeClass.choices, blank=True)
    staff_count = models.PositiveIntegerField(_("在职人数"), null=True, blank=True)
    division = models.ForeignKey(Division, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("所在地"))
    address = models.CharField(_("地址"), max_length=200, blank=True)
    is_key_enterprise = models.BooleanField(_("重点企业"), default=False)
    is_above_designated_size = models.BooleanField(_("规上企业"), default=False)
    is_high_tech = models.BooleanField(_("高新技术企业"), default=False)
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("单位")
        verbose_name_plural = _("单位")

    def __str__(self) -> str:
        return self.name


# --- People ---------------------------------------------------------------------------------


class Person(models.Model):
    name = models.CharField(_("姓名"), max_length=64, db_index=True)
    id_number_encrypted = models.BinaryField(_("身份证号码(密文)"))
    id_number_hash = models.CharField(max_length=64, unique=True)
    id_number_masked = models.CharField(_("身份证号码"), max_length=18, db_index=True)
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("出生日期"))
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)
    hukou_region = models.CharField(_("户籍地区划代码"), max_length=12, blank=True, db_index=True)
    hukou_settled_on = models.DateField(_("落户济源日期"), null=True, blank=True)
    residence = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="residents", verbose_name=_("居住街道/镇")
    )
    # Facts the policy engine needs that have no service of their own yet; None means unknown.
    owns_home_in_jiyuan = models.BooleanField(_("在济源有自购住房"), null=True, blank=True)
    is_demo = models.BooleanField(default=False, help_text="generated by `zhihui demo generate`")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        indexes = [
            # Search by the last four characters of the identity number (as shown when masked)
            # without scanning the table: selectors.search_persons filters on this expression.
            models.Index(Right("id_number_masked", 4), name="person_id_last4"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.id_number_masked})"

    @property
    def hukou_in_city(self) -> bool:
        from django.conf import settings

        return self.hukou_region.startswith(settings.ZHIHUI_CITY_DIVISION)


class EducationRecord(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="education_records")
    level = models.ForeignKey(EducationLevel, on_delete=models.PROTECT, verbose_name=_("学历"))
    degree = models.CharField(_("学位"), max_length=24, blank=True, help_text="doctorate/master/bachelor/…")
    school = models.CharField(_("毕业院校"), max_length=120)
    major = models.CharField(_("专业"), max_length=120, blank=True)
    full_time = models.BooleanField(_("全日制"), default=True)
    double_first_class = models.BooleanField(_("双一流高校"), default=False)
    overseas = models.BooleanField(_("留学回国"), default=False)
    school_in_city = models.BooleanField(_("驻济高校"), default=False)
    graduation_date = models.DateField(_("毕业日期"))

    class Meta:
        ordering = ["-graduation_date"]
        verbose_name = _("教育经历")
        verbose_name_plural = _("教育经历")

    def __str__(self) -> str:
        return f"{self.school} {self.graduation_date:%Y-%m}"


class EmploymentRecord(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="employment_records")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="employment_records"
    )
    form = models.CharField(_("就业形式"), max_length=16, choices=EmploymentForm.choices, default=EmploymentForm.EMPLOYEE)
    occupation = models.ForeignKey(Occupation, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("职业"))
    post = models.CharField(_("岗位类别"), max_length=12, choices=Post.choices, default=Post.OTHER)
    frontline_professional = models.BooleanField(_("一线专业技术岗位"), default=False)
    start_date = models.DateField(_("入职日期"))
    end_date = models.DateField(_("离职日期"), null=True, blank=True)
    contract_years = models.DecimalField(_("劳动合同期限(年)"), max_digits=4, decimal_places=1, null=True, blank=True)
    newly_introduced = models.BooleanField(_("全职新引进"), default=False)
    monthly_wage = models.DecimalField(_("月工资(元)"), max_digits=10, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["-start_date"]
        indexes = [models.Index(fields=["person", "end_date"])]
        verbose_name = _("就业经历")
        verbose_name_plural = _("就业经历")

    def __str__(self) -> str:
        return f"{self.organisation or self.get_form_display()} {self.start_date:%Y-%m}"

    @property
    def is_current(self) -> bool:
        return self.end_date is None


class TalentCategoryRecord(models.Model):
    """One recognition of a talent category. Superseded, never edited: `valid_to` closes it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="talent_categories")
    category = models.CharField(_("人才类别"), max_length=1, choices=TalentCategory.choices)
    source = models.CharField(_("认定来源"), max_length=16, choices=RecognitionSource.choices, default=RecognitionSource.LOCAL)
    issuer = models.CharField(_("认定机关"), max_length=120, blank=True)
    recognised_on = models.DateField(_("认定日期"))
    valid_to = models.DateField(_("有效期至"), null=True, blank=True)
    is_special = models.BooleanField(_("偏才/专才"), default=False)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-recognised_on"]
        verbose_name = _("人才类别认定")
        verbose_name_plural = _("人才类别认定")

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.recognised_on}"


class Certificate(models.Model):
    """Skill certificates, vocational qualifications and professional titles."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="certificates")
    kind = models.CharField(_("证书类型"), max_length=28, choices=CertificateKind.choices)
    skill_level = models.CharField(_("技能等级"), max_length=24, choices=SkillLevel.choices, blank=True)
    title_level = models.CharField(_("职称级别"), max_length=20, choices=TitleLevel.choices, blank=True)
    name = models.CharField(_("名称"), max_length=120)
    occupation = models.ForeignKey(Occupation, null=True, blank=True, on_delete=models.PROTECT)
    number = models.CharField(_("证书编号"), max_length=40, blank=True)
    issuer = models.CharField(_("发证机构"), max_length=120, blank=True)
    obtained_on = models.DateField(_("取得日期"))
    valid_to = models.DateField(_("有效期至"), null=True, blank=True)

    class Meta:
        ordering = ["-obtained_on"]
        indexes = [models.Index(fields=["kind", "skill_level"])]
        verbose_name = _("证书")
        verbose_name_plural = _("证书与职称")

    def __str__(self) -> str:
        return f"{self.name} {self.obtained_on}"


class InsuranceRecord(models.Model):
    """Basic pension insurance status as reported by the social-insurance system."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="pension")
    continuous_months = models.PositiveIntegerField(_("连续缴纳月数"))
    back_paid = models.BooleanField(_("存在补缴"), default=False)
    as_of = models.DateField(_("截至日期"))

    class Meta:
        verbose_name = _("养老保险")
        verbose_name_plural = _("养老保险")

    def __str__(self) -> str:
        return f"{self.continuous_months} months ({self.as_of})"


class DemoCity(models.Model):
    """Marks that a demo city was generated into this database (so `make run` reuses it)."""

    seed = models.IntegerField()
    residents = models.PositiveIntegerField()
    generated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"demo city seed={self.seed} residents={self.residents}"
