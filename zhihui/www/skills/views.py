"""Pages of Skills Jiyuan (技能济源): providers and their results (public), the worker's
vouchers and archive (phone-sized), a session's real-name roster with check-ins, the office's
voucher issue and certificate import, the public certificate verification, supervisors'
signals and the statistics. Buttons come from the voucher workflow table; writes go through
zhihui.skills.actions."""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhihui.core import audit
from zhihui.core.errors import add_to_form
from zhihui.core.perms import require
from zhihui.core.workflow import history_of
from zhihui.registry.models import Organisation
from zhihui.skills import actions, perms, selectors, stats
from zhihui.skills import forms as register_forms
from zhihui.skills.actions import SkillsError
from zhihui.skills.enums import (
    CheckInMethod,
    EligibleGroup,
    SessionStatus,
    VoucherKind,
    VoucherStatus,
)
from zhihui.skills.models import CertificateRecord, Enrolment, Session, Voucher
from zhihui.skills.workflows import VOUCHER

DEVICE_COOKIE = "zh_device"


def _pk(raw) -> int:
    """A posted row id, or 0 (matches nothing) for anything else: junk is a 404, never a 500."""
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() and len(raw) < 12 else 0


def providers(request):
    """Public: approved providers, their programmes and results, so workers choose by need."""
    return render(request, "skills/providers.html", {"rows": selectors.provider_results()})


# --- Vouchers ---------------------------------------------------------------------------------------


@login_required
def voucher_list(request):
    qs = selectors.vouchers_for(request.user)
    status = request.GET.get("status", "")
    if status in VoucherStatus.values:
        qs = qs.filter(status=status)
    return render(request, "skills/vouchers.html", {
        "vouchers": qs[:200], "status": status, "statuses": VoucherStatus.choices,
        "can_issue": perms.is_office(request.user), "kinds": VoucherKind.choices, "groups": EligibleGroup.choices,
        "counts": selectors.voucher_counts() if perms.is_office(request.user) else None,
    })


def _voucher_or_404(request, number: str) -> Voucher:
    v = selectors.vouchers_for(request.user).filter(number=number).first()
    if v is None:
        raise Http404
    return v


@login_required
def voucher_detail(request, number: str):
    v = _voucher_or_404(request, number)
    if not perms.is_holder(request.user, v):
        audit.record(request.user, audit.Action.VIEW, v, summary=f"查看培训券 {v.number}")
    buttons = [t for t in VOUCHER.available(v.status, request.user, is_owner=perms.is_holder(request.user, v),
                                            history=history_of(v.transitions)) if t.name in ("redeem", "cancel", "enrol")]
    if any(t.name == "redeem" for t in buttons) and perms.has_role(request.user, "employer") and not perms.is_provider(request.user, v.provider):
        buttons = [t for t in buttons if t.name != "redeem"]
    sessions = []
    if any(t.name == "enrol" for t in buttons):
        today = timezone.localdate()
        sessions = Session.objects.filter(status=SessionStatus.OPEN, ends_on__gte=today, programme__active=True) \
            .select_related("programme__provider__organisation").order_by("starts_on")[:50]
        if v.level:
            sessions = [s for s in sessions if s.programme.level == v.level]
    return render(request, "skills/voucher.html", {
        "v": v, "buttons": buttons, "sessions": sessions, "log": v.transitions.select_related("actor"),
        "is_holder": perms.is_holder(request.user, v),
    })


@login_required
@require_POST
def voucher_take(request, number: str, transition: str):
    v = _voucher_or_404(request, number)
    try:
        if transition == "redeem":
            actions.redeem(request.user, v)
        elif transition == "cancel":
            actions.cancel(request.user, v, request.POST.get("reason", ""))
        elif transition == "enrol":
            session = Session.objects.filter(number=request.POST.get("session", "")).first()
            if session is None:
                raise SkillsError(_("请选择班次"), "session")
            actions.enrol(request.user, session, v.person, voucher=v)
        else:
            raise Http404
    except SkillsError as exc:
        messages.error(request, str(exc))
    except Voucher.DoesNotExist:
        raise Http404
    else:
        messages.success(request, _("已完成：%(a)s") % {"a": VOUCHER.get(transition).label})
    return redirect("skills:voucher", number=v.number)


@login_required
@require_POST
def voucher_issue(request):
    require(perms.is_office(request.user), _("只有窗口受理员或部门管理员可以发放培训券"))
    from zhihui.www.talent.views import find_person

    person = find_person(request.POST.get("id_number", ""))
    try:
        if person is None:
            raise SkillsError(_("id_number: 人员库中没有此身份证号码"), "id_number")
        v = actions.issue_voucher(request.user, person, kind=request.POST.get("kind", ""), group=request.POST.get("group", ""))
    except SkillsError as exc:
        messages.error(request, str(exc))
        return redirect("skills:vouchers")
    messages.success(request, _("已发放培训券 %(n)s") % {"n": v.number})
    return redirect("skills:voucher", number=v.number)


