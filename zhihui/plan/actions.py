"""The only write path of the plan app: every change inside transaction.atomic() with an
audit row (zhihui.core.audit.record)."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from django.db import transaction

from zhihui.core import audit
from zhihui.core.perms import require
from zhihui.plan import indicators as reg
from zhihui.plan import perms
from zhihui.plan.models import ActualValue, AnnualTarget, ImportBatch, Indicator
from zhihui.plan.progress import to_decimal

MAX_VALUE = Decimal(10) ** 12  # the columns are DECIMAL(18, 6)
PLACES = Decimal("0.000001")


class PlanInputError(ValueError):
    """Bad input, with every problem found (field, or row and column of a file)."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__("; ".join(self.errors))


def _require_enter(actor, message: str) -> None:
    """`actor=None` is the system (the CLI operator, batch jobs); a user needs the ADMIN role."""
    if actor is not None:
        require(perms.can_enter(actor), message)


def _fields(ind: dict, position: int) -> dict:
    base = ind.get("baseline") or {}
    tgt = ind["target"]
    return {
        "table_no": ind["no"] if isinstance(ind["no"], int) else None,
        "position": position,
        "group": ind["group"],
        "name": ind["name"],
        "name_en": ind.get("name_en") or "",
        "unit": ind["unit"],
        "measure": ind["measure"],
        "comparator": tgt["comparator"],
        "cumulative": bool(ind["cumulative"]),
        "attribute": ind["attribute"],
        "department": ind["department"],
        "baseline_year": base.get("year"),
        "baseline_value": to_decimal(base.get("value")),
        "target_year": int(tgt.get("year") or 2025),
        "target_value": to_decimal(tgt.get("value")),
        "single_year": bool(ind.get("single_year")),
        "maintain": bool(ind.get("maintain")),
        "computed": ind.get("computed") or "manual",
        "manual_until": ind.get("manual_until") or "",
        "source": reg._sources(ind)[:200],
        "definition": ind,
    }


def load_registry(actor=None, path=None) -> dict:
    """Create or update the Indicator rows from indicators.yaml. Idempotent."""
    registry = reg.load(path)
    created = updated = 0
    with transaction.atomic():
        for position, ind in enumerate(registry.indicators, start=1):
            fields = _fields(ind, position)
            obj, was_created = Indicator.objects.update_or_create(code=ind["id"], defaults=fields)
            created += was_created
            updated += not was_created
        audit.record(
            actor,
            audit.Action.IMPORT,
            object_type="plan.indicator",
            object_id="*",
            summary=f"indicators.yaml：新增 {created} 项，更新 {updated} 项",
        )
    return {"created": created, "updated": updated, "total": created + updated}


def _check_value(ind: Indicator, value, where: str) -> Decimal:
    try:
        d = to_decimal(value, field_name=where)
    except ValueError as exc:
        raise PlanInputError([str(exc)])
    if d is None:
        raise PlanInputError([f"{where}: 不能为空 (a value is required)"])
    growth = "增长" in ind.name  # growth rates may be negative or above 100 %
    if d < 0 and not growth:
        raise PlanInputError([f"{where}: 不能为负数 (must not be negative)"])
    if ind.unit == "%" and d > 100 and not growth:
        raise PlanInputError([f"{where}: 百分比不能超过100 (a percentage above 100)"])
    if abs(d) >= MAX_VALUE or d != d.quantize(PLACES):
        raise PlanInputError([f"{where}: 数值过大或小数位超过6位 (at most 12 digits and 6 decimals)"])
    return d


def _check_year(ind: Indicator, year, where: str) -> int:
    try:
        y = int(year)
    except (TypeError, ValueError):
        raise PlanInputError([f"{where}: “{year}” 不是年份 (not a year)"])
    if not 2021 <= y <= 2025:
        raise PlanInputError([f"{where}: {y} 不在规划期2021–2025内 (outside the plan period)"])
    return y


