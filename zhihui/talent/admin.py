"""Read-only admin view of cards: every change goes through zhihui/talent/actions.py."""

from django.contrib import admin

from zhihui.core.admin import ReadOnlyAdmin

from .models import TalentCard


@admin.register(TalentCard)
class TalentCardAdmin(ReadOnlyAdmin):
    list_display = ["number", "category", "is_special", "issued_on", "valid_until", "status", "key_id"]
    list_filter = ["status", "category", "is_special"]
    search_fields = ["number"]
    exclude = ["token"]
    readonly_fields = [f.name for f in TalentCard._meta.fields if f.name != "token"]
