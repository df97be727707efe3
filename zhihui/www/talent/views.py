"""Pages of the 王屋英才 card: the citizen's card, the window's verification page, and the staff
register (issue, revoke, reissue, record recognitions). Writes go through zhihui.talent.actions."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zhihui.core import audit
from zhihui.core.crypto import lookup_hash
from zhihui.core.perms import require, require_object
from zhihui.registry.enums import RecognitionSource, TalentCategory
from zhihui.registry.ids import normalize_id_number
from zhihui.registry.models import Person, TalentCategoryRecord
from zhihui.talent import actions, perms, signing
from zhihui.talent import render as card_render
from zhihui.talent.actions import TalentError
from zhihui.talent.models import CardStatus, TalentCard
from zhihui.talent.online import verify_online

# --- Citizen ----------------------------------------------------------------------------------


@login_required
def my_card(request):
    person = request.user.person
    card = previous = None
    records = []
    if person is not None:
        card = actions.active_card(person)
        previous = person.talent_cards.exclude(status=CardStatus.ACTIVE).order_by("-issued_on", "-id")[:5]
        records = person.talent_categories.all()
    return render(request, "talent/my_card.html", {
        "person": person,
        "card": card,
        "qr_svg": card_render.qr_svg(card.token) if card else "",
        "previous": previous,
        "records": records,
    })


@login_required
def card_pdf(request, number: str):
    card = get_object_or_404(TalentCard.objects.select_related("person"), number=number)
    require_object(perms.can_view_card(request.user, card), request.user, _("只能打印本人的王屋英才卡"))
    if not perms.is_holder(request.user, card):
        audit.record(request.user, audit.Action.EXPORT, card, summary=f"打印人才卡 {card.number}")
    response = HttpResponse(card_render.card_pdf(card), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="wangwu-card-{card.number}.pdf"'
    return response


# --- Window: verification ---------------------------------------------------------------------


class VerifyForm(forms.Form):
    token = forms.CharField(label=gettext_lazy("王屋英才码"), widget=forms.Textarea(attrs={"rows": 4, "autofocus": True,
                            "placeholder": gettext_lazy("扫码枪扫描或粘贴码文本")}), max_length=4000)


@login_required
def verify_page(request):
    require(perms.can_verify(request.user), _("只有窗口工作人员可以验卡"))
    result = None
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = verify_online(request.user, form.cleaned_data["token"])
    template = "talent/_verify_result.html" if request.htmx and request.method == "POST" else "talent/verify.html"
    return render(request, template, {"form": form, "result": result})


def public_keys_file(request):
    response = JsonResponse(signing.public_keys_document(), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="public-keys.json"'
    return response


@login_required
def revocations_file(request):
    require(perms.can_download_revocations(request.user), _("只有窗口工作人员可以下载注销名单"))
    data = actions.revocation_list()
    from zhihui.privacy import actions as privacy

    privacy.record_export(request.user, purpose=_("离线验卡"), what=_("王屋英才卡注销名单"))
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2),
                            content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="revocations.json"'
    return response


# --- Staff register ---------------------------------------------------------------------------


def find_person(value: str) -> Person | None:
    """An 18-character identity number (looked up by its keyed hash) or an internal person id."""
    value = (value or "").strip()
    if len(value) == 18:
        return Person.objects.filter(id_number_hash=lookup_hash(normalize_id_number(value))).first()
    if value.isdigit():
        return Person.objects.filter(pk=int(value)).first()
    return None


class PersonField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        person = find_person(value)
        if person is None:
            raise forms.ValidationError(_("未找到此人：请输入18位身份证号码或人员编号"))
        return person


class IssueForm(forms.Form):
    person = PersonField(label=gettext_lazy("人员(身份证号码或人员编号)"), max_length=32)
    category = forms.ChoiceField(label=gettext_lazy("人才类别"), choices=[("", gettext_lazy("按当前认定"))] + list(TalentCategory.choices), required=False)
    valid_years = forms.IntegerField(label=gettext_lazy("有效年限"), min_value=1, max_value=10, initial=actions.DEFAULT_VALID_YEARS)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("原因"), max_length=150)


class RecognitionForm(forms.Form):
    person = PersonField(label=gettext_lazy("人员(身份证号码或人员编号)"), max_length=32)
    source = forms.ChoiceField(label=gettext_lazy("认定来源"), choices=RecognitionSource.choices, initial=RecognitionSource.LOCAL)
    category = forms.ChoiceField(label=gettext_lazy("济源人才类别"), choices=[("", "—")] + list(TalentCategory.choices), required=False)
    origin_category = forms.ChoiceField(label=gettext_lazy("原认定类别(互认)"), choices=[("", "—")] + [(c, format_lazy(gettext_lazy("{}类"), c)) for c in "ABCD"], required=False)
    issuer = forms.CharField(label=gettext_lazy("认定机关"), max_length=120, required=False)
    recognised_on = forms.DateField(label=gettext_lazy("认定日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    valid_to = forms.DateField(label=gettext_lazy("有效期至(可空)"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    basis = forms.CharField(label=gettext_lazy("依据/文号"), max_length=150, required=False)
    issue = forms.BooleanField(label=gettext_lazy("同时发放王屋英才卡"), required=False, initial=True)


def _apply_error(form: forms.Form, exc: TalentError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc).split(": ", 1)[-1] if field else str(exc))


@login_required
def card_list(request):
    require(perms.can_list_cards(request.user), _("无权查看王屋英才卡登记"))
    q = (request.GET.get("q") or "").strip()
    cards = TalentCard.objects.select_related("person").order_by("-issued_on", "-id")
    if q:
        if len(q) == 18:
            cards = cards.filter(person__id_number_hash=lookup_hash(normalize_id_number(q)))
        else:
            cards = cards.filter(Q(number__iexact=q) | Q(person__name=q))
    status = request.GET.get("status")
    if status in CardStatus.values:
        cards = cards.filter(status=status)
    page = Paginator(cards, 50).get_page(request.GET.get("page"))
    return render(request, "talent/card_list.html", {
        "page": page, "q": q, "status": status, "statuses": CardStatus.choices,
        "issue_form": IssueForm(), "can_issue": perms.can_issue(request.user),
        "can_recognise": perms.can_recognise(request.user),
    })


@login_required
def card_detail(request, number: str):
    card = get_object_or_404(TalentCard.objects.select_related("person", "recognition", "replaces"), number=number)
    require(perms.can_list_cards(request.user), _("无权查看王屋英才卡登记"))
    audit.record(request.user, audit.Action.VIEW, card, summary=f"查看人才卡 {card.number}")
    return render(request, "talent/card_detail.html", {
        "card": card,
        "qr_svg": card_render.qr_svg(card.token),
        "replaced_by": TalentCard.objects.filter(replaces=card).first(),
        "can_revoke": perms.can_revoke(request.user) and card.status == CardStatus.ACTIVE,
        "can_reissue": perms.can_issue(request.user) and card.effective_status() == CardStatus.ACTIVE,
        "reason_form": ReasonForm(),
    })


@login_required
@require_POST
def issue(request):
    require(perms.can_issue(request.user), _("无权发卡"))
    form = IssueForm(request.POST)
    if form.is_valid():
        try:
            card = actions.issue_card(request.user, form.cleaned_data["person"],
                                      category=form.cleaned_data["category"] or None,
                                      valid_years=form.cleaned_data["valid_years"])
        except TalentError as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, _("已发卡 %(number)s") % {"number": card.number})
            return redirect("talent:card_detail", number=card.number)
    page = Paginator(TalentCard.objects.select_related("person").order_by("-issued_on", "-id"), 50).get_page(1)
    return render(request, "talent/card_list.html", {
        "page": page, "q": "", "status": None, "statuses": CardStatus.choices, "issue_form": form,
        "can_issue": True, "can_recognise": perms.can_recognise(request.user),
    }, status=400)


@login_required
@require_POST
def revoke(request, number: str):
    card = get_object_or_404(TalentCard, number=number)
    require(perms.can_revoke(request.user), _("只有审核员或管理员可以注销王屋英才卡"))
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("注销须填写原因"))
        return redirect("talent:card_detail", number=number)
    try:
        actions.revoke_card(request.user, card, form.cleaned_data["reason"])
    except TalentError as exc:
        messages.error(request, str(exc).split(": ", 1)[-1])
    else:
        messages.success(request, _("已注销 %(number)s") % {"number": card.number})
    return redirect("talent:card_detail", number=number)


@login_required
@require_POST
def reissue(request, number: str):
    card = get_object_or_404(TalentCard, number=number)
    require(perms.can_issue(request.user), _("无权补换卡"))
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("补换卡须填写原因"))
        return redirect("talent:card_detail", number=number)
    try:
        new_card = actions.reissue_card(request.user, card, form.cleaned_data["reason"])
    except TalentError as exc:
        messages.error(request, str(exc).split(": ", 1)[-1])
        return redirect("talent:card_detail", number=number)
    messages.success(request, _("已补发新卡 %(new)s，原卡 %(old)s 已注销") % {"new": new_card.number, "old": card.number})
    return redirect("talent:card_detail", number=new_card.number)


@login_required
def recognise(request):
    require(perms.can_recognise(request.user), _("只有审核员或管理员可以认定人才类别"))
    form = RecognitionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                record, card = actions.record_recognition(
                    request.user, data["person"], category=data["category"] or None, source=data["source"],
                    recognised_on=data["recognised_on"], valid_to=data["valid_to"], issuer=data["issuer"],
                    basis=data["basis"], origin_category=data["origin_category"] or None, issue=data["issue"],
                )
            except TalentError as exc:
                _apply_error(form, exc)
            else:
                text = _("已认定 %(name)s 为%(category)s") % {"name": record.person.name, "category": record.get_category_display()}
                if card:
                    messages.success(request, _("%(text)s，并发卡 %(number)s") % {"text": text, "number": card.number})
                    return redirect("talent:card_detail", number=card.number)
                messages.success(request, text)
                return redirect("talent:recognise")
        status = 400
    recent = TalentCategoryRecord.objects.select_related("person").order_by("-id")[:20]
    return render(request, "talent/recognise.html", {"form": form, "recent": recent}, status=status)
