"""The 免申即享 offer's states (choices with their Chinese labels)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OfferStatus(models.TextChoices):
    OFFERED = "offered", _("待确认")
    ACCEPTED = "accepted", _("已确认申领")
    DECLINED = "declined", _("已放弃")
    WITHDRAWN = "withdrawn", _("已撤销(不再符合)")
