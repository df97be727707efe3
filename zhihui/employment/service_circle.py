"""The 15-minute employment service circle (plan C11-S12, C11-R01): which residents are within
the circle's travel time of an active service point, under a stated travel model.

Model (dated parameters `service_circle.*` of the city package): residents are placed at the
reference point of their residence (village/community when recorded, else town/street: the
registry records the town or street); the trip is the straight-line (great-circle) distance to
the nearest active point times a detour factor, at a constant speed. A place is covered when
that trip takes at most the circle's minutes. Residents whose place has no location are counted
apart, never as covered.
"""

from __future__ import annotations

import datetime as dt
import math

from zhihui.core.params import value


def distance_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def model(on: dt.date) -> dict:
    return {"minutes": int(value("employment", "service_circle.minutes", on)),
            "speed_km_h": float(value("employment", "service_circle.speed_km_h", on)),
            "detour": float(value("employment", "service_circle.detour_factor", on))}


def coverage(on: dt.date) -> dict:
    """Places with their residents, nearest point and minutes; totals and the covered share."""
    from django.db.models import Count

    from zhihui.registry.models import Person

    from .models import PlaceLocation, ServicePoint

    m = model(on)
    points = list(ServicePoint.objects.filter(active=True).values("id", "name", "lon", "lat"))
    locations = {p.division_id: p for p in PlaceLocation.objects.select_related("division")}
    residents = dict(Person.objects.filter(residence__isnull=False).values("residence_id")
                     .annotate(n=Count("id")).values_list("residence_id", "n"))
    places, unlocated = [], 0
    for division_id, n in residents.items():
        loc = locations.get(division_id)
        if loc is None:
            unlocated += n
            continue
        best, minutes = None, None
        for p in points:
            km = distance_km(float(loc.lon), float(loc.lat), float(p["lon"]), float(p["lat"])) * m["detour"]
            t = km / m["speed_km_h"] * 60
            if minutes is None or t < minutes:
                best, minutes = p, t
        places.append({"division": loc.division.name, "lon": float(loc.lon), "lat": float(loc.lat), "residents": n,
                       "nearest": best["name"] if best else None,
                       "minutes": round(minutes, 1) if minutes is not None else None,
                       "covered": minutes is not None and minutes <= m["minutes"]})
    places.sort(key=lambda p: (p["covered"], -(p["minutes"] or 1e9)))
    located = sum(p["residents"] for p in places)
    covered = sum(p["residents"] for p in places if p["covered"])
    return {"model": m, "points": points, "places": places, "located": located, "covered": covered,
            "unlocated": unlocated, "share": round(100 * covered / located, 1) if located else None}


def chart(cov: dict, point_label: str, covered_label: str, uncovered_label: str) -> dict:
    """An ECharts scatter on longitude/latitude axes (no map tiles): service points, and the
    residents' places (longitude, latitude, residents, name, minutes), by coverage. charts.js
    draws plain JSON options, so sizes are fixed."""
    def place(p):
        return [p["lon"], p["lat"], p["residents"], p["division"], p["minutes"]]

    return {
        "tooltip": {},
        "legend": {"data": [point_label, covered_label, uncovered_label]},
        "grid": {"left": 56, "right": 16, "top": 40, "bottom": 40},
        "xAxis": {"type": "value", "scale": True, "name": "E"},
        "yAxis": {"type": "value", "scale": True, "name": "N"},
        "series": [
            {"name": point_label, "type": "scatter", "symbol": "triangle", "symbolSize": 12,
             "data": [[float(p["lon"]), float(p["lat"]), p["name"]] for p in cov["points"]]},
            {"name": covered_label, "type": "scatter", "data": [place(p) for p in cov["places"] if p["covered"]],
             "symbolSize": 14},
            {"name": uncovered_label, "type": "scatter", "data": [place(p) for p in cov["places"] if not p["covered"]],
             "symbolSize": 14},
        ],
    }
