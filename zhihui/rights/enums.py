"""Choices of the labour-rights domain, with their labels (one definition each)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseKind(models.TextChoices):
    INSPECTION = "inspection", _("劳动保障监察投诉举报")
    MEDIATION = "mediation", _("劳动争议调解")
    ARBITRATION = "arbitration", _("劳动人事争议仲裁")


class Channel(models.TextChoices):
    ONLINE = "online", _("网上申请")
    WINDOW = "window", _("窗口受理")


class CaseStatus(models.TextChoices):
    RECEIVED = "received", _("已收到")
    NOT_ACCEPTED = "not_accepted", _("不予受理")
    ACCEPTED = "accepted", _("已受理/已立案")
    HEARING = "hearing", _("已排期开庭")
    # outcomes
    MEDIATED = "mediated", _("调解成功")
    MEDIATION_FAILED = "mediation_failed", _("调解不成")
    AWARDED = "awarded", _("已裁决")
    ORDERED = "ordered", _("责令改正/处理决定")
    PENALISED = "penalised", _("行政处罚")
    NO_VIOLATION = "no_violation", _("未发现违法，结案")
    WITHDRAWN = "withdrawn", _("撤回")
    DISMISSED = "dismissed", _("驳回/终止")


# Statuses that close a case (for the closure and success rates).
CLOSED = frozenset({
    CaseStatus.NOT_ACCEPTED, CaseStatus.MEDIATED, CaseStatus.MEDIATION_FAILED, CaseStatus.AWARDED,
    CaseStatus.ORDERED, CaseStatus.PENALISED, CaseStatus.NO_VIOLATION, CaseStatus.WITHDRAWN,
    CaseStatus.DISMISSED,
})
