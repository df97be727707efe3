"""Read-only view of the offers in the Django admin: they change only through the sweep and the
subject's answer (zhihui/benefits/actions.py), never by hand."""

from django.contrib import admin

from zhihui.core.admin import ReadOnlyAdmin

from .models import BenefitOffer


@admin.register(BenefitOffer)
class BenefitOfferAdmin(ReadOnlyAdmin):
    list_display = [
        "benefit",
        "subject_key",
        "period",
        "status",
        "total",
        "as_of",
        "package_version",
        "last_confirmed_at",
    ]
    list_filter = ["benefit", "status", "package_version"]
    search_fields = ["subject_key"]
    raw_id_fields = ["person", "organisation", "application"]
