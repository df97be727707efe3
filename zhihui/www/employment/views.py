"""Pages of employment services (就业实名制): the statistics page, a person's employment file
(clerks record status events there), the citizen's own file, and imports with a preview.
Writes go through zhihui.employment.actions; reads through selectors."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhihui.core.errors import add_to_form
from zhihui.core.perms import require
from zhihui.employment import actions, help_chain, perms, selectors
from zhihui.employment.actions import EmploymentInputError, ImportRejected
from zhihui.employment.enums import (
    SELF_DECLARABLE,
    Channel,
    ContractType,
    ImportState,
    StatusKind,
    UnemploymentReason,
)
from zhihui.employment.importing import template_csv
from zhihui.employment.models import ImportBatch, StatusEvent
from zhihui.registry.models import Person

BLANK = [("", "—")]


def _int(value) -> int:
    """A posted id: a number, or 0 (no object) — never a 500 on a bad value."""
    try:
        return int(str(value or "0").strip())
    except ValueError:
        return 0


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("就业状态"), choices=StatusKind.choices)
    effective_on = forms.DateField(label=gettext_lazy("生效日期"), widget=forms.DateInput(attrs={"type": "date"}))
    employer = forms.CharField(label=gettext_lazy("用人单位统一社会信用代码"), max_length=18, required=False)
    employer_name = forms.CharField(label=gettext_lazy("用人单位名称"), max_length=200, required=False)
    occupation = forms.CharField(label=gettext_lazy("职业代码(职业分类大典)"), max_length=20, required=False)
    industry = forms.CharField(label=gettext_lazy("行业代码(GB/T 4754)"), max_length=8, required=False)
    contract_type = forms.ChoiceField(label=gettext_lazy("劳动合同类型"), choices=BLANK + list(ContractType.choices),
                                      required=False)
    contract_end = forms.DateField(label=gettext_lazy("合同到期日"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))
    unemployment_reason = forms.ChoiceField(label=gettext_lazy("失业原因"),
                                            choices=BLANK + list(UnemploymentReason.choices), required=False)
    urban = forms.BooleanField(label=gettext_lazy("城镇就业"), required=False, initial=True)
    rural_transfer = forms.BooleanField(label=gettext_lazy("农村劳动力转移就业"), required=False)
    note = forms.CharField(label=gettext_lazy("备注"), max_length=200, required=False)

    def __init__(self, *args, self_service: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if self_service:
            self.fields["kind"].choices = [c for c in StatusKind.choices if c[0] in SELF_DECLARABLE]
            for f in ("unemployment_reason", "rural_transfer"):
                del self.fields[f]


def _save(request, form, person, *, channel, corrects=None):
    """Record the form's event; field errors of the action go back onto the form."""
    data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    data.setdefault("urban", False)
    try:
        return actions.record_event(request.user, person, channel=channel, corrects=corrects, **data)
    except EmploymentInputError as e:
        form.add_error(e.field if e.field in form.fields else None, e.message)
        return None


@login_required
def index(request):
    require(perms.can_see_statistics(request.user), _("无权查看就业统计"))
    from zhihui.employment.actions import today

    try:
        year = int(request.GET.get("year") or today().year)
    except ValueError:
        year = today().year
    year = min(max(year, 2000), 2100)
    counts = selectors.indicators(year)
    rows = [{"key": k, "label": label, "value": counts[k]} for k, label in selectors.INDICATORS.items()]
    stats = selectors.monthly_statistics(year)
    target, target_label = selectors.yearly_target("T1-19")

    def line(title, name, data, kind="line", extra=None):
        opt = {"title": {"text": str(title), "textStyle": {"fontSize": 14}}, "tooltip": {"trigger": "axis"},
               "grid": {"left": 48, "right": 16, "top": 40, "bottom": 40},
               "xAxis": {"type": "category", "data": stats["months"]}, "yAxis": {"type": "value", "minInterval": 1},
               "series": [{"name": str(name), "type": kind, "data": data}]}
        if extra:
            opt["series"][0].update(extra)
        return opt

    charts = {
        "emp-unemployed": line(_("登记失业人员（月末）"), _("登记失业"), stats["registered_unemployed"]),
        "emp-new-urban": line(_("城镇新就业（累计，未扣自然减员）"), _("累计"), stats["new_urban_cumulative"],
                              extra={"markLine": {"data": [{"yAxis": round(target), "name": str(_("年度目标"))}]}}
                              if target else None),
        "emp-by-town": {"title": {"text": str(_("年末登记失业人员（按镇/街道）")), "textStyle": {"fontSize": 14}},
                        "tooltip": {}, "grid": {"left": 48, "right": 16, "top": 40, "bottom": 80},
                        "xAxis": {"type": "category", "data": list(stats["by_town"]), "axisLabel": {"rotate": 45}},
                        "yAxis": {"type": "value", "minInterval": 1},
                        "series": [{"type": "bar", "name": str(_("登记失业")), "data": list(stats["by_town"].values())}]},
        "emp-headcount": line(_("监测企业在岗人数合计"), _("在岗人数"), stats["monitored_headcount"]),
    }
    return render(request, "employment/index.html", {"year": year, "rows": rows, "charts": charts,
                                                     "target": target, "target_label": target_label,
                                                     "can_import": perms.can_import(request.user),
                                                     # the index's buttons only where they lead somewhere (a leader got a 403)
                                                     "can_see_households": True,
                                                     "can_see_cases": perms.can_see_cases(request.user)})


@login_required
def person_file(request, pk: int):
    person = get_object_or_404(Person, pk=pk)
    if not perms.can_view_file(request.user, person):
        raise Http404
    can_record = perms.can_record(request.user)
    form = EventForm(request.POST or None) if can_record else None
    if request.method == "POST":
        require(can_record, _("无权录入就业状态"))
        if form.is_valid() and _save(request, form, person, channel=Channel.WINDOW):
            messages.success(request, _("已记录就业状态"))
            return redirect("employment:person_file", pk=person.pk)
    actions.record_file_view(request.user, person, channel="web")
    return render(request, "employment/person_file.html", {
        "person": person, "events": selectors.history(person), "form": form, "can_record": can_record,
        "recognitions": selectors.difficulty_recognitions(person), "own": False,
        "can_open_case": perms.can_open_case(request.user, None), "chain": help_chain.chain(person, actions.today()),
        "groups": person.key_groups.select_related("recorded_by", "verified_by"),
        "cases": selectors.visible_cases(request.user).filter(person=person)})


