"""Pages: the privacy notice, a citizen's consents and rights requests, the staff's desk of
rights requests (buttons from the workflow table), the registers (sharing, exports, purges)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zhihui.core.errors import add_to_form
from zhihui.core.perms import require
from zhihui.privacy import actions, inventory, perms, selectors
from zhihui.privacy.enums import (
    CORRECTABLE_FIELDS,
    DATA_CATEGORIES,
    NOTICE_VERSION,
    RIGHTS_RESPONSE_WORKING_DAYS,
    SENSITIVE_PURPOSES,
    ConsentPurpose,
    RequestKind,
)
from zhihui.privacy.models import Consent, ExportRecord, PurgeRun, RightsRequest, SharingRecord
from zhihui.privacy.workflows import RIGHTS_REQUEST
from zhihui.registry.models import Person


def notice(request):
    """The privacy notice (public): what is held, why, on what ground, how long, who reads it,
    to whom it is given, and how to exercise one's rights — read from the inventory data."""
    inv = inventory.inventory()
    rules = inventory.retention_rules()
    rows = [
        {"model": label, "purpose": e["purpose"], "ground": e["legal_ground"], "retention": rules[e["retention"]]["keep"],
         "basis": rules[e["retention"]]["basis"],
         "categories": sorted({str(DATA_CATEGORIES[c]) for c in (e.get("personal") or {}).values()})}
        for label, e in sorted(inv.items()) if e.get("personal")
    ]
    return render(request, "privacy/notice.html", {
        "rows": rows, "version": NOTICE_VERSION, "days": RIGHTS_RESPONSE_WORKING_DAYS,
        "purposes": ConsentPurpose.choices, "sensitive": SENSITIVE_PURPOSES,
    })


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("请求类型"), choices=RequestKind.choices)
    details = forms.CharField(label=gettext_lazy("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    field = forms.ChoiceField(label=gettext_lazy("更正项目"), required=False,
                              choices=[("", "—"), *CORRECTABLE_FIELDS.items()])
    new_value = forms.CharField(label=gettext_lazy("更正后的值"), required=False, max_length=64)
    evidence = forms.FileField(label=gettext_lazy("证明材料（更正时必附，PDF/PNG/JPEG）"), required=False)


def _file_request(request, person):
    form = RequestForm(request.POST, request.FILES)
    if not form.is_valid():
        return form, None
    d = form.cleaned_data
    try:
        req = actions.file_request(request.user, person, d["kind"], details=d["details"], field=d["field"],
                                   new_value=d["new_value"], evidence=d["evidence"])
    except actions.PrivacyError as exc:
        add_to_form(form, exc)
        return form, None
    return form, req


@login_required
def mine(request):
    require(perms.can_manage_own(request.user), _("此页面供本人使用"))
    person = request.user.person
    form = RequestForm()
    status = 200
    if request.method == "POST":
        form, req = _file_request(request, person)
        if req is not None:
            messages.success(request, _("已提交 %(number)s，答复期限 %(due)s") % {"number": req.number, "due": req.due_on})
            return redirect("privacy:detail", number=req.number)
        status = 422
    live = {c.purpose: c for c in Consent.objects.filter(person=person, withdrawn_at__isnull=True)}
    consents = [{"purpose": p, "label": label, "sensitive": p in SENSITIVE_PURPOSES, "consent": live.get(p)}
                for p, label in ConsentPurpose.choices]
    return render(request, "privacy/mine.html", {
        "person": person, "form": form, "consents": consents, "requests": selectors.requests_of(person),
        "sharing": selectors.sharing_of(person), "version": NOTICE_VERSION,
    }, status=status)


@login_required
@require_POST
def consent(request):
    require(perms.can_manage_own(request.user), _("此页面供本人使用"))
    person = request.user.person
    purpose = request.POST.get("purpose", "")
    try:
        if request.POST.get("action") == "withdraw":
            c = get_object_or_404(Consent, person=person, purpose=purpose, withdrawn_at__isnull=True)
            actions.withdraw_consent(request.user, c)
            messages.success(request, _("已撤回同意"))
        else:
            actions.give_consent(request.user, person, purpose)
            messages.success(request, _("已记录您的同意"))
    except actions.PrivacyError as exc:
        messages.error(request, exc.message)
    return redirect("privacy:mine")


@login_required
def desk(request):
    require(perms.can_work_requests(request.user), _("此页面供工作人员使用"))
    return render(request, "privacy/desk.html", {"requests": selectors.open_requests(), "today": timezone.localdate()})


@login_required
def new_request(request, person_id: int):
    """A clerk files a request for a person at the window (e.g. a correction with the document)."""
    person = get_object_or_404(Person, pk=person_id)
    require(perms.can_file_for(request.user, person), _("无权为该人员提出请求"))
    form = RequestForm(initial={"kind": request.GET.get("kind", ""), "field": request.GET.get("field", "")})
    status = 200
    if request.method == "POST":
        form, req = _file_request(request, person)
        if req is not None:
            return redirect("privacy:detail", number=req.number)
        status = 422
    return render(request, "privacy/new_request.html", {"person": person, "form": form}, status=status)


@login_required
def detail(request, number: str):
    req = RightsRequest.objects.filter(number=number).select_related("person").first()
    if req is None or not perms.can_view_request(request.user, req):
        raise Http404
    owner = perms.is_owner(request.user, req.person)
    if request.method == "POST":
        name, reason = request.POST.get("action", ""), request.POST.get("reason", "")
        fn = {"accept": actions.accept_request, "complete": actions.complete_request,
              "refuse": actions.refuse_request, "withdraw": actions.withdraw_request}.get(name)
        try:
            if fn is None:
                raise actions.PrivacyError(_("未知操作"))
            fn(request.user, req, reason)
        except (actions.PrivacyError, ValueError, PermissionDenied) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("操作成功"))
        return redirect("privacy:detail", number=req.number)
    buttons = RIGHTS_REQUEST.available(req.status, request.user, is_owner=owner, history=actions.history(req))
    return render(request, "privacy/detail.html", {
        "req": req, "buttons": buttons, "today": timezone.localdate(), "owner": owner,
        "transitions": req.transitions.select_related("actor"), "corrections": req.corrections.all(),
        "field_label": CORRECTABLE_FIELDS.get(req.field, ""),
    })


@login_required
def registers(request):
    require(perms.can_read_registers(request.user), _("此页面供管理员和审计员使用"))
    return render(request, "privacy/registers.html", {
        "sharing": SharingRecord.objects.all()[:200], "exports": ExportRecord.objects.all()[:200],
        "purges": PurgeRun.objects.all()[:30],
    })
