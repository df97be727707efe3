from django.db import models
from django.utils.translation import gettext_lazy as _

from zhihui import vocab


class Sex(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class OrgKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业")
    PUBLIC_INSTITUTION = "public_institution", _("事业单位")
    SCHOOL = "school", _("学校")
    HOSPITAL = "hospital", _("医院")
    HR_AGENCY = "hr_agency", _("人力资源服务机构")
    GOVERNMENT = "government", _("机关")
    RESEARCH_INSTITUTE = "research_institute", _("科研院所")
    SOCIAL_ORGANISATION = "social_organisation", _("社会组织")


class SizeClass(models.TextChoices):
    MICRO = "micro", _("微型")
    SMALL = "small", _("小型")
    MEDIUM = "medium", _("中型")
    LARGE = "large", _("大型")


class IndustryChain(models.TextChoices):
    """The plan's "3+7" industries: 3 traditional, 7 emerging."""

    NONFERROUS = "nonferrous", _("有色")
    STEEL = "steel", _("钢铁")
    CHEMICAL = "chemical", _("化工")
    NEW_MATERIALS = "new_materials", _("新材料")
    HIGH_END_EQUIPMENT = "high_end_equipment", _("高端装备")
    ENERGY_SAVING = "energy_saving", _("节能环保")
    ELECTRONIC_INFO = "electronic_info", _("电子信息")
    FOOD_BEVERAGE = "food_beverage", _("食品饮料")
    BIOMEDICINE = "biomedicine", _("生物医药及大健康")
    NEW_ENERGY = "new_energy", _("新能源")
    OTHER = "other", _("其他")


class TalentCategory(models.TextChoices):
    """Jiyuan's talent classification: 2 groups, 7 levels (plan L125)."""

    A = "A", _("A类 国际一流人才")
    B = "B", _("B类 国内一流人才")
    C = "C", _("C类 省内一流人才")
    D = "D", _("D类 青年拔尖人才")
    E = "E", _("E类 青年优秀人才")
    F = "F", _("F类 青年基础人才")
    G = "G", _("G类 其他青年人才")


class RecognitionSource(models.TextChoices):
    LOCAL = "local", _("本市认定")
    HENAN = "henan", _("河南省认定(互认)")
    CITY_1_8 = "city_1_8", _("“1+8”城市认定(互认)")
    LEADING_GROUP = "leading_group", _("人才工作领导小组认定(偏才/专才)")


class CertificateKind(models.TextChoices):
    SKILL_LEVEL = "skill_level", _("职业技能等级证书")
    VOCATIONAL_QUALIFICATION = "vocational_qualification", _("职业资格证书")
    SPECIAL_OPERATION = "special_operation", _("特种作业操作证")
    SPECIAL_EQUIPMENT = "special_equipment", _("特种设备作业人员证")
    PROFESSIONAL_TITLE = "professional_title", _("专业技术职称")
    SPECIALTY_SKILL = "specialty_skill", _("专项职业能力证书")


# Skill and title levels are defined once in zhihui/vocab.py (the engine, forms, texts and the
# plan read the same list); here they become the registry's choices.
SkillLevel = models.TextChoices(
    "SkillLevel", [(v.upper(), (v, _(label))) for v, label in vocab.VOCABULARIES["skill_level"]]
)
SkillLevel.__doc__ = "Five levels of skill certificates (级别 5 → 1): zhihui/vocab.py."

TitleLevel = models.TextChoices(
    "TitleLevel", [(v.upper(), (v, _(label))) for v, label in vocab.VOCABULARIES["title_level"]]
)
TitleLevel.__doc__ = "Professional title levels: zhihui/vocab.py."


class Post(models.TextChoices):
    RESEARCH = "research", _("科研")
    TEACHING = "teaching", _("教学")
    PRODUCTION = "production", _("生产")
    MANAGEMENT = "management", _("管理")
    OTHER = "other", _("其他")


class EmploymentForm(models.TextChoices):
    EMPLOYEE = "employee", _("单位就业")
    SELF_EMPLOYED = "self_employed", _("个体经营")
    FLEXIBLE = "flexible", _("灵活就业")
    ENTREPRENEUR = "entrepreneur", _("创业")
    PUBLIC_POST = "public_post", _("公益性岗位")


class DivisionLevel(models.TextChoices):
    PROVINCE = "province", _("省")
    CITY = "city", _("市")
    COUNTY = "county", _("县级")
    STREET = "street", _("街道")
    TOWN = "town", _("镇")
    VILLAGE = "village", _("村/社区")
