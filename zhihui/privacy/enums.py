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


# Categories of personal information used in data/inventory.yaml (the test checks each is here).
DATA_CATEGORIES = {
    "account": _("账户信息"), "account_activity": _("登录记录"), "activity": _("操作记录"),
    "application": _("申请材料与办理信息"), "consent": _("同意记录"), "contact": _("联系方式"),
    "credential": _("口令（散列）"), "documents": _("上传的证明材料"), "education": _("教育经历"),
    "employment": _("工作经历"), "entitlement": _("待遇资格"), "identity": _("身份信息"),
    "identity_number": _("身份证号码"), "income": _("收入"), "link": _("关联标识"), "network": _("网络标识（IP地址）"),
    "payment": _("补贴发放信息"), "property": _("财产信息（住房）"), "qualification": _("资格证书与职称"),
    "residence": _("户籍与居住地"), "rights_request": _("权利请求"), "security": _("账户安全状态"),
    "social_insurance": _("社保缴费"), "staff_link": _("经办人员标识"), "talent_category": _("人才类别"),
}
