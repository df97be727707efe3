"""免申即享 offers: what the sweep found a person or an organisation entitled to, unasked.

One row per (subject, benefit, period): the sweep upserts on that key, so running it twice on
the same data changes nothing but `last_confirmed_at` (see zhihui/benefits/sweep.py). An offer
is never deleted: when the subject stops qualifying it is `withdrawn`, with the reasons of the
last positive finding kept for the record.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhihui.registry.models import PersonOrOrganisation

from .enums import OfferStatus  # noqa: F401 - also imported from .models


class BenefitOffer(PersonOrOrganisation, models.Model):
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("人员"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="benefit_offers",
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("单位"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="benefit_offers",
    )
    # "p:<id>" or "o:<id>" (same form as window.Application.subject_key): one column for the key.
    subject_key = models.CharField(_("对象"), max_length=24, editable=False)
    benefit = models.CharField(_("待遇"), max_length=64, db_index=True)
    # "" for a benefit granted once per person (the window's "once" services), else a year.
    period = models.CharField(_("周期"), max_length=12, blank=True, default="")
    as_of = models.DateField(_("判定日期"))
    package_version = models.CharField(_("政策包版本"), max_length=64)
    status = models.CharField(
        _("状态"), max_length=12, choices=OfferStatus.choices, default=OfferStatus.OFFERED
    )
    total = models.DecimalField(_("金额"), max_digits=14, decimal_places=2, default=Decimal("0.00"))
    payments = models.JSONField(_("支付计划"), default=list, blank=True)
    reasons = models.JSONField(_("判定理由"), default=list, blank=True)
    extra = models.JSONField(
        _("其他结论"),
        default=dict,
        blank=True,
        help_text="in_kind / loan_limit / amount_range, clause",
    )
    # Hash of what the subject would be told (benefit, total, payments, reasons, extra, version):
    # the sweep rewrites a row only when this changes.
    fingerprint = models.CharField(_("内容指纹"), max_length=32)
    first_found_at = models.DateTimeField(_("首次发现"), default=timezone.now)
    last_confirmed_at = models.DateTimeField(_("最近确认"), default=timezone.now)
    updated_at = models.DateTimeField(_("内容更新"), default=timezone.now)
    status_changed_at = models.DateTimeField(_("状态变更"), default=timezone.now)
    application = models.ForeignKey(
        "window.Application", verbose_name=_("申请"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Why the sweep withdrew the offer, as the subject is told (empty while offered):
    # {"why": "not_eligible" | "undetermined" | "applied" | "not_found" | "invalid",
    #  "package": label withdrawn under, "as_of", "reasons": the engine's lines, "missing"}.
    withdrawal = models.JSONField(_("撤销原因"), default=dict, blank=True)

    class Meta:
        ordering = ["benefit", "subject_key"]
        verbose_name = _("免申即享待遇")
        verbose_name_plural = _("免申即享待遇")
        constraints = [
            models.UniqueConstraint(
                fields=["subject_key", "benefit", "period"],
                name="benefits_offer_subject_benefit_period",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(organisation__isnull=False),
                name="benefits_offer_has_subject",
            ),
        ]
        indexes = [
            models.Index(fields=["benefit", "status"], name="benefits_offer_benefit_status"),
            models.Index(fields=["person", "status"], name="benefits_offer_person"),
            models.Index(fields=["organisation", "status"], name="benefits_offer_org"),
        ]

    def __str__(self) -> str:
        return f"{self.subject_key} {self.benefit} {self.period or '-'} ({self.status})"

    @property
    def is_open(self) -> bool:
        """Still waiting for the subject: offered and not yet turned into an application."""
        return self.status == OfferStatus.OFFERED and self.application_id is None

    @property
    def state_label(self) -> str:
        if self.status == OfferStatus.OFFERED and self.application_id is not None:
            return str(OfferStatus.ACCEPTED.label)
        return self.get_status_display()

    @property
    def withdrawal_text(self) -> str:
        """The reason shown to the subject for a withdrawn offer (plain Chinese)."""
        w = self.withdrawal or {}
        if self.status != OfferStatus.WITHDRAWN or not w:
            return ""
        why, new = w.get("why", ""), w.get("package", "")
        if why == "applied":
            return str(_("您已就该待遇提出申请，以窗口办理结果为准。"))
        if why in ("not_found", "invalid"):
            return str(_("登记信息已变化，系统无法再为您确认该待遇；如有疑问请到窗口咨询。"))
        changed = bool(new) and new != self.package_version
        if changed and why == "undetermined":
            return str(_("政策包已由 %(old)s 更新为 %(new)s(按规划原文调整了认定口径)，按新口径还需核实以下信息后才能确定：%(missing)s。") % {
                "old": self.package_version, "new": new, "missing": "、".join(w.get("missing_labels") or w.get("missing") or [])})
        if changed:
            return str(_("政策包已由 %(old)s 更新为 %(new)s(按规划原文调整了认定口径)，按新口径您不再符合该待遇的条件，见下列各项。") % {
                "old": self.package_version, "new": new})
        if why == "undetermined":
            return str(_("按 %(d)s 的登记信息，还需核实以下信息后才能确定：%(missing)s。") % {
                "d": w.get("as_of", ""), "missing": "、".join(w.get("missing_labels") or w.get("missing") or [])})
        return str(_("按 %(d)s 的登记信息，您不再符合该待遇的条件，见下列各项。") % {"d": w.get("as_of", "")})

    @property
    def subject(self):
        return self.person or self.organisation



# The one-window helper's zhihui/window/offers.py looks for `Offer`.
Offer = BenefitOffer
