"""Choices of the employment app (one list each: models, forms, imports and docs read these)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StatusKind(models.TextChoices):
    """A person's employment status from a date on (就业实名制 status events)."""

    EMPLOYED = "employed", _("单位就业")
    FLEXIBLE = "flexible", _("灵活就业")
    SELF_EMPLOYED = "self_employed", _("自主创业/个体经营")
    REGISTERED_UNEMPLOYED = "registered_unemployed", _("登记失业")
    OUT_OF_LABOUR_FORCE = "out_of_labour_force", _("退出劳动力市场")
    MOVED_AWAY = "moved_away", _("迁出本市")
    RETIRED = "retired", _("退休")


EMPLOYED_KINDS = frozenset({StatusKind.EMPLOYED, StatusKind.FLEXIBLE, StatusKind.SELF_EMPLOYED})
# What a person may declare online about themselves; registration as unemployed (失业登记),
# moving away and retirement are the bureau's acts, entered by a clerk or imported.
SELF_DECLARABLE = frozenset({StatusKind.EMPLOYED, StatusKind.FLEXIBLE, StatusKind.SELF_EMPLOYED,
                             StatusKind.OUT_OF_LABOUR_FORCE})


class Channel(models.TextChoices):
    WINDOW = "window", _("窗口录入")
    SERVICE_POINT = "service_point", _("镇/村服务站录入")
    SELF = "self", _("本人网上申报")
    IMPORT = "import", _("批量导入")
    API = "api", _("接口")


class ContractType(models.TextChoices):
    FIXED = "fixed", _("固定期限劳动合同")
    OPEN_ENDED = "open_ended", _("无固定期限劳动合同")
    TASK = "task", _("以完成一定工作任务为期限")
    PART_TIME = "part_time", _("非全日制用工")
    NONE = "none", _("未签订劳动合同")


class UnemploymentReason(models.TextChoices):
    """失业原因 (the reasons of the 就业失业登记 form)."""

    CONTRACT_ENDED = "contract_ended", _("劳动合同终止或解除")
    RESIGNED = "resigned", _("本人辞职")
    BUSINESS_CLOSED = "business_closed", _("个体经营或创业停业")
    GRADUATE = "graduate", _("毕业后未就业")
    DEMOBILISED = "demobilised", _("退役后未就业")
    LAND_LOST = "land_lost", _("失地农民")
    RELEASED = "released", _("刑满释放")
    OTHER = "other", _("其他")


class DifficultyCategory(models.TextChoices):
    """就业困难人员 categories (河南省就业困难人员认定办法; see docs/employment.md)."""

    OLDER = "older", _("大龄失业人员（女40周岁、男50周岁以上）")
    DISABLED = "disabled", _("残疾人")
    LOW_INCOME = "low_income", _("享受最低生活保障人员")
    ZERO_EMPLOYMENT_HOUSEHOLD = "zero_household", _("零就业家庭成员")
    LONG_TERM = "long_term", _("连续失业一年以上")
    LAND_LOST = "land_lost", _("失地农民")
    POVERTY = "poverty", _("脱贫人口")
    OTHER = "other", _("其他")


class DifficultyState(models.TextChoices):
    SUBMITTED = "submitted", _("已申请")
    VERIFIED = "verified", _("已核实")
    RECOGNISED = "recognised", _("已认定")
    REJECTED = "rejected", _("不予认定")


class ReviewOutcome(models.TextChoices):
    KEEP = "keep", _("继续认定")
    END = "end", _("退出认定")


