"""Progress reporting for Celery jobs (the work runs in Celery; this only records progress)."""

from __future__ import annotations

from django.utils import timezone

from .models import BackgroundJob


def start(kind: str, label: str, total: int = 0, user=None) -> BackgroundJob:
    return BackgroundJob.objects.create(kind=kind, label=label, total=total, created_by=user)


def progress(job_id: int, done: int, total: int | None = None, message: str = "") -> None:
    fields = {"done": done, "status": BackgroundJob.Status.RUNNING}
    if total is not None:
        fields["total"] = total
    if message:
        fields["message"] = message
    BackgroundJob.objects.filter(pk=job_id).update(**fields)


def finish(job_id: int, result=None, *, failed: bool = False, message: str = "") -> None:
    BackgroundJob.objects.filter(pk=job_id).update(
        status=BackgroundJob.Status.FAILED if failed else BackgroundJob.Status.DONE,
        result=result,
        message=message,
        finished_at=timezone.now(),
    )
