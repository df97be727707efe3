"""The nightly purge: every rule of data/retention.yaml with a `purge` section, applied in one
transaction per rule; a PurgeRun records the counts and an audit row is written per run."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from zhihui.core import audit

from .inventory import retention_rules
from .models import PurgeRun


def purge(*, dry_run: bool = False, now: dt.datetime | None = None) -> PurgeRun:
    now = now or timezone.now()
    run = PurgeRun.objects.create(started_at=now, dry_run=dry_run)
    results = {}
    for rule_id, rule in sorted(retention_rules().items()):
        spec = rule.get("purge")
        if not spec:
            continue
        try:
            model = apps.get_model(spec["model"])
        except LookupError:
            results[rule_id] = "model not installed"
            continue
        cutoff = now - dt.timedelta(days=int(spec["older_than_days"]))
        qs = model.objects.filter(**{f"{spec['date_field']}__lt": cutoff}, **(spec.get("filter") or {}))
        with transaction.atomic():
            if dry_run:
                n = qs.count()
            elif spec["action"] == "delete":
                n = qs.count()
                qs.delete()
            else:
                n = qs.update(**spec["set"])
        results[rule_id] = n
    run.results = results
    run.finished_at = timezone.now()
    run.save(update_fields=["results", "finished_at"])
    summary = ", ".join(f"{k}={v}" for k, v in results.items())
    audit.record(None, audit.Action.DELETE, run, summary=("试运行 " if dry_run else "") + f"保存期限到期清理: {summary}"[:240],
                 after={"results": results, "dry_run": dry_run})
    return run
