"""Read side: progress of every indicator for a year, shared by the dashboard, API, CLI and
reports."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext_noop

from zhihui.plan import indicators as reg
from zhihui.plan.enums import STATUS_LIGHT, STATUS_ZH  # noqa: F401 - pages import them from here
from zhihui.plan.models import ActualValue, AnnualTarget, Indicator
from zhihui.plan.progress import Spec, compound_average_growth, decompose, evaluate, fmt, mode_of


def spec_of(ind: Indicator) -> Spec:
    return Spec(
        measure=ind.measure,
        comparator=ind.comparator,
        target=ind.target_value,
        baseline=ind.baseline_value if ind.measure == "level" else None,
        base_year=2020,
        target_year=ind.target_year,
        single_year=ind.single_year,
        maintain=ind.maintain,
    )


def progress_rows(year: int, codes: list[str] | None = None) -> list[dict]:
    registry = reg.load()
    indicators = list(
        Indicator.objects.all() if not codes else Indicator.objects.filter(code__in=codes)
    )
    actuals: dict[int, dict[int, object]] = defaultdict(dict)
    origins: dict[int, dict[int, str]] = defaultdict(dict)
    latest: dict[int, ActualValue] = {}
    for a in ActualValue.objects.filter(is_current=True, year__lte=year).select_related("batch"):
        actuals[a.indicator_id][a.year] = a.value
        origins[a.indicator_id][a.year] = a.origin
        if a.indicator_id not in latest or a.year > latest[a.indicator_id].year:
            latest[a.indicator_id] = a
    edited: dict[int, dict[int, object]] = defaultdict(dict)
    for t in AnnualTarget.objects.all():
        edited[t.indicator_id][t.year] = t.value
    rows = []
    for ind in indicators:
        spec = spec_of(ind)
        acts = actuals.get(ind.pk, {})
        p = evaluate(spec, acts, year, edited.get(ind.pk))
        start = None
        if spec.baseline is None and acts and mode_of(spec) in ("increase", "ceiling"):
            first = min(acts)
            start = (first, acts[first])
        targets = decompose(spec, start)
        targets.update(edited.get(ind.pk, {}))
        history = []
        for y in spec.years:
            if y > year:
                break
            hp = evaluate(spec, acts, y, edited.get(ind.pk))
            history.append(
                {
                    "year": y,
                    "actual": fmt(acts.get(y)),
                    "status": hp.status,
                    "status_zh": STATUS_ZH[hp.status],
                    "value": fmt(hp.value),
                    "target": fmt(targets.get(y)),
                }
            )
        extra = {}
        if ind.code == "T1-08":
            rates = [acts[y] for y in sorted(acts)]
            extra["average_growth"] = fmt(compound_average_growth(rates), 2) if rates else None
        rows.append(
            {
                "indicator": ind,
                "code": ind.code,
                "no": ind.table_no or ind.code,
                "name": ind.name,
                "unit": ind.unit,
                "group": ind.group,
                "attribute": ind.attribute,
                "department": ind.department,
                "computed": ind.computed,
                "manual_until": ind.manual_until,
                "baseline": reg.describe_baseline(ind.definition),
                "target": reg.describe_target(ind.definition),
                "progress": p,
                "status": p.status,
                "status_zh": STATUS_ZH[p.status],
                "light": STATUS_LIGHT[p.status],
                "annual_targets": {y: fmt(v) for y, v in sorted(targets.items())},
                "actuals": {y: fmt(v) for y, v in sorted(acts.items())},
                "origins": origins.get(ind.pk, {}),
                "history": history,
                "latest": _latest(latest.get(ind.pk)),
                "conflicts": [c["id"] for c in registry.conflicts_of(ind.code)],
                "provisional": bool(
                    ind.definition.get("target", {}).get("provisional")
                    or (ind.definition.get("baseline") or {}).get("provisional")
                ),
                **extra,
            }
        )
    return rows


def _latest(a: ActualValue | None) -> dict | None:
    """The latest actual value with where it came from and when it was entered."""
    if a is None:
        return None
    return {
        "year": a.year,
        "value": fmt(a.value),
        "origin": a.origin,
        "origin_label": a.get_origin_display(),
        "source_note": a.source_note,
        "entered_on": a.entered_at.date() if a.entered_at else None,
    }


# Kinds of the plan's contradictions and gaps (registry `conflicts[].kind`), in words.
CONFLICT_KIND_ZH = {  # gettext_noop: pages translate
    "missing": gettext_noop("缺失"),
    "contradiction": gettext_noop("矛盾"),
    "arithmetic": gettext_noop("计算不符"),
    "comparator": gettext_noop("比较关系不明"),
    "definition": gettext_noop("口径不一"),
    "notation": gettext_noop("记法不一"),
    "rounding": gettext_noop("四舍五入差异"),
    "unit": gettext_noop("单位不一"),
}


def conflicts_zh(conflicts: list[dict]) -> list[dict]:
    """The registry's conflicts with their kind in words (`kind_zh`)."""
    return [dict(c, kind_zh=CONFLICT_KIND_ZH.get(c["kind"], c["kind"])) for c in conflicts]


def summary(rows: list[dict]) -> dict:
    out = {g: defaultdict(int) for g in ("talent", "hrd", "employment")}
    for r in rows:
        out.setdefault(r["group"], defaultdict(int))[r["light"]] += 1
    return {g: dict(v) for g, v in out.items()}


def row_json(r: dict) -> dict:
    return {
        "code": r["code"],
        "no": r["no"],
        "name": r["name"],
        "unit": r["unit"],
        "group": r["group"],
        "baseline": r["baseline"],
        "target": r["target"],
        "status": r["status"],
        "light": r["light"],
        "progress": r["progress"].as_dict(),
        "annual_targets": r["annual_targets"],
        "actuals": r["actuals"],
        "conflicts": r["conflicts"],
        "computed": r["computed"],
        "manual_until": r["manual_until"] or None,
    }


def is_loaded() -> bool:
    """Whether the indicator register has been loaded into the database."""
    return Indicator.objects.exists()


def indicator(code: str) -> Indicator | None:
    return Indicator.objects.filter(code=code).first()


def indicator_definition(ind: Indicator) -> dict:
    """An indicator's definition as the register states it, each statement with its
    comparator's symbol (the detail page)."""
    data = reg.indicator_json(ind.definition, reg.load())
    for st in data["statements"]:
        st["symbol"] = reg.COMPARATOR_SYMBOL.get(st["comparator"] or "", "")
    return data


def conflicts(code: str | None = None) -> list:
    """The register's contradictions between figures of the plan (the dashboard lists them;
    with `code`, those of one indicator)."""
    registry = reg.load()
    return registry.conflicts if code is None else registry.conflicts_of(code)


def last_recompute_job():
    """The latest registry recount (the dashboard shows its progress)."""
    from zhihui.core.models import BackgroundJob

    return BackgroundJob.objects.filter(kind="plan.recompute").order_by("-created_at").first()