class KeyGroup(models.TextChoices):
    """重点群体 (plan C10-S01…S21, issue 16): a person may belong to several."""

    GRADUATE = "graduate", _("高校毕业生")
    GRADUATE_UNPLACED = "graduate_unplaced", _("离校未就业高校毕业生")
    RURAL_LABOUR = "rural_labour", _("农村劳动力（农民工）")
    VETERAN = "veteran", _("退役军人")
    POVERTY = "poverty", _("脱贫人口")
    LOW_INCOME = "low_income", _("低收入人口")
    DISABLED = "disabled", _("残疾人")
    ZERO_HOUSEHOLD = "zero_household", _("零就业家庭成员")
    LONG_TERM_YOUTH = "long_term_youth", _("长期失业青年")
    OLDER = "older", _("大龄劳动者")
    WOMEN_RETURNING = "women_returning", _("生育后返岗女性")


class EvidenceState(models.TextChoices):
    DECLARED = "declared", _("本人申报（未核实）")
    VERIFIED = "verified", _("已核实")


class PointLevel(models.TextChoices):
    TOWN = "town", _("镇（街道）就业服务站")
    VILLAGE = "village", _("村（社区）就业服务点")


class ImportState(models.TextChoices):
    PREVIEW = "preview", _("待确认")
    COMMITTED = "committed", _("已导入")
    DISCARDED = "discarded", _("已放弃")


class ImportKind(models.TextChoices):
    STATUS = "status", _("就业状态")
    REPORTS = "reports", _("用工监测月报")
    GRADUATES = "graduates", _("高校毕业生名册")


class ZeroHouseholdState(models.TextChoices):
    OPEN = "open", _("待清零")
    CLEARED = "cleared", _("已清零")


class CaseState(models.TextChoices):
    OPEN = "open", _("已建档")
    ACTIVE = "active", _("帮扶中")
    CLOSED = "closed", _("已结案")


class CaseSource(models.TextChoices):
    ZERO_HOUSEHOLD = "zero_household", _("零就业家庭")
    DIFFICULTY = "difficulty", _("就业困难人员")
    UNEMPLOYED = "unemployed", _("登记失业人员")
    GRADUATE = "graduate", _("离校未就业高校毕业生")
    OTHER = "other", _("其他")


class ServiceKind(models.TextChoices):
    GUIDANCE = "guidance", _("职业指导")
    REFERRAL = "referral", _("岗位推荐")
    TRAINING = "training", _("职业技能培训")
    PUBLIC_WELFARE_POST = "public_welfare_post", _("公益性岗位安置")
    STARTUP = "startup", _("创业扶持")
    SUBSIDY = "subsidy", _("补贴（经一窗受理）")


class CaseOutcome(models.TextChoices):
    EMPLOYED = "employed", _("单位就业")
    FLEXIBLE = "flexible", _("灵活就业")
    SELF_EMPLOYED = "self_employed", _("自主创业")
    PUBLIC_WELFARE_POST = "public_welfare_post", _("公益性岗位安置")
    MOVED_AWAY = "moved_away", _("迁出本市")
    RETIRED = "retired", _("达到退休年龄")
    DECLINED = "declined", _("本人放弃帮扶")


class MonitoringKind(models.TextChoices):
    KEY = "key", _("重点企业")
    SAMPLE = "sample", _("监测样本企业")


class ReportChannel(models.TextChoices):
    FORM = "form", _("网上填报")
    EXCEL = "excel", _("Excel 导入")
    API = "api", _("接口")
    WINDOW = "window", _("窗口代填")


class AlertRule(models.TextChoices):
    HEADCOUNT_DROP_PCT = "headcount_drop_pct", _("月度在岗人数降幅达到预警线")
    HEADCOUNT_DROP_PEOPLE = "headcount_drop_people", _("月度在岗人数减少达到预警线")
    MASS_LAYOFF = "mass_layoff", _("计划裁员达到规模裁员标准")
    CONSECUTIVE_DECLINE = "consecutive_decline", _("在岗人数连续下降")
    WAGE_ARREARS = "wage_arrears", _("存在未结欠薪案件或列入拖欠工资失信名单")


