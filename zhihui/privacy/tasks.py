"""Celery tasks of the privacy app. `privacy.purge` runs every night (CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="privacy.purge")
def purge_task(dry_run: bool = False) -> dict:
    from .retention import purge

    return purge(dry_run=dry_run).results
