"""Pages of the traineeship register (就业见习, C10-D02) and the assistance-workshop register
(就业帮扶车间, C10-D07). Writes go through zhihui.employment.actions (workflow checks, log, audit);
reads through selectors. Lists show numbers to leaders; pages naming people are for staff, a town
clerk's only in the town, and each opening is audited."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhihui.core.perms import require
from zhihui.core.workflow import TransitionNotAllowed
from zhihui.employment import actions, perms, selectors
from zhihui.employment.actions import EmploymentInputError
from zhihui.employment.enums import BaseState, PostKind, TraineeGroup, TraineeOutcome, WorkshopState

from .views import _int

# the inputs' names on these pages, for messages that name the field
FIELDS = {
    "organisation": gettext_lazy("单位"), "uscc": gettext_lazy("统一社会信用代码"), "contact": gettext_lazy("联系人及电话"),
    "description": gettext_lazy("见习岗位说明"), "note": gettext_lazy("意见"), "base": gettext_lazy("见习基地"),
    "title": gettext_lazy("岗位名称"), "kind": gettext_lazy("岗位类别"), "count": gettext_lazy("见习人数"),
    "months": gettext_lazy("见习期（月）"), "opened_on": gettext_lazy("发布日期"), "post": gettext_lazy("见习岗位"),
    "person": gettext_lazy("人员"), "id_number": gettext_lazy("身份证号码"), "group": gettext_lazy("见习对象类别"),
    "start_on": gettext_lazy("见习开始日期"), "month": gettext_lazy("月份"), "outcome": gettext_lazy("见习结果"),
    "end_on": gettext_lazy("见习结束日期"), "budget": gettext_lazy("预算"), "name": gettext_lazy("车间名称"),
    "division": gettext_lazy("所在镇/村"), "address": gettext_lazy("地址"), "products": gettext_lazy("主营产品或业务"),
    "operator": gettext_lazy("运营主体"), "since": gettext_lazy("务工起始日期"), "until": gettext_lazy("离开日期"),
    "workshop": gettext_lazy("帮扶车间"), "status": gettext_lazy("状态"), "reason": gettext_lazy("理由"),
}


def _say(request, e) -> None:
    label = FIELDS.get(getattr(e, "field", ""), "")
    messages.error(request, f"{label}：{e.message}" if label else e.message)


def _person(request, number: str):
    from zhihui.registry.ids import InvalidIdentifier
    from zhihui.registry.selectors import person_by_id_number

    try:
        person = person_by_id_number(number or "")
    except InvalidIdentifier as e:
        raise EmploymentInputError("id_number", str(e)) from None
    if person is None:
        raise EmploymentInputError("id_number", _("此身份证号码不在人员库中"))
    return person


def _org(uscc: str):
    from zhihui.registry.models import Organisation

    org = Organisation.objects.select_related("division").filter(uscc=(uscc or "").strip().upper()).first()
    if org is None:
        raise EmploymentInputError("uscc", _("此统一社会信用代码的单位不在单位库中"))
    return org


def _run(request, fn, ok: str) -> bool:
    """Call an action; its refusal becomes a message naming the field."""
    try:
        fn()
    except (EmploymentInputError, TransitionNotAllowed) as e:
        _say(request, e)
        return False
    except PermissionDenied as e:
        messages.error(request, str(e) or _("无权操作"))
        return False
    messages.success(request, ok)
    return True


# --- traineeship bases ---------------------------------------------------------------------

@login_required
def traineeship(request):
    """The register of traineeship bases: state, posts, places, trainees, retention rate; clerks
    record a unit's application here."""
    require(perms.can_see_registers(request.user), _("无权查看"))
    can_record = perms.can_record_registers(request.user)
    if request.method == "POST":
        require(can_record, _("无权登记见习基地"))
        post, made = request.POST, []

        def go():
            made.append(actions.apply_base(request.user, _org(post.get("uscc")), contact=post.get("contact", ""),
                                           description=post.get("description", "")))

        if _run(request, go, _("已登记申报，待审核认定")):
            return redirect("employment:traineeship_base", pk=made[0].pk)
        return redirect("employment:traineeship")
    state = request.GET.get("state", "")
    state = state if state in BaseState.values else ""
    rows = []
    for b in selectors.traineeship_bases(request.user, state):
        rows.append({"b": b, "rate": selectors.retention_rate(b.retained, b.ended)})
    return render(request, "employment/traineeship.html", {
        "rows": rows, "states": BaseState.choices, "state": state, "can_record": can_record,
        "staff": perms.can_see_cases(request.user), "model_n": sum(1 for r in rows if r["b"].state == "model")})