class AlertLevel(models.TextChoices):
    """1 is the most severe (红色), 3 the least (黄色)."""

    RED = "1", _("一级（红色）")
    ORANGE = "2", _("二级（橙色）")
    YELLOW = "3", _("三级（黄色）")


class AlertState(models.TextChoices):
    OPEN = "open", _("待处置")
    ASSIGNED = "assigned", _("处置中")
    CLOSED = "closed", _("已关闭")


class YouthContactResult(models.TextChoices):
    """What a screening contact with a young person found (青年就业排查, C10-S11/C10-D03)."""

    EMPLOYED = "employed", _("已就业（待登记）")
    STUDYING = "studying", _("在校或升学")
    SEEKING = "seeking", _("求职中，需要帮助")
    NOT_SEEKING = "not_seeking", _("暂无就业意愿")
    UNREACHABLE = "unreachable", _("联系不上")


# --- traineeships (就业见习, C10-D02) and assistance workshops (就业帮扶车间, C10-D07) -------------

class BaseState(models.TextChoices):
    """A unit's recognition as a traineeship base (见习基地/见习单位)."""

    APPLIED = "applied", _("已申报")
    RECOGNISED = "recognised", _("已认定")
    MODEL = "model", _("示范单位")
    REJECTED = "rejected", _("不予认定")
    REVOKED = "revoked", _("已撤销")


LIVE_BASE_STATES = frozenset({BaseState.RECOGNISED, BaseState.MODEL})


class PostKind(models.TextChoices):
    """见习岗位类别 (plan L196: 管理、技术、科研类实习见习岗位)."""

    MANAGEMENT = "management", _("管理类")
    TECHNICAL = "technical", _("技术类")
    RESEARCH = "research", _("科研类")
    OTHER = "other", _("其他")


class TraineeGroup(models.TextChoices):
    """Who may be a trainee (见习对象): each checked against the registry on the start day."""

    GRADUATE = "graduate", _("离校未就业高校毕业生")
    YOUTH = "youth", _("登记失业青年")


class TraineeOutcome(models.TextChoices):
    COMPLETED = "completed", _("见习期满")
    LEFT = "left", _("中途退出")
    RETAINED = "retained", _("见习留用")


class ClaimState(models.TextChoices):
    COMPUTED = "computed", _("待审核")
    APPROVED = "approved", _("已核准（一窗支付）")
    REJECTED = "rejected", _("已退回")


class WorkshopState(models.TextChoices):
    APPLIED = "applied", _("已申报")
    RECOGNISED = "recognised", _("已认定")
    REJECTED = "rejected", _("不予认定")
    REVOKED = "revoked", _("已撤销")
# --- graduate registry (高校毕业生名册, C10-D01) -----------------------------------------------------

class Degree(models.TextChoices):
    """学历层次 of the graduation."""

    JUNIOR_COLLEGE = "junior_college", _("专科（高职）")
    BACHELOR = "bachelor", _("本科")
    MASTER = "master", _("硕士研究生")
    DOCTOR = "doctor", _("博士研究生")


class GraduateDestination(models.TextChoices):
    """毕业去向 as the college reports it."""

    FURTHER_STUDY = "further_study", _("升学")
    EMPLOYED = "employed", _("就业")
    FLEXIBLE = "flexible", _("灵活就业")
    MILITARY = "military", _("参军入伍")
    ABROAD = "abroad", _("出国（境）")
    UNPLACED = "unplaced", _("未就业")


# destinations with a workplace (employer and/or place: in Jiyuan or elsewhere)
WORKING_DESTINATIONS = (GraduateDestination.EMPLOYED, GraduateDestination.FLEXIBLE)


class WorkPlace(models.TextChoices):
    JIYUAN = "jiyuan", _("济源")
    ELSEWHERE = "elsewhere", _("外地")


class QuotaChannel(models.TextChoices):
    """Who entered a quota declaration."""

    CLERK = "clerk", _("工作人员登记")
    EMPLOYER = "employer", _("用人单位网上申报")
