"""王屋英才卡 (the printed card) and 王屋英才码 (the signed code it carries).

A card is a decision of the state: it is issued, revoked or marked expired through
zhihui/talent/actions.py, never edited otherwise. A reissue is a new card (`replaces` points
at the old one, which is revoked with the reason). The signed token is stored as issued, so
the QR code on the page, on the printed card and in the API is always the same.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhihui.registry.enums import TalentCategory

from .enums import CardStatus  # noqa: F401 - also imported from .models


class TalentCard(models.Model):
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="talent_cards", verbose_name=_("持卡人"))
    category = models.CharField(_("人才类别"), max_length=1, choices=TalentCategory.choices)
    is_special = models.BooleanField(_("偏才/专才"), default=False)
    recognition = models.ForeignKey(
        "registry.TalentCategoryRecord", null=True, blank=True, on_delete=models.PROTECT,
        related_name="cards", verbose_name=_("认定依据"),
    )
    number = models.CharField(_("卡号"), max_length=16, unique=True)
    issued_on = models.DateField(_("签发日期"))
    valid_until = models.DateField(_("有效期至"))
    status = models.CharField(_("状态"), max_length=8, choices=CardStatus.choices, default=CardStatus.ACTIVE, db_index=True)
    revoked_at = models.DateTimeField(_("注销时间"), null=True, blank=True)
    revocation_reason = models.CharField(_("注销原因"), max_length=200, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("注销人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    key_id = models.CharField(_("签名密钥"), max_length=20)
    token = models.TextField(_("王屋英才码"))
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by", verbose_name=_("补换的原卡"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发卡人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("王屋英才卡")
        verbose_name_plural = _("王屋英才卡")
        constraints = [
            # A person holds at most one active card.
            models.UniqueConstraint(fields=["person"], condition=Q(status="active"), name="talent_one_active_card"),
        ]

    def __str__(self) -> str:
        return self.number

    def effective_status(self, today: dt.date | None = None) -> str:
        """The status a verifier sees today (an active card past its date is expired)."""
        from .verify import today_in_city

        if self.status == CardStatus.ACTIVE and (today or today_in_city()) > self.valid_until:
            return CardStatus.EXPIRED
        return self.status

    def effective_status_label(self) -> str:
        return CardStatus(self.effective_status()).label

    @property
    def category_label(self) -> str:
        label = TalentCategory(self.category).label
        return f"{label}{_('(偏才/专才)')}" if self.is_special else label
