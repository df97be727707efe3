"""The 王屋英才 card's states (choices with their Chinese labels)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CardStatus(models.TextChoices):
    ACTIVE = "active", _("有效")
    REVOKED = "revoked", _("已注销")
    EXPIRED = "expired", _("已过期")
