"""Reads of the occupation-coding app (pages and API go through here)."""

from __future__ import annotations

from .models import OccupationCorrection, RetrainRun


def recent_corrections(limit: int = 20):
    return OccupationCorrection.objects.select_related("corrected_by")[:limit]


def corrections_as_examples() -> list[tuple[str, str]]:
    return list(OccupationCorrection.objects.order_by("id").values_list("title", "code"))


def recent_retrains(limit: int = 10):
    return RetrainRun.objects.all()[:limit]


def last_retrain_job():
    """The latest retrain job (the coding page shows its progress)."""
    from zhihui.core.models import BackgroundJob

    return BackgroundJob.objects.filter(kind="occupations.retrain").order_by("-created_at").first()
