"""Reads for the policy pages that are not offers or explanations."""

from __future__ import annotations

from django.db.models import Count


def decisions_on_file() -> list[dict]:
    """Benefit applications at the one window, by the policy-package version (`rule_version`)
    their engine decision was recorded under and by whether it is final: a decision on file
    keeps the reading it was taken under; only open applications are decided again (at review
    and approval, under the package in force). [] when the window is not installed."""
    try:
        from zhihui.window.models import PENDING_STATUSES, Application
    except ImportError:
        return []
    rows = (
        Application.objects.filter(service__kind="benefit")
        .exclude(rule_version="")
        .values("rule_version", "status")
        .annotate(n=Count("id"))
    )
    out: dict[str, dict] = {}
    for r in rows:
        d = out.setdefault(r["rule_version"], {"version": r["rule_version"], "final": 0, "open": 0})
        d["open" if r["status"] in PENDING_STATUSES else "final"] += r["n"]
    return sorted(out.values(), key=lambda d: d["version"], reverse=True)
