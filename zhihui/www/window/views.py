"""One-window pages: my applications and the apply form (citizens, employers), the clerk's
window (accept on behalf, corrections, overdue / due soon), the reviewer's queue, payments and
ledgers, finance batches. Every change calls zhihui.window.actions; permissions come from
zhihui.window.perms (403 otherwise)."""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhihui.core.files import attachment_response
from zhihui.core.perms import require, require_object
from zhihui.window import actions, decisions, offers, perms, selectors
from zhihui.window.models import (
    ApplicantKind,
    Application,
    Attachment,
    BankAccount,
    BankAccountStatus,
    Message,
    PaymentBatch,
    PaymentStatus,
    PoolPost,
    Service,
    Status,
    Transition,
)
from zhihui.window.payments import ReconciliationError
from zhihui.window.workflows import APPLICATION, AUTOMATIC, OPEN, PAYMENT_BATCH, application_history
from zhihui.www import exports

from . import apply_form

PAGE_SIZE = 50


def _paginate(request, qs):
    paginator = Paginator(qs, PAGE_SIZE)
    return paginator.get_page(request.GET.get("page") or 1)


# --- Citizens and employers -----------------------------------------------------------------


@login_required
def mine(request):
    user = request.user
    if not (user.person_id or user.organisation_id):
        raise PermissionDenied(_("此页面供个人或用人单位使用"))
    apps = list(
        selectors.my_applications(user).prefetch_related(
            Prefetch("payments", queryset=_payments_qs())
        )[:200]
    )
    unread = list(Message.objects.filter(user=user).select_related("application")[:20])
    names = dict(Service.objects.values_list("code", "name"))
    actions.mark_messages_read(user)
    return render(request, "window/mine.html", {
        "apps": apps,
        "offers": [(o, names.get(o.benefit, o.benefit)) for o in offers.offers_for(user)],
        "messages_list": unread,
    })


def _payments_qs():
    from zhihui.window.models import PaymentInstruction

    return PaymentInstruction.objects.order_by("year", "id")


def _applicant_from_form(request, service):
    """(person, organisation, error) — the applicant is the user's own record, or for a clerk
    the record found by identity number / credit code (never put in the URL)."""
    from zhihui.core.crypto import lookup_hash
    from zhihui.registry.models import Organisation, Person

    user = request.user
    if perms.can_work_window(user):
        if service.applicant_kind == ApplicantKind.PERSON:
            number = request.POST.get("id_number", "").strip().upper()
            person = Person.objects.filter(id_number_hash=lookup_hash(number)).first() if number else None
            if person is None:
                return None, None, ("id_number", _("未找到该身份证号码对应的人员"))
            return person, None, None
        code = request.POST.get("uscc", "").strip().upper()
        org = Organisation.objects.filter(uscc=code).first() if code else None
        if org is None:
            return None, None, ("uscc", _("未找到该统一社会信用代码对应的单位"))
        return None, org, None
    if service.applicant_kind == ApplicantKind.PERSON:
        if not user.person_id:
            return None, None, ("service", _("该事项由个人申请"))
        return user.person, None, None
    if not user.organisation_id:
        return None, None, ("service", _("该事项由用人单位申请"))
    return None, user.organisation, None


