"""Scheduled work of the regulation domain (Celery; eager in-process without a broker)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="regulation.expire_lists")
def expire_lists_task() -> int:
    """Daily: entries whose listing period has ended leave their list (and the credit follows)."""
    from .actions import expire_lists

    return expire_lists("celery")