@login_required
def my_file(request):
    person = request.user.person
    if person is None or not perms.is_self(request.user, person):
        raise Http404
    form = EventForm(request.POST or None, self_service=True)
    if request.method == "POST" and form.is_valid() and _save(request, form, person, channel=Channel.SELF):
        messages.success(request, _("已提交就业状态申报"))
        return redirect("employment:my_file")
    actions.record_file_view(request.user, person, channel="web")
    return render(request, "employment/person_file.html", {
        "person": person, "events": selectors.history(person), "form": form, "can_record": True,
        "recognitions": selectors.difficulty_recognitions(person), "own": True,
        "chain": help_chain.chain(person, actions.today()), "cases": selectors.visible_cases(request.user),
        "groups": person.key_groups.all()})


@login_required
def correct(request, pk: int):
    event = get_object_or_404(StatusEvent.objects.select_related("person", "employer", "occupation", "industry"), pk=pk)
    if not perms.can_view_file(request.user, event.person):
        raise Http404
    require(perms.can_record(request.user), _("无权录入就业状态"))
    if hasattr(event, "corrected_by"):
        messages.error(request, _("此记录已被更正过"))
        return redirect("employment:person_file", pk=event.person_id)
    initial = {"kind": event.kind, "effective_on": event.effective_on, "employer": event.employer.uscc if event.employer_id else "",
               "employer_name": event.employer_name, "occupation": event.occupation.code if event.occupation_id else "",
               "industry": event.industry.code if event.industry_id else "", "contract_type": event.contract_type,
               "contract_end": event.contract_end, "unemployment_reason": event.unemployment_reason,
               "urban": event.urban, "rural_transfer": event.rural_transfer, "note": event.note}
    form = EventForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and _save(request, form, event.person, channel=Channel.WINDOW,
                                                              corrects=event):
        messages.success(request, _("已更正：原记录保留并标记为已更正"))
        return redirect("employment:person_file", pk=event.person_id)
    return render(request, "employment/correct.html", {"event": event, "form": form})


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("文件(CSV 或 Excel .xlsx)"))


MAX_IMPORT_BYTES = 10 * 1024 * 1024  # status events and monthly reports alike


def _preview_upload(request, form, preview, batch_route):
    """Read a posted file into a preview batch (`preview(user, name, data)`): a redirect to the
    batch, or (None, the file's row/column errors); a file too big is a form error."""
    if request.method != "POST" or not form.is_valid():
        return None, None
    f = form.cleaned_data["file"]
    if f.size > MAX_IMPORT_BYTES:
        form.add_error("file", _("文件超过10MB"))
        return None, None
    try:
        batch = preview(request.user, f.name, f.read())
    except ImportRejected as e:
        return None, e.errors
    return redirect(batch_route, pk=batch.pk), None


@login_required
def import_upload(request):
    require(perms.can_import(request.user), _("无权导入就业状态"))
    form = UploadForm(request.POST or None, request.FILES or None)
    done, errors = _preview_upload(request, form, actions.preview_import, "employment:import_batch")
    if done:
        return done
    return render(request, "employment/import.html", {"form": form, "errors": errors,
                                                      "batches": selectors.import_batches("status", request.user)[:20]})


@login_required
def import_template(request):
    require(perms.can_import(request.user), _("无权导入就业状态"))
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="employment-status-template.csv"'
    return response


@login_required
def import_batch(request, pk: int):
    require(perms.can_import(request.user), _("无权导入就业状态"))
    batch = get_object_or_404(ImportBatch, pk=pk, kind="status")
    if not perms.can_handle_batch(request.user, batch):
        raise Http404  # a town clerk sees only the batches they uploaded
    errors = None
    if request.method == "POST":
        try:
            if request.POST.get("decision") == "commit":
                n = actions.commit_import(request.user, batch)
                messages.success(request, _("已导入 %(n)d 条就业状态") % {"n": n})
            else:
                actions.discard_import(request.user, batch)
                messages.info(request, _("已放弃此批次"))
            return redirect("employment:import_batch", pk=batch.pk)
        except ImportRejected as e:
            errors = e.errors
        except EmploymentInputError as e:
            messages.error(request, e.message)
        batch.refresh_from_db()
    labels = dict(StatusKind.choices)
    rows = [{**r, "kind_label": labels.get(r["kind"], r["kind"])} for r in batch.rows[:500]]
    return render(request, "employment/import_batch.html", {
        "batch": batch, "rows": rows, "errors": errors, "is_preview": batch.state == ImportState.PREVIEW})


# --- zero-employment households ---------------------------------------------------------------

@login_required
def zero_households(request):
    require(perms.can_see_cases(request.user) or perms.can_see_statistics(request.user), _("无权查看"))
    from zhihui.employment.enums import ZeroHouseholdState

    if request.method == "POST":
        require(perms.can_sweep(request.user), _("无权发起零就业家庭筛查"))
        job = actions.start_sweep(request.user, actions.today())
        return redirect("job_progress", job_id=job.pk)
    state = request.GET.get("state") or ZeroHouseholdState.OPEN
    if state not in ZeroHouseholdState.values:
        state = ZeroHouseholdState.OPEN
    records = selectors.zero_households(request.user, state)[:200]
    runs = selectors.sweep_series()
    chart = {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 40, "right": 16, "top": 30, "bottom": 40},
        "legend": {"data": [str(_("待清零户数")), str(_("新发现")), str(_("已清零"))]},
        "xAxis": {"type": "category", "data": [r.as_of.isoformat() for r in runs]},
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [
            {"name": str(_("待清零户数")), "type": "line", "data": [r.open_after for r in runs]},
            {"name": str(_("新发现")), "type": "bar", "data": [r.found for r in runs]},
            {"name": str(_("已清零")), "type": "bar", "data": [r.cleared for r in runs]},
        ],
    }
    return render(request, "employment/zero_households.html", {
        "records": records, "state": state, "states": ZeroHouseholdState.choices, "chart": chart,
        "last": runs[-1] if runs else None, "can_sweep": perms.can_sweep(request.user),
        "today": actions.today()})


# --- assistance cases -------------------------------------------------------------------------

@login_required
def cases(request):
    require(perms.can_see_cases(request.user), _("无权查看援助个案"))
    from zhihui.employment.enums import CaseState

    state = request.GET.get("state", "")
    qs = selectors.visible_cases(request.user)
    if state in CaseState.values:
        qs = qs.filter(state=state)
    return render(request, "employment/cases.html", {
        "cases": qs[:200], "state": state, "states": CaseState.choices,
        "loads": selectors.caseloads(request.user), "town": perms.town_of(request.user),
        "today": actions.today()})


