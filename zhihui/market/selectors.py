"""Read queries of the market, used by pages and the API."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.paginator import Paginator

from . import search
from .enums import BOARD_MAX_RESULTS, BOARD_PAGE_SIZE, Education, PostingStatus
from .models import Application, Posting


@dataclass
class BoardFilters:
    q: str = ""
    occupation: str = ""  # a code or a code prefix (2-02, 4-02-03)
    town: str = ""
    salary_min: Decimal | None = None  # postings whose upper bound reaches this
    education: str = ""  # postings asking at most this education

    @classmethod
    def from_params(cls, params) -> BoardFilters:
        def dec(v):
            try:
                d = Decimal(str(v).strip())
                return d if d.is_finite() and 0 <= d <= 10**7 else None
            except (InvalidOperation, ValueError):
                return None

        q = "".join(ch for ch in str(params.get("q", ""))[:100] if ch.isprintable())
        occ = str(params.get("occupation", ""))[:12].strip()
        if occ and not all(ch.isdigit() or ch == "-" for ch in occ):
            occ = ""
        edu = str(params.get("education", ""))
        return cls(
            q=q.strip(),
            occupation=occ,
            town=str(params.get("town", ""))[:12].strip(),
            salary_min=dec(params.get("salary_min")) if params.get("salary_min") else None,
            education=edu if edu in Education.values else "",
        )


def published():
    return Posting.objects.filter(status=PostingStatus.PUBLISHED).select_related("organisation")


def board(filters: BoardFilters):
    """Published postings passing the filters (not the text query: see `search.window_ids`)."""
    qs = Posting.objects.filter(status=PostingStatus.PUBLISHED)
    if filters.occupation:
        code = filters.occupation.rstrip("-")
        depth = code.count("-")
        # a middle or small group is an equality on its stored column, so the (status, group,
        # -published_at) index gives the newest first without sorting every match
        if depth == 1:
            qs = qs.filter(occupation_middle=code)
        elif depth == 2:
            qs = qs.filter(occupation_small=code)
        else:
            qs = qs.filter(occupation_code__startswith=code) if depth >= 3 else qs.filter(
                occupation_code__startswith=code + "-")
    if filters.town:
        qs = qs.filter(town_code=filters.town)
    if filters.salary_min is not None:
        qs = qs.filter(salary_max__gte=filters.salary_min)
    if filters.education:
        from .enums import EDUCATION_RANK

        allowed = [e for e in Education.values if EDUCATION_RANK[e] <= EDUCATION_RANK[filters.education]]
        qs = qs.filter(education__in=allowed)
    return qs


class CappedPaginator(Paginator):
    """Pages a list of at most BOARD_MAX_RESULTS ids ("500+": counting half the board costs more
    than the page)."""

    @property
    def capped(self) -> bool:
        return self.count >= BOARD_MAX_RESULTS


def board_page(filters: BoardFilters, page_number) -> object:
    """Two statements whatever the query: the ids of the (ranked) window, then the page's rows."""
    ids = search.window_ids(board(filters), filters.q)
    page = CappedPaginator(ids, BOARD_PAGE_SIZE).get_page(page_number)
    rows = published().defer("search_text", "flags").in_bulk(list(page.object_list))
    page.object_list = [rows[i] for i in page.object_list if i in rows]
    return page


TOWNS_CACHE_KEY = "market:towns:v1"


def towns() -> list[tuple[str, str]]:
    """Jiyuan's streets and towns (the board's and forms' place choice). Read on every board
    page, so kept in the cache for ten minutes (the division catalogue changes by a yearly load);
    an empty list (catalogue not loaded yet) is not kept."""
    from django.core.cache import cache

    from zhihui.registry.models import Division

    found = cache.get(TOWNS_CACHE_KEY)
    if found is None:
        found = [tuple(r) for r in Division.objects.filter(code__startswith="419001", valid_to__isnull=True)
                 .exclude(code="419001").filter(code__regex=r"^\d{9}$").order_by("code").values_list("code", "name")]
        if found:
            cache.set(TOWNS_CACHE_KEY, found, 600)
    return list(found)