@login_required
def traineeship_base(request, pk: int):
    from zhihui.employment.models import Trainee, TraineePost, TraineeshipBase
    from zhihui.employment.workflows import BASE_WORKFLOW

    base = get_object_or_404(TraineeshipBase.objects.select_related("organisation__division", "applied_by"), pk=pk)
    if not perms.can_see_register_detail(request.user, base.organisation.division):
        raise Http404
    if request.method == "POST":
        p, op, user = request.POST, request.POST.get("op", ""), request.user
        if op in ("recognise", "reject", "designate", "revoke"):
            _run(request, lambda: actions.decide_base(user, base, op, note=p.get("note", "")), _("已办理"))
        elif op == "post":
            _run(request, lambda: actions.add_post(user, base, title=p.get("title", ""), kind=p.get("kind", ""),
                                                   count=p.get("count"), months=p.get("months"),
                                                   opened_on=p.get("opened_on") or None), _("已发布见习岗位"))
        elif op == "enrol":
            def enrol():
                post = get_object_or_404(TraineePost, pk=_int(p.get("post")), base=base)
                actions.enrol_trainee(user, post, _person(request, p.get("id_number", "")), group=p.get("group", ""),
                                      start_on=p.get("start_on"), months=p.get("months") or None)
            _run(request, enrol, _("已登记见习人员"))
        elif op in ("month", "end"):
            trainee = get_object_or_404(Trainee, pk=_int(p.get("trainee")), post__base=base)
            if op == "month":
                _run(request, lambda: actions.record_trainee_month(user, trainee, p.get("month", "")), _("已登记见习月份"))
            else:
                _run(request, lambda: actions.end_trainee(user, trainee, outcome=p.get("outcome", ""),
                                                          end_on=p.get("end_on")), _("已登记见习结束"))
        elif op == "claim":
            _run(request, lambda: actions.compute_claim(user, base, p.get("month", "")), _("已核算，待另一人核准"))
        return redirect("employment:traineeship_base", pk=base.pk)
    actions.record_base_view(request.user, base)
    history = actions.register_history(BASE_WORKFLOW, base)
    b = selectors.traineeship_bases(None).get(pk=base.pk)
    return render(request, "employment/traineeship_base.html", {
        "base": base, "b": b, "rate": selectors.retention_rate(b.retained, b.ended),
        "available": BASE_WORKFLOW.available(base.state, request.user, history=history),
        "posts": base.posts.order_by("-opened_on", "id"), "trainees": selectors.base_trainees(base),
        "claims": base.claims.select_related("payment").order_by("-month"),
        "can_record": perms.can_record_registers(request.user), "live": base.state in ("recognised", "model"),
        "kinds": PostKind.choices, "groups": TraineeGroup.choices, "outcomes": TraineeOutcome.choices,
        "log": _log(BASE_WORKFLOW, base)})


def _log(workflow, obj):
    from zhihui.employment.models import RegisterTransition

    return [(t, workflow.get(t.name).label) for t in
            RegisterTransition.objects.filter(workflow=workflow.name, object_id=obj.pk).select_related("actor")]


