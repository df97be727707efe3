"""Pages of random inspections (双随机、一公开).

Public (no login): published plans, their pools, seed, result and the stand-alone verifier,
so anyone can recompute a draw. Staff: plans drawn up and taken through the workflow table
(buttons come from `INSPECTION_PLAN.available`), inspectors record what they found.
Writes go through zhihui.regulation.actions.
"""

from __future__ import annotations

import json
import pathlib

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

import zhihui.regulation
from zhihui.core.perms import require
from zhihui.regulation import actions, perms, selectors
from zhihui.regulation.actions import RegulationError
from zhihui.regulation.enums import EntityScope, InspectionOutcome, PlanStatus
from zhihui.regulation.models import InspectionPlan
from zhihui.regulation.workflows import INSPECTION_PLAN


def _plan_or_404(request, number: str) -> InspectionPlan:
    try:
        return selectors.plan(number, include_drafts=perms.can_see_drafts(request.user))
    except InspectionPlan.DoesNotExist:
        raise Http404(_("没有这个抽查计划"))


def _field_error(form, exc: RegulationError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc))


def plan_list(request):
    include_drafts = perms.can_see_drafts(request.user)
    plans = selectors.plans_for(request.user, include_drafts).order_by("-created_at")[:200]
    return render(request, "regulation/plans.html", {
        "plans": plans, "can_manage": perms.can_manage_plans(request.user),
    })


class PlanForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("计划名称"), max_length=200)
    scope = forms.ChoiceField(label=gettext_lazy("检查对象范围"), choices=EntityScope.choices)
    matters = forms.CharField(label=gettext_lazy("检查事项"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    period_start = forms.DateField(label=gettext_lazy("检查期间自"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=gettext_lazy("检查期间至"), widget=forms.DateInput(attrs={"type": "date"}))
    entities_to_draw = forms.IntegerField(label=gettext_lazy("抽取检查对象数"), min_value=1, max_value=10000)
    inspectors_per_entity = forms.IntegerField(label=gettext_lazy("每户检查人员数"), min_value=1, max_value=10, initial=2)
    seed_source = forms.CharField(label=gettext_lazy("随机种子来源（事先公布）"), max_length=300)


@login_required
def plan_new(request):
    require(perms.can_manage_plans(request.user), _("只有部门管理员可以制定抽查计划"))
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = actions.create_plan(request.user, **form.cleaned_data)
        except RegulationError as exc:
            _field_error(form, exc)
        else:
            messages.success(request, _("已创建抽查计划 %(n)s") % {"n": plan.number})
            return redirect("regulation:plan", number=plan.number)
    return render(request, "regulation/plan_new.html", {"form": form})


def plan_detail(request, number: str):
    plan = _plan_or_404(request, number)
    records = list(selectors.records(plan)) if plan.status != PlanStatus.DRAFT else []
    history = {}
    for name, actor_id in plan.transitions.values_list("name", "actor_id"):
        history.setdefault(name, set()).add(actor_id)
    buttons = INSPECTION_PLAN.available(plan.status, request.user, history=history)
    results_public = plan.status == PlanStatus.RESULTS_PUBLISHED
    profile = getattr(request.user, "inspector_profile", None) if request.user.is_authenticated else None
    for r in records:
        r.can_record = plan.status == PlanStatus.DRAWN and perms.can_record(request.user, r)
        r.show_findings = results_public or perms.can_see_drafts(request.user) or r.can_record
    return render(request, "regulation/plan_detail.html", {
        "plan": plan,
        "records": records,
        "buttons": buttons,
        "counts": _labelled_counts(plan) if records else [],
        "results_public": results_public,
        "is_inspector": profile is not None,
        "log": plan.transitions.select_related("actor").all() if perms.can_see_drafts(request.user) else [],
        "verify_command": (
            f'python3 verify_draw.py "{plan.seed}" {plan.entities_to_draw} {plan.inspectors_per_entity} '
            f"entity-pool.jsonl inspector-pool.jsonl"
        ) if plan.seed else "",
    })


def _labelled_counts(plan) -> list[tuple[str, int]]:
    counts = selectors.outcome_counts(plan)
    return [(label, counts[value]) for value, label in InspectionOutcome.choices if counts[value]]


def pool_file(request, number: str, which: str):
    plan = _plan_or_404(request, number)
    data = plan.entity_pool if which == "entity" else plan.inspector_pool
    if data is None:
        raise Http404(_("名录库尚未公示"))
    response = HttpResponse(bytes(data), content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{plan.number}-{which}-pool.jsonl"'
    return response


def result_file(request, number: str):
    plan = _plan_or_404(request, number)
    if plan.result is None:
        raise Http404(_("尚未抽取"))
    response = HttpResponse(json.dumps(plan.result, ensure_ascii=False) + "\n", content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{plan.number}-result.json"'
    return response


def verifier(request):
    path = pathlib.Path(zhihui.regulation.__file__).with_name("verify_draw.py")
    response = HttpResponse(path.read_bytes(), content_type="text/x-python; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="verify_draw.py"'
    return response


@login_required
@require_POST
def take(request, number: str, transition: str):
    plan = _plan_or_404(request, number)
    try:
        if transition == "publish_pools":
            actions.publish_pools(request.user, plan)
        elif transition == "draw":
            actions.draw(request.user, plan, request.POST.get("seed", ""))
        elif transition == "publish_results":
            actions.publish_results(request.user, plan)
        elif transition == "cancel":
            actions.cancel(request.user, plan, request.POST.get("reason", ""))
        else:
            raise Http404(_("没有这个操作"))
    except RegulationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已完成：%(a)s") % {"a": INSPECTION_PLAN.get(transition).label})
    return redirect("regulation:plan", number=plan.number)


class RecordForm(forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("检查结果"),
                                choices=[c for c in InspectionOutcome.choices if c[0] != InspectionOutcome.PENDING])
    inspected_on = forms.DateField(label=gettext_lazy("检查日期"), widget=forms.DateInput(attrs={"type": "date"}))
    findings = forms.CharField(label=gettext_lazy("检查情况"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    correction_order = forms.CharField(label=gettext_lazy("责令改正事项"), max_length=2000, required=False,
                                       widget=forms.Textarea(attrs={"rows": 2}))
    correction_due = forms.DateField(label=gettext_lazy("改正期限"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    penalty = forms.CharField(label=gettext_lazy("处罚决定"), max_length=500, required=False)


@login_required
def record_edit(request, number: str, rank: int):
    plan = _plan_or_404(request, number)
    record = plan.records.select_related("organisation").filter(draw_rank=rank).first()
    if record is None or not perms.can_record(request.user, record):
        raise Http404(_("没有这条检查记录"))
    form = RecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_inspection(request.user, record, **form.cleaned_data)
        except RegulationError as exc:
            _field_error(form, exc)
        else:
            messages.success(request, _("已录入 %(org)s 的检查结果") % {"org": record.organisation.name})
            return redirect("regulation:plan", number=plan.number)
    return render(request, "regulation/record.html", {"plan": plan, "record": record, "form": form})


@login_required
def my_inspections(request):
    return render(request, "regulation/mine.html", {"records": selectors.my_records(request.user)[:200]})
