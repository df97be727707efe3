"""Celery task around the zero-employment household sweep (tests and broker-less installs run
it eagerly, in-process)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task


@shared_task(name="employment.zero_sweep")
def zero_sweep_task(as_of: str, job_id: int | None = None, user_id: int | None = None) -> dict:
    from django.contrib.auth import get_user_model

    from .actions import sweep_zero_households

    actor = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return sweep_zero_households(actor or "celery", dt.date.fromisoformat(as_of), job_id=job_id)