def _store_actual(
    actor, ind: Indicator, year: int, value: Decimal, origin: str, note: str, batch=None
):
    previous = (
        ActualValue.objects.select_for_update()
        .filter(indicator=ind, year=year, is_current=True)
        .first()
    )
    if previous is not None:
        previous.is_current = False
        previous.save(update_fields=["is_current"])
    row = ActualValue.objects.create(
        indicator=ind,
        year=year,
        value=value,
        origin=origin,
        source_note=note[:200],
        batch=batch,
        entered_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    return previous, row


def set_actual(actor, indicator_code: str, year, value, source_note: str = "") -> ActualValue:
    """Enter one actual value by hand (supersedes the current one)."""
    _require_enter(actor, "只有部门管理员可以录入实际值")
    ind = Indicator.objects.filter(code=indicator_code).first()
    if ind is None:
        raise PlanInputError([f"indicator: 未知指标 “{indicator_code}”"])
    if ind.is_computed:
        raise PlanInputError(
            [f"indicator: {ind.code} 由库内数据计算,不接受手工录入 (computed from the registry)"]
        )
    y = _check_year(ind, year, "year")
    d = _check_value(ind, value, "value")
    with transaction.atomic():
        previous, row = _store_actual(actor, ind, y, d, ActualValue.Origin.MANUAL, source_note)
        audit.record(
            actor,
            audit.Action.UPDATE,
            row,
            summary=f"{ind.code} {y}年 实际值 = {d}",
            before={"value": previous.value} if previous else None,
            after={"value": d},
        )
    return row


def store_computed(actor, year: int, values: dict[str, Decimal], note: str = "registry") -> int:
    """Store the figures computed from the registry for one year (zhihui.plan.compute)."""
    with transaction.atomic():
        n = 0
        for code, value in values.items():
            ind = Indicator.objects.filter(code=code).first()
            if ind is None or value is None:
                continue
            current = ActualValue.objects.filter(indicator=ind, year=year, is_current=True).first()
            if current is not None and current.origin == ActualValue.Origin.COMPUTED and current.value == value:
                continue  # unchanged: recomputing must not pile up identical rows
            _store_actual(actor, ind, year, value, ActualValue.Origin.COMPUTED, note)
            n += 1
        audit.record(
            actor,
            audit.Action.UPDATE,
            object_type="plan.actualvalue",
            object_id=str(year),
            summary=f"{year}年库内计算值 {n} 项",
        )
    return n


def recompute(actor, years: list[int], job_id: int | None = None) -> dict[str, int]:
    """Recount the registry-derived indicators of `years` and store them, a year at a time
    (each year is stored in its own transaction with its audit record); progress goes to the
    BackgroundJob `job_id` when given. Returns {year: values stored}."""
    from zhihui.core import jobs
    from zhihui.plan.compute import compute_year, population_scale

    _require_enter(actor, "只有部门管理员可以重新计算")
    scaled = population_scale()[1]
    stored: dict[str, int] = {}
    try:
        for i, year in enumerate(years):
            if job_id:
                jobs.progress(job_id, i, len(years), f"{year}年计算中")
            stored[str(year)] = store_computed(actor, year, compute_year(year),
                                               note="registry" + (f"；{scaled}" if scaled else ""))
    except Exception as exc:  # the job page must say it failed, then the worker logs it
        if job_id:
            jobs.finish(job_id, stored, failed=True, message=f"{type(exc).__name__}: {exc}"[:500])
        raise
    if job_id:
        jobs.progress(job_id, len(years), len(years))
        jobs.finish(job_id, stored, message="；".join(f"{y}年 {n} 项" for y, n in stored.items()))
    return stored


def start_recompute_job(actor, years: list[int]):
    """Record a BackgroundJob and hand the recount to Celery (run in-process when no broker)."""
    from zhihui.core import jobs

    _require_enter(actor, "只有部门管理员可以重新计算")
    label = f"规划指标按库内数据重新计算（{'、'.join(str(y) for y in years)}年）"
    job = jobs.start("plan.recompute", label, total=len(years), user=actor)
    from .tasks import recompute_task

    recompute_task.delay(list(years), job_id=job.pk, user_id=getattr(actor, "pk", None))
    job.refresh_from_db()
    return job


def set_annual_target(actor, indicator_code: str, year, value, note: str = "") -> AnnualTarget:
    """Edit one yearly target (the default is the linear decomposition)."""
    _require_enter(actor, "只有部门管理员可以修改年度目标")
    ind = Indicator.objects.filter(code=indicator_code).first()
    if ind is None:
        raise PlanInputError([f"indicator: 未知指标 “{indicator_code}”"])
    y = _check_year(ind, year, "year")
    d = _check_value(ind, value, "value")
    with transaction.atomic():
        before = AnnualTarget.objects.filter(indicator=ind, year=y).first()
        obj, _ = AnnualTarget.objects.update_or_create(
            indicator=ind,
            year=y,
            defaults={
                "value": d,
                "note": note[:200],
                "edited_by": actor if getattr(actor, "is_authenticated", False) else None,
            },
        )
        audit.record(
            actor,
            audit.Action.UPDATE,
            obj,
            summary=f"{ind.code} {y}年 年度目标 = {d}",
            before={"value": before.value} if before else None,
            after={"value": d},
        )
    return obj


def import_actuals(actor, content: bytes, file_name: str, year: int | None = None) -> ImportBatch:
    """Apply an uploaded actual-values workbook: every row is checked first; one bad cell and
    nothing is written (PlanInputError lists every problem by row and column)."""
    from zhihui.plan.xlsx import parse_actuals

    _require_enter(actor, "只有部门管理员可以导入实际值")
    rows, file_year = parse_actuals(content, expected_year=year)
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            file_name=file_name[:200],
            sha256=hashlib.sha256(content).hexdigest(),
            year=file_year,
            rows=len(rows),
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        codes = {r["code"] for r in rows}
        by_code = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
        for r in rows:
            _store_actual(
                actor,
                by_code[r["code"]],
                r["year"],
                r["value"],
                ActualValue.Origin.IMPORT,
                r["note"] or file_name,
                batch,
            )
        audit.record(
            actor,
            audit.Action.IMPORT,
            batch,
            summary=f"{file_name}：{file_year}年实际值 {len(rows)} 项",
        )
    return batch


# --- Audited reads (pages call these) ---------------------------------------------------------


def record_drill_down(actor, ind, year: int, page: int) -> None:
    """A leader listed the (masked) registry records behind a computed indicator."""
    audit.record(actor, audit.Action.VIEW, ind, summary=f"查看指标明细 {ind.code} {year}年 第{page}页")


def record_report_export(actor, kind: str, year: int, fmt: str) -> None:
    """The evaluation report was exported."""
    audit.record(actor, audit.Action.EXPORT, object_type="plan.report", object_id=f"{kind}-{year}",
                 summary=f"导出规划{ {'annual': '年度报告', 'midterm': '中期评估'}.get(kind, kind)} {year}年 {fmt}")