@login_required
def apply(request):
    user = request.user
    is_clerk = perms.can_work_window(user)
    if not (is_clerk or user.person_id or user.organisation_id):
        raise PermissionDenied(_("此页面供个人、用人单位或窗口受理员使用"))
    services = Service.objects.filter(active=True)
    if not is_clerk:
        services = services.filter(applicant_kind=ApplicantKind.PERSON if user.person_id else ApplicantKind.ORGANISATION)
    errors: dict[str, str] = {}
    code = request.POST.get("service", "") if request.method == "POST" else request.GET.get("service", "")
    form = {"service": code, "note": "", "period": ""}
    service = services.filter(code=code).first() if code else None
    if code and service is None:
        errors["service"] = _("请选择申请事项")
    today = timezone.localdate()
    need = apply_form.needs(service, _own_profile(user, service, today), today) if service else None
    if request.method == "POST":
        form = {k: request.POST.get(k, "") for k in ("service", "note", "period", "id_number", "uscc")}
        facts: dict = {}
        if service is None:
            errors["service"] = _("请选择申请事项")
        else:
            facts, fact_errors = apply_form.read_facts(need["fields"], request.POST)
            errors.update(fact_errors)
            if len(form["note"]) > actions.NOTE_MAX_CHARS:
                errors["note"] = _("申请说明：不能超过 %(n)s 字（现为 %(m)s 字）") % {
                    "n": actions.NOTE_MAX_CHARS, "m": len(form["note"])}
        if not errors:
            person, org, err = _applicant_from_form(request, service)
            if err:
                errors[err[0]] = err[1]
        if not errors:
            try:
                app, created = actions.submit(
                    user, service, person=person, organisation=org, facts=facts, note=form["note"],
                    period=(form["period"] or None) if need["ask_period"] else None,
                    idempotency_key=request.POST.get("idempotency_key"),
                    files=request.FILES.getlist("attachments"),
                )
            except actions.WindowError as exc:
                field = exc.field if exc.field in ("service", "period", "attachments", "note") else "general"
                errors[field] = exc.message
            else:
                if created:
                    messages.success(request, _("申请已提交，编号 %(number)s") % {"number": app.number})
                return redirect("window:detail", number=app.number)
    return render(request, "window/apply.html", {
        "services": services,
        "service": service,
        "need": need,
        "form": form,
        "errors": errors,
        "is_clerk": is_clerk,
        "note_max": actions.NOTE_MAX_CHARS,
        "idempotency_key": uuid.uuid4().hex,
    }, status=422 if errors else 200)


def _own_profile(user, service, today):
    """The applicant's own registry profile for the eligibility preview (a citizen or an
    employer applying for themselves; an audited read); None for a clerk."""
    from zhihui.benefits import actions as benefit_actions
    from zhihui.benefits import profiles

    if perms.can_work_window(user) or service.code not in decisions.benefit_ids():
        return None
    try:
        if service.applicant_kind == ApplicantKind.PERSON and user.person_id:
            subject, profile = user.person, profiles.person_profile(user.person, today)
        elif service.applicant_kind == ApplicantKind.ORGANISATION and user.organisation_id:
            subject, profile = user.organisation, profiles.organisation_profile(user.organisation, today)
        else:
            return None
    except Exception:  # noqa: BLE001 - the form works without the preview
        return None
    benefit_actions.record_explanation_view(user, subject, today)
    return profile


@login_required
@require_POST
def accept_offer(request, offer_id: int):
    Offer = offers.offer_model()
    if Offer is None:
        raise PermissionDenied(_("免申即享尚未开通"))
    offer = get_object_or_404(Offer, pk=offer_id)
    person, org = offers.offer_applicant(offer)
    if not perms.can_apply_for(request.user, person=person, organisation=org):
        raise PermissionDenied(_("这不是您的待遇"))
    try:
        app = actions.accept_offer(request.user, offer)
    except actions.WindowError as exc:
        messages.error(request, str(exc))
        return redirect("window:mine")
    messages.success(request, _("已确认享受，申请编号 %(number)s") % {"number": app.number})
    return redirect("window:detail", number=app.number)


# --- One application ------------------------------------------------------------------------


def _get_app(request, number) -> Application:
    app = get_object_or_404(Application.objects.select_related("service", "person", "organisation", "reviewer"), number=number)
    require_object(perms.can_view(request.user, app), request.user, _("您无权查看该申请"))
    return app


@login_required
def detail(request, number: str):
    app = _get_app(request, number)
    if request.user.is_bureau_staff and app.person_id:
        actions.record_application_view(request.user, app)
    user = request.user
    history = application_history(app)
    available = APPLICATION.available(app.status, user, is_owner=perms.is_own(user, app), history=history)
    blocked_by = None
    for t in APPLICATION.from_state(app.status):
        earlier = APPLICATION.conflict(t, user, history) if APPLICATION.role_may(t, user) else None
        if earlier:
            blocked_by = APPLICATION.get(earlier).label
    ctx = {
        "app": app,
        "transitions": Transition.objects.filter(application=app).select_related("actor"),
        "attachments": app.attachments.all(),
        "payments": app.payments.select_related("budget").all(),
        "pool_post": PoolPost.objects.filter(application=app).first(),
        # the buttons are the workflow table's transitions this user may take now
        "available": [t for t in available if t.name not in AUTOMATIC],
        "blocked_by": blocked_by,
        "may_override": perms.can_override_quota(user) and app.service.quota_id and app.status == Status.REVIEWED,
        "may_upload": perms.can_answer_correction(user, app) and app.status in OPEN
        and app.status != Status.CORRECTION,
        "may_release": perms.can_work_window(user),
        "today": timezone.localdate(),
        "engine_blocks": _engine_blocks(app),
        "restriction": _restriction(app.person) if user.is_bureau_staff and app.person_id else None,
        "applicant_url": _applicant_url(user, app),
    }
    return render(request, "window/detail.html", ctx)


