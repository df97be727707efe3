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
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

import zhihui.regulation
from zhihui.core.errors import add_to_form
from zhihui.core.perms import require
from zhihui.core.roles import Role
from zhihui.core.workflow import history_of
from zhihui.registry.models import Organisation
from zhihui.regulation import actions, perms, selectors
from zhihui.regulation.actions import RegulationError
from zhihui.regulation.enums import (
    CampaignKind,
    CampaignMeasure,
    CampaignStatus,
    CollectiveContractKind,
    EntityScope,
    InspectionOutcome,
    LicenceKind,
    ListKind,
    ListStatus,
    MediationBodyKind,
    PlanStatus,
)
from zhihui.regulation.models import InspectionPlan, ListEntry
from zhihui.regulation.workflows import COLLECTIVE_CONTRACT, INSPECTION_PLAN, LIST_ENTRY


def _plan_or_404(request, number: str) -> InspectionPlan:
    try:
        return selectors.plan(number, include_drafts=perms.can_see_drafts(request.user))
    except InspectionPlan.DoesNotExist:
        raise Http404(_("没有这个抽查计划"))


def _field_error(form, exc: RegulationError) -> None:
    add_to_form(form, exc)


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
    history = history_of(plan.transitions)
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


# --- HR service agencies, credit and dishonesty lists -----------------------------------------


def _agency_or_404(uscc: str):
    try:
        return selectors.agency(uscc)
    except Organisation.DoesNotExist:
        raise Http404(_("没有这家人力资源服务机构"))


def agency_list(request):
    today = timezone.localdate()
    rows = list(selectors.agencies()[:500])
    for org in rows:
        org.licences_in_force = selectors.licences_in_force(org, today)
    listed = set(selectors.active_list_entries(today).values_list("organisation_id", flat=True))
    return render(request, "regulation/agencies.html", {"agencies": rows, "listed": listed})


class LicenceForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("类别"), choices=LicenceKind.choices)
    number = forms.CharField(label=gettext_lazy("证号"), max_length=40)
    scope = forms.CharField(label=gettext_lazy("服务范围"), max_length=500)
    issued_on = forms.DateField(label=gettext_lazy("发证/备案日期"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(label=gettext_lazy("有效期至"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ReportForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("报告年度"), min_value=2000, max_value=2100)
    people_served = forms.IntegerField(label=gettext_lazy("服务人次"), min_value=0)
    placements = forms.IntegerField(label=gettext_lazy("介绍成功人数"), min_value=0)
    employers_served = forms.IntegerField(label=gettext_lazy("服务单位数"), min_value=0)
    summary = forms.CharField(label=gettext_lazy("经营情况"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ListingForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("名单"), choices=ListKind.choices)
    reason = forms.CharField(label=gettext_lazy("列入事由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    basis = forms.CharField(label=gettext_lazy("法律依据"), max_length=300)


def agency_detail(request, uscc: str, forms_with_errors: dict | None = None):
    org = _agency_or_404(uscc)
    today = timezone.localdate()
    evaluation = org.credit_evaluations.order_by("-created_at", "-pk").first()
    may_see_items = perms.can_see_credit_items(request.user, org)
    if may_see_items and request.user.is_authenticated and not perms.is_own_organisation(request.user, org):
        actions.record_credit_view(request.user, org)
    context = {
        "org": org,
        "licences": org.hr_licences.all(),
        "in_force": selectors.licences_in_force(org, today),
        "reports": org.hr_annual_reports.all(),
        "evaluation": evaluation,
        "show_items": may_see_items,
        "history": org.credit_evaluations.order_by("-created_at", "-pk")[:10] if may_see_items else [],
        "entries": selectors.entries_for(request.user, org),
        "licence_form": LicenceForm() if perms.can_manage_agencies(request.user) else None,
        "report_form": ReportForm() if perms.can_report_for(request.user, org) else None,
        "listing_form": ListingForm() if LIST_ENTRY.role_may(LIST_ENTRY.get("propose"), request.user) else None,
    }
    context.update(forms_with_errors or {})
    return render(request, "regulation/agency_detail.html", context)


def _post_form(request, uscc, form_class, key, act):
    org = _agency_or_404(uscc)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            act(org, form.cleaned_data)
        except RegulationError as exc:
            _field_error(form, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("regulation:agency", uscc=org.uscc)
    return agency_detail(request, uscc, {key: form})


@login_required
@require_POST
def licence_new(request, uscc: str):
    require(perms.can_manage_agencies(request.user), _("只有窗口受理员或部门管理员可以登记许可"))
    return _post_form(request, uscc, LicenceForm, "licence_form",
                      lambda org, data: actions.record_licence(request.user, org, **data))


@login_required
@require_POST
def report_new(request, uscc: str):
    org = _agency_or_404(uscc)
    if not perms.can_report_for(request.user, org):
        raise Http404(_("没有这家人力资源服务机构"))
    return _post_form(request, uscc, ReportForm, "report_form",
                      lambda org, data: actions.submit_annual_report(request.user, org, **data))


@login_required
@require_POST
def listing_new(request, uscc: str):
    require(LIST_ENTRY.role_may(LIST_ENTRY.get("propose"), request.user), _("无权提出列入失信名单"))

    def act(org, data):
        entry = actions.propose_listing(request.user, org, **data)
        messages.info(request, _("已告知当事单位，陈述申辩截止 %(d)s") % {"d": entry.objection_due})

    return _post_form(request, uscc, ListingForm, "listing_form", act)


def list_public(request):
    return render(request, "regulation/lists.html", {
        "entries": selectors.active_list_entries(timezone.localdate())[:500],
    })


def _entry_or_404(request, pk: int) -> ListEntry:
    entry = ListEntry.objects.select_related("organisation").filter(pk=pk).first()
    if entry is None:
        raise Http404(_("没有这条名单记录"))
    public = entry.status in (ListStatus.LISTED, ListStatus.EXPIRED, ListStatus.REMOVED)
    if not public and not perms.can_see_credit_items(request.user, entry.organisation):
        raise Http404(_("没有这条名单记录"))
    return entry


def list_entry(request, pk: int):
    entry = _entry_or_404(request, pk)
    history = history_of(entry.transitions)
    staff = perms.can_see_credit_items(request.user, entry.organisation) and not perms.is_own_organisation(request.user, entry.organisation)
    return render(request, "regulation/list_entry.html", {
        "entry": entry,
        "buttons": [t for t in LIST_ENTRY.available(entry.status, request.user, history=history) if t.name != "expire"],
        "can_object": perms.is_own_organisation(request.user, entry.organisation) and entry.status == ListStatus.PROPOSED,
        "log": entry.transitions.select_related("actor") if staff else [],
        "show_objection": perms.can_see_credit_items(request.user, entry.organisation),
    })


@login_required
@require_POST
def list_take(request, pk: int, transition: str):
    entry = _entry_or_404(request, pk)
    reason = request.POST.get("reason", "")
    try:
        if transition == "list":
            actions.decide_listing(request.user, entry)
        elif transition == "withdraw":
            actions.withdraw_listing(request.user, entry, reason)
        elif transition == "remove_early":
            actions.remove_early(request.user, entry, reason)
        else:
            raise Http404(_("没有这个操作"))
    except RegulationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已完成：%(a)s") % {"a": LIST_ENTRY.get(transition).label})
    return redirect("regulation:list_entry", pk=entry.pk)


@login_required
@require_POST
def list_objection(request, pk: int):
    entry = _entry_or_404(request, pk)
    try:
        actions.state_objection(request.user, entry, request.POST.get("objection", ""))
    except RegulationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("陈述申辩意见已提交"))
    return redirect("regulation:list_entry", pk=entry.pk)


class MediationBodyForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("名称"), max_length=120)
    kind = forms.ChoiceField(label=gettext_lazy("类别"), choices=MediationBodyKind.choices)
    uscc = forms.CharField(label=gettext_lazy("所在单位统一社会信用代码（企业调解委员会）"), max_length=18, required=False)
    industry = forms.CharField(label=gettext_lazy("行业或区域（行业性、区域性组织）"), max_length=60, required=False)
    town_code = forms.CharField(label=gettext_lazy("所在镇/街道区划代码（乡镇、街道组织）"), max_length=12, required=False)
    address = forms.CharField(label=gettext_lazy("办公地址"), max_length=200)
    phone = forms.CharField(label=gettext_lazy("联系电话"), max_length=20)
    members = forms.IntegerField(label=gettext_lazy("调解员人数"), min_value=1, max_value=999)
    established_on = forms.DateField(label=gettext_lazy("成立日期"), widget=forms.DateInput(attrs={"type": "date"}))


def mediation_bodies(request):
    """The public register of labour-dispute mediation bodies; the office registers new ones here."""
    may_register = perms.can_manage_agencies(request.user)
    form = MediationBodyForm(request.POST or None) if may_register else None
    status = 200
    if request.method == "POST":
        require(may_register, _("只有窗口受理员或部门管理员可以登记调解组织"))
        if form.is_valid():
            data = form.cleaned_data
            org = None
            if data["uscc"]:
                org = Organisation.objects.filter(uscc=data["uscc"].strip().upper()).first()
                if org is None:
                    form.add_error("uscc", _("没有这个统一社会信用代码的单位"))
            if not form.errors:
                try:
                    body = actions.register_mediation_body(
                        request.user, name=data["name"], kind=data["kind"], address=data["address"], phone=data["phone"],
                        members=data["members"], established_on=data["established_on"], organisation=org,
                        industry=data["industry"], town_code=data["town_code"])
                except RegulationError as exc:
                    field = "uscc" if exc.field == "organisation" else exc.field
                    form.add_error(field if field in form.fields else None, str(exc))
                else:
                    messages.success(request, _("已登记：%(n)s") % {"n": body.name})
                    return redirect("regulation:mediation_bodies")
        status = 400
    kind = request.GET.get("kind", "")
    kind = kind if kind in MediationBodyKind.values else ""
    return render(request, "regulation/mediation_bodies.html", {
        "bodies": selectors.mediation_bodies(timezone.localdate(), kind)[:500], "kinds": MediationBodyKind.choices,
        "kind": kind, "form": form,
    }, status=status)


# --- Collective contracts (集体合同审查) ------------------------------------------------------


def _date_field(label, required=True):
    return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}))


def _org_by_uscc(form, field: str):
    code = (form.cleaned_data.get(field) or "").strip().upper()
    if not code:
        return None
    org = Organisation.objects.filter(uscc=code).first()
    if org is None:
        form.add_error(field, _("没有这个统一社会信用代码的单位"))
    return org


class CollectiveForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("类别"), choices=CollectiveContractKind.choices)
    uscc = forms.CharField(label=gettext_lazy("用人单位统一社会信用代码（企业、工资专项）"), max_length=18, required=False)
    industry = forms.CharField(label=gettext_lazy("行业或区域（行业性、区域性）"), max_length=60, required=False)
    employer_party = forms.CharField(label=gettext_lazy("用人单位方"), max_length=120)
    worker_party = forms.CharField(label=gettext_lazy("职工方（工会）"), max_length=120)
    workers_covered = forms.IntegerField(label=gettext_lazy("覆盖职工人数"), min_value=1)
    terms = forms.CharField(label=gettext_lazy("主要条款"), max_length=8000, widget=forms.Textarea(attrs={"rows": 4}))
    signed_on = _date_field(gettext_lazy("双方首席代表签字日期"))
    term_start = _date_field(gettext_lazy("期限自"))
    term_end = _date_field(gettext_lazy("期限至"))
    received_on = _date_field(gettext_lazy("收到文本日期"))


@login_required
def collective_contracts(request):
    """The filings of collective contracts: staff see all, an employer its own; the office
    records a filing here."""
    if not (perms.can_see_collective(request.user) or perms.has_role(request.user, Role.EMPLOYER)):
        raise PermissionDenied(_("只有用人单位和经办人员可以查看"))
    may_file = perms.can_manage_agencies(request.user)
    form = CollectiveForm(request.POST or None, initial={"received_on": timezone.localdate()}) if may_file else None
    status = 200
    if request.method == "POST":
        require(may_file, _("只有窗口受理员或部门管理员可以登记集体合同报送"))
        if form.is_valid():
            org = _org_by_uscc(form, "uscc")
            if not form.errors:
                data = {k: v for k, v in form.cleaned_data.items() if k != "uscc"}
                try:
                    contract = actions.file_collective_contract(request.user, organisation=org, **data)
                except RegulationError as exc:
                    field = "uscc" if exc.field == "organisation" else exc.field
                    form.add_error(field if field in form.fields else None, str(exc))
                else:
                    messages.success(request, _("已登记 %(n)s，审查期限至 %(d)s") % {"n": contract.number, "d": contract.review_due})
                    return redirect("regulation:collective", number=contract.number)
        status = 400
    rows = selectors.collective_contracts_for(request.user)[:500]
    return render(request, "regulation/collective_list.html", {"contracts": rows, "form": form,
                                                                "today": timezone.localdate()}, status=status)


def _contract_or_404(request, number: str):
    contract = selectors.collective_contracts_for(request.user).filter(number=number).first()
    if contract is None:
        raise Http404(_("没有这份集体合同"))
    return contract


@login_required
def collective_detail(request, number: str):
    contract = _contract_or_404(request, number)
    history = history_of(contract.transitions)
    buttons = [t for t in COLLECTIVE_CONTRACT.available(contract.status, request.user, history=history) if t.name != "lapse"]
    if contract.review_due < timezone.localdate():
        buttons = []
    return render(request, "regulation/collective_detail.html", {
        "contract": contract, "buttons": buttons, "log": contract.transitions.select_related("actor"),
    })


@login_required
@require_POST
def collective_take(request, number: str, transition: str):
    contract = _contract_or_404(request, number)
    try:
        if transition == "approve":
            actions.approve_collective_contract(request.user, contract)
        elif transition == "object":
            actions.object_collective_contract(request.user, contract, request.POST.get("reason", ""))
        else:
            raise Http404(_("没有这个操作"))
    except RegulationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已完成：%(a)s") % {"a": COLLECTIVE_CONTRACT.get(transition).label})
    return redirect("regulation:collective", number=contract.number)


# --- Campaigns and model agencies ----------------------------------------------------------------


class CampaignForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("活动名称"), max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("类别"), choices=CampaignKind.choices)
    period_start = _date_field(gettext_lazy("期间自"))
    period_end = _date_field(gettext_lazy("期间至"))
    matters = forms.CharField(label=gettext_lazy("重点内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class FindingForm(forms.Form):
    party_name = forms.CharField(label=gettext_lazy("当事方名称"), max_length=120)
    uscc = forms.CharField(label=gettext_lazy("统一社会信用代码（已登记的）"), max_length=18, required=False)
    address = forms.CharField(label=gettext_lazy("经营地址"), max_length=200)
    finding = forms.CharField(label=gettext_lazy("查实问题"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    measure = forms.ChoiceField(label=gettext_lazy("处理措施"), choices=CampaignMeasure.choices)
    found_on = _date_field(gettext_lazy("查处日期"))


class ModelForm(forms.Form):
    uscc = forms.CharField(label=gettext_lazy("机构统一社会信用代码"), max_length=18)


def campaigns(request):
    """Campaigns and the model agencies (public); administrators open a campaign here."""
    may_open = perms.can_manage_plans(request.user)
    form = CampaignForm(request.POST or None) if may_open else None
    status = 200
    if request.method == "POST":
        require(may_open, _("只有部门管理员可以发起专项活动"))
        if form.is_valid():
            try:
                campaign = actions.open_campaign(request.user, **form.cleaned_data)
            except RegulationError as exc:
                _field_error(form, exc)
            else:
                messages.success(request, _("已发起：%(t)s") % {"t": campaign.title})
                return redirect("regulation:campaign", pk=campaign.pk)
        status = 400
    today = timezone.localdate()
    return render(request, "regulation/campaigns.html", {
        "campaigns": selectors.campaigns()[:200], "models": selectors.model_agencies(today), "form": form,
    }, status=status)


def campaign_detail(request, pk: int, forms_with_errors: dict | None = None, status: int = 200):
    from zhihui.regulation.models import Campaign

    campaign = Campaign.objects.filter(pk=pk).first()
    if campaign is None:
        raise Http404(_("没有这个专项活动"))
    running = campaign.status == CampaignStatus.RUNNING
    staff = perms.can_manage_agencies(request.user) or perms.can_see_collective(request.user)
    context = {
        "campaign": campaign,
        "findings": campaign.findings.select_related("organisation") if staff else [],
        "counts": {"all": campaign.findings.count(), "unlicensed": campaign.findings.filter(unlicensed=True).count()},
        "honours": campaign.models.select_related("organisation"),
        "plans": campaign.plans.filter(status__in=selectors.PUBLIC_STATUSES),
        "finding_form": FindingForm() if running and campaign.kind == CampaignKind.CLEAN_UP and perms.can_manage_agencies(request.user) else None,
        "model_form": ModelForm() if running and campaign.kind == CampaignKind.INTEGRITY and perms.can_manage_plans(request.user) else None,
        "can_close": running and perms.can_manage_plans(request.user),
    }
    context.update(forms_with_errors or {})
    return render(request, "regulation/campaign_detail.html", context, status=status)


@login_required
@require_POST
def campaign_act(request, pk: int, what: str):
    from zhihui.regulation.models import Campaign

    campaign = Campaign.objects.filter(pk=pk).first()
    if campaign is None:
        raise Http404(_("没有这个专项活动"))
    if what == "close":
        try:
            actions.close_campaign(request.user, campaign, request.POST.get("reason", ""))
        except RegulationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("活动已结束"))
        return redirect("regulation:campaign", pk=pk)
    if what == "finding":
        form, key = FindingForm(request.POST), "finding_form"
        require(perms.can_manage_agencies(request.user), _("只有窗口受理员或部门管理员可以登记查处情况"))
    elif what == "model":
        form, key = ModelForm(request.POST), "model_form"
        require(perms.can_manage_plans(request.user), _("只有部门管理员可以命名诚信服务示范机构"))
    else:
        raise Http404(_("没有这个操作"))
    if form.is_valid():
        org = _org_by_uscc(form, "uscc")
        if what == "model" and org is None and not form.errors:
            form.add_error("uscc", _("请填写统一社会信用代码"))
        if not form.errors:
            try:
                if what == "finding":
                    data = {k: v for k, v in form.cleaned_data.items() if k != "uscc"}
                    actions.record_finding(request.user, campaign, organisation=org, **data)
                else:
                    actions.name_model_agency(request.user, campaign, org)
            except RegulationError as exc:
                field = "uscc" if exc.field in ("organisation", "grade", "list") else exc.field
                form.add_error(field if field in form.fields else None, str(exc))
            else:
                messages.success(request, _("已保存"))
                return redirect("regulation:campaign", pk=pk)
    return campaign_detail(request, pk, {key: form}, status=400)


# --- Labour dispatch (劳务派遣用工比例) --------------------------------------------------------


class DispatchForm(forms.Form):
    uscc = forms.CharField(label=gettext_lazy("用工单位统一社会信用代码"), max_length=18, required=False)
    dispatch_uscc = forms.CharField(label=gettext_lazy("劳务派遣单位统一社会信用代码"), max_length=18, required=False)
    as_of = _date_field(gettext_lazy("统计日期"))
    contract_employees = forms.IntegerField(label=gettext_lazy("订立劳动合同人数"), min_value=0)
    dispatched_workers = forms.IntegerField(label=gettext_lazy("使用被派遣劳动者人数"), min_value=0)


@login_required
def dispatch(request):
    """Staff: every user firm's latest headcount, over-cap firms first. A firm: its own, and the
    form to report (the office may report for a firm)."""
    user = request.user
    staff = perms.can_see_dispatch(user)
    own = user.organisation if getattr(user, "organisation_id", None) and perms.is_own_organisation(user, user.organisation) else None
    if not staff and own is None:
        raise PermissionDenied(_("只有用工单位和经办人员可以查看"))
    may_report = own is not None or perms.can_manage_agencies(user)
    form = DispatchForm(request.POST or None, initial={"as_of": timezone.localdate()}) if may_report else None
    status = 200
    if request.method == "POST":
        require(may_report, _("只能报送本单位的用工情况"))
        if form.is_valid():
            org = own if own is not None and not perms.can_manage_agencies(user) else _org_by_uscc(form, "uscc")
            if org is None and not form.errors:
                form.add_error("uscc", _("请填写统一社会信用代码"))
            firm = _org_by_uscc(form, "dispatch_uscc")
            if not form.errors:
                try:
                    report = actions.report_dispatch(
                        user, org, as_of=form.cleaned_data["as_of"], dispatch_firm=firm,
                        contract_employees=form.cleaned_data["contract_employees"],
                        dispatched_workers=form.cleaned_data["dispatched_workers"])
                except RegulationError as exc:
                    field = {"dispatch_firm": "dispatch_uscc"}.get(exc.field, exc.field)
                    form.add_error(field if field in form.fields else None, str(exc))
                else:
                    alert = selectors.dispatch_check(report)
                    (messages.warning if alert else messages.success)(
                        request, "；".join(alert.reasons) if alert else _("已报送，被派遣劳动者比例符合规定"))
                    return redirect("regulation:dispatch")
        status = 400
    today = timezone.localdate()
    reports = selectors.latest_dispatch_reports(today, None if staff else own)
    rows = [(r, selectors.dispatch_check(r)) for r in reports]
    rows.sort(key=lambda x: (x[1] is None, x[0].organisation.name))
    return render(request, "regulation/dispatch.html", {
        "rows": rows, "form": form, "ask_uscc": perms.can_manage_agencies(user) or own is None,
        "max_share_pct": f'{selectors.value("regulation", "dispatch.max_share", today):.0%}',
    }, status=status)


# --- New-form workers' covers (新就业形态劳动者参保) -----------------------------------------


class CoverForm(forms.Form):
    uscc = forms.CharField(label=gettext_lazy("平台企业统一社会信用代码"), max_length=18, required=False)
    month = forms.DateField(label=gettext_lazy("所属月份（任一日）"), widget=forms.DateInput(attrs={"type": "date"}))
    file = forms.FileField(label=gettext_lazy("参保情况 CSV"))


@login_required
def covers(request):
    user = request.user
    staff = perms.can_see_covers(user)
    own = user.organisation if getattr(user, "organisation_id", None) and perms.is_own_organisation(user, user.organisation) else None
    if not staff and own is None:
        raise PermissionDenied(_("只有平台企业和经办人员可以查看"))
    may_import = own is not None or perms.can_manage_agencies(user)
    form = CoverForm(request.POST or None, request.FILES or None) if may_import else None
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        require(may_import, _("只能报送本平台企业的劳动者参保情况"))
        if form.is_valid():
            platform = own if own is not None and not perms.can_manage_agencies(user) else _org_by_uscc(form, "uscc")
            if platform is None and not form.errors:
                form.add_error("uscc", _("请填写统一社会信用代码"))
            upload = form.cleaned_data.get("file")
            if upload is not None and upload.size > 5 * 1024 * 1024:
                form.add_error("file", _("文件不得超过 5 MB"))
            if not form.errors:
                try:
                    ret = actions.import_cover_return(user, platform, month=form.cleaned_data["month"],
                                                      data=upload.read(), commit=True)
                except RegulationError as exc:
                    if exc.field == "file":
                        errors = str(exc).split("；")
                    form.add_error(exc.field if exc.field in form.fields else None, str(exc) if exc.field != "file" else _("文件有错误，未导入（见下）"))
                else:
                    messages.success(request, _("已导入 %(n)s 人") % {"n": ret.workers})
                    return redirect("regulation:cover_return", pk=ret.pk)
        status = 400
    qs = selectors.cover_returns()
    if not staff:
        qs = qs.filter(platform=own)
    return render(request, "regulation/covers.html", {
        "returns": qs[:300], "form": form, "file_errors": errors, "headers": actions.COVER_HEADERS,
        "ask_uscc": perms.can_manage_agencies(user) or own is None,
    }, status=status)


@login_required
def cover_return(request, pk: int):
    ret = selectors.cover_returns().filter(pk=pk).first()
    if ret is None or not perms.can_see_covers(request.user, ret.platform):
        raise Http404(_("没有这份参保情况"))
    if not perms.is_own_organisation(request.user, ret.platform):
        actions.record_cover_view(request.user, ret)
    return render(request, "regulation/cover_return.html", {"ret": ret, "gaps": selectors.cover_gaps(ret)[:1000]})