@login_required
def traineeship_claims(request):
    """A month's subsidy claims (computed, approved with the window's payment, returned) and the
    bases with trainee months still to claim; reviewers approve or return here."""
    from zhihui.core.params import ParameterMissing
    from zhihui.employment.models import TraineeshipClaim
    from zhihui.employment.traineeship import monthly_rate
    from zhihui.employment.workflows import CLAIM_WORKFLOW

    require(perms.can_see_registers(request.user), _("无权查看"))
    if request.method == "POST":
        claim = get_object_or_404(selectors.traineeship_claims(request.user), pk=_int(request.POST.get("claim")))
        op = request.POST.get("op", "")
        if op in ("approve", "return"):
            _run(request, lambda: actions.decide_claim(request.user, claim, op, note=request.POST.get("note", "")),
                 _("已办理"))
        return redirect(f"{request.path}?month={claim.month:%Y-%m}")
    today = actions.today()
    last = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    try:
        month = actions.parse_month(request.GET.get("month"), "month") if request.GET.get("month") else last
    except EmploymentInputError:
        month = last
    try:
        wage, share, rate = monthly_rate(month)
    except ParameterMissing:  # a month before the parameters' first value: no standard shown
        wage = share = rate = None
    claims = list(selectors.traineeship_claims(request.user, month))
    rows = [{"c": c, "buttons": CLAIM_WORKFLOW.available(c.state, request.user,
                                                          history=actions.register_history(CLAIM_WORKFLOW, c))}
            for c in claims]
    return render(request, "employment/traineeship_claims.html", {
        "month": month, "rows": rows, "pending": selectors.pending_claims(request.user, month),
        "wage": wage, "share": share, "rate": rate, "states": TraineeshipClaim._meta.get_field("state").choices,
        "total": sum((c.amount for c in claims if c.state != "rejected"), 0)})


# --- assistance workshops ----------------------------------------------------------------------

@login_required
def workshops(request):
    from zhihui.registry.models import Division

    require(perms.can_see_registers(request.user), _("无权查看"))
    can_record = perms.can_record_registers(request.user)
    if request.method == "POST":
        require(can_record, _("无权登记帮扶车间"))
        p, made = request.POST, []

        def go():
            division = Division.objects.filter(pk=_int(p.get("division"))).first()
            made.append(actions.apply_workshop(request.user, name=p.get("name", ""), operator=_org(p.get("uscc")),
                                               division=division, address=p.get("address", ""),
                                               products=p.get("products", "")))

        if _run(request, go, _("已登记申报，待另一人认定")):
            return redirect("employment:workshop", pk=made[0].pk)
        return redirect("employment:workshops")
    state = request.GET.get("state", "")
    state = state if state in WorkshopState.values else ""
    today = actions.today()
    rows = list(selectors.workshops(request.user, state, today))
    town = perms.town_of(request.user)
    places = Division.objects.filter(level__in=["town", "street", "village", "community"])
    if town is not None:
        places = places.filter(pk=town.pk) | places.filter(parent=town)
    return render(request, "employment/workshops.html", {
        "rows": rows, "summary": selectors.workshop_summary(rows), "states": WorkshopState.choices, "state": state,
        "today": today, "can_record": can_record, "staff": perms.can_see_cases(request.user),
        "places": places.order_by("code")[:500] if can_record else []})


@login_required
def workshop(request, pk: int):
    from zhihui.employment.models import Workshop, WorkshopWorker
    from zhihui.employment.workflows import WORKSHOP_WORKFLOW

    ws = get_object_or_404(Workshop.objects.select_related("operator", "division", "applied_by"), pk=pk)
    if not perms.can_see_register_detail(request.user, ws.division):
        raise Http404
    if request.method == "POST":
        p, op, user = request.POST, request.POST.get("op", ""), request.user
        if op in ("recognise", "reject", "review", "revoke"):
            _run(request, lambda: actions.decide_workshop(user, ws, op, note=p.get("note", "")), _("已办理"))
        elif op == "worker":
            _run(request, lambda: actions.add_workshop_worker(user, ws, _person(request, p.get("id_number", "")),
                                                              since=p.get("since")), _("已登记务工人员"))
        elif op == "leave":
            worker = get_object_or_404(WorkshopWorker, pk=_int(p.get("worker")), workshop=ws)
            _run(request, lambda: actions.end_workshop_worker(user, worker, until=p.get("until")), _("已登记离开"))
        return redirect("employment:workshop", pk=ws.pk)
    actions.record_workshop_view(request.user, ws)
    today = actions.today()
    w = selectors.workshops(None, on=today).get(pk=ws.pk)
    history = actions.register_history(WORKSHOP_WORKFLOW, ws)
    return render(request, "employment/workshop.html", {
        "ws": ws, "w": w, "today": today, "workers": selectors.workshop_workers(ws, today),
        "available": WORKSHOP_WORKFLOW.available(ws.state, request.user, history=history),
        "can_record": perms.can_record_registers(request.user) and ws.state in ("applied", "recognised"),
        "log": _log(WORKSHOP_WORKFLOW, ws)})