def _engine_blocks(app) -> list[dict]:
    """The engine's conclusion on the application as the policy pages show it: one block with
    the condition table marked ✓/✗/? and the failed conditions first (issue 15)."""
    from zhihui.benefits import explain, marks

    r = app.engine_result or {}
    if not r.get("status"):
        return []
    try:
        blocks = explain.benefit_blocks({"benefits": [{**r, "benefit": app.service.code}]}, timezone.localdate())
    except Exception:  # noqa: BLE001 - a broken package must not hide the application page
        return []
    marks.mark_blocks(blocks, None, timezone.localdate())
    for b in blocks:
        b["title"] = app.service.name
    return blocks


def _restriction(person):
    """The applicant's processing restriction in force (zhihui/privacy), marked to staff: the
    application itself is the person's own request and goes on (PIPL art. 13(1)(2)/(3))."""
    from zhihui.optional import import_optional

    privacy = import_optional("zhihui.privacy.selectors")
    return privacy.live_restriction(person) if privacy is not None else None


def _applicant_url(user, app) -> str:
    """The applicant's file in the registry, for the staff who may open it (issue 15, found 10)."""
    from zhihui.registry import perms as registry_perms

    if app.person_id and registry_perms.can_view_person(user, app.person):
        return reverse("registry:person_detail", args=[app.person_id])
    if app.organisation_id and registry_perms.can_view_organisation(user, app.organisation):
        return reverse("registry:organisation_detail", args=[app.organisation_id])
    return ""


@login_required
@require_POST
def act(request, number: str, action: str):
    app = _get_app(request, number)
    user, post = request.user, request.POST
    reason = post.get("reason", "").strip()
    try:
        if action == "accept":
            actions.accept(user, app, reason)
        elif action in ("correct", "correction"):
            items = [line for line in post.get("items", "").splitlines() if line.strip()]
            actions.request_correction(user, app, items, reason)
        elif action == "answer":
            actions.answer_correction(user, app, reason, files=request.FILES.getlist("attachments"))
        elif action == "review":
            actions.review(user, app, reason)
        elif action == "approve":
            actions.approve(user, app, reason, amount=post.get("amount") or None)
        elif action in ("refuse", "reject"):
            actions.refuse(user, app, reason)
        elif action == "withdraw":
            actions.withdraw(user, app, reason)
        elif action == "override":
            actions.override_quota(user, app, reason)
        elif action == "upload":
            files = request.FILES.getlist("attachments")
            if not files:
                raise actions.WindowError(_("请选择要上传的文件"), "attachments")
            actions.add_attachments(user, app, files, label=post.get("label") or "补充材料")
        elif action == "release":
            post_obj = get_object_or_404(PoolPost, application=app)
            actions.release_pool_post(user, post_obj, reason or "人走编收")
        else:
            raise actions.WindowError(_("未知操作 %(action)s") % {"action": action})
    except actions.WindowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("操作成功"))
    return redirect("window:detail", number=app.number)


@login_required
def attachment(request, number: str, attachment_id: int):
    app = _get_app(request, number)
    require(perms.can_open_attachment(request.user, app), _("您无权查看申请附件"))
    att = get_object_or_404(Attachment, pk=attachment_id, application=app)
    actions.record_attachment_view(request.user, att)
    return attachment_response(att.file.open("rb"), att.kind, f"{app.number}-{att.pk}.{att.kind}")


# --- Clerks and reviewers -------------------------------------------------------------------


