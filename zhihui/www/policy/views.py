"""Policy pages: the staff's policy library, the explanation of a registry person's or
organisation's benefits, the citizen's "我能享受哪些政策" check, and the 免申即享 offers."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from zhihui.benefits import actions, engine, explain, perms, profiles, selectors, texts
from zhihui.benefits.models import BenefitOffer, OfferStatus
from zhihui.core.perms import require, require_object
from zhihui.registry.models import Organisation, Person
from zhihui.www import exports

from .forms import FIELD_OF_PATH, SECTIONS, CheckForm, initial_from_profile


def _as_of(request) -> tuple[dt.date, str]:
    """The as-of date from ?as_of= (default today) and an error naming the field, if any."""
    raw = (request.GET.get("as_of") or "").strip()
    if not raw:
        return dt.date.today(), ""
    try:
        return dt.date.fromisoformat(raw), ""
    except ValueError:
        return (
            dt.date.today(),
            _("判定日期(as_of)：“%(value)s”不是有效日期，请按 2025-06-30 的格式填写") % {"value": raw[:20]},
        )


def _package_or_none():
    try:
        return engine.package(), ""
    except Exception as exc:  # a broken package must not give HTTP 500 on every policy page
        return None, _("政策包无法加载：%(error)s") % {"error": exc}


# --------------------------------------------------------------------------- library


@login_required
def library(request):
    require(perms.can_view_library(request.user), _("政策库仅供经办人员使用"))
    pkg, error = _package_or_none()
    as_of, as_of_error = _as_of(request)
    rows = []
    if pkg is not None:
        for b in pkg.benefits:
            rows.append({"info": b, "text": texts.benefit_text(b.id, as_of, pkg)})
        rows.sort(key=lambda r: (r["info"].kind, not r["info"].contract, r["info"].id))
    # every reading of the plan the package records (benefits.yaml `decisions`), by benefit,
    # in the reader's language (the package holds each note in English and Chinese)
    lang = get_language() or "zh-hans"
    decisions = [{"info": r["info"], "decisions": r["info"].decisions_in(lang)}
                 for r in rows if r["info"].decisions]
    return render(
        request,
        "policy/library.html",
        {
            "pkg": pkg,
            "error": error or as_of_error,
            "rows": rows,
            "as_of": as_of,
            "decisions": decisions,
            "source": "" if pkg is None else pkg.source if lang.startswith("en") else pkg.source_zh,
            "title": "" if pkg is None else pkg.manifest.get("title_en" if lang.startswith("en") else "title_zh", ""),
            "on_file": selectors.decisions_on_file(),
            "can_search": perms.can_search_subjects(request.user),
        },
    )


@login_required
def benefit_detail(request, benefit_id: str):
    require(perms.can_view_library(request.user), _("政策库仅供经办人员使用"))
    pkg, error = _package_or_none()
    if pkg is None:
        return render(request, "policy/library.html", {"error": error, "rows": []})
    try:
        info = pkg.benefit(benefit_id)
    except KeyError:
        raise Http404
    as_of, as_of_error = _as_of(request)
    data = info.to_json(pkg, as_of)
    lang = get_language() or "zh-hans"
    for p in data["parameters"]:
        # the package's own notes on the parameter, in the reader's language
        param = pkg.parameters[p["id"]]
        p["description"], p["note"] = param.description_in(lang), param.note_in(lang)
        p["label"] = texts.PARAM_LABELS.get(p["id"]) or p["description"] or p["id"]
        p["unit_label"] = texts.UNIT_LABELS.get(p["unit"], p["unit"])
        p["current"] = _param_value(p.get("value_at_as_of"), p["type"])
        for h in p["history"]:
            h["shown"] = _param_value(h["value"], p["type"])
    return render(
        request,
        "policy/benefit_detail.html",
        {
            "pkg": pkg,
            "info": info,
            "notes": info.decisions_in(lang),
            "data": data,
            "text": texts.benefit_text(info.id, as_of, pkg),
            "as_of": as_of,
            "error": as_of_error,
            "offers": BenefitOffer.objects.filter(
                benefit=info.id, status=OfferStatus.OFFERED
            ).count()
            if perms.can_list_offers(request.user)
            else None,
        },
    )


def _param_value(value, ptype: str) -> str:
    if value is None:
        return _("规划未规定(需人工核定)")
    if ptype == "money":
        return texts.money(str(value))
    if ptype == "bool":
        return _("是") if value else _("否")
    if isinstance(value, list):
        return "、".join(texts.value_label(str(v)) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{texts.value_label(str(k))}: {v}" for k, v in value.items())
    return str(value)


# --------------------------------------------------------------------------- explain


@login_required
def explain_search(request):
    """Find the person or organisation to explain (caseworkers); citizens go to their own."""
    user = request.user
    if not perms.can_search_subjects(user):
        if user.person_id and perms.can_explain_person(user, user.person):
            return redirect("policy:explain_person", pk=user.person_id)
        if user.organisation_id and perms.can_explain_organisation(user, user.organisation):
            return redirect("policy:explain_organisation", pk=user.organisation_id)
        require(False, _("无权查看政策判定"))
    from zhihui.registry.actions import record_person_search
    from zhihui.registry.ids import looks_like_full_id_number
    from zhihui.registry.selectors import search_organisations, search_persons

    q = ((request.POST.get("q") if request.method == "POST" else request.GET.get("q")) or "").strip()[:64]
    if request.method == "GET" and looks_like_full_id_number(q):
        # A full number in a URL lands in access logs and browser history: not searched (the
        # form POSTs); the browser is sent to a clean URL (issue 12, found 6).
        from django.contrib import messages

        messages.error(request, _("为保护个人信息，完整身份证号码请在查询框中输入，不要放在网址中。"))
        return redirect("policy:explain_search")
    persons = list(search_persons(q)[:50]) if q else []
    orgs = list(search_organisations(q)[:20]) if q else []
    if q:
        record_person_search(request.user, q, len(persons), channel="policy-explain")
    return render(request, "policy/explain_search.html", {"q": q, "persons": persons, "orgs": orgs})


def _explain(request, subject, *, kind: str, subject_id: str, profile_of, offers):
    """The explanation page of one person or organisation (the two differ only in these)."""
    as_of, error = _as_of(request)
    ctx = {
        "subject_name": subject.name,
        "subject_id": subject_id,
        "as_of": as_of,
        "error": error,
        "kind": kind,
        "subject": subject,
    }
    pkg, pkg_error = _package_or_none()
    if kind == "person" and request.user.person_id != subject.pk:
        # A person who restricted processing (PIPL art. 44) is not screened on staff's initiative.
        from zhihui.optional import import_optional

        privacy = import_optional("zhihui.privacy.selectors")
        ctx["restriction"] = privacy.live_restriction(subject) if privacy is not None else None
    if pkg is None:
        ctx["error"] = pkg_error
    elif ctx.get("restriction"):  # stored offers only: the read is audited, nothing is screened
        actions.record_explanation_view(request.user, subject, as_of)
        ctx["offers"] = explain.titled(offers.order_by("status", "benefit"))
    elif not error:
        actions.record_explanation_view(request.user, subject, as_of)
        ctx.update(explain.explain_profile(profile_of(subject, as_of), as_of))
        ctx["offers"] = explain.titled(offers.order_by("status", "benefit"))
    return render(request, "policy/explain.html", ctx)


@login_required
@never_cache
def explain_person(request, pk: int):
    person = get_object_or_404(Person, pk=pk)
    require_object(perms.can_explain_person(request.user, person), request.user, _("无权查看他人的政策判定"))
    return _explain(
        request, person, kind="person", subject_id=person.id_number_masked,
        profile_of=profiles.person_profile, offers=BenefitOffer.objects.filter(person=person),
    )


@login_required
@never_cache
def explain_organisation(request, pk: int):
    org = get_object_or_404(Organisation, pk=pk)
    require_object(perms.can_explain_organisation(request.user, org), request.user, _("无权查看其他单位的政策判定"))
    return _explain(
        request, org, kind="organisation", subject_id=org.uscc,
        profile_of=profiles.organisation_profile, offers=BenefitOffer.objects.filter(organisation=org),
    )


# --------------------------------------------------------------------------- citizen check


@never_cache
def check(request):
    """我能享受哪些政策: no login; nothing typed is stored (POST, no session, no log, no audit)."""
    offers = (
        explain.titled(actions.offers_for(request.user)) if request.user.is_authenticated else []
    )
    result = None
    prefilled = False
    if request.method == "POST":
        form = CheckForm(request.POST)
    else:
        initial, prefilled = _own_file(request)
        form = CheckForm(initial=initial)
    if request.method == "POST" and form.is_valid():
        pkg, error = _package_or_none()
        if pkg is None:
            form.add_error(None, error)
        else:
            result = explain.explain_profile(form.profile(), dt.date.today())
            # Plain language: citizens see contract benefits and the extras that came out
            # eligible or need answers; the full rule text is in the library for staff.
            result["asked"], result["not_on_form"] = _questions(result["blocks"], form)
    sections = [(title, [form[name] for name in names]) for title, names in SECTIONS]
    return render(
        request,
        "policy/check.html",
        {
            "form": form,
            "sections": sections,
            "result": result,
            "offers": offers,
            "prefilled": prefilled,
        },
    )


def _own_file(request) -> tuple[dict, bool]:
    """A logged-in citizen's check starts from their own registry file (an audited read)."""
    user = request.user
    if not (user.is_authenticated and user.person_id):
        return {}, False
    try:
        profile = profiles.person_profile(user.person, dt.date.today())
    except Exception:  # noqa: BLE001 - an empty form is better than no page
        return {}, False
    actions.record_explanation_view(user, user.person, dt.date.today())
    return initial_from_profile(profile), True


