"""The window's vocabularies (choices with their Chinese labels): kinds of service, applicant and
period, application and payment states, channels, quota modes. The models and the workflow tables
(workflows.py) use these; `zhihui.window.models` re-exports them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceKind(models.TextChoices):
    BENEFIT = "benefit", _("待遇兑现")
    RECOGNITION = "recognition", _("资格认定")
    POOL = "pool", _("人才周转池")


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("个人")
    ORGANISATION = "organisation", _("单位")


class PeriodKind(models.TextChoices):
    YEAR = "year", _("每年一次")
    ONCE = "once", _("限办一次")
    EACH = "each", _("不限次数")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    ACCEPTED = "accepted", _("已受理")
    CORRECTION = "correction", _("待补正")
    REVIEWED = "reviewed", _("已审核")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("不予批准")
    SCHEDULED = "scheduled", _("已安排支付")
    PAID = "paid", _("已支付")
    WITHDRAWN = "withdrawn", _("已撤回")


class Channel(models.TextChoices):
    ONLINE = "online", _("网上申请")
    WINDOW = "window", _("窗口代办")
    OFFER = "offer", _("免申即享")
    API = "api", _("接口")


class QuotaMode(models.TextChoices):
    HARD = "hard", _("刚性(不得突破)")
    SOFT = "soft", _("弹性(突破需领导批准)")


class PaymentStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("待支付")
    IN_BATCH = "in_batch", _("已报送财政")
    PAID = "paid", _("已支付")
    FAILED = "failed", _("支付失败")


class BatchStatus(models.TextChoices):
    CREATED = "created", _("已生成待复核")
    RELEASED = "released", _("已复核放行")
    EXPORTED = "exported", _("已导出")
    RECONCILED = "reconciled", _("已对账")


class BankAccountStatus(models.TextChoices):
    DECLARED = "declared", _("本人申报")
    VERIFIED = "verified", _("已核实")
