"""Read-only admin view of cards: every change goes through zhihui/talent/actions.py."""

from django.contrib import admin

from .models import TalentCard


@admin.register(TalentCard)
class TalentCardAdmin(admin.ModelAdmin):
    list_display = ["number", "category", "is_special", "issued_on", "valid_until", "status", "key_id"]
    list_filter = ["status", "category", "is_special"]
    search_fields = ["number"]
    exclude = ["token"]
    readonly_fields = [f.name for f in TalentCard._meta.fields if f.name != "token"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
