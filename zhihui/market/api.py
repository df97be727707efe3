"""/api/v1/market/: the public job board (no contact details), one's own applications, and the
workflow table. The screen itself is /api/v1/postings/screen (api_screen.py)."""

from __future__ import annotations

from django.http import Http404
from ninja import Router, Schema
from ninja.responses import Status as Reply
from ninja.security import django_auth

from . import perms, selectors
from .enums import BOARD_PAGE_SIZE, RATE_LIMITS, PostingStatus
from .models import Posting
from .ratelimit import hit
from .workflows import POSTING

router = Router(tags=["market 人力资源市场"])


class PostingOut(Schema):
    id: int
    title: str
    organisation: str
    occupation_code: str
    occupation_name: str
    town_code: str
    town_name: str
    salary_min: str
    salary_max: str
    education: str
    vacancies: int
    valid_until: str
    published_at: str | None
    # Dishonesty lists and open wage-arrears cases of the employer (zhihui/market/marks.py)
    employer_marks: list[dict] = []


class BoardOut(Schema):
    count: int
    page: int
    pages: int
    results: list[PostingOut]


def _out(p: Posting) -> dict:
    return {
        "id": p.pk, "title": p.title, "organisation": p.organisation.name, "occupation_code": p.occupation_code,
        "occupation_name": p.occupation_name, "town_code": p.town_code, "town_name": p.town_name,
        "salary_min": str(p.salary_min), "salary_max": str(p.salary_max), "education": p.education,
        "vacancies": p.vacancies, "valid_until": p.valid_until.isoformat(),
        "published_at": p.published_at.isoformat() if p.published_at else None,
        "employer_marks": getattr(p, "employer_marks", []),
    }


@router.get("/postings", auth=None, response={200: BoardOut, 429: dict},
            summary="Published postings (search q, occupation, town, salary_min, education, page)")
def board(request, q: str = "", occupation: str = "", town: str = "", salary_min: str = "", education: str = "", page: int = 1):
    limit, window = RATE_LIMITS["board"]
    if not hit(request, "board", limit, window):
        return Reply(429, {"detail": "请求过于频繁，请稍后再试 (too many requests)"})
    filters = selectors.BoardFilters.from_params(
        {"q": q, "occupation": occupation, "town": town, "salary_min": salary_min, "education": education})
    pg = selectors.board_page(filters, max(1, min(page, 10**6)))
    from .marks import attach

    pg.object_list = list(pg.object_list)
    attach(pg.object_list)
    return Reply(200, {"count": pg.paginator.count, "page": pg.number, "pages": pg.paginator.num_pages,
                       "results": [_out(p) for p in pg.object_list][:BOARD_PAGE_SIZE]})


@router.get("/postings/{posting_id}", auth=None, response={200: PostingOut})
def posting(request, posting_id: int):
    p = Posting.objects.select_related("organisation").filter(pk=posting_id).first()
    if p is None or (p.status != PostingStatus.PUBLISHED and not perms.can_see_posting(request.user, p)):
        raise Http404
    from .marks import attach

    attach([p])
    return _out(p)


@router.get("/workflow", auth=django_auth, summary="The posting workflow as a table (Markdown)")
def workflow(request):
    return {"markdown": POSTING.as_markdown()}


class SupplyDemandRow(Schema):
    key: str
    name: str
    demand: int
    supply: int | None
    ratio: str | None
    shortage: bool


class WageRow(Schema):
    code: str
    name: str
    n: int
    p10: str
    p25: str
    p50: str
    p75: str
    p90: str


class StatisticsOut(Schema):
    year: int
    quarter: int
    start: str
    end: str
    by: str
    level: int
    demand: int
    supply: int
    ratio: str | None
    shortage_threshold: str
    definition: str
    rows: list[SupplyDemandRow]
    wage_levels: list[WageRow]


@router.get("/statistics", auth=django_auth, response={200: StatisticsOut, 403: dict, 422: dict},
            summary="Supply and demand, 求人倍率, shortage occupations and wage price levels for a quarter "
                    "(by occupation level 1-4, town, or industry level 1-2)")
def statistics(request, year: int, quarter: int, by: str = "occupation", level: int = 2):
    from . import stats

    if not perms.can_see_statistics(request.user):
        return Reply(403, {"detail": "无权查看市场统计 (forbidden)"})
    errors = []
    if not 2000 <= year <= 2100:
        errors.append({"field": "year", "message": "年份须在 2000 至 2100 之间"})
    if not 1 <= quarter <= 4:
        errors.append({"field": "quarter", "message": "季度须为 1 至 4"})
    if by not in ("occupation", "town", "industry"):
        errors.append({"field": "by", "message": "分组须为 occupation、town 或 industry"})
    if not 1 <= level <= (2 if by == "industry" else 4):
        errors.append({"field": "level", "message": "层级超出范围(职业 1-4，行业 1-2)"})
    if errors:
        return Reply(422, {"detail": errors})
    start, end = stats.quarter_bounds(year, quarter)
    sd = stats.supply_demand(start, end, by=by, level=level)

    def s(v):
        return None if v is None else str(v)

    return Reply(200, {
        "year": year, "quarter": quarter, "start": start.isoformat(), "end": end.isoformat(), "by": by, "level": sd["level"],
        "demand": sd["demand"], "supply": sd["supply"], "ratio": s(sd["ratio"]), "shortage_threshold": str(sd["threshold"]),
        "definition": "求人倍率 = 需求人数 ÷ 求职人数 (vacancies of postings published in the quarter ÷ job-seeker "
                      "registrations in the quarter); docs/market.md §5",
        "rows": [{"key": r["key"], "name": r["name"], "demand": r["demand"], "supply": r["supply"], "ratio": s(r["ratio"]),
                  "shortage": r["shortage"]} for r in sd["rows"]],
        "wage_levels": [{"code": r["code"], "name": r["name"], "n": r["n"],
                         **{f"p{p}": str(r[f"p{p}"]) for p in (10, 25, 50, 75, 90)}} for r in stats.wage_levels(start, end)],
    })


class FairOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    starts_on: str
    ends_on: str
    venue: str
    stream_url: str
    partner_region: str
    status: str
    employers: int
    postings: list[int]


@router.get("/fairs", auth=None, response={200: list[FairOut], 429: dict},
            summary="Job fairs, campaigns and live-stream sessions (not cancelled), newest first, with the "
                    "published postings their employers bring")
def fairs_list(request):
    from . import fairs

    limit, window = RATE_LIMITS["board"]
    if not hit(request, "board", limit, window):
        return Reply(429, {"detail": "请求过于频繁，请稍后再试 (too many requests)"})
    out = []
    for f in fairs.visible_fairs().prefetch_related("booths__postings")[:100]:
        booths = list(f.booths.all())
        out.append({
            "id": f.pk, "name": f.name, "kind": f.kind, "kind_label": str(f.get_kind_display()),
            "starts_on": f.starts_on.isoformat(), "ends_on": f.ends_on.isoformat(), "venue": f.venue,
            "stream_url": f.stream_url, "partner_region": f.partner_region, "status": f.status, "employers": len(booths),
            "postings": sorted({p.pk for b in booths for p in b.postings.all() if p.status == PostingStatus.PUBLISHED}),
        })
    return Reply(200, out)


class FairReportOut(Schema):
    fair: int
    employers: int
    posts: int
    vacancies: int
    registered: int
    visitors: int
    interview: int
    agreement: int
    hire: int


@router.get("/fairs/{fair_id}/report", auth=django_auth, response={200: FairReportOut, 403: dict, 404: dict},
            summary="An event's report: employers, posts, vacancies, registrations, visitors (checked in), outcomes")
def fair_report(request, fair_id: int):
    from . import fairs
    from .models import Fair

    if not (fairs.can_manage(request.user) or perms.can_see_statistics(request.user)):
        return Reply(403, {"detail": "无权查看活动报告 (forbidden)"})
    fair = Fair.objects.filter(pk=fair_id).first()
    if fair is None:
        return Reply(404, {"detail": "not found"})
    return Reply(200, {"fair": fair.pk, **fairs.report(fair)["totals"]})


# -- gig stations (零工驿站) ------------------------------------------------------------------------
class StationOut(Schema):
    id: int
    name: str
    town_code: str
    town_name: str
    address: str
    lon: str
    lat: str
    hours: str
    services: list[str]
    service_labels: list[str]
    phone: str
    active: bool
    open_gigs: int


class StationIn(Schema):
    name: str
    town_code: str
    address: str
    lon: str
    lat: str
    hours: str
    services: list[str]
    phone: str = ""


def _station_out(s) -> dict:
    return {"id": s.pk, "name": s.name, "town_code": s.town_code, "town_name": s.town_name, "address": s.address,
            "lon": str(s.lon), "lat": str(s.lat), "hours": s.hours, "services": list(s.services),
            "service_labels": s.service_labels(), "phone": s.phone, "active": s.active,
            "open_gigs": getattr(s, "open_gigs", 0)}


@router.get("/stations", auth=None, response={200: list[StationOut], 429: dict},
            summary="Gig stations (零工驿站) in operation: place, coordinates, hours, services, open gigs (town filter)")
def stations_list(request, town: str = ""):
    limit, window = RATE_LIMITS["board"]
    if not hit(request, "board", limit, window):
        return Reply(429, {"detail": "请求过于频繁，请稍后再试 (too many requests)"})
    return Reply(200, [_station_out(s) for s in selectors.stations(town=town[:12])])


@router.post("/stations", auth=django_auth, response={201: StationOut, 403: dict, 422: dict},
             summary="Register a gig station (clerks); errors name the field")
def stations_add(request, body: StationIn):
    from .actions import MarketError, add_station

    if not perms.can_manage_stations(request.user):
        return Reply(403, {"detail": "只有经办人员可以登记零工驿站 (forbidden)"})
    try:
        station = add_station(request.user, body.dict())
    except MarketError as exc:
        return Reply(422, {"detail": [{"field": exc.field, "message": exc.message}]})
    return Reply(201, _station_out(station))