def industry_divisions() -> list[tuple[str, str]]:
    """GB/T 4754-2017 divisions (大类, 2 digits) for the posting form's industry choice."""
    from zhihui.registry.models import Industry

    return list(Industry.objects.filter(level=2, valid_to__isnull=True).order_by("code").values_list("code", "name"))


def organisation_postings(organisation_id):
    return Posting.objects.filter(organisation_id=organisation_id).order_by("-updated_at", "-id")


def review_queue():
    return Posting.objects.filter(status=PostingStatus.PENDING).select_related("organisation").order_by("updated_at", "id")


def applications_of_seeker(seeker):
    return Application.objects.filter(seeker=seeker).select_related("posting", "posting__organisation")


def applications_of_organisation(organisation_id):
    return (Application.objects.filter(posting__organisation_id=organisation_id)
            .select_related("posting", "seeker", "seeker__person").order_by("-created_at"))


def highlight(value: str, flags: list[dict], field: str) -> list[tuple[str, dict | None]]:
    """The field cut into (text, flag-or-None) pieces, for the review page's highlighting."""
    pieces: list[tuple[str, dict | None]] = []
    pos = 0
    for f in sorted((f for f in flags if f.get("field") == field), key=lambda f: (f["start"], -f["end"])):
        start, end = f["start"], f["end"]
        if start < pos or end > len(value) or value[start:end] != f.get("phrase"):
            continue  # overlapping or stale flag: listed below the text, not highlighted
        if start > pos:
            pieces.append((value[pos:start], None))
        pieces.append((value[start:end], f))
        pos = end
    if pos < len(value):
        pieces.append((value[pos:], None))
    return pieces


# -- gig stations (零工驿站) ----------------------------------------------------------------------
def stations(*, include_inactive: bool = False, town: str = ""):
    """Gig stations with the number of open gigs (today or later) and of job seekers linked to
    each: two grouped counts, not one per station."""
    from django.db.models import Count, Q

    from .actions import today
    from .enums import GigStatus
    from .models import GigStation

    qs = GigStation.objects.all()
    if not include_inactive:
        qs = qs.filter(active=True)
    if town:
        qs = qs.filter(town_code=town)
    return list(qs.annotate(
        open_gigs=Count("gig_jobs", filter=Q(gig_jobs__status=GigStatus.OPEN, gig_jobs__work_date__gte=today()), distinct=True),
        seekers_linked=Count("seekers", filter=Q(seekers__active=True), distinct=True),
    ))


def station_open_gigs(station, limit: int = 50):
    from .actions import today
    from .enums import GigStatus
    from .models import GigJob

    return list(GigJob.objects.filter(station=station, status=GigStatus.OPEN, work_date__gte=today())
                .select_related("organisation").order_by("work_date", "id")[:limit])


def station_map(rows, active_label: str, inactive_label: str) -> dict:
    """An ECharts scatter on longitude/latitude axes (no map tiles), like the employment service
    points' map: [lon, lat, open gigs, name] per station; symbol size grows with open gigs."""
    def point(s):
        return [float(s.lon), float(s.lat), getattr(s, "open_gigs", 0), s.name]

    return {
        "tooltip": {},
        "legend": {"data": [active_label, inactive_label]},
        "grid": {"left": 56, "right": 16, "top": 40, "bottom": 40},
        "xAxis": {"type": "value", "scale": True, "name": "E"},
        "yAxis": {"type": "value", "scale": True, "name": "N"},
        "series": [
            {"name": active_label, "type": "scatter", "symbol": "pin", "symbolSize": 22,
             "data": [point(s) for s in rows if s.active]},
            {"name": inactive_label, "type": "scatter", "symbol": "pin", "symbolSize": 16,
             "data": [point(s) for s in rows if not s.active]},
        ],
    }