@login_required
def desk(request):
    """The window: pending acceptance, overdue, due soon, corrections, and all applications."""
    require(perms.can_work_window(request.user) or perms.can_review(request.user) or perms.can_list_cases(request.user),
            _("此页面供窗口工作人员使用"))
    tab = request.GET.get("tab", "all")
    status, service, q = request.GET.get("status", ""), request.GET.get("service", ""), request.GET.get("q", "")
    if tab == "overdue":
        qs = selectors.overdue()
    elif tab == "due_soon":
        qs = selectors.due_soon()
    elif tab == "pending":
        qs = selectors.window_list(status=Status.SUBMITTED)
    elif tab == "correction":
        qs = selectors.window_list(status=Status.CORRECTION)
    else:
        qs = selectors.window_list(status=status if status in Status.values else "", service=service, q=q)
    if exports.wanted(request):
        return exports.response(
            request, name="applications", title=_("申请列表"), what="window.application",
            headers=[_("申请编号"), _("事项"), _("申请人"), _("证件号码"), _("状态"), _("渠道"), _("提交时间"),
                     _("受理日期"), _("办结期限"), _("引擎核定(元)"), _("核定金额(元)")],
            rows=([a.number, a.service.name, a.person.name if a.person_id else a.organisation.name,
                   a.person.id_number_masked if a.person_id else "", a.get_status_display(), a.get_channel_display(),
                   timezone.localtime(a.submitted_at).strftime("%Y-%m-%d %H:%M"), a.accepted_on, a.due_date,
                   a.engine_total, a.approved_total] for a in qs.iterator(chunk_size=500)))
    page = _paginate(request, qs)
    export_query = urlencode({"tab": tab, "status": status, "service": service, "q": q})
    ctx = {"page": page, "tab": tab, "status": status, "service": service, "q": q,
           "statuses": Status.choices, "services": Service.objects.only("code", "name"),
           "today": timezone.localdate(), "export_query": export_query}
    if request.htmx:
        return render(request, "window/_app_table.html", ctx)
    from zhihui.benefits import perms as benefit_perms

    # the two shortcut cards only for roles that may use them (a leader's desk led to two 403s)
    ctx["can_apply_for_others"] = perms.can_apply_for(request.user)
    ctx["can_list_offers"] = benefit_perms.can_list_offers(request.user)
    ctx["counts"] = selectors.counts()
    return render(request, "window/desk.html", ctx)


def offer_overview(request):
    """免申即享 list for clerks: one page serves it, the policy domain's (kept for old links)."""
    query = request.META.get("QUERY_STRING", "")
    return redirect(reverse("policy:offers") + (f"?{query}" if query else ""))


@login_required
def queue(request):
    require(perms.can_review(request.user), _("此页面供审核员使用"))
    page = _paginate(request, selectors.unassigned_queue())
    if request.htmx:
        return render(request, "window/_app_table.html", {"page": page, "today": timezone.localdate()})
    mine = list(selectors.reviewer_queue(request.user)[:200])
    return render(request, "window/queue.html", {"mine": mine, "page": page, "today": timezone.localdate()})


# --- Payments, ledgers, finance batches -----------------------------------------------------


def _batch_rows(user, batches) -> list:
    """Each batch with the transitions of the batch workflow this user may take (its buttons)."""
    out = []
    for b in batches:
        history: dict[str, set[int]] = {}
        for t in b.transitions.all():
            history.setdefault(t.name, set()).add(t.actor_id)
        b.available = [t.name for t in PAYMENT_BATCH.available(b.status, user, history=history)]
        out.append(b)
    return out


def _mark_instalments(rows) -> None:
    """Each ledger row learns which instalment of its application it is (第 k/n 期) and the
    payee's bank account (masked): a three-year allowance reads as three different rows."""
    rows = list(rows)
    if not rows:
        return
    from zhihui.window.models import PaymentInstruction

    order: dict[int, list[int]] = {}
    for app_id, ins_id in (PaymentInstruction.objects.filter(application_id__in={r.application_id for r in rows})
                           .order_by("application_id", "entitlement_year", "id").values_list("application_id", "id")):
        order.setdefault(app_id, []).append(ins_id)
    accounts = {("p", a.person_id) if a.person_id else ("o", a.organisation_id): a for a in BankAccount.objects.filter(
        Q(person_id__in={r.person_id for r in rows if r.person_id})
        | Q(organisation_id__in={r.organisation_id for r in rows if r.organisation_id}))}
    for r in rows:
        ids = order.get(r.application_id, [r.pk])
        r.instalment, r.instalments = ids.index(r.pk) + 1 if r.pk in ids else 1, len(ids)
        r.account = accounts.get(("p", r.person_id) if r.person_id else ("o", r.organisation_id))


