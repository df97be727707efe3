"""Django admin for the window's parameters: service time limits, quotas (limit and mode).

Counters (quota used, pool in use), applications and payments are read-only here: they change
only through zhihui/window/actions.py. Parameter edits are audited like any other write.
"""

from django.contrib import admin

from zhihui.core import audit
from zhihui.core.admin import ReadOnlyAdmin

from .models import Application, Budget, HolidayNotice, Quota, Service, TalentPool


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        before = audit.snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        audit.record(request.user, audit.Action.UPDATE if change else audit.Action.CREATE, obj,
                     summary=f"后台修改：{obj}", before=before, after=audit.snapshot(obj))

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Service)
class ServiceAdmin(AuditedAdmin):
    list_display = ("code", "name", "kind", "applicant_kind", "period_kind", "time_limit_days", "budget_line", "quota", "active")
    list_editable = ("time_limit_days", "active")
    readonly_fields = ("code", "kind", "applicant_kind")

    def get_readonly_fields(self, request, obj=None):
        # a benefit's title and clause are the policy package's (benefits.yaml), not parameters
        if obj is not None and obj.kind == "benefit":
            return (*self.readonly_fields, "name", "clause")
        return self.readonly_fields


@admin.register(Quota)
class QuotaAdmin(AuditedAdmin):
    list_display = ("code", "name", "limit", "mode", "first_year", "last_year", "used")
    readonly_fields = ("code", "used")


@admin.register(TalentPool)
class TalentPoolAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "total", "in_use")


@admin.register(Budget)
class BudgetAdmin(ReadOnlyAdmin):
    list_display = ("year", "line", "name", "amount", "committed", "paid")


@admin.register(HolidayNotice)
class HolidayNoticeAdmin(ReadOnlyAdmin):
    list_display = ("year", "source", "loaded_at", "loaded_by")


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ("number", "service", "status", "submitted_at", "due_date")
    list_filter = ("status", "service")
    search_fields = ("number",)
    fields = ("number", "service", "status", "channel", "period", "submitted_at", "accepted_on", "due_date")
