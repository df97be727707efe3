"""Pages of the human-resources market: the public job board, the employer's postings, the
clerk's review with the screen's flags highlighted, and the job seeker's profile and applications.
Writes go through zhihui.market.actions; reads through zhihui.market.selectors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhihui.core.perms import require
from zhihui.core.workflow import TransitionNotAllowed
from zhihui.market import actions, matching, perms, selectors
from zhihui.market.actions import MarketError
from zhihui.market.enums import RATE_LIMITS, Education, PostingStatus
from zhihui.market.models import Application, JobSeeker, Posting, SubscriptionNotice
from zhihui.market.ratelimit import hit
from zhihui.market.workflows import APPLICATION, POSTING


def _too_many(request) -> HttpResponse:
    return render(request, "www/error.html", {"code": 429, "message": _("请求过于频繁，请稍后再试")}, status=429)


# -- public board ---------------------------------------------------------------------------------
def board(request):
    limit, window = RATE_LIMITS["board"]
    if not hit(request, "board", limit, window):
        return _too_many(request)
    filters = selectors.BoardFilters.from_params(request.GET)
    page = selectors.board_page(filters, request.GET.get("page"))
    from zhihui.market.marks import attach

    page.object_list = list(page.object_list)
    attach(page.object_list)
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "market/board.html", {
        "filters": filters, "page": page, "towns": selectors.towns(), "educations": Education.choices,
        "query_string": params.urlencode(),
    })


def _posting_or_404(user, pk) -> Posting:
    posting = get_object_or_404(Posting.objects.select_related("organisation"), pk=pk)
    if posting.status != PostingStatus.PUBLISHED and not perms.can_see_posting(user, posting):
        raise Http404
    return posting


def posting_detail(request, pk: int):
    limit, window = RATE_LIMITS["board"]
    if not hit(request, "board", limit, window):
        return _too_many(request)
    posting = _posting_or_404(request.user, pk)
    show_contact = False
    if posting.status == PostingStatus.PUBLISHED and perms.can_see_contact(request.user):
        climit, cwindow = RATE_LIMITS["contact"]
        show_contact = hit(request, "contact", climit, cwindow)
    applied = None
    if perms.can_apply(request.user):
        applied = Application.objects.filter(posting=posting, seeker__person_id=request.user.person_id).first()
    owner = perms.is_posting_owner(request.user, posting)
    from zhihui.market.marks import attach

    attach([posting])
    return render(request, "market/posting_detail.html", {
        "posting": posting, "show_contact": show_contact, "can_apply": perms.can_apply(request.user),
        "applied": applied, "is_owner": owner,
        "actions": POSTING.available(posting.status, request.user, is_owner=owner) if owner else [],
        "log": posting.transitions.all() if (owner or perms.can_review(request.user)) else [],
    })


@login_required
@require_POST
def apply(request, pk: int):
    posting = _posting_or_404(request.user, pk)
    try:
        actions.apply(request.user, posting, request.POST.get("note", ""))
        messages.success(request, _("已投递，可在“我的求职”查看进展"))
    except MarketError as exc:
        messages.error(request, exc.message)
        if exc.field == "seeker":
            return redirect("market:me")
    except TransitionNotAllowed as exc:
        messages.error(request, exc.message)
    return redirect("market:posting", pk=pk)


# -- employer ---------------------------------------------------------------------------------------
@login_required
def employer_home(request):
    require(perms.can_create_posting(request.user), _("只有用人单位账户可以管理岗位"))
    org = request.user.organisation_id
    return render(request, "market/employer.html", {
        "postings": selectors.organisation_postings(org),
        "applications": selectors.applications_of_organisation(org)[:200],
        "app_actions": {a.pk: APPLICATION.available(a.status, request.user) for a in selectors.applications_of_organisation(org)[:200]},
    })


POSTING_FIELDS = ["title", "occupation_code", "industry_code", "town_code", "address", "salary_min", "salary_max", "education",
                  "skills", "certificates", "experience_years", "vacancies", "working_hours", "text",
                  "contact_name", "contact_phone", "valid_until"]


@login_required
def posting_edit(request, pk: int | None = None):
    posting = None
    if pk is not None:
        posting = get_object_or_404(Posting, pk=pk)
        if not perms.is_posting_owner(request.user, posting):
            raise Http404
    else:
        require(perms.can_create_posting(request.user), _("只有用人单位账户可以发布岗位"))
    error = None
    if request.method == "POST":
        data = {f: request.POST.get(f, "") for f in POSTING_FIELDS}
        try:
            posting = actions.save_posting(request.user, data, posting)
            if request.POST.get("then") == "submit":
                posting = actions.submit_posting(request.user, posting)
                messages.success(request, _("已提交审核"))
            else:
                messages.success(request, _("已保存草稿"))
            return redirect("market:posting", pk=posting.pk)
        except MarketError as exc:
            error = exc
        except (TransitionNotAllowed, PermissionDenied) as exc:
            error = MarketError("status", str(getattr(exc, "message", exc)))
        values = data
    else:
        values = {f: getattr(posting, f, "") for f in POSTING_FIELDS} if posting else {"vacancies": 1, "education": "none"}
        if posting:
            values["valid_until"] = posting.valid_until.isoformat()
    return render(request, "market/posting_form.html", {
        "posting": posting, "values": values, "error": error, "towns": selectors.towns(),
        "educations": Education.choices, "industries": selectors.industry_divisions(),
    }, status=422 if error else 200)


@login_required
@require_POST
def posting_act(request, pk: int, name: str):
    posting = get_object_or_404(Posting, pk=pk)
    if not perms.can_see_posting(request.user, posting):
        raise Http404
    reason = request.POST.get("reason", "")
    fn = {
        "submit": lambda: actions.submit_posting(request.user, posting),
        "publish": lambda: actions.publish_posting(request.user, posting),
        "return": lambda: actions.return_posting(request.user, posting, reason),
        "refuse": lambda: actions.refuse_posting(request.user, posting, reason),
        "withdraw": lambda: actions.withdraw_posting(request.user, posting),
    }.get(name)
    if fn is None:
        raise Http404
    try:
        fn()
        messages.success(request, _("已办理：%(a)s") % {"a": POSTING.get(name).label})
    except TransitionNotAllowed as exc:
        messages.error(request, exc.message)
    if perms.can_review(request.user) and name in ("publish", "return", "refuse"):
        return redirect("market:review_queue")
    return redirect("market:posting", pk=pk)


@login_required
def seekers_for_posting(request, pk: int):
    posting = get_object_or_404(Posting, pk=pk)
    if not (perms.is_posting_owner(request.user, posting) or perms.can_review(request.user)):
        raise Http404
    return render(request, "market/seekers_for.html", {"posting": posting, "matches": matching.seekers_for(posting)})


@login_required
@require_POST
def application_act(request, pk: int, name: str):
    application = get_object_or_404(Application.objects.select_related("posting", "seeker"), pk=pk)
    if name not in {t.name for t in APPLICATION.transitions}:
        raise Http404
    try:
        actions.application_step(request.user, application, name, request.POST.get("reason", ""))
        messages.success(request, _("已办理：%(a)s") % {"a": APPLICATION.get(name).label})
    except TransitionNotAllowed as exc:
        messages.error(request, exc.message)
    if perms.is_posting_owner(request.user, application.posting):
        return redirect("market:employer")
    return redirect("market:me")


# -- clerk review ---------------------------------------------------------------------------------------
@login_required
def review_queue(request):
    require(perms.can_review(request.user), _("无权审核招聘信息"))
    return render(request, "market/review_queue.html", {"postings": selectors.review_queue()})


@login_required
def review(request, pk: int):
    require(perms.can_review(request.user), _("无权审核招聘信息"))
    posting = get_object_or_404(Posting.objects.select_related("organisation"), pk=pk)
    flags = posting.flags or []
    return render(request, "market/review.html", {
        "posting": posting,
        "title_pieces": selectors.highlight(posting.title, flags, "title"),
        "text_pieces": selectors.highlight(posting.text, flags, "text"),
        "flags": flags,
        "actions": POSTING.available(posting.status, request.user),
        "log": posting.transitions.select_related("actor"),
    })


# -- job seeker ------------------------------------------------------------------------------------------
SEEKER_FIELDS = ["desired_title", "desired_occupations", "skills", "certificates", "education", "town_code",
                 "expected_salary", "available_from", "visible", "station"]


def _seeker_values(seeker) -> dict:
    if seeker is None:
        return {"visible": True}
    values = {f: getattr(seeker, f, "") for f in SEEKER_FIELDS if f != "station"}
    values["station"] = str(seeker.station_id or "")
    if seeker.available_from:
        values["available_from"] = seeker.available_from.isoformat()
    return values


@login_required
def my_market(request):
    require(perms.can_apply(request.user), _("请以求职者身份登录"))
    person = request.user.person
    seeker = JobSeeker.objects.filter(person=person).first()
    error = None
    if request.method == "POST":
        data = {f: request.POST.get(f, "") for f in SEEKER_FIELDS}
        try:
            seeker = actions.save_seeker(request.user, person, data)
            messages.success(request, _("求职登记已保存"))
            return redirect("market:me")
        except MarketError as exc:
            error = exc
        values = data
    else:
        values = _seeker_values(seeker)
    applications = list(selectors.applications_of_seeker(seeker)) if seeker else []
    return render(request, "market/me.html", {
        "seeker": seeker, "values": values, "error": error, "towns": selectors.towns(), "educations": Education.choices,
        "stations": selectors.stations(),
        "applications": applications,
        "app_actions": {a.pk: APPLICATION.available(a.status, request.user, is_owner=True) for a in applications},
        "matches": matching.postings_for(seeker) if seeker else [],
        "subscriptions": seeker.subscriptions.filter(active=True) if seeker else [],
        "notices": (SubscriptionNotice.objects.filter(subscription__seeker=seeker).select_related("posting")[:20]
                    if seeker else []),
        "sub_values": {}, "sub_error": None,
    }, status=422 if error else 200)


@login_required
@require_POST
def subscribe(request):
    from zhihui.market import subscriptions

    require(perms.can_apply(request.user), _("请以求职者身份登录"))
    seeker = JobSeeker.objects.filter(person_id=request.user.person_id).first()
    if seeker is None:
        messages.error(request, _("请先填写求职登记"))
        return redirect("market:me")
    try:
        subscriptions.subscribe(request.user, seeker, request.POST)
        messages.success(request, _("已订阅：有新的匹配岗位发布时会通知您"))
    except MarketError as exc:
        messages.error(request, f"{exc.message} ({exc.field})")
    return redirect("market:me")


@login_required
@require_POST
def unsubscribe(request, pk: int):
    from zhihui.market import subscriptions
    from zhihui.market.models import Subscription

    sub = get_object_or_404(Subscription.objects.select_related("seeker"), pk=pk)
    if not perms.is_seeker_self(request.user, sub.seeker):
        raise Http404
    subscriptions.cancel(request.user, sub)
    messages.success(request, _("已取消订阅"))
    return redirect("market:me")


# -- statistics -------------------------------------------------------------------------------------------
def _period(request):
    import datetime as dt

    from zhihui.market import stats

    today = actions.today()
    try:
        year = int(request.GET.get("year") or today.year)
        quarter = int(request.GET.get("quarter") or (today.month - 1) // 3 + 1)
        if not (2000 <= year <= 2100 and 1 <= quarter <= 4):
            raise ValueError
    except ValueError:
        year, quarter = today.year, (today.month - 1) // 3 + 1
    start, end = stats.quarter_bounds(year, quarter)
    by = request.GET.get("by") if request.GET.get("by") in ("occupation", "town", "industry") else "occupation"
    try:
        level = min(4, max(1, int(request.GET.get("level") or 2)))
    except ValueError:
        level = 2
    return year, quarter, start, end, by, level, dt


@login_required
def statistics(request):
    from zhihui.market import stats

    require(perms.can_see_statistics(request.user), _("无权查看市场统计"))
    year, quarter, start, end, by, level, _dt = _period(request)
    sd = stats.supply_demand(start, end, by=by, level=level)
    wages = stats.wage_levels(start, end)
    flags = stats.flags_by_month(start, end)
    top = sd["rows"][:15]
    chart = {
        "tooltip": {"trigger": "axis"}, "legend": {"data": [_("需求人数"), _("求职人数")]},
        "grid": {"left": 8, "right": 8, "containLabel": True},
        "xAxis": {"type": "category", "data": [r["name"][:8] for r in top], "axisLabel": {"rotate": 40}},
        "yAxis": {"type": "value"},
        "series": [{"name": _("需求人数"), "type": "bar", "data": [r["demand"] for r in top]},
                   {"name": _("求职人数"), "type": "bar", "data": [r["supply"] for r in top]}],
    }
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(stats.workbook(sd, wages, flags),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="market-{year}Q{quarter}.xlsx"'
        return response
    params = request.GET.copy()
    params["format"] = "xlsx"
    return render(request, "market/statistics.html", {
        "year": year, "quarter": quarter, "sd": sd, "wages": wages, "flags": flags, "by": by, "level": level,
        "chart": chart, "xlsx_query": params.urlencode(), "quarters": [1, 2, 3, 4],
    })


# -- gig stations (零工驿站): public list and map; clerks register them -------------------------------------
STATION_FIELDS = ("name", "town_code", "address", "lon", "lat", "hours", "phone")


def station_list(request):
    from zhihui.market.enums import StationService
    from zhihui.market.models import GigStation

    limit, window = RATE_LIMITS["board"]
    if not hit(request, "board", limit, window):
        return _too_many(request)
    can_manage = perms.can_manage_stations(request.user)
    error, values, status = None, {"services": []}, 200
    if request.method == "POST":
        require(can_manage, _("只有经办人员可以登记零工驿站"))
        if request.POST.get("toggle"):
            try:
                pk = int(request.POST["toggle"])
            except ValueError:
                raise Http404 from None
            station = get_object_or_404(GigStation, pk=pk)
            actions.set_station_active(request.user, station, active=not station.active)
            return redirect("market:stations")
        values = {k: request.POST.get(k, "") for k in STATION_FIELDS}
        values["services"] = request.POST.getlist("services")
        try:
            station = actions.add_station(request.user, values)
            messages.success(request, _("已登记零工驿站：%(name)s") % {"name": station.name})
            return redirect("market:station", pk=station.pk)
        except MarketError as exc:
            error, status = exc, 422
    town = request.GET.get("town", "")[:12]
    rows = selectors.stations(include_inactive=can_manage, town=town)
    chart = selectors.station_map(rows, _("运行中的驿站"), _("已停用"))
    return render(request, "market/station_list.html", {
        "stations": rows, "chart": chart, "can_manage": can_manage, "error": error, "values": values,
        "towns": selectors.towns(), "town": town, "services": StationService.choices,
    }, status=status)


def station_detail(request, pk: int):
    from zhihui.market.models import GigStation

    station = get_object_or_404(GigStation, pk=pk)
    if not station.active and not perms.can_manage_stations(request.user):
        raise Http404
    return render(request, "market/station_detail.html", {
        "station": station, "gigs": selectors.station_open_gigs(station),
        "chart": selectors.station_map([station], _("运行中的驿站"), _("已停用")),
    })


# -- gig market (phone-first) ------------------------------------------------------------------------------
def gig_list(request):
    from zhihui.market.enums import GigStatus
    from zhihui.market.models import GigJob

    limit, window = RATE_LIMITS["board"]
    if not hit(request, "board", limit, window):
        return _too_many(request)
    jobs = (GigJob.objects.filter(status=GigStatus.OPEN, work_date__gte=actions.today()).select_related("station")
            .order_by("work_date", "-id")[:100])
    return render(request, "market/gig_list.html", {"jobs": jobs})


@login_required
def gig_new(request):
    from zhihui.market import gig
    from zhihui.market.enums import PayUnit

    error = None
    values = {"pay_unit": "day", "workers_needed": 1}
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in (
            "task", "description", "town_code", "place", "station", "work_date", "pay_amount", "pay_unit",
            "workers_needed", "contact_phone")}
        try:
            job = gig.post_job(request.user, values)
            return redirect("market:gig", pk=job.pk)
        except MarketError as exc:
            error = exc
    else:
        require(perms.can_create_posting(request.user), _("只有用人单位账户可以发布零工"))
    return render(request, "market/gig_form.html", {"values": values, "error": error, "towns": selectors.towns(),
                                                    "units": PayUnit.choices, "stations": selectors.stations()},
                  status=422 if error else 200)


def gig_detail(request, pk: int):
    from zhihui.market import gig
    from zhihui.market.enums import GigStatus
    from zhihui.market.models import GigEngagement, GigJob

    job = get_object_or_404(GigJob, pk=pk)
    poster = gig.is_poster(request.user, job)
    if job.status != GigStatus.OPEN and not (poster or perms.can_review(request.user)):
        raise Http404
    mine = None
    if perms.can_apply(request.user):
        mine = GigEngagement.objects.filter(job=job, worker_id=request.user.person_id).first()
    engagements = list(job.engagements.select_related("worker")) if poster else []
    return render(request, "market/gig_detail.html", {
        "job": job, "poster": poster, "mine": mine, "can_apply": perms.can_apply(request.user),
        "show_contact": perms.can_see_contact(request.user) or poster,
        "mine_actions": gig.GIG.available(mine.status, request.user, is_owner=True) if mine else [],
        "rows": [(e, gig.GIG.available(e.status, request.user)) for e in engagements],
        "available": gig.available_workers(job) if poster and job.status == GigStatus.OPEN else [],
    })


@login_required
@require_POST
def gig_offer(request, pk: int):
    from zhihui.market import gig
    from zhihui.market.models import GigJob

    job = get_object_or_404(GigJob, pk=pk)
    try:
        worker = int(request.POST.get("worker", ""))
    except ValueError:
        raise Http404 from None
    try:
        gig.offer(request.user, job, worker)
        messages.success(request, _("已发出邀约"))
    except TransitionNotAllowed as exc:
        messages.error(request, exc.message)
    return redirect("market:gig", pk=pk)


@login_required
def gig_availability(request):
    import datetime as dt

    from zhihui.market import gig
    from zhihui.market.enums import GIG_AVAILABILITY_DAYS
    from zhihui.market.models import GigAvailability

    require(perms.can_apply(request.user), _("请以求职者身份登录"))
    error = None
    if request.method == "POST":
        try:
            gig.set_availability(request.user, request.POST.getlist("days"), request.POST.get("note", ""))
            messages.success(request, _("已保存可接活日期"))
            return redirect("market:gig_availability")
        except MarketError as exc:
            error = exc
    start = actions.today()
    days = [start + dt.timedelta(days=i) for i in range(GIG_AVAILABILITY_DAYS)]
    marked = set(GigAvailability.objects.filter(person_id=request.user.person_id, day__in=days).values_list("day", flat=True))
    offers = request.user.person.gig_engagements.filter(status="offered").select_related("job", "job__organisation")
    return render(request, "market/gig_availability.html", {
        "days": [(d, d in marked) for d in days], "error": error, "offers": offers}, status=422 if error else 200)


@login_required
def gig_ratings(request):
    from zhihui.market import gig

    require(perms.can_apply(request.user) or perms.can_create_posting(request.user), _("请以零工或用人单位身份登录"))
    return render(request, "market/gig_ratings.html", {"r": gig.ratings_of(request.user), "stars": range(1, 6)})


@login_required
@require_POST
def gig_rate(request, pk: int):
    from zhihui.market import gig
    from zhihui.market.models import GigEngagement

    e = get_object_or_404(GigEngagement.objects.select_related("job"), pk=pk)
    try:
        gig.rate(request.user, e, request.POST.get("rating", ""))
        messages.success(request, _("已评价"))
    except (TransitionNotAllowed, MarketError) as exc:
        messages.error(request, exc.message)
    return redirect("market:gig_ratings")


@login_required
@require_POST
def gig_apply(request, pk: int):
    from zhihui.market import gig
    from zhihui.market.models import GigJob

    job = get_object_or_404(GigJob, pk=pk)
    try:
        gig.apply(request.user, job)
        messages.success(request, _("已报名"))
    except TransitionNotAllowed as exc:
        messages.error(request, exc.message)
    return redirect("market:gig", pk=pk)


@login_required
@require_POST
def gig_act(request, pk: int, name: str):
    from zhihui.market import gig
    from zhihui.market.models import GigEngagement

    e = get_object_or_404(GigEngagement.objects.select_related("job"), pk=pk)
    if name not in {t.name for t in gig.GIG.transitions}:
        raise Http404
    try:
        gig.step(request.user, e, name, units=request.POST.get("units"), rating=request.POST.get("rating"))
        messages.success(request, _("已办理：%(a)s") % {"a": gig.GIG.get(name).label})
    except (TransitionNotAllowed, MarketError) as exc:
        messages.error(request, exc.message)
    return redirect("market:gig", pk=e.job_id)


@login_required
def gig_history(request):
    from zhihui.market.enums import EngagementStatus
    from zhihui.market.models import GigEngagement

    require(perms.can_apply(request.user), _("请以求职者身份登录"))
    rows = GigEngagement.objects.filter(worker_id=request.user.person_id, status=EngagementStatus.PAID).select_related(
        "job", "job__organisation").order_by("-paid_at")
    return render(request, "market/gig_history.html", {"rows": rows})


# -- job fairs, campaigns, live-stream sessions ------------------------------------------------------------
FAIR_FIELDS = ["name", "kind", "starts_on", "ends_on", "venue", "stream_url", "partner_region", "description"]


def fair_list(request):
    from zhihui.market import fairs

    limit, window = RATE_LIMITS["board"]
    if not hit(request, "board", limit, window):
        return _too_many(request)
    return render(request, "market/fair_list.html", {
        "fairs": fairs.visible_fairs()[:200],
        "can_manage": fairs.can_manage(request.user),
    })


def _fair(request, pk):
    from zhihui.market.enums import FairStatus
    from zhihui.market.fairs import can_manage
    from zhihui.market.models import Fair

    fair = get_object_or_404(Fair, pk=pk)
    if fair.status == FairStatus.CANCELLED and not can_manage(request.user):
        raise Http404
    return fair


def fair_detail(request, pk: int):
    from zhihui.market import fairs
    from zhihui.market.enums import OutcomeKind, PostingStatus
    from zhihui.market.models import FairRegistration
    from zhihui.talent import render as qr_render

    limit, window = RATE_LIMITS["board"]
    if not hit(request, "board", limit, window):
        return _too_many(request)
    fair = _fair(request, pk)
    mine = None
    ticket_svg = ""
    if perms.can_apply(request.user):
        mine = FairRegistration.objects.filter(fair=fair, person_id=request.user.person_id).first()
        if mine:
            ticket_svg = qr_render.qr_svg(fairs.ticket(mine), scale=4)
    my_booth = None
    own_postings = []
    registrations = []
    if perms.can_create_posting(request.user):
        my_booth = fair.booths.filter(organisation_id=request.user.organisation_id).first()
        own_postings = Posting.objects.filter(organisation_id=request.user.organisation_id,
                                              status=PostingStatus.PUBLISHED).order_by("-published_at")[:100]
        if my_booth:
            registrations = fair.registrations.filter(checked_in_at__isnull=False).select_related("person")[:500]
    booths = fair.booths.select_related("organisation").prefetch_related("postings")
    return render(request, "market/fair_detail.html", {
        "fair": fair, "booths": booths, "mine": mine, "ticket_svg": ticket_svg,
        "can_register": perms.can_apply(request.user), "my_booth": my_booth, "own_postings": own_postings,
        "registrations": registrations, "outcome_kinds": OutcomeKind.choices,
        "can_manage": fairs.can_manage(request.user),
    })


@login_required
def fair_edit(request, pk: int | None = None):
    from zhihui.market import fairs
    from zhihui.market.enums import FairKind

    require(fairs.can_manage(request.user), _("无权设立招聘活动"))
    fair = _fair(request, pk) if pk else None
    error = None
    if request.method == "POST":
        values = {f: request.POST.get(f, "") for f in FAIR_FIELDS}
        try:
            fair = fairs.save_fair(request.user, values, fair)
            messages.success(request, _("已保存"))
            return redirect("market:fair", pk=fair.pk)
        except MarketError as exc:
            error = exc
    elif fair:
        values = {f: getattr(fair, f) for f in FAIR_FIELDS}
        values["starts_on"], values["ends_on"] = fair.starts_on.isoformat(), fair.ends_on.isoformat()
    else:
        values = {"kind": FairKind.GENERAL}
    return render(request, "market/fair_form.html", {"fair": fair, "values": values, "error": error,
                                                     "kinds": FairKind.choices}, status=422 if error else 200)


def _fair_message(request, fn, ok: str):
    try:
        result = fn()
        messages.success(request, ok)
        return result
    except MarketError as exc:
        messages.error(request, exc.message)
    except TransitionNotAllowed as exc:
        messages.error(request, exc.message)
    return None


@login_required
@require_POST
def fair_register(request, pk: int):
    from zhihui.market import fairs

    fair = _fair(request, pk)
    _fair_message(request, lambda: fairs.register(request.user, fair), _("已报名，请在现场出示签到码"))
    return redirect("market:fair", pk=pk)


@login_required
@require_POST
def fair_booth(request, pk: int):
    from zhihui.market import fairs

    fair = _fair(request, pk)
    _fair_message(request, lambda: fairs.take_booth(request.user, fair, posting_ids=request.POST.getlist("postings")),
                  _("已登记参会岗位"))
    return redirect("market:fair", pk=pk)


@login_required
@require_POST
def fair_outcome(request, pk: int):
    from zhihui.market import fairs
    from zhihui.market.models import FairBooth

    booth = get_object_or_404(FairBooth, pk=pk)
    if not (fairs.is_booth_owner(request.user, booth) or fairs.can_manage(request.user)):
        raise Http404
    _fair_message(request, lambda: fairs.record_outcome(
        request.user, booth, request.POST.get("kind", ""), request.POST.get("count") or 1,
        request.POST.get("registration") or None, request.POST.get("note", "")), _("已记录"))
    return redirect("market:fair", pk=booth.fair_id)


@login_required
def fair_checkin(request, pk: int):
    from zhihui.market import fairs

    require(fairs.can_manage(request.user), _("只有工作人员可以签到"))
    fair = _fair(request, pk)
    error = result = None
    if request.method == "POST":
        try:
            reg, first = fairs.check_in(request.user, fair, request.POST.get("token", ""))
            result = {"name": reg.person.name, "masked": reg.person.id_number_masked, "first": first,
                      "at": reg.checked_in_at}
        except MarketError as exc:
            error = exc
        except TransitionNotAllowed as exc:
            error = MarketError("token", exc.message)
    counts = fairs.report(fair)["totals"]
    return render(request, "market/fair_checkin.html", {"fair": fair, "error": error, "result": result, "counts": counts},
                  status=422 if error else 200)


@login_required
@require_POST
def fair_close(request, pk: int):
    from zhihui.market import fairs

    fair = _fair(request, pk)
    _fair_message(request, lambda: fairs.close_fair(request.user, fair, request.POST.get("status", "closed")), _("已办理"))
    return redirect("market:fair", pk=pk)


@login_required
def fair_report(request, pk: int):
    from zhihui.market import fairs
    from zhihui.market.enums import OutcomeKind

    fair = _fair(request, pk)
    if not (fairs.can_manage(request.user) or perms.can_see_statistics(request.user)):
        raise Http404
    rep = fairs.report(fair)
    fmt = request.GET.get("format", "")
    if fmt in ("xlsx", "pdf"):
        from django.utils import timezone

        from zhihui.core import audit

        if fmt == "xlsx":
            body, ctype = fairs.report_workbook(fair, rep), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            body, ctype = fairs.report_pdf(fair, rep, timezone.localtime()), "application/pdf"
        audit.record(request.user, audit.Action.EXPORT, fair,
                     summary=f"导出活动报告 {fair.name} ({fmt}, {len(rep['rows'])} 个展位)"[:255])
        response = HttpResponse(body, content_type=ctype)
        response["Content-Disposition"] = f'attachment; filename="fair-{fair.pk}-report.{fmt}"'
        return response
    top = rep["rows"][:20]
    chart = {
        "tooltip": {"trigger": "axis"}, "legend": {"data": [str(label) for _v, label in OutcomeKind.choices]},
        "grid": {"left": 8, "right": 8, "containLabel": True},
        "xAxis": {"type": "category", "data": [r["booth"].organisation.name[:8] for r in top], "axisLabel": {"rotate": 40}},
        "yAxis": {"type": "value"},
        "series": [{"name": str(label), "type": "bar", "data": [r[v] for r in top]} for v, label in OutcomeKind.choices],
    }
    return render(request, "market/fair_report.html", {"fair": fair, "report": rep, "chart": chart})


# -- imports of postings (employer) -------------------------------------------------------------------------
IMPORT_SESSION_KEY = "market_import_rows"


@login_required
def posting_import(request):
    from zhihui.market import imports

    require(perms.can_create_posting(request.user), _("只有用人单位账户可以导入岗位"))
    if request.GET.get("template"):
        response = HttpResponse(imports.template(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = 'attachment; filename="postings-template.xlsx"'
        return response
    errors, rows, status = [], None, 200
    if request.method == "POST" and request.POST.get("step") == "confirm":
        rows = request.session.get(IMPORT_SESSION_KEY) or []
        if not rows:
            errors = [{"message": _("没有待确认的导入，请重新上传文件")}]
            status = 422
        else:
            try:
                saved = imports.confirm(request.user, rows, submit=request.POST.get("submit") == "1")
                request.session.pop(IMPORT_SESSION_KEY, None)
                messages.success(request, _("已导入 %(n)d 个岗位") % {"n": len(saved)})
                return redirect("market:employer")
            except imports.ImportErrors as exc:
                errors, status, rows = exc.errors, 422, None
                request.session.pop(IMPORT_SESSION_KEY, None)
    elif request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors, status = [{"message": _("文件：请选择要导入的 Excel 文件")}], 422
        elif upload.size > 5 * 1024 * 1024:
            errors, status = [{"message": _("文件：超过 5 MB")}], 422
        else:
            try:
                rows = imports.parse(upload.read())
                request.session[IMPORT_SESSION_KEY] = rows
            except imports.ImportErrors as exc:
                errors, status = exc.errors, 422
                request.session.pop(IMPORT_SESSION_KEY, None)
    return render(request, "market/posting_import.html", {"errors": errors, "rows": rows, "columns": imports.COLUMNS},
                  status=status)


# -- job seekers kept by a clerk at the window --------------------------------------------------------------
@login_required
def seeker_find(request):
    from zhihui.core import audit
    from zhihui.www.talent.views import find_person

    require(perms.can_keep_seekers(request.user), _("无权登记求职信息"))
    q = request.GET.get("q", "").strip()[:32]
    if q:
        person = find_person(q)
        audit.record(request.user, audit.Action.SEARCH, None, summary="查询求职者：" + ("找到" if person else "未找到"))
        if person is not None:
            return redirect("market:seeker_keep", person_pk=person.pk)
        messages.error(request, _("未找到此人：请输入18位身份证号码或人员编号"))
    return render(request, "market/seeker_find.html", {"q": q})


@login_required
def seeker_keep(request, person_pk: int):
    from zhihui.core import audit
    from zhihui.registry.models import Person

    require(perms.can_keep_seekers(request.user), _("无权登记求职信息"))
    person = get_object_or_404(Person, pk=person_pk)
    seeker = JobSeeker.objects.filter(person=person).first()
    error = None
    if request.method == "POST":
        data = {f: request.POST.get(f, "") for f in SEEKER_FIELDS}
        try:
            actions.save_seeker(request.user, person, data)
            messages.success(request, _("求职登记已保存"))
            return redirect("market:seeker_keep", person_pk=person.pk)
        except MarketError as exc:
            error = exc
        values = data
    else:
        if seeker is not None:
            audit.record(request.user, audit.Action.VIEW, seeker, summary=f"查看求职者 {seeker.pk}")
        values = _seeker_values(seeker)
    return render(request, "market/seeker_keep.html", {
        "person": person, "seeker": seeker, "values": values, "error": error, "towns": selectors.towns(),
        "educations": Education.choices, "stations": selectors.stations(),
        "applications": list(selectors.applications_of_seeker(seeker)) if seeker else [],
    }, status=422 if error else 200)