def _questions(blocks, form) -> tuple[list[dict], list[dict]]:
    """Missing facts across benefits, each asked once, with the benefits that need it: those the
    form can answer (labelled with the form field's own label, linked to it), and the others
    (to be shown at the window with the application)."""
    asked: dict[str, dict] = {}
    other: dict[str, dict] = {}
    for b in blocks:
        if b["status"] != "undetermined":
            continue
        for m in b["missing"]:
            name = FIELD_OF_PATH.get(m["path"].partition(" (")[0])
            if name:
                q = asked.setdefault(name, {"label": form[name].label, "field": name,
                                            "id": form[name].id_for_label, "benefits": []})
            else:
                q = other.setdefault(m["path"], {"label": m["label"], "benefits": []})
            if b["title"] not in q["benefits"]:
                q["benefits"].append(b["title"])
    return list(asked.values()), list(other.values())


# --------------------------------------------------------------------------- offers


@login_required
def offers(request):
    require(perms.can_list_offers(request.user), _("无权查看免申即享名单"))
    pkg, _error = _package_or_none()
    titles = {b.id: b.title_zh for b in pkg.benefits} if pkg else {}
    counts = (
        BenefitOffer.objects.values("benefit")
        .annotate(
            offered=Count("id", filter=Q(status=OfferStatus.OFFERED)),
            accepted=Count("id", filter=Q(status=OfferStatus.ACCEPTED)),
            declined=Count("id", filter=Q(status=OfferStatus.DECLINED)),
            withdrawn=Count("id", filter=Q(status=OfferStatus.WITHDRAWN)),
            amount=Sum("total", filter=Q(status=OfferStatus.OFFERED)),
        )
        .order_by("benefit")
    )
    counts = [
        dict(
            c,
            title=titles.get(c["benefit"], c["benefit"]),
            amount=texts.money(str(c["amount"] or "0.00")),
        )
        for c in counts
    ]
    benefit = request.GET.get("benefit", "")
    status = request.GET.get("status", OfferStatus.OFFERED)
    if status not in OfferStatus.values:
        status = OfferStatus.OFFERED
    page = None
    if benefit:
        qs = (
            BenefitOffer.objects.filter(benefit=benefit, status=status)
            .select_related("person", "organisation", "application")
            .order_by("subject_key")
        )
        if exports.wanted(request):
            return exports.response(
                request, name=f"offers-{benefit}-{status}", title=_("免申即享名单"), what="benefits.benefitoffer",
                headers=[_("对象"), _("证件号码/统一社会信用代码"), _("待遇"), _("周期"), _("金额(元)"), _("状态"),
                         _("判定日期"), _("已转申请")],
                rows=([o.person.name if o.person_id else o.organisation.name,
                       o.person.id_number_masked if o.person_id else o.organisation.uscc,
                       titles.get(o.benefit, o.benefit), o.period, o.total, o.get_status_display(), o.as_of,
                       o.application.number if o.application_id else ""] for o in qs.iterator(chunk_size=500)))
        page = Paginator(qs, 50).get_page(request.GET.get("page"))
    from zhihui.core.models import BackgroundJob

    job = BackgroundJob.objects.filter(kind="benefits.sweep").order_by("-created_at").first()
    return render(
        request,
        "policy/offers.html",
        {
            "counts": counts,
            "benefit": benefit,
            "benefit_title": titles.get(benefit, benefit),
            "status": status,
            "statuses": OfferStatus.choices,
            "page": page,
            "job": job,
            "can_sweep": perms.can_run_sweep(request.user),
            "can_notify": perms.can_notify_offers(request.user),
            "today": dt.date.today(),
        },
    )


