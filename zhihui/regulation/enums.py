"""Choices of the regulation domain, with their labels (one definition each)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("草拟")
    POOLS_PUBLISHED = "pools_published", _("名录库已公示")
    DRAWN = "drawn", _("已抽取")
    RESULTS_PUBLISHED = "results_published", _("结果已公开")
    CANCELLED = "cancelled", _("已撤销")


class EntityScope(models.TextChoices):
    """Which registry organisations make up a plan's entity pool (检查对象名录库)."""

    HR_AGENCY = "hr_agency", _("人力资源服务机构")
    EMPLOYER = "employer", _("用人单位（企业）")
    ALL = "all", _("全部在册单位")


class InspectionOutcome(models.TextChoices):
    PENDING = "pending", _("待检查")
    NO_PROBLEM = "no_problem", _("未发现问题")
    ORDERED_TO_CORRECT = "ordered_to_correct", _("责令改正")
    PENALISED = "penalised", _("行政处罚")
    NOT_FOUND = "not_found", _("查无下落")


class LicenceKind(models.TextChoices):
    LICENCE = "licence", _("人力资源服务许可证")
    FILING = "filing", _("人力资源服务备案")
    DISPATCH = "dispatch", _("劳务派遣经营许可证")


class CreditGrade(models.TextChoices):
    A = "A", _("A级（守信）")
    B = "B", _("B级（基本守信）")
    C = "C", _("C级（失信）")
    D = "D", _("D级（严重失信）")


class ListKind(models.TextChoices):
    HR_MARKET = "hr_market", _("人力资源市场严重失信名单（黑名单）")
    WAGE_ARREARS = "wage_arrears", _("拖欠农民工工资失信联合惩戒名单")


class ListStatus(models.TextChoices):
    PROPOSED = "proposed", _("已告知，陈述申辩期")
    LISTED = "listed", _("已列入")
    WITHDRAWN = "withdrawn", _("申辩成立，不予列入")
    REMOVED = "removed", _("提前移出")
    EXPIRED = "expired", _("期满移出")


class MediationBodyKind(models.TextChoices):
    """Labour-dispute mediation organisations (劳动争议调解仲裁法 第十条)."""

    ENTERPRISE = "enterprise", _("企业劳动争议调解委员会")
    GRASSROOTS = "grassroots", _("基层人民调解组织")
    TOWNSHIP = "township", _("乡镇、街道设立的具有劳动争议调解职能的组织")
    INDUSTRY = "industry", _("行业性、区域性劳动争议调解组织")


# --- Collective contracts (集体合同, 劳动合同法 第五十一至五十六条; 集体合同规定) ---------------


class CollectiveContractKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业集体合同")
    WAGE = "wage", _("工资专项集体合同")
    INDUSTRY = "industry", _("行业性集体合同")
    REGIONAL = "regional", _("区域性集体合同")


class CollectiveContractStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已报送，审查中")
    EFFECTIVE = "effective", _("已生效")
    OBJECTED = "objected", _("审查提出异议")


# --- Campaigns and model agencies (诚信示范、清理整顿) ----------------------------------------


class CampaignKind(models.TextChoices):
    CLEAN_UP = "clean_up", _("人力资源市场清理整顿专项行动")
    INTEGRITY = "integrity", _("诚信服务主题创建活动")


class CampaignStatus(models.TextChoices):
    RUNNING = "running", _("进行中")
    CLOSED = "closed", _("已结束")


class CampaignMeasure(models.TextChoices):
    """What a clean-up campaign did about a party it found."""

    BANNED = "banned", _("依法取缔（非法职业中介）")
    ORDERED = "ordered", _("责令改正")
    PENALISED = "penalised", _("行政处罚")
    REFERRED = "referred", _("移送公安等部门")


# --- The social insurance of new-form workers (新就业形态劳动者) ------------------------------


class Cover(models.TextChoices):
    """The covers a platform reports for each worker; the order is the import file's columns."""

    OCCUPATIONAL_INJURY = "occupational_injury", _("职业伤害保障")
    PENSION = "pension", _("基本养老保险")
    MEDICAL = "medical", _("基本医疗保险")
    COMMERCIAL_ACCIDENT = "commercial_accident", _("商业意外伤害保险")
