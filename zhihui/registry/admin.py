"""Django admin for the reference catalogues (department administrators only).

Who may use it is decided by zhihui.registry.perms (role ADMIN), not by Django's per-model
permissions. Saving goes through zhihui.registry.actions, so every change is audited; giving
"取代生效日期" (supersede from) keeps the old entry for history and creates a new one with the
same code from that day (use it when a code's meaning changes; correct typos in place).
People and organisations are not in the admin: their pages audit every view and mask numbers.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from zhihui.core import audit

from . import actions, perms
from .models import Division, EducationLevel, Industry, Occupation


class CatalogueForm(forms.ModelForm):
    supersede_from = forms.DateField(
        label=_("取代生效日期"),
        required=False,
        help_text=_("填写后：原条目在此日期前一天失效并保留，按本表内容新建同代码条目自此日期生效。留空：直接更正原条目。"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self):
        # Checked here, not only in the action, so a bad date is a form error and not a 500.
        data = super().clean()
        start = data.get("supersede_from")
        if start and self.instance.pk:
            original = type(self.instance).objects.get(pk=self.instance.pk)
            if start <= original.valid_from:
                self.add_error("supersede_from", _("须晚于原条目的生效日期 %(d)s") % {"d": original.valid_from.isoformat()})
            elif original.valid_to is not None and original.valid_to < start:
                self.add_error("supersede_from", _("原条目已失效，不能再被取代"))
        model = type(self.instance)
        if not self.instance.pk and data.get("code") and model.objects.filter(code=data["code"], valid_to__isnull=True).exists():
            self.add_error("code", _("此代码已有现行条目：请修改或取代该条目"))
        if data.get("valid_to") and data.get("valid_from") and data["valid_to"] < data["valid_from"]:
            self.add_error("valid_to", _("失效日期早于生效日期"))
        return data


class CatalogueAdmin(admin.ModelAdmin):
    form = CatalogueForm
    list_display = ("code", "name", "valid_from", "valid_to", "source")
    search_fields = ("code", "name")
    list_filter = ("valid_to",)
    ordering = ("code", "valid_from")
    raw_id_fields: tuple[str, ...] = ()

    # Domain permissions, not Django's model permissions.
    def has_module_permission(self, request):
        return perms.can_manage_catalogues(request.user)

    def has_view_permission(self, request, obj=None):
        return perms.can_manage_catalogues(request.user)

    def has_add_permission(self, request):
        return perms.can_manage_catalogues(request.user)

    def has_change_permission(self, request, obj=None):
        return perms.can_manage_catalogues(request.user)

    def has_delete_permission(self, request, obj=None):
        return False  # entries are closed (valid_to) or superseded, never deleted

    def save_model(self, request, obj, form, change):
        supersede_from = form.cleaned_data.get("supersede_from")
        if change and supersede_from:
            original = type(obj).objects.get(pk=obj.pk)
            changes = {name: form.cleaned_data[name] for name in form.changed_data if name in {f.name for f in obj._meta.fields}}
            new = actions.supersede_catalogue_entry(request.user, original, valid_from=supersede_from, **changes)
            obj.pk = new.pk  # the admin's redirect and message point at the new entry
            return
        before = audit.snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        actions.save_catalogue_entry(request.user, obj, before=before)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None and "supersede_from" in form.base_fields:
            form.base_fields["supersede_from"].widget = forms.HiddenInput()
        return form


@admin.register(Division)
class DivisionAdmin(CatalogueAdmin):
    list_display = ("code", "name", "level", "parent", "valid_from", "valid_to")
    list_filter = ("level", "valid_to")
    raw_id_fields = ("parent",)


@admin.register(Occupation)
class OccupationAdmin(CatalogueAdmin):
    list_display = ("code", "name", "level", "is_green", "is_digital", "valid_from", "valid_to", "source")
    list_filter = ("level", "is_green", "is_digital", "source")
    raw_id_fields = ("parent",)


@admin.register(Industry)
class IndustryAdmin(CatalogueAdmin):
    list_display = ("code", "name", "level", "chain", "valid_from", "valid_to")
    list_filter = ("level", "chain")
    raw_id_fields = ("parent",)


@admin.register(EducationLevel)
class EducationLevelAdmin(CatalogueAdmin):
    list_display = ("code", "name", "rank", "engine_degree", "valid_from", "valid_to")
