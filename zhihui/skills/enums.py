"""Choices of the skills domain (技能济源), with their labels (one definition each).

Certificate kinds and skill levels are the registry's (zhihui/registry/enums.py,
zhihui/vocab.py): a certificate recorded here is a registry certificate, the one source the
plan's indicators read.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProviderKind(models.TextChoices):
    TECHNICAL_SCHOOL = "technical_school", _("技工院校")
    VOCATIONAL_COLLEGE = "vocational_college", _("职业院校")
    ENTERPRISE = "enterprise", _("企业培训中心")
    SOCIAL = "social", _("社会培训评价组织")


class FundingSource(models.TextChoices):
    SKILL_ACCOUNT = "skill_account", _("职业技能提升专账资金")
    EMPLOYMENT_FUND = "employment_fund", _("就业补助资金")
    ENTERPRISE = "enterprise", _("企业自筹")
    SELF = "self", _("个人自费")


class SessionStatus(models.TextChoices):
    OPEN = "open", _("培训中")
    COMPLETED = "completed", _("已结业")


class CheckInMethod(models.TextChoices):
    QR = "qr", _("手机扫码签到")
    CLERK = "clerk", _("工作人员点名")


class VoucherKind(models.TextChoices):
    GENERAL = "general", _("普惠培训券")
    EMPLOYMENT = "employment", _("就业技能培训券（就业后兑现）")


class EligibleGroup(models.TextChoices):
    KEY_GROUP = "key_group", _("重点群体（高校毕业生、退役军人、农村转移劳动力等）")
    UNEMPLOYED = "unemployed", _("登记失业人员")
    SMALL_FIRM = "small_firm", _("小微企业、个体工商户从业人员")
    FLEXIBLE = "flexible", _("灵活就业人员（零工）")
    RURAL = "rural", _("农村劳动力")
    OTHER = "other", _("其他人员")


class VoucherStatus(models.TextChoices):
    ISSUED = "issued", _("已发放")
    ENROLLED = "enrolled", _("已报名（锁定机构与项目）")
    COMPLETED = "completed", _("已结业")
    CERTIFIED = "certified", _("已取证")
    REDEEMED = "redeemed", _("已兑现")
    LAPSED = "lapsed", _("已过期失效")
    CANCELLED = "cancelled", _("已作废")


# A voucher in one of these still holds its value on the budget line.
LIVE = frozenset({VoucherStatus.ISSUED, VoucherStatus.ENROLLED, VoucherStatus.COMPLETED, VoucherStatus.CERTIFIED})


class SignalKind(models.TextChoices):
    SHARED_DEVICE = "shared_device", _("同一设备为多名学员签到")
    OFF_HOURS = "off_hours", _("签到时间不在培训时段内")
    HIGH_CERT_RATE = "high_cert_rate", _("取证率远高于同类机构")


class EvaluatorKind(models.TextChoices):
    SOCIAL = "social", _("社会培训评价组织")
    COLLEGE = "college", _("院校职业技能等级认定机构")
    ENTERPRISE = "enterprise", _("企业自主评价（须备案）")
    SPECIAL = "special", _("特种作业/特种设备考核发证机关")


class ContestLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    ZONE = "zone", _("示范区级")
    INDUSTRY = "industry", _("行业/专项")
    ENTERPRISE = "enterprise", _("企业/院校")


class StudioKind(models.TextChoices):
    CRAFTSMAN = "craftsman", _("大工匠工作室")
    MASTER = "master", _("大师工作室")
    MODEL_WORKER = "model_worker", _("劳模和工匠人才创新工作室")
    SKILL_MASTER = "skill_master", _("技能大师工作室")


class LabourBrand(models.TextChoices):
    """The ten 愚公 labour brands (十大人力资源品牌, plan L148)."""

    EXPLOSION_PROOF = "explosion_proof", _("愚公防爆")
    BANQUET = "banquet", _("愚公喜宴")
    ELECTRICIAN = "electrician", _("愚公电工")
    SEED = "seed", _("愚公制种")
    DRILL = "drill", _("愚公钻具")
    MINER = "miner", _("愚公煤工")
    CARER = "carer", _("愚公护工")
    HOUSEKEEPING = "housekeeping", _("愚公家政")
    BUILDER = "builder", _("愚公建工")
    HERB_FARMER = "herb_farmer", _("愚公药农")


class BaseKind(models.TextChoices):
    """Training infrastructure the plan names (C6-S05, C2-S20, B4-3)."""

    HIGH_SKILL = "high_skill", _("高技能人才培训基地")
    PUBLIC_PRACTICE = "public_practice", _("公共实训基地")
    PLATFORM = "platform", _("公共技能培训基地平台")
    HIGH_SKILL_EDUCATION = "high_skill_edu", _("高技能人才教育培训基地")