# --- Sessions and check-ins --------------------------------------------------------------------------


@login_required
def session_list(request):
    qs = selectors.sessions_for(request.user)
    if not (perms.is_office(request.user) or perms.provider_of(request.user) or perms.has_role(request.user, "reviewer")):
        raise PermissionDenied
    return render(request, "skills/sessions.html", {"sessions": qs[:200]})


def _session_or_404(request, number: str) -> Session:
    s = selectors.sessions_for(request.user).filter(number=number).first()
    if s is None:
        raise Http404
    return s


@login_required
def session_detail(request, number: str):
    s = _session_or_404(request, number)
    audit.record(request.user, audit.Action.VIEW, s, summary=f"查看班次花名册 {s.number}")
    keep = perms.can_keep_session(request.user, s)
    qr = ""
    if keep and s.status == SessionStatus.OPEN:
        from zhihui.talent.render import qr_svg

        qr = qr_svg(request.build_absolute_uri(reverse("skills:checkin", args=[s.checkin_token])))
    return render(request, "skills/session.html", {
        "s": s, "keep": keep, "qr": qr,
        "roster": s.enrolments.select_related("person").prefetch_related("checkins"),
        "today": timezone.localdate(),
    })


@login_required
@require_POST
def session_checkin(request, number: str):
    """A clerk or the provider marks a trainee present (点名)."""
    s = _session_or_404(request, number)
    e = s.enrolments.filter(pk=_pk(request.POST.get("enrolment"))).first()
    if e is None:
        raise Http404
    try:
        actions.check_in(request.user, e, method=CheckInMethod.CLERK)
    except SkillsError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已签到：%(n)s") % {"n": e.person.name})
    return redirect("skills:session", number=s.number)


@login_required
@require_POST
def session_complete(request, number: str):
    s = _session_or_404(request, number)
    try:
        r = actions.complete_session(request.user, s)
    except SkillsError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("结业 %(a)s 人，未达出勤要求 %(b)s 人") % {"a": r["completed"], "b": r["not_completed"]})
    return redirect("skills:session", number=s.number)


@login_required
def checkin(request, token: str):
    """The worker scans the session's QR code with their phone and checks in in their own name.
    The phone keeps a random device id in a cookie (its digest is what the signals compare)."""
    s = Session.objects.filter(checkin_token=token).select_related("programme__provider__organisation").first()
    if s is None or not perms.has_role(request.user, "citizen"):
        raise Http404
    e = Enrolment.objects.filter(session=s, person_id=request.user.person_id).first()
    if e is None:
        raise Http404
    device = request.COOKIES.get(DEVICE_COOKIE) or secrets.token_urlsafe(18)
    done = None
    if request.method == "POST":
        try:
            done = actions.check_in(request.user, e, method=CheckInMethod.QR, token=token, device=device)
        except SkillsError as exc:
            messages.error(request, str(exc))
    response = render(request, "skills/checkin.html", {"s": s, "e": e, "done": done})
    response.set_cookie(DEVICE_COOKIE, device, max_age=3 * 365 * 86400, httponly=True, samesite="Lax", secure=request.is_secure())
    return response


# --- Certificates: import, verification, archive -----------------------------------------------------


@login_required
def certificate_import(request):
    require(perms.is_office(request.user), _("只有窗口受理员或部门管理员可以导入证书"))
    from zhihui.skills.certificates import HEADERS, CertificateFileError
    from zhihui.skills.models import EvaluationBody

    bodies = EvaluationBody.objects.filter(active=True).select_related("organisation")
    ctx = {"bodies": bodies, "headers": HEADERS, "errors": [], "rows": None}
    if request.method == "POST":
        upload = request.FILES.get("file")
        evaluator = Organisation.objects.filter(pk=_pk(request.POST.get("evaluator"))).first()
        commit = request.POST.get("commit") == "1"
        try:
            if upload is None or evaluator is None:
                raise SkillsError(_("请选择评价机构并上传文件"), "file")
            if upload.size > 10 * 1024 * 1024:
                raise SkillsError(_("file: 文件超过 10 MB"), "file")
            result = actions.import_certificates(request.user, evaluator, upload.read(), commit=commit)
        except CertificateFileError as exc:
            ctx["errors"] = exc.errors
        except SkillsError as exc:
            ctx["errors"] = [str(exc)]
        else:
            if commit:
                messages.success(request, _("已登记 %(n)s 本证书") % {"n": len(result)})
                return redirect("skills:certificate_import")
            ctx["rows"] = result
    return render(request, "skills/certificate_import.html", ctx)


