"""Admin building blocks shared by the apps (nothing of core is registered here)."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """A model shown in the admin but changed only through its domain's actions.py."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
