"""Choices of the privacy app, and its one time limit."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Privacy notice version in force (templates/privacy/notice.html states it; consents record it).
NOTICE_VERSION = "2026-12"

# Answer to a rights request within this many working days of the official calendar
# (GB/T 35273-2020 8.7 c: "30天内或法律法规规定的期限内"; 15 working days stay within 30 days).
RIGHTS_RESPONSE_WORKING_DAYS = 15


class ConsentPurpose(models.TextChoices):
    ONLINE_SERVICES = "online_services", _("网上办事：用本人登记信息预填申请、推送可享政策")
    SMS = "sms", _("短信通知办理进度和政策提醒")
    HEALTH = "health", _("敏感个人信息：健康状况（用于相关补贴和服务）")
    FAMILY = "family", _("敏感个人信息：家庭成员信息（用于家庭相关补贴）")
    DISABILITY = "disability", _("敏感个人信息：残疾状况（用于残疾人就业服务和补贴）")


# Sensitive personal information (PIPL art. 28-29) needs its own, separate consent.
SENSITIVE_PURPOSES = frozenset({ConsentPurpose.HEALTH, ConsentPurpose.FAMILY, ConsentPurpose.DISABILITY})


class RequestKind(models.TextChoices):
    ACCESS = "access", _("查阅、复制本人全部信息")
    CORRECTION = "correction", _("更正信息")
    DELETION = "deletion", _("删除信息")
    CLOSURE = "closure", _("注销账户")
    RESTRICTION = "restriction", _("限制处理")


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    IN_PROGRESS = "in_progress", _("办理中")
    COMPLETED = "completed", _("已办结")
    REFUSED = "refused", _("不予办理")
    WITHDRAWN = "withdrawn", _("已撤回")


# Fields a correction request may change, with the registry's field name.
CORRECTABLE_FIELDS = {
    "name": _("姓名"),
    "id_number": _("身份证号码"),
    "phone": _("联系电话"),
}
