"""Celery task around the registry recount of the plan indicators (tests and broker-less
installs run it eagerly, in-process)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="plan.recompute")
def recompute_task(years: list[int], job_id: int | None = None, user_id: int | None = None) -> dict:
    from django.contrib.auth import get_user_model

    from .actions import recompute

    actor = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return recompute(actor, years, job_id=job_id)