def verify(request):
    """Public: what a certificate's QR code says, checked against the bureau's keys."""
    from zhihui.skills.certificates import check_token

    token = (request.GET.get("t") or "")[:4000]
    record, why = check_token(token) if token else (None, "")
    return render(request, "skills/verify.html", {"record": record, "why": why, "asked": bool(token)})


@login_required
def archive(request):
    """The worker's own training-and-evaluation archive (培训评价电子档案), with each
    certificate's verification QR code."""
    if not perms.has_role(request.user, "citizen") or not request.user.person_id:
        raise Http404
    from zhihui.skills.certificates import archive as build
    from zhihui.skills.certificates import token_for
    from zhihui.talent.render import qr_svg

    data = build(request.user.person)
    for c in data["certificates"]:
        record = CertificateRecord.objects.filter(certificate=c).first()
        c.verify_url = request.build_absolute_uri(reverse("skills:verify") + "?t=" + token_for(record)) if record else ""
        c.qr = qr_svg(c.verify_url, scale=2) if record else ""
    return render(request, "skills/archive.html", data)


@login_required
def archive_pdf(request):
    if not perms.has_role(request.user, "citizen") or not request.user.person_id:
        raise Http404
    from zhihui.skills.certificates import archive_pdf as build

    response = HttpResponse(build(request.user.person, timezone.localtime()), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="training-archive.pdf"'
    return response


# --- Supervision and statistics ----------------------------------------------------------------------


@login_required
def signal_list(request):
    require(perms.can_see_signals(request.user), _("只有监管人员可以查看预警线索"))
    from zhihui.skills.signals import signals

    found = signals()
    audit.record(request.user, audit.Action.LIST, None, object_type="skills.signals", summary=f"培训监管线索 {len(found)} 条")
    return render(request, "skills/signals.html", {"signals": found})


@login_required
def stats_page(request):
    require(perms.can_see_stats(request.user), _("无权查看统计"))
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    year = min(max(year, 2021), today.year)
    years = list(range(2021, today.year + 1))
    return render(request, "skills/stats.html", {
        "year": year, "years": years, "figures": stats.year_figures(year), "by_occupation": stats.by_occupation(year)[:30],
        "by_town": stats.by_town(year)[:30], "chart": stats.chart(years), "as_of": dt.date(year, 12, 31),
    })


@login_required
def registers(request):
    """Competitions, studios, training bases, chief technicians, the ten labour brands,
    apprenticeships and 1+X certificates. Leaders and reviewers see them in aggregate (counts
    and a chart); the names on them only the office that administers them (perms)."""
    require(perms.can_see_registers(request.user), _("无权查看"))
    names = perms.can_see_register_names(request.user)
    brands = selectors.brand_figures()
    ctx = {"names": names, "brands": brands, "brand_chart": selectors.brand_chart(brands), "summary": selectors.register_summary()}
    if names:
        from zhihui.skills.models import (
            Apprenticeship,
            ChiefTechnician,
            Competition,
            OnePlusX,
            Studio,
            TrainingBase,
        )

        audit.record(request.user, audit.Action.LIST, None, object_type="skills.registers", summary="技能人才登记册（含姓名）")
        ctx.update({
            "competitions": Competition.objects.prefetch_related("entries__person", "entries__unit")[:50],
            "studios": Studio.objects.select_related("host", "master")[:100],
            "bases": TrainingBase.objects.select_related("host")[:100],
            "chiefs": ChiefTechnician.objects.select_related("firm", "person", "occupation", "certificate")[:100],
            "apprenticeships": Apprenticeship.objects.select_related("firm", "school", "apprentice")[:100],
            "one_plus_x": OnePlusX.objects.select_related("education__person", "education__level", "certificate")[:100],
            "forms": [(k, t) for k, (t, _f) in register_forms.KINDS.items()],
        })
    return render(request, "skills/registers.html", ctx)


# A refusal of an action names its argument; on the 1+X form the student's records are chosen
# by school and certificate number.
FORM_FIELD = {"education": "school", "certificate": "certificate_number"}


@login_required
def register_new(request, kind: str):
    """The office enters a register row through the action of its kind."""
    require(perms.can_see_register_names(request.user), _("只有窗口受理员或部门管理员可以登记"))
    if kind not in register_forms.KINDS:
        raise Http404
    title, form_class = register_forms.KINDS[kind]
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            register_forms.save(kind, request.user, dict(form.cleaned_data))
        except SkillsError as exc:
            exc.field = FORM_FIELD.get(exc.field, exc.field)  # the action's name for it → the form's
            add_to_form(form, exc)
        else:
            messages.success(request, _("已登记：%(t)s") % {"t": title})
            return redirect("skills:registers")
    return render(request, "skills/register_new.html", {"form": form, "title": title, "kind": kind})