@login_required
def payments(request):
    require(perms.can_see_payments(request.user), _("您无权查看支付台账"))
    line, year, who = request.GET.get("line", ""), request.GET.get("year", ""), request.GET.get("who", "")
    qs = selectors.ledger(line=line, year=int(year) if year.isdigit() else None, who=who)
    sums = {r["status"]: r["s"] for r in qs.order_by().values("status").annotate(s=Sum("amount"))}
    page = _paginate(request, qs)
    _mark_instalments(page.object_list)
    return render(request, "window/payments.html", {
        "budgets": selectors.budget_summary(),
        "page": page,
        "batches": _batch_rows(request.user, PaymentBatch.objects.prefetch_related("transitions")[:30]),
        "can_export_file": perms.can_export_payment_file(request.user),
        "line": line,
        "year": year,
        "who": who,
        "sums": [(label, sums.get(value)) for value, label in PaymentStatus.choices if sums.get(value)],
        "can_manage": perms.can_manage_payments(request.user),
        "can_verify_accounts": perms.can_verify_bank_account(request.user),
        # finance sees the ledger, not the cases: its rows name the application without a link
        "can_open_cases": perms.can_list_cases(request.user),
        "this_year": timezone.localdate().year,
        "budget_lines": _budget_lines(),
    })


def _budget_lines() -> list[tuple[str, str]]:
    """(code, name) of every budget line a service is paid from, for the budget form's list."""
    from zhihui.window.catalogue import BUDGET_LINES

    used = Service.objects.exclude(budget_line="").values_list("budget_line", flat=True).distinct()
    return [(c, BUDGET_LINES.get(c, c)) for c in sorted(set(BUDGET_LINES) | set(used))]


@login_required
@require_POST
def budget_set(request):
    require(perms.can_manage_payments(request.user), _("只有管理员可以设定预算"))
    try:
        year = int(request.POST.get("year", ""))
        actions.set_budget(request.user, year, request.POST.get("line", "").strip(), request.POST.get("amount", ""),
                           request.POST.get("name", ""))
        messages.success(request, _("预算已保存"))
    except ValueError as exc:
        messages.error(request, str(exc) if isinstance(exc, actions.WindowError) else _("year: 请填写年度"))
    return redirect("window:payments")


@login_required
@require_POST
def batch_create(request):
    require(perms.can_manage_payments(request.user), _("只有管理员可以生成支付批次"))
    try:
        batch = actions.create_payment_batch(request.user, int(request.POST.get("year") or timezone.localdate().year),
                                             request.POST.get("line") or None)
        messages.success(request, _("已生成支付批次 %(number)s：%(count)s 笔，%(total)s 元") % {"number": batch.number, "count": batch.count, "total": batch.total})
    except (actions.WindowError, ValueError) as exc:
        messages.error(request, str(exc))
    return redirect("window:payments")


@login_required
@require_POST
def batch_release(request, number: str):
    """复核放行 by a second person (the workflow refuses the batch's creator)."""
    require(perms.can_manage_payments(request.user), _("只有管理员可以复核支付批次"))
    batch = get_object_or_404(PaymentBatch, number=number)
    try:
        actions.release_batch(request.user, batch, request.POST.get("reason", "").strip())
        messages.success(request, _("支付批次 %(number)s 已复核放行") % {"number": batch.number})
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    except actions.WindowError as exc:
        messages.error(request, str(exc))
    return redirect("window:payments")


@login_required
@require_POST
def batch_export(request, number: str):
    require(perms.can_manage_payments(request.user), _("只有管理员可以导出支付批次"))
    batch = get_object_or_404(PaymentBatch, number=number)
    try:
        data = actions.export_batch(request.user, batch)
    except actions.WindowError as exc:
        messages.error(request, str(exc))
        return redirect("window:payments")
    resp = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp["Content-Disposition"] = f'attachment; filename="{batch.number}.xlsx"'
    return resp


@login_required
@require_POST
def batch_reconcile(request, number: str):
    require(perms.can_manage_payments(request.user), _("只有管理员可以导入回盘文件"))
    batch = get_object_or_404(PaymentBatch, number=number)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("file: 请选择回盘文件"))
        return redirect("window:payments")
    try:
        result = actions.reconcile_batch(request.user, batch, upload.read(20 * 1024 * 1024))
        messages.success(request, _("对账完成：成功 %(paid)s 笔，失败 %(failed)s 笔") % {"paid": result["paid"], "failed": result["failed"]})
    except (ReconciliationError, actions.WindowError) as exc:
        messages.error(request, str(exc))
    return redirect("window:payments")


