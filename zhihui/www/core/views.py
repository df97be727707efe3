"""The auditor's audit-log search (filters: actor, action, object type/id, date range)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhihui.core.models import AuditEvent
from zhihui.core.perms import can_search_audit, require
from zhihui.core.selectors import AuditFilter, object_types, record_audit_view, search_events
from zhihui.www import exports

PAGE_SIZE = 50


class AuditSearchForm(forms.Form):
    actor = forms.CharField(label=gettext_lazy("操作人"), max_length=150, required=False)
    action = forms.ChoiceField(label=gettext_lazy("操作"), choices=[("", "—"), *AuditEvent.Action.choices], required=False)
    object_type = forms.CharField(label=gettext_lazy("对象类型"), max_length=64, required=False)
    object_id = forms.CharField(label=gettext_lazy("对象编号"), max_length=64, required=False)
    since = forms.DateField(label=gettext_lazy("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=gettext_lazy("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("截止日期早于起始日期"))
        return data


@login_required
def audit_search(request):
    require(can_search_audit(request.user), _("只有审计员可以查询审计日志"))
    form = AuditSearchForm(request.GET or None)
    page = None
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        data = form.cleaned_data if form.is_bound else {}
        f = AuditFilter(**{k: v or ("" if k not in ("since", "until") else None) for k, v in data.items()})
        record_audit_view(request.user, f, "page")
        if exports.wanted(request):
            return exports.response(
                request, name="audit", title=_("审计日志"), what="core.auditevent",
                headers=[_("时间"), _("操作人"), _("角色"), _("操作"), _("对象类型"), _("对象编号"), _("摘要"), _("结果"), "IP"],
                rows=([timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"), e.actor_label, e.actor_role,
                       e.get_action_display(), e.object_type, e.object_id, e.summary, e.get_outcome_display(), e.ip]
                      for e in search_events(f).iterator(chunk_size=1000)))
        page = Paginator(search_events(f), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_search.html",
        {"form": form, "page": page, "query": query.urlencode(), "object_types": object_types()},
        status=status,
    )