@login_required
@require_POST
def run_sweep(request):
    require(perms.can_run_sweep(request.user), _("无权运行免申即享筛查"))
    raw = (request.POST.get("as_of") or "").strip()
    try:
        as_of = dt.date.fromisoformat(raw) if raw else dt.date.today()
    except ValueError:
        messages.error(request, _("判定日期(as_of)：“%(value)s”不是有效日期") % {"value": raw[:20]})
        return redirect("policy:offers")
    job = actions.start_sweep_job(request.user, as_of)
    messages.success(
        request,
        _("已启动免申即享筛查（判定日期 %(date)s），任务编号 %(job)s")
        % {"date": as_of.isoformat(), "job": job.pk},
    )
    return redirect("policy:offers")


@login_required
@require_POST
def decline_offer(request, pk: int):
    offer = get_object_or_404(BenefitOffer, pk=pk)
    require_object(perms.can_decline_offer(request.user, offer), request.user, _("只能处理本人或本单位的待遇"))
    try:
        actions.decline_offer(request.user, offer)
        messages.success(request, _("已记录：您放弃了该项待遇。"))
    except actions.OfferError as exc:
        messages.error(request, exc.message)
    return redirect("policy:check")


@login_required
@require_POST
def notify_offers(request):
    """Remind the subjects of a benefit's pending offers (in-app; SMS only with consent)."""
    require(perms.can_notify_offers(request.user), _("无权发送免申即享提醒"))
    benefit = request.POST.get("benefit", "")
    pkg, _error = _package_or_none()
    titles = {b.id: b.title_zh for b in pkg.benefits} if pkg else {}
    if benefit not in titles:
        messages.error(request, _("benefit: 请选择政策"))
        return redirect("policy:offers")
    c = actions.notify_pending_offers(request.user, benefit, titles[benefit])
    messages.success(request, _("已提醒 %(offers)s 个待确认对象：站内信 %(messages)s 条，短信 %(sms)s 条（%(no_consent)s 人未同意短信通知，%(repeated)s 人 7 天内已提醒）") % c)
    return redirect(reverse("policy:offers") + f"?benefit={benefit}")