class OpenCaseForm(forms.Form):
    from zhihui.employment.enums import CaseSource as _CaseSource

    source = forms.ChoiceField(label=gettext_lazy("帮扶对象类别"), choices=_CaseSource.choices)
    needs = forms.CharField(label=gettext_lazy("帮扶需求"), max_length=300, required=False)


@login_required
def open_case(request, pk: int):
    person = get_object_or_404(Person, pk=pk)
    if not perms.can_view_file(request.user, person):
        raise Http404
    # the form too is only for those who may open a case (issue 12 role matrix: a citizen and a
    # reviewer were shown it for a file they may read)
    require(perms.can_open_case(request.user, None), _("无权建立援助个案"))
    form = OpenCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = actions.open_case(request.user, person, **form.cleaned_data)
            messages.success(request, _("已建档"))
            return redirect("employment:case", pk=case.pk)
        except EmploymentInputError as e:
            form.add_error(e.field if e.field in form.fields else None, e.message)
    return render(request, "employment/open_case.html", {"person": person, "form": form})


class ServiceForm(forms.Form):
    from zhihui.employment.enums import ServiceKind as _ServiceKind

    kind = forms.ChoiceField(label=gettext_lazy("帮扶措施"), choices=_ServiceKind.choices)
    detail = forms.CharField(label=gettext_lazy("内容"), max_length=200)
    starts_on = forms.DateField(label=gettext_lazy("开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=gettext_lazy("结束日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    monthly_subsidy = forms.DecimalField(label=gettext_lazy("月补贴(元)"), required=False, max_digits=10, decimal_places=2)


class StepForm(forms.Form):
    from zhihui.employment.enums import CaseOutcome as _CaseOutcome

    note = forms.CharField(label=gettext_lazy("情况说明"), max_length=300, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    outcome = forms.ChoiceField(label=gettext_lazy("帮扶结果"), choices=BLANK + list(_CaseOutcome.choices), required=False)


def _case_or_404(request, pk):
    from zhihui.employment.models import AssistanceCase

    case = get_object_or_404(AssistanceCase.objects.select_related("person", "division", "clerk"), pk=pk)
    if not perms.can_see_case(request.user, case):
        raise Http404
    return case


@login_required
def case_detail(request, pk: int):
    from zhihui.core.workflow import TransitionNotAllowed
    from zhihui.employment.workflows import CASE_WORKFLOW

    case = _case_or_404(request, pk)
    service_form = ServiceForm(request.POST or None, prefix="s")
    step_form = StepForm(request.POST or None)
    if request.method == "POST":
        step = request.POST.get("step", "")
        try:
            if step == "plan":
                if service_form.is_valid():
                    actions.plan_case(request.user, case, services=[service_form.cleaned_data],
                                      note=request.POST.get("note", ""))
                    messages.success(request, _("已制定帮扶计划"))
                    return redirect("employment:case", pk=case.pk)
            elif step in ("follow_up", "close", "reopen") and step_form.is_valid():
                d = step_form.cleaned_data
                if step == "follow_up":
                    actions.follow_up(request.user, case, note=d["note"])
                elif step == "close":
                    actions.close_case(request.user, case, outcome=d["outcome"], note=d["note"])
                else:
                    actions.reopen_case(request.user, case, reason=d["note"])
                messages.success(request, _("已保存"))
                return redirect("employment:case", pk=case.pk)
        except EmploymentInputError as e:
            field = e.field.split(".")[-1] if e.field.startswith("services[") else e.field
            target = service_form if step == "plan" else step_form
            target.add_error(field if field in target.fields else None, e.message)
        except TransitionNotAllowed as e:
            target = service_form if step == "plan" else step_form
            target.add_error("note" if e.field == "reason" and "note" in target.fields else None, e.message)
    actions.record_case_view(request.user, case)
    available = CASE_WORKFLOW.available(case.state, request.user, history=selectors.case_history(case))
    return render(request, "employment/case.html", {
        "case": case, "services": case.services.all(),
        "log": [(t, CASE_WORKFLOW.get(t.name).label)
                for t in case.transitions.select_related("actor")],
        "available": [t.name for t in available], "labels": {t.name: t.label for t in available},
        "service_form": service_form, "step_form": step_form, "overdue": case.next_follow_up and case.next_follow_up < actions.today()})


# --- enterprise monitoring and early warning --------------------------------------------------

class ReportForm(forms.Form):
    month = forms.CharField(label=gettext_lazy("月份(YYYY-MM)"), max_length=7,
                            widget=forms.TextInput(attrs={"type": "month"}))
    headcount = forms.IntegerField(label=gettext_lazy("月末在岗人数"), min_value=0)
    hires = forms.IntegerField(label=gettext_lazy("本月新招用"), min_value=0)
    separations = forms.IntegerField(label=gettext_lazy("本月减员"), min_value=0)
    vacancies = forms.IntegerField(label=gettext_lazy("岗位空缺"), min_value=0)
    planned_layoffs = forms.IntegerField(label=gettext_lazy("计划裁员人数"), min_value=0, required=False)


@login_required
def employer_report(request):
    """An employer's own monthly report (网上填报) and its reports so far."""
    from zhihui.employment.models import MonitoredEnterprise

    org = getattr(request.user, "organisation", None)
    if org is None or not perms.is_enterprise_user(request.user, org):
        raise Http404
    enterprise = MonitoredEnterprise.objects.filter(organisation=org, active=True).first()
    if enterprise is None:
        return render(request, "employment/employer_report.html", {"enterprise": None})
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _report, raised = actions.submit_report(request.user, enterprise, channel="form", **form.cleaned_data)
            messages.success(request, _("月报已报送"))
            return redirect("employment:employer_report")
        except EmploymentInputError as e:
            form.add_error(e.field if e.field in form.fields else None, e.message)
    return render(request, "employment/employer_report.html", {
        "enterprise": enterprise, "form": form, "reports": selectors.enterprise_reports(enterprise).reverse()[:24]})


@login_required
def monitoring(request):
    require(perms.can_monitor(request.user), _("无权查看用工监测"))
    today = actions.today()
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    if request.method == "POST":
        require(perms.can_manage_monitoring(request.user), _("无权催报"))
        from zhihui.employment.models import MonitoredEnterprise

        ent = get_object_or_404(MonitoredEnterprise, pk=_int(request.POST.get("enterprise")))
        try:
            actions.chase_report(request.user, ent, month=last_month, note=request.POST.get("note", ""))
            messages.success(request, _("已记录催报"))
        except EmploymentInputError as e:
            messages.error(request, e.message)
        return redirect("employment:monitoring")
    return render(request, "employment/monitoring.html", {
        "enterprises": selectors.monitored(), "missing": selectors.missing_reports(last_month, today),
        "month": last_month, "due": selectors.report_due(last_month),
        "alerts": selectors.alerts("open")[:50], "can_chase": perms.can_manage_monitoring(request.user),
        "can_enrol": perms.can_manage_monitoring(request.user) and perms.town_of(request.user) is None,
        "can_import": perms.can_import(request.user)})


@login_required
def enterprise_detail(request, pk: int):
    from zhihui.employment.models import MonitoredEnterprise

    require(perms.can_monitor(request.user), _("无权查看用工监测"))
    ent = get_object_or_404(MonitoredEnterprise.objects.select_related("organisation", "officer"), pk=pk)
    reports = list(selectors.enterprise_reports(ent))
    chart = selectors.headcount_trend_chart(reports[-24:])
    for s, label in zip(chart["series"], (_("在岗人数"), _("减员"), _("新招用")), strict=True):
        s["name"] = str(label)
    chart["legend"] = {"data": [s["name"] for s in chart["series"]]}
    return render(request, "employment/enterprise.html", {
        "ent": ent, "reports": reversed(reports[-24:]), "chart": chart, "alerts": ent.alerts.all()[:50]})


class AlertForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("处置结果"), max_length=300, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    assignee = forms.ChoiceField(label=gettext_lazy("处置人"), required=False)


@login_required
def alert_detail(request, pk: int):
    from django.contrib.auth import get_user_model

    from zhihui.core.roles import Role
    from zhihui.core.workflow import TransitionNotAllowed
    from zhihui.employment.models import Alert
    from zhihui.employment.workflows import ALERT_WORKFLOW

    require(perms.can_monitor(request.user), _("无权查看用工监测"))
    alert = get_object_or_404(Alert.objects.select_related("enterprise__organisation", "report", "assignee"), pk=pk)
    staff = get_user_model().objects.filter(role__in=[Role.CLERK, Role.REVIEWER, Role.ADMIN], is_active=True).order_by("username")
    form = AlertForm(request.POST or None)
    form.fields["assignee"].choices = BLANK + [(str(u.pk), str(u)) for u in staff]
    if request.method == "POST" and form.is_valid():
        step = request.POST.get("step")
        try:
            if step == "assign":
                actions.assign_alert(request.user, alert, assignee=form.cleaned_data["assignee"] or None)
            elif step == "close":
                actions.close_alert(request.user, alert, note=form.cleaned_data["note"])
            else:
                raise Http404
            messages.success(request, _("已保存"))
            return redirect("employment:alert", pk=alert.pk)
        except EmploymentInputError as e:
            form.add_error(e.field if e.field in form.fields else None, e.message)
        except TransitionNotAllowed as e:
            form.add_error("note" if e.field == "reason" else None, e.message)
    available = [t.name for t in ALERT_WORKFLOW.available(alert.state, request.user)]
    return render(request, "employment/alert.html", {
        "alert": alert, "form": form, "available": available,
        "log": alert.transitions.select_related("actor")})


class LayoffForm(forms.Form):
    headcount = forms.IntegerField(label=gettext_lazy("职工总数"), min_value=1)
    planned_count = forms.IntegerField(label=gettext_lazy("拟裁减人数"), min_value=1)
    reason = forms.CharField(label=gettext_lazy("裁员理由"), max_length=300)
    plan = forms.CharField(label=gettext_lazy("裁员方案（安置、补偿）"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))


@login_required
def mass_layoffs(request):
    """Employers report a mass layoff (规模裁员) here; staff see the reports and answer them."""
    from zhihui.employment.models import MassLayoffReport

    org = getattr(request.user, "organisation", None)
    own = org is not None and perms.is_enterprise_user(request.user, org)
    require(own or perms.can_monitor(request.user), _("无权查看"))
    form = LayoffForm(request.POST or None) if own else None
    if own and request.method == "POST" and form.is_valid():
        try:
            actions.report_mass_layoff(request.user, org, **form.cleaned_data)
            messages.success(request, _("已报告"))
            return redirect("employment:mass_layoffs")
        except EmploymentInputError as e:
            form.add_error(e.field if e.field in form.fields else None, e.message)
    if not own and request.method == "POST":
        rep = get_object_or_404(MassLayoffReport, pk=_int(request.POST.get("report")))
        try:
            actions.respond_mass_layoff(request.user, rep, response=request.POST.get("response", ""))
            messages.success(request, _("已答复"))
        except EmploymentInputError as e:
            messages.error(request, e.message)
        return redirect("employment:mass_layoffs")
    reports = MassLayoffReport.objects.select_related("enterprise")
    if own:
        reports = reports.filter(enterprise=org)
    return render(request, "employment/mass_layoffs.html", {
        "form": form, "reports": reports[:100], "own": own, "can_respond": perms.can_respond_layoff(request.user)})


# --- monitoring: enrolment and Excel import of monthly reports --------------------------------

class EnrolForm(forms.Form):
    from zhihui.employment.enums import MonitoringKind as _MonitoringKind

    uscc = forms.CharField(label=gettext_lazy("统一社会信用代码"), max_length=18)
    kind = forms.ChoiceField(label=gettext_lazy("监测类别"), choices=_MonitoringKind.choices)
    officer = forms.ChoiceField(label=gettext_lazy("人社服务专员"), required=False)
    since = forms.DateField(label=gettext_lazy("纳入监测日期"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))


def _staff():
    from django.contrib.auth import get_user_model

    from zhihui.core.roles import Role

    return get_user_model().objects.filter(role__in=[Role.CLERK, Role.REVIEWER, Role.ADMIN],
                                           is_active=True).order_by("username")


@login_required
def enrol(request):
    """Enrol a key enterprise or a monitoring sample and assign its 人社服务专员 (city-level staff)."""
    from zhihui.registry.models import Organisation

    require(perms.can_manage_monitoring(request.user) and perms.town_of(request.user) is None,
            _("无权设置监测企业"))
    form = EnrolForm(request.POST or None)
    staff = {str(u.pk): u for u in _staff()}
    form.fields["officer"].choices = BLANK + [(k, str(u)) for k, u in staff.items()]
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        org = Organisation.objects.filter(uscc=d["uscc"].strip().upper()).first()
        if org is None:
            form.add_error("uscc", _("此统一社会信用代码的单位不在单位库中"))
        else:
            try:
                ent = actions.enrol_enterprise(request.user, org, kind=d["kind"], officer=staff.get(d["officer"]),
                                               since=d["since"])
                messages.success(request, _("已纳入用工监测"))
                return redirect("employment:enterprise", pk=ent.pk)
            except EmploymentInputError as e:
                form.add_error(e.field if e.field in form.fields else None, e.message)
    return render(request, "employment/enrol.html", {"form": form, "enterprises": selectors.monitored()})


@login_required
def report_import(request):
    require(perms.can_import(request.user), _("无权导入用工监测月报"))
    form = UploadForm(request.POST or None, request.FILES or None)
    done, errors = _preview_upload(request, form, actions.preview_report_import, "employment:report_import_batch")
    if done:
        return done
    return render(request, "employment/report_import.html", {
        "form": form, "errors": errors, "batches": selectors.import_batches("reports", request.user)[:20]})


@login_required
def report_import_template(request):
    from zhihui.employment.importing import report_template_csv

    require(perms.can_import(request.user), _("无权导入用工监测月报"))
    response = HttpResponse(report_template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="monthly-report-template.csv"'
    return response


@login_required
def report_import_batch(request, pk: int):
    require(perms.can_import(request.user), _("无权导入用工监测月报"))
    batch = get_object_or_404(ImportBatch, pk=pk, kind="reports")
    if not perms.can_handle_batch(request.user, batch):
        raise Http404  # a town clerk sees only the batches they uploaded
    errors = None
    if request.method == "POST":
        try:
            if request.POST.get("decision") == "commit":
                n, raised = actions.commit_report_import(request.user, batch)
                messages.success(request, _("已导入 %(n)d 份月报，产生预警 %(a)d 条") % {"n": n, "a": raised})
            else:
                actions.discard_import(request.user, batch)
                messages.info(request, _("已放弃此批次"))
            return redirect("employment:report_import_batch", pk=batch.pk)
        except ImportRejected as e:
            errors = e.errors
        except EmploymentInputError as e:
            messages.error(request, e.message)
        batch.refresh_from_db()
    return render(request, "employment/report_import_batch.html", {
        "batch": batch, "rows": batch.rows[:500], "errors": errors, "is_preview": batch.state == ImportState.PREVIEW})


# --- 就业困难人员 recognition and review (workflow: employment.difficulty) -----------------------

class DifficultyApplyForm(forms.Form):
    from zhihui.employment.enums import DifficultyCategory as _DifficultyCategory

    category = forms.ChoiceField(label=gettext_lazy("认定类别"), choices=_DifficultyCategory.choices)
    statement = forms.CharField(label=gettext_lazy("本人申报情况"), max_length=300,
                                widget=forms.Textarea(attrs={"rows": 2}))


def _apply(request, person, redirect_to):
    """The application form; a redirect once submitted (to `redirect_to`, or the application)."""
    form = DifficultyApplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            app = actions.apply_difficulty(request.user, person, **form.cleaned_data)
            messages.success(request, _("已提交就业困难人员认定申请"))
            return redirect(redirect_to) if redirect_to else redirect("employment:difficulty_application", pk=app.pk)
        except EmploymentInputError as e:
            form.add_error(e.field if e.field in form.fields else None, e.message)
    return form


@login_required
def difficulty_apply(request, pk: int):
    person = get_object_or_404(Person, pk=pk)
    if not perms.can_view_file(request.user, person) or perms.is_self(request.user, person):
        raise Http404
    require(perms.can_record(request.user), _("无权受理认定申请"))
    form = _apply(request, person, None)
    if not isinstance(form, DifficultyApplyForm):
        return form
    return render(request, "employment/difficulty_apply.html", {"person": person, "form": form, "own": False})


@login_required
def my_difficulty(request):
    person = request.user.person
    if person is None or not perms.is_self(request.user, person):
        raise Http404
    form = _apply(request, person, "employment:my_difficulty")
    if not isinstance(form, DifficultyApplyForm):
        return form
    from zhihui.employment.models import DifficultyApplication

    return render(request, "employment/difficulty_apply.html", {
        "person": person, "form": form, "own": True,
        "applications": DifficultyApplication.objects.filter(person=person),
        "recognitions": selectors.difficulty_recognitions(person)})


@login_required
def difficulty(request):
    """Pending applications and recognitions due for their periodic review."""
    require(perms.can_see_cases(request.user), _("无权查看"))
    from zhihui.employment.models import DifficultyRecognition

    today = actions.today()
    can_decide = perms.can_recognise_difficulty(request.user)
    if request.method == "POST":
        require(can_decide, _("无权复核就业困难人员认定"))
        rec = get_object_or_404(selectors.reviews_due(request.user, today), pk=_int(request.POST.get("recognition")))
        try:
            actions.review_recognition(request.user, rec, keep=request.POST.get("outcome") == "keep",
                                       note=request.POST.get("note", ""))
            messages.success(request, _("已复核"))
        except EmploymentInputError as e:
            messages.error(request, e.message)
        except DifficultyRecognition.DoesNotExist:
            raise Http404 from None
        return redirect("employment:difficulty")
    return render(request, "employment/difficulty.html", {
        "applications": selectors.difficulty_applications(request.user)[:200],
        "due": selectors.reviews_due(request.user, today)[:200], "today": today, "can_decide": can_decide,
        "recognised": selectors.recognised_count(request.user, today)})


class DifficultyStepForm(forms.Form):
    evidence = forms.CharField(label=gettext_lazy("核实的证明材料"), max_length=300, required=False)
    note = forms.CharField(label=gettext_lazy("决定理由"), max_length=300, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


@login_required
def difficulty_application(request, pk: int):
    from django.core.exceptions import PermissionDenied

    from zhihui.core.workflow import TransitionNotAllowed, history_of
    from zhihui.employment import difficulty as criteria
    from zhihui.employment.models import DifficultyApplication
    from zhihui.employment.workflows import DIFFICULTY_WORKFLOW

    app = get_object_or_404(DifficultyApplication.objects.select_related("person"), pk=pk)
    own = perms.is_self(request.user, app.person)
    if not own and not (perms.can_see_cases(request.user) and perms.can_view_file(request.user, app.person)):
        raise Http404
    form = DifficultyStepForm(request.POST or None)
    if request.method == "POST" and not own and form.is_valid():
        step, d = request.POST.get("step"), form.cleaned_data
        try:
            if step == "verify":
                actions.verify_difficulty(request.user, app, evidence=d["evidence"])
            elif step in ("recognise", "reject"):
                actions.decide_difficulty(request.user, app, recognise=step == "recognise", note=d["note"])
            else:
                raise Http404
            messages.success(request, _("已保存"))
            return redirect("employment:difficulty_application", pk=app.pk)
        except EmploymentInputError as e:
            form.add_error(e.field if e.field in form.fields else None, e.message)
        except TransitionNotAllowed as e:
            form.add_error("note" if e.field == "reason" else None, e.message)
        except PermissionDenied as e:
            form.add_error(None, str(e))
    actions.record_file_view(request.user, app.person, channel="web")
    history = history_of(app.transitions)
    available = [] if own else DIFFICULTY_WORKFLOW.available(app.state, request.user, history=history)
    met, why = criteria.check(app.category, app.person, app.applied_on)
    return render(request, "employment/difficulty_application.html", {
        "app": app, "form": form, "available": [t.name for t in available],
        "labels": {t.name: t.label for t in available}, "met": met, "why": why, "own": own,
        "log": [(t, DIFFICULTY_WORKFLOW.get(t.name).label) for t in app.transitions.select_related("actor")]})


# --- key groups (重点群体台账) --------------------------------------------------------------------

class KeyGroupForm(forms.Form):
    from zhihui.employment.enums import KeyGroup as _KeyGroup

    group = forms.ChoiceField(label=gettext_lazy("重点群体"), choices=_KeyGroup.choices)
    since = forms.DateField(label=gettext_lazy("起始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    detail = forms.CharField(label=gettext_lazy("情况"), max_length=200, required=False,
                             help_text=gettext_lazy("如：院校、专业、毕业年份；退役时间；外出务工地"))
    evidence = forms.CharField(label=gettext_lazy("证明材料"), max_length=200)


def _key_group_form(request, person, done):
    form = KeyGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_key_group(request.user, person, **form.cleaned_data)
            messages.success(request, _("已登记，待核实"))
            return redirect(*done)
        except EmploymentInputError as e:
            form.add_error(e.field if e.field in form.fields else None, e.message)
    return form


@login_required
def key_group_add(request, pk: int):
    person = get_object_or_404(Person, pk=pk)
    if not perms.can_view_file(request.user, person) or perms.is_self(request.user, person):
        raise Http404
    require(perms.can_record(request.user), _("无权登记重点群体"))
    form = _key_group_form(request, person, ("employment:person_file", person.pk))
    if not isinstance(form, KeyGroupForm):
        return form
    return render(request, "employment/key_group_add.html", {"person": person, "form": form, "own": False})


@login_required
def my_key_groups(request):
    person = request.user.person
    if person is None or not perms.is_self(request.user, person):
        raise Http404
    form = _key_group_form(request, person, ("employment:my_key_groups",))
    if not isinstance(form, KeyGroupForm):
        return form
    return render(request, "employment/key_group_add.html", {"person": person, "form": form, "own": True,
                                                             "entries": person.key_groups.all()})


@login_required
def key_groups(request):
    """The ledgers: every group's members, verified share and employment rate today; one group's
    ledger city → town/street → village, and its entries with the evidence to verify."""
    from zhihui.employment.enums import KeyGroup
    from zhihui.employment.models import KeyGroupEntry

    staff = perms.can_see_cases(request.user)
    require(staff or perms.can_see_statistics(request.user), _("无权查看"))
    today = actions.today()
    if request.method == "POST":
        require(perms.can_record(request.user), _("无权核实重点群体"))
        entry = get_object_or_404(selectors.key_group_entries(request.user), pk=_int(request.POST.get("entry")))
        try:
            actions.verify_key_group(request.user, entry, verification=request.POST.get("verification", ""))
            messages.success(request, _("已核实"))
        except EmploymentInputError as e:
            messages.error(request, e.message)
        except KeyGroupEntry.DoesNotExist:
            raise Http404 from None
        return redirect(f"{request.path}?group={entry.group}")
    summary = selectors.key_group_summary(request.user, today)
    group = request.GET.get("group", "")
    if group not in KeyGroup.values:
        group = ""
    chart = {"title": {"text": str(_("重点群体就业率（%）")), "textStyle": {"fontSize": 14}}, "tooltip": {},
             "grid": {"left": 48, "right": 16, "top": 40, "bottom": 90},
             "xAxis": {"type": "category", "data": [str(d["label"]) for d in summary], "axisLabel": {"rotate": 45}},
             "yAxis": {"type": "value", "max": 100},
             "series": [{"type": "bar", "name": str(_("就业率")), "data": [d["rate"] or 0 for d in summary]}]}
    context = {"summary": summary, "chart": chart, "group": group, "groups": KeyGroup.choices, "staff": staff,
               "can_verify": perms.can_record(request.user), "today": today}
    if group and staff:
        context.update(ledger=selectors.key_group_ledger(request.user, group, today),
                       entries=selectors.key_group_entries(request.user, group=group, on=today)[:200],
                       group_label=KeyGroup(group).label)
    return render(request, "employment/key_groups.html", context)


# --- service points and the 15-minute employment service circle ---------------------------------

class ServicePointForm(forms.Form):
    from zhihui.employment.enums import PointLevel as _PointLevel

    name = forms.CharField(label=gettext_lazy("名称"), max_length=100)
    level = forms.ChoiceField(label=gettext_lazy("层级"), choices=_PointLevel.choices)
    division = forms.ChoiceField(label=gettext_lazy("所在镇/街道或村/社区"))
    address = forms.CharField(label=gettext_lazy("地址"), max_length=200)
    hours = forms.CharField(label=gettext_lazy("服务时间"), max_length=100)
    staff = forms.IntegerField(label=gettext_lazy("工作人员数"), min_value=0, max_value=1000)
    phone = forms.CharField(label=gettext_lazy("联系电话"), max_length=20, required=False)
    lon = forms.DecimalField(label=gettext_lazy("经度"), max_digits=9, decimal_places=6)
    lat = forms.DecimalField(label=gettext_lazy("纬度"), max_digits=9, decimal_places=6)


@login_required
def service_points(request):
    from zhihui.employment import service_circle
    from zhihui.employment.models import ServicePoint
    from zhihui.registry.models import Division

    require(perms.can_see_service_points(request.user), _("无权查看"))
    can_manage = perms.can_manage_service_points(request.user)
    divisions = {str(d.pk): d for d in Division.objects.filter(level__in=["town", "street", "village"]).order_by("code")}
    form = ServicePointForm(request.POST or None) if can_manage else None
    if form is not None:
        form.fields["division"].choices = BLANK + [(k, d.name) for k, d in divisions.items()]
    if request.method == "POST":
        require(can_manage, _("无权维护就业服务站点"))
        if request.POST.get("toggle"):
            point = get_object_or_404(ServicePoint, pk=_int(request.POST["toggle"]))
            actions.set_point_active(request.user, point, active=not point.active)
            return redirect("employment:service_points")
        if form.is_valid():
            d = dict(form.cleaned_data)
            d["division"] = divisions.get(d["division"])
            try:
                actions.add_service_point(request.user, **d)
                messages.success(request, _("已添加服务站点"))
                return redirect("employment:service_points")
            except EmploymentInputError as e:
                form.add_error(e.field if e.field in form.fields else None, e.message)
    cov = service_circle.coverage(actions.today())
    chart = service_circle.chart(cov, str(_("服务站点")), str(_("15分钟内")), str(_("超过15分钟")))
    return render(request, "employment/service_points.html", {
        "cov": cov, "chart": chart, "form": form, "can_manage": can_manage,
        "points": ServicePoint.objects.select_related("division")})


# --- quota employment of disabled persons (残疾人按比例就业) ---------------------------------------

class QuotaForm(forms.Form):
    uscc = forms.CharField(label=gettext_lazy("用人单位统一社会信用代码"), max_length=18)
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2008, max_value=2100)
    staff_count = forms.IntegerField(label=gettext_lazy("在职职工年平均人数"), min_value=1, max_value=1_000_000)
    employees = forms.CharField(label=gettext_lazy("安排就业的残疾职工（每行一人：身份证号码；一、二级残疾在号码后加“,重度”）"),
                                required=False, widget=forms.Textarea(attrs={"rows": 4}))


def _quota_employees(text: str):
    """(person, severe) per line, or (None, the first line's error naming it)."""
    from zhihui.registry.ids import InvalidIdentifier
    from zhihui.registry.selectors import person_by_id_number

    out = []
    for n, line in enumerate((text or "").splitlines(), start=1):
        parts = [p.strip() for p in line.replace("，", ",").split(",")]
        if not parts[0]:
            continue
        extra = parts[1] if len(parts) > 1 else ""
        if extra not in ("", "重度") or len(parts) > 2:
            return None, _("第%(n)d行：号码后只能写“重度”") % {"n": n}
        try:
            person = person_by_id_number(parts[0])
        except InvalidIdentifier as e:
            return None, _("第%(n)d行：%(e)s") % {"n": n, "e": e}
        if person is None:
            return None, _("第%(n)d行：此身份证号码不在人员库中") % {"n": n}
        out.append((person, extra == "重度"))
    return out, None


@login_required
def quota(request):
    """The register of employers' quota employment of disabled persons for a year, with the
    totals; clerks record a declaration here (a second clerk verifies it on its page)."""
    from zhihui.registry.models import Organisation

    require(perms.can_see_quota(request.user), _("无权查看"))
    year = _int(request.GET.get("year")) or actions.today().year - 1
    if not 2008 <= year <= 2100:
        year = actions.today().year - 1
    can_declare = perms.can_declare_quota(request.user)
    form = QuotaForm(request.POST or None, initial={"year": year}) if can_declare else None
    if request.method == "POST":
        require(can_declare, _("无权登记按比例就业"))
        if form.is_valid():
            d = form.cleaned_data
            org = Organisation.objects.select_related("division").filter(uscc=d["uscc"].strip().upper()).first()
            employees, error = _quota_employees(d["employees"])
            if org is None:
                form.add_error("uscc", _("此统一社会信用代码的单位不在单位库中"))
            elif error:
                form.add_error("employees", error)
            else:
                try:
                    decl = actions.declare_quota(request.user, org, year=d["year"], staff_count=d["staff_count"],
                                                 employees=employees)
                    messages.success(request, _("已登记，待另一名工作人员核实"))
                    return redirect("employment:quota_detail", pk=decl.pk)
                except EmploymentInputError as e:
                    if e.field.startswith("employees["):
                        form.add_error("employees", _("第%(n)s行：%(e)s") % {"n": e.field[10:-1], "e": e.message})
                    else:
                        add_to_form(form, e)
    rows = list(selectors.quota_register(request.user, year))
    return render(request, "employment/quota.html", {
        "year": year, "rows": rows, "summary": selectors.quota_summary(rows), "form": form,
        "staff": perms.can_see_cases(request.user)})


@login_required
def quota_detail(request, pk: int):
    from zhihui.employment.models import QuotaDeclaration

    decl = get_object_or_404(QuotaDeclaration.objects.select_related("organisation__division", "declared_by",
                                                                     "verified_by"), pk=pk)
    if not perms.can_see_quota_detail(request.user, decl):
        raise Http404
    if request.method == "POST":
        require(perms.can_verify_quota(request.user, decl), _("无权核实按比例就业"))
        try:
            actions.verify_quota(request.user, decl, verification=request.POST.get("verification", ""))
            messages.success(request, _("已核实"))
        except EmploymentInputError as e:
            messages.error(request, e.message)
        return redirect("employment:quota_detail", pk=decl.pk)
    actions.record_quota_view(request.user, decl)
    return render(request, "employment/quota_detail.html", {
        "d": decl, "employees": decl.employees.select_related("person"), "levy": selectors.quota_levy(decl),
        "own": perms.is_enterprise_user(request.user, decl.organisation),
        "can_verify": decl.state == "declared" and perms.can_verify_quota(request.user, decl)})


# --- youth employment screening (青年就业排查) -------------------------------------------------------

@login_required
def youth(request):
    """The screening list of young residents not working (staff; a town clerk's town), with the
    counts, each one's last contact, and a form to record a contact."""
    from zhihui.employment.enums import StatusKind as _Kind
    from zhihui.employment.enums import YouthContactResult

    require(perms.can_see_cases(request.user), _("无权查看"))
    today = actions.today()
    if request.method == "POST":
        require(perms.can_record(request.user), _("无权登记青年就业排查"))
        person = get_object_or_404(Person, pk=_int(request.POST.get("person")))
        if not perms.can_view_person(request.user, person):
            raise Http404
        try:
            actions.record_youth_contact(request.user, person, result=request.POST.get("result", ""),
                                         note=request.POST.get("note", ""))
            messages.success(request, _("已登记排查结果"))
        except EmploymentInputError as e:
            messages.error(request, f"{e.field}: {e.message}")
        return redirect("employment:youth")
    qs = selectors.youth_screening(request.user, today)
    summary = selectors.youth_summary(qs, today)
    labels = dict(YouthContactResult.choices)
    kinds = dict(_Kind.choices)
    rows = [{"p": p, "status": kinds.get(p.status, _("未登记")), "last": labels.get(p.last_result, "")}
            for p in qs[:200]]
    return render(request, "employment/youth.html", {
        "rows": rows, "summary": summary, "results": YouthContactResult.choices, "labels": labels, "today": today,
        "can_record": perms.can_record(request.user)})


# --- employers' own quota declarations (用人单位网上申报, C10-S20) -------------------------------------

class OwnQuotaForm(QuotaForm):
    average_wage = forms.DecimalField(label=gettext_lazy("上年职工年平均工资（元）"), min_value=0, max_digits=12,
                                      decimal_places=2, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["uscc"]  # the employer's own organisation


@login_required
def my_quota(request):
    """An employer declares its own year (staff, disabled employees by identity number, its
    average wage) and sees its own declarations; a clerk verifies each as before."""
    if not perms.can_declare_own_quota(request.user):
        raise Http404
    org = request.user.organisation
    form = OwnQuotaForm(request.POST or None, initial={"year": actions.today().year - 1})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        employees, error = _quota_employees(d["employees"])
        if error:
            form.add_error("employees", error)
        else:
            try:
                decl = actions.declare_quota(request.user, org, year=d["year"], staff_count=d["staff_count"],
                                             employees=employees, average_wage=d["average_wage"])
                messages.success(request, _("已申报，待人社部门工作人员核实"))
                return redirect("employment:quota_detail", pk=decl.pk)
            except EmploymentInputError as e:
                if e.field.startswith("employees["):
                    form.add_error("employees", _("第%(n)s行：%(e)s") % {"n": e.field[10:-1], "e": e.message})
                else:
                    add_to_form(form, e)
    return render(request, "employment/my_quota.html", {
        "org": org, "form": form, "rows": selectors.employer_quota_declarations(request.user)})


# --- graduate registry (高校毕业生名册, C10-D01) -----------------------------------------------------

def _graduate_labels() -> dict:
    return {"total": str(_("毕业生")), "employed": str(_("就业")), "local": str(_("留济就业")),
            "unplaced": str(_("离校未就业")), "followed": str(_("已跟踪帮扶"))}


@login_required
def graduates(request):
    """Per college and graduation year: graduates, employed, employed in Jiyuan (留济),
    unplaced and followed up — numbers and a chart (staff and leaders)."""
    require(perms.can_see_graduate_statistics(request.user), _("无权查看"))
    year = _int(request.GET.get("year")) or None
    if year is not None and not 2000 <= year <= 2100:
        year = None
    stats = selectors.graduate_statistics(request.user, year)
    return render(request, "employment/graduates.html", {
        "year": year, "stats": stats, "chart": selectors.graduate_chart(stats, _graduate_labels()),
        "can_list": perms.can_see_graduate_list(request.user), "can_import": perms.can_import(request.user)})


@login_required
def graduates_unplaced(request):
    """The 离校未就业 follow-up list (names, masked identity numbers): every read audited."""
    from zhihui.employment.graduate_models import College

    require(perms.can_see_graduate_list(request.user), _("无权查看"))
    year = _int(request.GET.get("year")) or None
    if year is not None and not 2000 <= year <= 2100:
        year = None
    college = College.objects.filter(pk=_int(request.GET.get("college"))).first()
    rows = list(selectors.unplaced_follow_up(request.user, college=college, year=year)[:500])
    actions.record_graduate_list_view(request.user, college, year or 0, len(rows))
    return render(request, "employment/graduates_unplaced.html", {
        "rows": rows, "year": year, "college": college, "colleges": College.objects.all()})


@login_required
def graduate_detail(request, pk: int):
    from zhihui.employment.graduate_models import Graduate

    g = get_object_or_404(Graduate.objects.select_related("person", "college", "unplaced_entry"), pk=pk)
    if not perms.can_view_graduate(request.user, g):
        raise Http404
    actions.record_graduate_view(request.user, g)
    return render(request, "employment/graduate_detail.html", {"g": g})


@login_required
def my_graduations(request):
    """A citizen's own graduations as the colleges reported them."""
    person = request.user.person
    if person is None or not perms.is_self(request.user, person):
        raise Http404
    rows = list(selectors.graduates(None).filter(person=person))
    return render(request, "employment/my_graduations.html", {"rows": rows})


@login_required
def graduate_import(request):
    from zhihui.employment.graduate_models import College

    require(perms.can_import(request.user), _("无权导入毕业生名册"))
    form = UploadForm(request.POST or None, request.FILES or None)
    done, errors = _preview_upload(request, form, actions.preview_graduate_import, "employment:graduate_import_batch")
    if done:
        return done
    return render(request, "employment/graduate_import.html", {
        "form": form, "errors": errors, "colleges": College.objects.all(),
        "batches": selectors.import_batches("graduates", request.user)[:20]})


@login_required
def graduate_import_template(request):
    from zhihui.employment.importing import graduate_template_csv

    require(perms.can_import(request.user), _("无权导入毕业生名册"))
    response = HttpResponse(graduate_template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="graduates-template.csv"'
    return response


@login_required
def graduate_import_batch(request, pk: int):
    from zhihui.employment.enums import GraduateDestination, WorkPlace

    require(perms.can_import(request.user), _("无权导入毕业生名册"))
    batch = get_object_or_404(ImportBatch, pk=pk, kind="graduates")
    if not perms.can_handle_batch(request.user, batch):
        raise Http404
    errors = None
    if request.method == "POST":
        try:
            if request.POST.get("decision") == "commit":
                n, unplaced = actions.commit_graduate_import(request.user, batch)
                messages.success(request, _("已导入 %(n)d 名毕业生，离校未就业新入台账 %(u)d 人") % {"n": n, "u": unplaced})
            else:
                actions.discard_import(request.user, batch)
                messages.info(request, _("已放弃此批次"))
            return redirect("employment:graduate_import_batch", pk=batch.pk)
        except ImportRejected as e:
            errors = e.errors
        except EmploymentInputError as e:
            messages.error(request, e.message)
        batch.refresh_from_db()
    dest, places = dict(GraduateDestination.choices), dict(WorkPlace.choices)
    rows = [{**r, "destination_label": dest.get(r["destination"], r["destination"]),
             "place_label": places.get(r["place"], "")} for r in batch.rows[:500]]
    return render(request, "employment/graduate_import_batch.html", {
        "batch": batch, "rows": rows, "errors": errors, "is_preview": batch.state == ImportState.PREVIEW})