@login_required
@require_POST
def payment_file(request, number: str):
    """The finance bureau's payment file (full names, identity and account numbers): FINANCE only."""
    require(perms.can_export_payment_file(request.user), _("只有财务人员可以导出付款文件"))
    batch = get_object_or_404(PaymentBatch, number=number)
    try:
        data, missing = actions.export_payment_file(request.user, batch, request.POST.get("purpose", "").strip())
    except (actions.WindowError, ValueError) as exc:
        messages.error(request, str(exc))
        return redirect("window:payments")
    resp = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp["Content-Disposition"] = f'attachment; filename="{batch.number}-payment.xlsx"'
    return resp


@login_required
def bank_account(request):
    """The payee's own bank account: a citizen for themselves, an employer for its organisation."""
    user = request.user
    person, organisation = selectors.own_party(user)
    require(person is not None or organisation is not None, _("您的账户尚未关联人员或单位档案"))
    require(perms.can_declare_bank_account(user, person=person, organisation=organisation), _("您无权登记此收款账户"))
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            actions.declare_bank_account(user, bank_name=request.POST.get("bank_name", ""),
                                         account_number=request.POST.get("account_number", ""),
                                         person=person, organisation=organisation)
            messages.success(request, _("收款账户已登记；工作人员核对银行卡或首笔补贴到账后标记为已核实"))
            return redirect("window:bank_account")
        except actions.WindowError as exc:
            errors["form" if exc.field == "__all__" else exc.field] = str(exc)
    return render(request, "window/bank_account.html", {
        "account": selectors.own_bank_account(user),
        "errors": errors,
        "bank_name": request.POST.get("bank_name", "") if request.method == "POST" else "",
    })


@login_required
def bank_accounts(request):
    """The window's list of payees' bank accounts awaiting verification (clerks and the
    department administrator): each row masked, with a 核实 button unless the viewer declared
    the account (then another member of staff must verify it)."""
    require(perms.can_verify_bank_account(request.user), _("只有窗口工作人员可以核实收款账户"))
    status = request.GET.get("status", BankAccountStatus.DECLARED)
    if status not in BankAccountStatus.values and status != "all":
        status = BankAccountStatus.DECLARED
    who = request.GET.get("who", "")[:60]
    page = _paginate(request, selectors.bank_accounts(status=status, who=who))
    return render(request, "window/bank_accounts.html", {
        "page": page,
        "status": status,
        "who": who,
        "statuses": [(BankAccountStatus.DECLARED, _("待核实")), (BankAccountStatus.VERIFIED, _("已核实")),
                     ("all", _("全部"))],
        "awaiting": selectors.bank_accounts().count(),
    })


@login_required
@require_POST
def bank_account_verify(request, pk: int):
    """Staff (a clerk or the department administrator, not the declarer) checked the bank card
    or the bank's confirmation: the declared account becomes verified (the ledger's 核实 button)."""
    require(perms.can_verify_bank_account(request.user), _("只有窗口工作人员可以核实收款账户"))
    account = get_object_or_404(BankAccount, pk=pk)
    try:
        actions.verify_bank_account(request.user, account, request.POST.get("note", ""))
        messages.success(request, _("收款账户 %(account)s 已核实") % {"account": account.account_masked})
    except actions.WindowError as exc:
        messages.error(request, exc.message)
    back = request.POST.get("next", "")
    return redirect(back if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) else "window:bank_accounts")


# --- Working-day calendar (administrators) --------------------------------------------------


@login_required
def calendar(request):
    """The years the working-day calendar covers; an administrator loads a new year's notice."""
    from zhihui.window.models import HolidayNotice
    from zhihui.window.workdays import NoticeError, official_calendar, overview

    can_load = perms.can_manage_calendar(request.user)
    require(can_load or request.user.is_bureau_staff, _("此页面供工作人员使用"))
    if request.method == "POST":
        require(can_load, _("只有管理员可以导入节假日安排"))
        upload = request.FILES.get("file")
        text = upload.read(1024 * 1024).decode("utf-8", "replace") if upload else request.POST.get("text", "")
        try:
            row = actions.load_holiday_notice(request.user, text)
            messages.success(request, _("已导入 %(year)s 年节假日安排；重新计算了 %(changed)s 件在办申请的办结期限（%(moved)s 件变动，已通知申请人）")
                             % {"year": row.year, "changed": row.due_dates_changed, "moved": row.due_dates_moved})
        except NoticeError as exc:
            messages.error(request, _("节假日安排有误：%(error)s") % {"error": exc})
        return redirect("window:calendar")
    cal = official_calendar()
    return render(request, "window/calendar.html", {
        **overview(cal, timezone.localdate()),
        "notices": HolidayNotice.objects.all(),
        "can_load": can_load,
    })
