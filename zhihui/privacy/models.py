"""Consents, rights requests (with their transition log and the corrections they applied),
exports, the register of data shared with other bodies, processing restrictions and purge runs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import ConsentPurpose, RequestKind, RequestStatus


class Consent(models.Model):
    """One consent given (and maybe withdrawn) by a person for one purpose."""

    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("目的"), max_length=32, choices=ConsentPurpose.choices)
    notice_version = models.CharField(max_length=16)
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    given_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-given_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "purpose"], condition=models.Q(withdrawn_at__isnull=True),
                                    name="privacy_one_live_consent_per_purpose"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.purpose}"


class RightsRequest(models.Model):
    number = models.CharField(max_length=20, unique=True)
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="rights_requests")
    kind = models.CharField(_("请求类型"), max_length=16, choices=RequestKind.choices)
    status = models.CharField(max_length=16, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED)
    details = models.TextField(_("说明"), blank=True)
    field = models.CharField(_("更正项目"), max_length=32, blank=True)
    new_value_encrypted = models.BinaryField(null=True, blank=True)  # the corrected value, AES-GCM
    evidence = models.FileField(upload_to="privacy/evidence/", blank=True)
    evidence_kind = models.CharField(max_length=4, blank=True)
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)
    due_on = models.DateField()
    decision = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return self.number


class RightsRequestTransition(models.Model):
    request = models.ForeignKey(RightsRequest, on_delete=models.CASCADE, related_name="transitions")
    name = models.CharField(max_length=32)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.from_status} → {self.to_status}"


class FieldCorrection(models.Model):
    """History of a corrected field: values kept masked (identity numbers) or in clear."""

    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="corrections")
    request = models.ForeignKey(RightsRequest, on_delete=models.PROTECT, related_name="corrections")
    field = models.CharField(max_length=32)
    old_value = models.CharField(max_length=200)
    new_value = models.CharField(max_length=200)
    evidence_sha256 = models.CharField(max_length=64)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    applied_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["applied_at", "id"]

    def __str__(self) -> str:
        return f"{self.person_id}.{self.field}"


class ProcessingRestriction(models.Model):
    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="restrictions")
    request = models.ForeignKey(RightsRequest, null=True, on_delete=models.SET_NULL, related_name="+")
    scope = models.CharField(max_length=200)
    since = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.person_id}: {self.scope}"


class ExportRecord(models.Model):
    """Every export of personal data: who, when, why, what, and the watermark it carried."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(max_length=150)
    purpose = models.CharField(_("用途"), max_length=200)
    what = models.CharField(max_length=200)
    person = models.ForeignKey("registry.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    watermark = models.CharField(max_length=300)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.actor_label}: {self.what}"


class SharingRecord(models.Model):
    """The register of personal data given to another body (PIPL art. 23, GB/T 35273 9.2)."""

    recipient = models.CharField(_("接收方"), max_length=120)
    legal_basis = models.CharField(_("依据"), max_length=200)
    purpose = models.CharField(_("目的"), max_length=200)
    categories = models.CharField(_("信息类别"), max_length=200)
    record_count = models.PositiveIntegerField()
    persons = models.ManyToManyField("registry.Person", blank=True, related_name="+")  # so an access request finds it
    reference = models.CharField(max_length=64, blank=True)
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    shared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-shared_at", "-id"]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.categories}"


class PurgeRun(models.Model):
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    dry_run = models.BooleanField(default=False)
    results = models.JSONField(default=dict)  # rule id -> rows deleted or anonymised

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"purge {self.started_at:%Y-%m-%d %H:%M}"
