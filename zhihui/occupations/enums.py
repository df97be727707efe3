"""Choices of the occupation-coding app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CorrectionSource(models.TextChoices):
    CODING_PAGE = "coding_page", _("职业编码页面")
    MARKET_REVIEW = "market_review", _("人力资源市场审核")
    REGISTRATION = "registration", _("就业登记")
    API = "api", _("接口")


class RetrainOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("已采用新模型")
    REFUSED = "refused", _("新模型更差，未采用")
