"""Registry pages: person and organisation search, their files, the citizen's own file and the
employer's own organisation. Permissions come from zhihui.registry.perms; writes and audited
reads go through zhihui.registry.actions.

A full identity number never travels in a URL: the person search form is POSTed, a GET search
refuses a full number, and the "show full number" button POSTs and gets the number back in
the response body only.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from zhihui.core.errors import add_to_form
from zhihui.core.perms import require, require_object
from zhihui.registry import actions, perms, selectors
from zhihui.registry.actions import RegistryInputError
from zhihui.registry.enums import IndustryChain, OrgKind, SizeClass
from zhihui.registry.ids import InvalidIdentifier, age_on, looks_like_full_id_number, mask_phone
from zhihui.registry.models import Organisation, Person

PAGE_SIZE = 20
POST_RESULTS = 50


def _page(request, qs):
    paginator = Paginator(qs, PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


# --- People ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def person_search(request):
    require(perms.can_search_persons(request.user), _("您无权查询人员信息"))
    q = selectors.clean_query(request.POST.get("q") if request.method == "POST" else request.GET.get("q"))
    context = {"q": "" if looks_like_full_id_number(q) else q, "searched": bool(q), "can_create": perms.can_create_person(request.user),
               "query": urlencode({"q": q})}
    if request.method == "GET" and looks_like_full_id_number(q):
        # Already in the URL (and the server's log) by now; do not search, and say why.
        # Send the browser to a clean URL so the number leaves its address bar and history.
        messages.error(request, _("为保护个人信息，完整身份证号码请在查询框中输入，不要放在网址中。"))
        return redirect("registry:person_search")
    if q:
        qs = selectors.search_persons(q)
        if request.method == "POST":
            context["count"] = qs.count()
            context["results"] = list(qs[:POST_RESULTS])
            context["truncated"] = context["count"] > POST_RESULTS
        else:
            page = _page(request, qs)
            context["page"] = page
            context["results"] = page.object_list
            context["count"] = page.paginator.count
        actions.record_person_search(request.user, q, context["count"], channel="web")
    return render(request, "registry/person_search.html", context)


def _restriction(person):
    """The person's processing restriction in force (zhihui/privacy), marked to staff."""
    from zhihui.optional import import_optional

    privacy = import_optional("zhihui.privacy.selectors")
    return privacy.live_restriction(person) if privacy is not None else None


def _person_context(request, person, **extra):
    data = selectors.person_file(person)
    own = perms.sees_full_id_number(request.user, person)
    return {
        **data,
        "own": own,
        "shown_number": person.id_number_masked,
        # The masked number hides exactly the birth date: staff see the age (issue 12, found 1).
        "age": age_on(person.birth_date),
        "shown_phone": person.phone if own else mask_phone(person.phone),
        "can_reveal_phone": bool(person.phone) and not own and perms.can_reveal_phone(request.user, person),
        "can_reveal": perms.can_reveal_id_number(request.user, person) and not own,
        "can_export": perms.can_export_person(request.user, person),
        "can_edit": perms.can_edit_person(request.user, person),
        "restriction": _restriction(person) if not own else None,
        **extra,
    }


@login_required
def person_detail(request, pk: int):
    person = get_object_or_404(Person.objects.select_related("residence"), pk=pk)
    require_object(perms.can_view_person(request.user, person), request.user, _("您无权查看此人员档案"))
    actions.record_person_view(request.user, person, channel="web")
    context = _person_context(request, person)
    if perms.sees_full_id_number(request.user, person):
        context["shown_number"] = actions.full_id_number_for_owner(request.user, person)
    return render(request, "registry/person_detail.html", context)


