"""Reads of employment services (pages and API read through these; no writes)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Q

from zhihui.registry.models import Person

from .enums import EMPLOYED_KINDS, StatusKind
from .models import DifficultyRecognition, ImportBatch, StatusEvent


def history(person: Person):
    """Every event of the person, corrected ones included (the file shows them struck out)."""
    return (StatusEvent.objects.filter(person=person)
            .select_related("employer", "occupation", "industry", "corrects", "recorded_by")
            .order_by("-effective_on", "-id"))


def active_events(person: Person):
    return StatusEvent.objects.filter(person=person, corrected_by__isnull=True).order_by("effective_on", "id")


def status_on(person: Person, day: dt.date) -> StatusEvent | None:
    return (StatusEvent.objects.filter(person=person, corrected_by__isnull=True, effective_on__lte=day)
            .order_by("-effective_on", "-id").first())


def difficulty_recognitions(person: Person):
    return DifficultyRecognition.objects.filter(person=person).order_by("-recognised_on", "-id")


def import_batches():
    return ImportBatch.objects.select_related("uploaded_by").order_by("-uploaded_at", "-id")


# --- indicators (definitions: docs/employment.md, "Indicators") -------------------------------

INDICATORS = {
    "new_urban_employment": "城镇新增就业",
    "new_urban_employed_gross": "城镇新就业（未扣自然减员）",
    "natural_attrition": "自然减员（就业转退休）",
    "reemployed_unemployed": "失业人员再就业",
    "difficulty_employed": "就业困难人员就业",
    "rural_transfer": "农村劳动力转移就业（新增）",
}


def indicators(year: int) -> dict[str, int]:
    """Counts of the year, each person at most once per indicator."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    touched = StatusEvent.objects.filter(corrected_by__isnull=True, effective_on__range=(start, end))
    rows = (StatusEvent.objects.filter(corrected_by__isnull=True, effective_on__lte=end,
                                       person_id__in=touched.values("person_id"))
            .order_by("person_id", "effective_on", "id")
            .values_list("person_id", "kind", "effective_on", "urban", "rural_transfer"))
    recognitions = defaultdict(list)
    for pid, a, b in (DifficultyRecognition.objects.filter(person_id__in=touched.values("person_id"))
                      .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=start))
                      .values_list("person_id", "recognised_on", "ended_on")):
        recognitions[pid].append((a, b))
    sets = {k: set() for k in INDICATORS}
    prev_pid, prev = None, None
    for pid, kind, day, urban, transfer in rows:
        if pid != prev_pid:
            prev_pid, prev = pid, None
        if start <= day:
            was_employed = prev is not None and prev[0] in EMPLOYED_KINDS
            if kind in EMPLOYED_KINDS and not was_employed:
                if urban:
                    sets["new_urban_employed_gross"].add(pid)
                if prev is not None and prev[0] == StatusKind.REGISTERED_UNEMPLOYED:
                    sets["reemployed_unemployed"].add(pid)
                if any(a <= day and (b is None or day < b) for a, b in recognitions.get(pid, ())):
                    sets["difficulty_employed"].add(pid)
            if kind in EMPLOYED_KINDS and transfer and not (was_employed and prev[1]):
                sets["rural_transfer"].add(pid)
            if kind == StatusKind.RETIRED and was_employed and prev[2]:
                sets["natural_attrition"].add(pid)
        prev = (kind, transfer, urban)
    out = {k: len(v) for k, v in sets.items()}
    out["new_urban_employment"] = out["new_urban_employed_gross"] - out["natural_attrition"]
    return {k: out[k] for k in INDICATORS}
