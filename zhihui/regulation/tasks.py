"""Scheduled work of the regulation domain (Celery; eager in-process without a broker)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="regulation.expire_lists")
def expire_lists_task() -> int:
    """Daily: entries whose listing period has ended leave their list (and the credit follows)."""
    from .actions import expire_lists

    return expire_lists("celery")


@shared_task(name="regulation.lapse_collective_contracts")
def lapse_collective_contracts_task() -> int:
    """Daily: collective contracts whose review period ended with no objection take effect."""
    from .actions import lapse_collective_contracts

    return lapse_collective_contracts("celery")