@never_cache
@login_required
@require_POST
def person_reveal(request, pk: int):
    """The full number, in the response body only (htmx swaps it in; without htmx: the page).
    Staff state a reason; the answer is never cached."""
    person = get_object_or_404(Person.objects.select_related("residence"), pk=pk)
    require_object(perms.can_view_person(request.user, person), request.user, _("您无权查看此人员档案"))
    try:
        number = actions.reveal_id_number(request.user, person, channel="web", reason=request.POST.get("reason", ""))
    except RegistryInputError as exc:
        return HttpResponse(f'<span class="error" role="alert">{escape(str(exc))}</span>', status=400)
    if request.htmx:
        return render(request, "registry/_id_number.html", {"number": number, "revealed": True})
    actions.record_person_view(request.user, person, channel="web")
    return render(request, "registry/person_detail.html", _person_context(request, person, shown_number=number, revealed=True))


@never_cache
@login_required
@require_POST
def person_reveal_phone(request, pk: int):
    """The full phone number, as for identity numbers (reason, audited, limited, not cached)."""
    person = get_object_or_404(Person.objects.select_related("residence"), pk=pk)
    require_object(perms.can_view_person(request.user, person), request.user, _("您无权查看此人员档案"))
    try:
        phone = actions.reveal_phone(request.user, person, channel="web", reason=request.POST.get("reason", ""))
    except RegistryInputError as exc:
        return HttpResponse(f'<span class="error" role="alert">{escape(str(exc))}</span>', status=400)
    if request.htmx:
        return render(request, "registry/_phone.html", {"phone": phone, "revealed": True})
    actions.record_person_view(request.user, person, channel="web")
    return render(request, "registry/person_detail.html", _person_context(request, person, shown_phone=phone, phone_revealed=True))


@login_required
def person_export(request, pk: int):
    person = get_object_or_404(Person, pk=pk)
    require_object(perms.can_view_person(request.user, person), request.user, _("您无权查看此人员档案"))
    purpose = request.GET.get("purpose", "").strip()
    own = request.user.person_id == person.pk
    if not own and not purpose:
        # Staff state the purpose first: it is registered and printed in the file's watermark.
        require(perms.can_export_person(request.user, person), _("无权导出人员档案"))
        return render(request, "registry/export_purpose.html", {"person": person})
    try:
        data = actions.export_person(request.user, person, channel="web", purpose=purpose)
    except actions.RegistryInputError as exc:
        return render(request, "registry/export_purpose.html", {"person": person, "error": str(exc)}, status=422)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.json"'
    return response


class PersonForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("姓名"), max_length=64)
    id_number = forms.CharField(label=gettext_lazy("身份证号码"), max_length=18, min_length=18)
    phone = forms.CharField(label=gettext_lazy("手机号码"), max_length=20, required=False)
    hukou_region = forms.CharField(label=gettext_lazy("户籍地区划代码"), max_length=12, required=False)
    residence = forms.ChoiceField(label=gettext_lazy("居住街道/镇"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["residence"].choices = [("", "—")] + [
            (d.code, d.name) for d in selectors.jiyuan_residence_divisions()
        ]


class PersonEditForm(PersonForm):
    id_number = forms.CharField(
        label=gettext_lazy("更正身份证号码（不更正请留空）"), max_length=18, min_length=18, required=False
    )
    hukou_settled_on = forms.DateField(
        label=gettext_lazy("落户济源日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


def _apply_error(form, exc: InvalidIdentifier) -> None:
    add_to_form(form, exc)


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request):
    require(perms.can_create_person(request.user), _("您无权登记人员"))
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = actions.create_person(request.user, **form.cleaned_data)
        except InvalidIdentifier as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, _("已登记：%(name)s") % {"name": person.name})
            return redirect("registry:person_detail", pk=person.pk)
    return render(request, "registry/form.html", {"form": form, "title": _("登记人员")}, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request, pk: int):
    person = get_object_or_404(Person.objects.select_related("residence"), pk=pk)
    require(perms.can_edit_person(request.user, person), _("您无权修改人员信息"))
    initial = {
        "name": person.name,
        "phone": person.phone,
        "hukou_region": person.hukou_region,
        "hukou_settled_on": person.hukou_settled_on,
        "residence": person.residence.code if person.residence_id else "",
    }
    form = PersonEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if k in form.changed_data and k != "id_number"}
        if form.cleaned_data.get("id_number"):
            changes["id_number"] = form.cleaned_data["id_number"]
        try:
            actions.update_person(request.user, person, **changes)
        except InvalidIdentifier as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("registry:person_detail", pk=person.pk)
    title = _("修改人员信息：%(name)s") % {"name": person.name}
    return render(request, "registry/form.html", {"form": form, "title": title}, status=422 if form.errors else 200)


@login_required
def my_file(request):
    person = request.user.person if request.user.person_id else None
    require(person is not None and perms.sees_full_id_number(request.user, person), _("您的账户未关联人员档案"))
    actions.record_person_view(request.user, person, channel="web", what="own file")
    context = _person_context(request, person, own=True)
    context["shown_number"] = actions.full_id_number_for_owner(request.user, person)
    return render(request, "registry/person_detail.html", context)


# --- Organisations --------------------------------------------------------------------------


@login_required
def organisation_search(request):
    require(perms.can_search_organisations(request.user), _("您无权查询单位信息"))
    q = selectors.clean_query(request.GET.get("q"))
    context = {"q": q, "searched": bool(q), "can_create": perms.can_create_organisation(request.user),
               "query": urlencode({"q": q})}
    if q:
        page = _page(request, selectors.search_organisations(q))
        context.update(page=page, results=page.object_list, count=page.paginator.count)
    return render(request, "registry/organisation_search.html", context)


def _organisation_page(request, org):
    employees = None
    if perms.can_view_employees(request.user, org):
        employees = _page(request, selectors.current_employees(org))
        if employees.object_list:
            actions.record_employee_list_view(request.user, org, [e.person_id for e in employees.object_list])
    return render(request, "registry/organisation_detail.html", {
        "org": org,
        "employees": employees,
        "account_holders": org.account_holders.order_by("username") if perms.can_search_organisations(request.user) else None,
        "can_open_persons": perms.can_search_persons(request.user),
    })


@login_required
def organisation_detail(request, pk: int):
    org = get_object_or_404(Organisation.objects.select_related("industry", "division"), pk=pk)
    require_object(perms.can_view_organisation(request.user, org), request.user, _("您无权查看此单位"))
    return _organisation_page(request, org)


@login_required
def my_organisation(request):
    org = request.user.organisation
    require(org is not None and perms.can_view_organisation(request.user, org), _("您的账户未关联单位"))
    return _organisation_page(request, org)


class OrganisationForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("名称"), max_length=200)
    uscc = forms.CharField(label=gettext_lazy("统一社会信用代码"), max_length=18, min_length=18)
    kind = forms.ChoiceField(label=gettext_lazy("单位类型"), choices=OrgKind.choices)
    industry = forms.CharField(label=gettext_lazy("行业代码(GB/T 4754-2017)"), max_length=5, required=False)
    industry_chain = forms.ChoiceField(label=gettext_lazy("产业链(3+7)"), choices=[("", "—"), *IndustryChain.choices], required=False)
    size_class = forms.ChoiceField(label=gettext_lazy("规模"), choices=[("", "—"), *SizeClass.choices], required=False)
    division = forms.ChoiceField(label=gettext_lazy("所在地"), required=False)
    address = forms.CharField(label=gettext_lazy("地址"), max_length=200, required=False)
    is_key_enterprise = forms.BooleanField(label=gettext_lazy("重点企业"), required=False)
    is_above_designated_size = forms.BooleanField(label=gettext_lazy("规上企业"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].choices = [("", "—")] + [(d.code, d.name) for d in selectors.jiyuan_residence_divisions()]


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request):
    require(perms.can_create_organisation(request.user), _("您无权登记单位"))
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            org = actions.create_organisation(request.user, **form.cleaned_data)
        except (InvalidIdentifier, RegistryInputError) as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, _("已登记：%(name)s") % {"name": org.name})
            return redirect("registry:organisation_detail", pk=org.pk)
    return render(request, "registry/form.html", {"form": form, "title": _("登记单位")}, status=422 if form.errors else 200)
