"""Pages of labour-rights cases: the worker files online and follows her case; the office
receives, accepts and assigns; arbitrators and inspectors decide; everyone sees the statutory
deadlines (marked when provisional). Buttons come from the kind's workflow table; writes go
through zhihui.rights.actions."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zhihui.core.errors import add_to_form
from zhihui.core.params import value
from zhihui.core.perms import require
from zhihui.core.roles import Role
from zhihui.core.workflow import history_of
from zhihui.registry.models import Organisation
from zhihui.rights import actions, perms, selectors
from zhihui.rights.actions import RightsError
from zhihui.rights.arrears import (
    PayrollFileError,
    month_end,
    month_start,
    next_month,
    payroll_warnings,
    unpaid_months,
)
from zhihui.rights.enums import CaseKind, CaseStatus
from zhihui.rights.models import Case, PayrollLine, Project
from zhihui.rights.workflows import BY_KIND
from zhihui.window.workdays import add_working_days

# What the conclusion buttons ask for.
NEEDS_AMOUNT = {"award", "mediated", "order"}


@login_required
def case_list(request):
    qs = selectors.cases_for(request.user)
    kind, status = request.GET.get("kind", ""), request.GET.get("status", "")
    if kind in CaseKind.values:
        qs = qs.filter(kind=kind)
    if status in CaseStatus.values:
        qs = qs.filter(status=status)
    today = timezone.localdate()
    staff = perms.has_role(request.user, Role.CLERK, Role.ADMIN, Role.REVIEWER)
    until = add_working_days(today, int(value("rights", "due_soon.working_days", today))) if staff else today
    page = Paginator(qs.order_by("-received_on", "-pk"), 50).get_page(request.GET.get("page"))
    for case in page:
        case.deadline = selectors.deadline_of(case)
        case.show_applicant = perms.may_see_applicant(request.user, case)
    return render(request, "rights/cases.html", {
        "page": page, "kind": kind, "status": status, "kinds": CaseKind.choices, "statuses": CaseStatus.choices,
        "overdue": selectors.overdue(selectors.cases_for(request.user), today)[:50] if staff else [],
        "due_soon": selectors.due_soon(selectors.cases_for(request.user), today, until)[:50] if staff else [],
        "can_file": perms.can_file(request.user),
    })


class CaseForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("申请事项"), choices=CaseKind.choices)
    respondent_uscc = forms.CharField(label=gettext_lazy("被申请单位统一社会信用代码"), max_length=18)
    facts = forms.CharField(label=gettext_lazy("事实与理由"), max_length=8000, widget=forms.Textarea(attrs={"rows": 5}))
    claimed_amount = forms.DecimalField(label=gettext_lazy("请求金额（元）"), min_value=0, max_digits=12, decimal_places=2, initial=0)
    knew_on = forms.DateField(label=gettext_lazy("知道权利被侵害之日"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    anonymous = forms.BooleanField(label=gettext_lazy("匿名举报（仅限劳动保障监察）"), required=False)

    def clean_respondent_uscc(self):
        code = self.cleaned_data["respondent_uscc"].strip().upper()
        org = Organisation.objects.filter(uscc=code).first()
        if org is None:
            raise forms.ValidationError(_("没有这个统一社会信用代码的单位"))
        return org


@login_required
def case_new(request):
    require(perms.can_file(request.user), _("无权提交"))
    office = perms.has_role(request.user, *perms.OFFICE)
    form = CaseForm(request.POST or None)
    if office:
        form.fields["applicant_id_number"] = forms.CharField(
            label=gettext_lazy("申请人身份证号码（窗口代办，完整 18 位）"), max_length=18, required=False)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        applicant = None if data["anonymous"] else request.user.person
        if office and data.get("applicant_id_number"):
            from zhihui.core.crypto import lookup_hash
            from zhihui.registry.ids import InvalidIdentifier, normalize_id_number
            from zhihui.registry.models import Person

            try:
                applicant = Person.objects.filter(id_number_hash=lookup_hash(normalize_id_number(data["applicant_id_number"]))).first()
            except InvalidIdentifier:
                applicant = None
            if applicant is None:
                form.add_error("applicant_id_number", _("登记库中没有这个身份证号码"))
        if not form.errors:
            try:
                case = actions.file_case(request.user, kind=data["kind"], respondent=data["respondent_uscc"],
                                         applicant=applicant, facts=data["facts"], claimed_amount=data["claimed_amount"],
                                         knew_on=data["knew_on"], anonymous=data["anonymous"])
            except RightsError as exc:
                add_to_form(form, exc)
            else:
                messages.success(request, _("已提交，案件编号 %(n)s") % {"n": case.number})
                return redirect("rights:case", number=case.number)
    return render(request, "rights/new.html", {"form": form})


def _case_or_404(request, number: str) -> Case:
    case = selectors.cases_for(request.user).filter(number=number).first()
    if case is None:
        raise Http404(_("没有这个案件"))
    return case


@login_required
def case_detail(request, number: str):
    case = _case_or_404(request, number)
    if case.applicant_id and not perms.is_applicant(request.user, case):
        actions.record_case_view(request.user, case)
    history = history_of(case.transitions)
    buttons = BY_KIND[case.kind].available(case.status, request.user, is_owner=perms.is_applicant(request.user, case), history=history)
    arbitrators = get_user_model().objects.filter(role=Role.REVIEWER, is_active=True).order_by("username") \
        if any(t.name == "accept" for t in buttons) and case.kind != CaseKind.MEDIATION else []
    return render(request, "rights/detail.html", {
        "case": case, "buttons": buttons, "needs_amount": NEEDS_AMOUNT, "arbitrators": arbitrators,
        "show_applicant": perms.may_see_applicant(request.user, case),
        "log": case.transitions.select_related("actor"),
        "workflow": BY_KIND[case.kind],
        # Workers' names are the office's business (the respondent must not learn who complained).
        "arrears": case.arrears_lines.select_related("person", "project")
        if case.kind == CaseKind.INSPECTION and perms.has_role(request.user, *perms.OFFICE, *perms.DECIDERS) else [],
        "can_arrears": case.kind == CaseKind.INSPECTION and case.closed_on is None
        and perms.has_role(request.user, *perms.OFFICE, *perms.DECIDERS),
        **_evidence_and_panel(request.user, case),
    })


def _evidence_and_panel(user, case) -> dict:
    from zhihui.rights import documents
    from zhihui.rights.enums import RecusalGround

    is_arb = case.kind == CaseKind.ARBITRATION
    open_case = case.closed_on is None
    panel = list(case.panel.filter(removed_at__isnull=True).select_related("arbitrator")) if is_arb else []
    can_panel = is_arb and open_case and perms.can_set_panel(user) and case.status in (CaseStatus.ACCEPTED, CaseStatus.HEARING)
    return {
        "evidence": actions.evidence_for(user, case),
        "can_add_evidence": open_case and perms.evidence_party(user, case) is not None,
        "documents": documents.available(case),
        "panel": panel,
        "can_panel": can_panel,
        "panel_choices": get_user_model().objects.filter(role=Role.REVIEWER, is_active=True).order_by("username") if can_panel else [],
        "recusals": case.recusals.select_related("arbitrator") if is_arb else [],
        "can_request_recusal": is_arb and open_case and bool(panel)
        and (perms.is_applicant(user, case) or perms.is_respondent(user, case) or perms.has_role(user, *perms.OFFICE)
             or perms.sits_on(user, case)),
        "can_decide_recusal": perms.can_decide_recusal(user),
        "recusal_grounds": RecusalGround.choices,
    }


@login_required
@require_POST
def take(request, number: str, transition: str):
    case = _case_or_404(request, number)
    post = request.POST
    try:
        if transition == "accept":
            handler = get_user_model().objects.filter(pk=post.get("handler") or 0).first()
            actions.accept(request.user, case, handler=handler)
        elif transition == "not_accept":
            actions.not_accept(request.user, case, post.get("reason", ""))
        elif transition == "extend":
            actions.extend(request.user, case, post.get("reason", ""))
        elif transition == "schedule":
            raw = post.get("hearing_at", "")
            try:
                import datetime as dt

                at = timezone.make_aware(dt.datetime.fromisoformat(raw)) if raw else None
            except ValueError:
                raise RightsError(_("开庭时间格式不正确"), "hearing_at")
            actions.schedule(request.user, case, hearing_at=at, hearing_room=post.get("hearing_room", ""))
        else:
            actions.conclude(request.user, case, transition, post.get("reason", ""), post.get("recovered_amount") or "0")
    except RightsError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已完成：%(a)s") % {"a": BY_KIND[case.kind].get(transition).label})
    return redirect("rights:case", number=case.number)


@login_required
def kpi_page(request):
    require(perms.can_see_kpis(request.user), _("无权查看"))
    today = timezone.localdate()
    years = list(range(2021, today.year + 1))
    rows = {y: selectors.kpis(y) for y in years}
    names = {"T1-24": _("调解成功率"), "T1-25": _("仲裁结案率"), "T1-26": _("监察举报投诉结案率")}
    from zhihui.plan.models import Indicator

    # The targets are the plan's (the indicator registry), never written here.
    targets = {ind.code: float(ind.target_value) for ind in Indicator.objects.filter(code__in=list(names))
               if ind.target_value is not None}
    chart = {
        "tooltip": {"trigger": "axis"},
        "legend": {"data": [str(n) for n in names.values()]},
        "xAxis": {"type": "category", "data": [str(y) for y in years]},
        "yAxis": {"type": "value", "min": 0, "max": 100, "name": "%"},
        "series": [
            {"name": str(names[c]), "type": "line", "connectNulls": False,
             "data": [float(rows[y][c]["value"]) if rows[y][c]["value"] is not None else None for y in years],
             **({"markLine": {"symbol": "none", "data": [{"yAxis": targets[c], "name": str(_("目标"))}]}}
                if c in targets else {})}
            for c in names
        ],
    }
    table = [{"year": y, "cells": [rows[y][c] for c in names]} for y in years]
    return render(request, "rights/kpis.html", {"chart": chart, "table": table, "names": names, "targets": targets})


# --- Wage arrears: projects, rosters, payrolls ------------------------------------------------


def _projects_for(user):
    qs = Project.objects.select_related("contractor")
    if perms.has_role(user, *perms.OFFICE, Role.REVIEWER):
        return qs
    if perms.has_role(user, Role.EMPLOYER) and user.organisation_id:
        return qs.filter(contractor_id=user.organisation_id)
    return qs.none()


@login_required
def project_list(request):
    projects = list(_projects_for(request.user).order_by("code")[:300])
    today = timezone.localdate()
    days = int(value("rights", "arrears.warning_days_before_payday", today))
    return render(request, "rights/projects.html", {
        "projects": projects, "warnings": payroll_warnings(projects, today, days),
    })


class PayrollForm(forms.Form):
    month = forms.DateField(label=gettext_lazy("工资所属月份（该月任一日）"), widget=forms.DateInput(attrs={"type": "date"}))
    paid_on = forms.DateField(label=gettext_lazy("银行发放日期"), widget=forms.DateInput(attrs={"type": "date"}))
    bank_reference = forms.CharField(label=gettext_lazy("银行代发批次号"), max_length=60)
    file = forms.FileField(label=gettext_lazy("银行代发明细（CSV 或 XLSX：身份证号码 | 姓名 | 实发金额）"))


def _project_or_404(request, code: str) -> Project:
    project = _projects_for(request.user).filter(code=code).first()
    if project is None:
        raise Http404(_("没有这个项目"))
    return project


@login_required
def project_detail(request, code: str, form: PayrollForm | None = None, preview=None, errors=None):
    project = _project_or_404(request, code)
    today = timezone.localdate()
    unpaid = unpaid_months(project, today)
    months, month = [], month_start(project.starts_on)
    while month <= month_start(today) and len(months) < 24:
        months.append(month)
        month = next_month(month)
    months = months[-12:]
    paid = set(PayrollLine.objects.filter(payroll__project=project, amount__gt=0).values_list("worker_id", "payroll__month"))
    unpaid_set = {(u.worker.pk, u.month) for u in unpaid}
    roster = []
    for w in project.workers.select_related("person").order_by("joined_on", "pk"):
        cells = []
        for m in months:
            if w.joined_on > month_end(m) or (w.left_on and w.left_on < m):
                cells.append("")
            elif (w.pk, m) in paid:
                cells.append("paid")
            elif (w.pk, m) in unpaid_set:
                cells.append("unpaid")
            else:
                cells.append("pending")
        roster.append({"worker": w, "cells": cells})
    actions.record_roster_view(request.user, project)
    return render(request, "rights/project.html", {
        "project": project, "months": months, "roster": roster, "unpaid": unpaid,
        "payrolls": project.payrolls.order_by("-month")[:24],
        "form": form or (PayrollForm() if perms.can_keep_roster(request.user, project) else None),
        "preview": preview, "errors": errors,
    })


PENDING_PAYROLL = "rights_pending_payroll"


@login_required
@require_POST
def payroll_import(request, code: str):
    """Preview a bank payroll file, then commit the file that was previewed (kept in the
    session between the two steps, so the clerk does not upload it twice)."""
    import base64
    import hashlib

    project = _project_or_404(request, code)
    require(perms.can_keep_roster(request.user, project), _("只能导入本单位项目的工资发放记录"))
    commit = request.POST.get("commit") == "1"
    pending = request.session.get(PENDING_PAYROLL) if commit else None
    form = PayrollForm(request.POST, request.FILES)
    if pending and pending.get("project") == project.code:
        form.fields["file"].required = False
    if not form.is_valid():
        return project_detail(request, code, form=form)
    data = form.cleaned_data
    if data.get("file"):
        upload = data["file"]
        if upload.size > 5 * 1024 * 1024:
            form.add_error("file", _("文件不得超过 5 MB"))
            return project_detail(request, code, form=form)
        raw, name = upload.read(), upload.name
    elif pending and pending.get("project") == project.code:
        raw, name = base64.b64decode(pending["data"]), pending["name"]
    else:
        form.add_error("file", _("请选择文件"))
        return project_detail(request, code, form=form)
    try:
        result = actions.import_payroll(request.user, project, month=data["month"], paid_on=data["paid_on"],
                                        bank_reference=data["bank_reference"], data=raw, filename=name, commit=commit)
    except PayrollFileError as exc:
        request.session.pop(PENDING_PAYROLL, None)
        return project_detail(request, code, form=form, errors=exc.errors)
    except RightsError as exc:
        add_to_form(form, exc)
        return project_detail(request, code, form=form)
    if commit:
        request.session.pop(PENDING_PAYROLL, None)
        messages.success(request, _("已导入 %(m)s 的工资发放记录") % {"m": f"{result.month:%Y-%m}"})
        return redirect("rights:project", code=project.code)
    request.session[PENDING_PAYROLL] = {"project": project.code, "name": name,
                                        "sha256": hashlib.sha256(raw).hexdigest(),
                                        "data": base64.b64encode(raw).decode("ascii")}
    return project_detail(request, code, form=form, preview=result)


@login_required
@require_POST
def arrears_lines(request, number: str):
    """Register what each worker is owed (identity number, amount), or record a recovery."""
    from zhihui.core.crypto import lookup_hash
    from zhihui.registry.ids import normalize_id_number
    from zhihui.registry.models import Person

    case = _case_or_404(request, number)
    try:
        if request.POST.get("line"):
            line = case.arrears_lines.filter(pk=request.POST["line"]).first()
            if line is None:
                raise Http404(_("没有这条欠薪明细"))
            actions.record_recovery(request.user, line, request.POST.get("amount"))
        else:
            person = Person.objects.filter(id_number_hash=lookup_hash(normalize_id_number(request.POST.get("id_number", "")))).first()
            if person is None:
                raise RightsError(_("登记库中没有这个身份证号码"), "id_number")
            project = Project.objects.filter(code=request.POST.get("project", "").strip()).first()
            actions.record_arrears(request.user, case, [{"person": person, "owed": request.POST.get("owed"),
                                                          "project": project, "months": request.POST.get("months", "")}])
    except RightsError as exc:
        messages.error(request, str(exc))
    except Case.DoesNotExist:
        raise Http404(_("没有这个案件"))
    else:
        messages.success(request, _("已保存欠薪明细"))
    return redirect("rights:case", number=case.number)


# --- Evidence, documents, the tribunal ---------------------------------------------------------


@login_required
@require_POST
def evidence_upload(request, number: str):
    case = _case_or_404(request, number)
    try:
        files = request.FILES.getlist("files")
        added = actions.add_evidence(request.user, case, files, request.POST.get("label", ""))
    except RightsError as exc:
        messages.error(request, str(exc))
    except Case.DoesNotExist:
        raise Http404(_("没有这个案件"))
    else:
        messages.success(request, _("已提交证据 %(n)s 件") % {"n": len(added)})
    return redirect("rights:case", number=case.number)


@login_required
def evidence_file(request, number: str, pk: int):
    """One evidence file, as a download only (Content-Disposition: attachment, nosniff)."""
    from zhihui.core import files as files_mod

    case = _case_or_404(request, number)
    ev = actions.evidence_for(request.user, case).filter(pk=pk).first()
    if ev is None:
        raise Http404(_("没有这件证据"))
    actions.record_evidence_download(request.user, case, ev)
    return files_mod.attachment_response(ev.file.open("rb"), ev.kind, f"{case.number}-{ev.pk}.{ev.kind}")


@login_required
def document_pdf(request, number: str, name: str):
    """受理通知书 / 裁决书, generated from the case as PDF."""
    from django.http import HttpResponse

    from zhihui.rights import documents

    case = _case_or_404(request, number)
    try:
        pdf = documents.render_pdf(case, name)
    except KeyError:
        raise Http404(_("本案没有这份文书"))
    actions.record_document_export(request.user, case, name)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{case.number}-{name}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _arbitrator(pk):
    return get_user_model().objects.filter(pk=pk or 0, role=Role.REVIEWER).first() if str(pk or "").isdigit() else None


@login_required
@require_POST
def panel_set(request, number: str):
    case = _case_or_404(request, number)
    post = request.POST
    chief = _arbitrator(post.get("chief"))
    members = [_arbitrator(post.get(f)) for f in ("member1", "member2") if post.get(f)]
    try:
        if None in members:
            raise RightsError(_("仲裁员不存在"), "members")
        actions.set_panel(request.user, case, chief, members)
    except RightsError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已组成仲裁庭"))
    return redirect("rights:case", number=case.number)


@login_required
@require_POST
def recusal(request, number: str, pk: int | None = None):
    from zhihui.rights.models import Recusal

    case = _case_or_404(request, number)
    post = request.POST
    try:
        if pk is None:
            actions.request_recusal(request.user, case, _arbitrator(post.get("arbitrator")), post.get("ground", ""),
                                    post.get("reason", ""))
            messages.success(request, _("已提出回避申请"))
        else:
            r = Recusal.objects.filter(case=case, pk=pk).first()
            if r is None:
                raise Http404(_("没有这项回避申请"))
            actions.decide_recusal(request.user, r, post.get("decision") == "granted", post.get("reason", ""))
            messages.success(request, _("已决定"))
    except RightsError as exc:
        messages.error(request, str(exc))
    except Case.DoesNotExist:
        raise Http404(_("没有这个案件"))
    return redirect("rights:case", number=case.number)
