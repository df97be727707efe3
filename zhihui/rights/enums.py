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


# 劳动争议调解仲裁法 第三十一条: a panel of three arbitrators with a chief, or a sole arbitrator
# for a simple case.
PANEL_SIZES = (1, 3)


class RecusalGround(models.TextChoices):
    """劳动争议调解仲裁法 第三十三条: when an arbitrator must step aside."""

    PARTY_OR_RELATIVE = "relative", _("是本案当事人或者当事人、代理人的近亲属")
    INTEREST = "interest", _("与本案有利害关系")
    OTHER_RELATION = "relation", _("与本案当事人、代理人有其他关系，可能影响公正裁决")
    PRIVATE_CONTACT = "contact", _("私自会见当事人、代理人，或者接受当事人、代理人的请客送礼")


class RecusalDecision(models.TextChoices):
    PENDING = "pending", _("待决定")
    GRANTED = "granted", _("准予回避")
    REFUSED = "refused", _("驳回回避申请")


class EvidenceParty(models.TextChoices):
    APPLICANT = "applicant", _("申请人")
    RESPONDENT = "respondent", _("被申请人")
    OFFICE = "office", _("经办机构")
