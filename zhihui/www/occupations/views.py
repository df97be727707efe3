"""The clerk's coding page: type a title, see the code, the alternatives and why; correct it.
Writes go through zhihui.occupations.actions."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zhihui.core.perms import require
from zhihui.occupations import actions, perms, selectors
from zhihui.occupations.coder import explain


class CodeForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("职位名称"), max_length=1000,
                            widget=forms.TextInput(attrs={"autofocus": True, "placeholder": "急招普工包吃住"}))


class CorrectionForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("职位名称"), max_length=200)
    code = forms.CharField(label=gettext_lazy("正确职业编码"), max_length=10,
                           widget=forms.TextInput(attrs={"placeholder": "6-31-01-03"}))
    coder_code = forms.CharField(required=False, max_length=10, widget=forms.HiddenInput)


@login_required
def code_page(request):
    require(perms.can_code(request.user), _("无权使用职业编码"))
    form = CodeForm(request.GET or None)
    why = None
    correction_form = None
    if form.is_bound and form.is_valid():
        why = explain(form.cleaned_data["title"], top=5)
        if perms.can_correct(request.user) and why["result"].get("code"):
            correction_form = CorrectionForm(initial={
                "title": form.cleaned_data["title"][:200], "coder_code": why["result"]["code"],
            })
    return render(request, "occupations/code.html", {
        "form": form, "why": why, "correction_form": correction_form,
        "corrections": selectors.recent_corrections(10) if perms.can_view_corrections(request.user) else None,
        **_retrain_context(request.user),
    })


def _retrain_context(user) -> dict:
    """The retrain button, the last retrain job's progress bar and the recent runs (admin only)."""
    if not perms.can_retrain(user):
        return {}
    retrains = list(selectors.recent_retrains(5))
    for r in retrains:
        r.before_pct, r.after_pct = r.before_top1 * 100, r.after_top1 * 100
    return {"can_retrain": True, "job": selectors.last_retrain_job(), "retrains": retrains}


@login_required
@require_POST
def retrain(request):
    require(perms.can_retrain(request.user), _("只有部门管理员可以重训职业编码模型"))
    try:
        actions.start_retrain_job(request.user)
    except ValidationError as exc:
        for errs in exc.message_dict.values():
            for err in errs:
                messages.error(request, err)
    else:
        messages.success(request, _("重训已开始；进度见下方。"))
    return redirect("occupations:code")


@login_required
@require_POST
def correct(request):
    require(perms.can_correct(request.user), _("无权更正职业编码"))
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            actions.record_correction(request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errs in exc.message_dict.items():
                for err in errs:
                    form.add_error(field if field in form.fields else None, err)
        else:
            messages.success(request, _("已记录更正，下次重训时纳入。"))
            return redirect("occupations:code")
    return render(request, "occupations/code.html", {
        "form": CodeForm(), "why": None, "correction_form": form,
        "corrections": selectors.recent_corrections(10),
    }, status=422)
