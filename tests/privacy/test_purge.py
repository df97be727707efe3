"""Issue 13, found item 5: retention periods as data, applied by a scheduled job with its own
record and audit row."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from zhihui.core.models import AuditEvent, BackgroundJob
from zhihui.privacy.inventory import retention_rules
from zhihui.privacy.models import PurgeRun
from zhihui.privacy.retention import purge

pytestmark = pytest.mark.django_db


def _days(rule):
    return int(retention_rules()[rule]["purge"]["older_than_days"])


def test_the_purge_deletes_and_anonymises_only_what_is_due(citizen):
    from zhihui.window.models import Message

    now = timezone.now()
    old_msg = Message.objects.create(user=citizen, text="旧通知")
    Message.objects.filter(pk=old_msg.pk).update(created_at=now - dt.timedelta(days=_days("messages") + 1))
    new_msg = Message.objects.create(user=citizen, text="新通知")
    old_ev = AuditEvent.objects.create(action="view", object_type="x", ip="10.1.2.3",
                                       at=now - dt.timedelta(days=4 * 365))
    job = BackgroundJob.objects.create(kind="t", label="t", finished_at=now - dt.timedelta(days=_days("background_jobs") + 1))

    dry = purge(dry_run=True)
    assert dry.results["messages"] == 1 and Message.objects.count() == 2

    run = purge()
    assert list(Message.objects.all()) == [new_msg]
    old_ev.refresh_from_db()
    assert old_ev.ip == "10.1.2.3"  # the audit log is append-only: no purge touches it
    assert not BackgroundJob.objects.filter(pk=job.pk).exists()
    assert run.results["messages"] == 1 and "audit_log" not in run.results and run.finished_at
    row = AuditEvent.objects.filter(object_type="privacy.purgerun", object_id=str(run.pk)).get()
    assert "messages=1" in row.summary and row.after["results"]["messages"] == 1
    assert PurgeRun.objects.count() == 2


def test_the_purge_is_scheduled_every_night():
    from zhihui.privacy import tasks  # noqa: F401  (registers the task)

    entry = settings.CELERY_BEAT_SCHEDULE["privacy-purge"]
    assert entry["task"] == "privacy.purge" and entry["schedule"] <= 24 * 3600
    from config.celery import app

    assert "privacy.purge" in app.tasks


def test_the_cli_runs_the_purge(capsys, db):
    from zhihui.cli import main

    assert main(["privacy", "purge", "--dry-run"]) == 0
    assert "messages\t0" in capsys.readouterr().out
