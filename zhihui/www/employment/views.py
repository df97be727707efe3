"""Pages of employment services (就业实名制): the statistics page, a person's employment file
(clerks record status events there), the citizen's own file, and imports with a preview.
Writes go through zhihui.employment.actions; reads through selectors."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhihui.core.perms import require
from zhihui.employment import actions, perms, selectors
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
    return render(request, "employment/index.html", {"year": year, "rows": rows,
                                                     "can_import": perms.can_import(request.user)})


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
        "recognitions": selectors.difficulty_recognitions(person), "own": False})


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
        "recognitions": selectors.difficulty_recognitions(person), "own": True})


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


@login_required
def import_upload(request):
    require(perms.can_import(request.user), _("无权导入就业状态"))
    form = UploadForm(request.POST or None, request.FILES or None)
    errors = None
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        if f.size > 10 * 1024 * 1024:
            form.add_error("file", _("文件超过10MB"))
        else:
            try:
                batch = actions.preview_import(request.user, f.name, f.read())
                return redirect("employment:import_batch", pk=batch.pk)
            except ImportRejected as e:
                errors = e.errors
    return render(request, "employment/import.html", {"form": form, "errors": errors,
                                                      "batches": selectors.import_batches()[:20]})


@login_required
def import_template(request):
    require(perms.can_import(request.user), _("无权导入就业状态"))
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="employment-status-template.csv"'
    return response


@login_required
def import_batch(request, pk: int):
    require(perms.can_import(request.user), _("无权导入就业状态"))
    batch = get_object_or_404(ImportBatch, pk=pk)
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
