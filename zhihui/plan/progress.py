"""Progress arithmetic for plan indicators: pure Python, Decimal throughout, no Django.

The plan (L248) asks for its main indicators to be decomposed into yearly targets, for yearly
monitoring and for a mid-term and a final evaluation. This module answers, for one indicator
and one year: what the yearly target was, how far the indicator has come (completion), how far
it should have come by now (时间过半、任务过半), its status and where its trend leads by the
target year.

Each indicator follows one of these modes (`mode_of`):

increase   a stock or rate that must rise from the baseline to the target (>=, >, ~ with a
           target above the baseline). Completion = (actual − baseline) ÷ (target − baseline).
floor      a stock or rate that must stay at or above the target every year (>=, > with a
           target at or below the baseline, e.g. arbitration closure 91.1 → 90).
ceiling    a rate that must stay at or below the target (<=, <: surveyed unemployment ≤ 5.5).
           If the baseline is above the ceiling the yearly ceilings come down linearly.
band       "~" (左右/稳定在) with no rise to make: the value must stay within a band around
           the target.
cumulative a five-year total (表1 "[ ]"): actuals are yearly flows, completion =
           sum of flows ÷ target.
annual     the target holds for each single year (每年…以上): every year is checked alone.

Status, for the year asked:
  increase / cumulative: `behind` if completion < expected × (1 − tolerance); `at_risk` if
  completion < expected, or if the projection misses the target; otherwise `on_track`.
  floor / ceiling / band / annual: `behind` if the year's value misses the year's target;
  `at_risk` if it meets it within `margin` (relative) of the limit or the projection misses;
  otherwise `on_track`.
  In the target year the status is `achieved` or `missed` against the final target with its
  exact comparator (">" excludes the number itself).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

COMPARATORS = (">=", ">", "<=", "<", "~")
MEASURES = ("level", "cumulative", "annual")
MODES = ("increase", "floor", "ceiling", "band", "cumulative", "annual")
STATUSES = ("on_track", "at_risk", "behind", "achieved", "missed", "no_data", "no_target")

DEFAULT_TOLERANCE = Decimal("0.10")  # a tenth of the expected progress
DEFAULT_MARGIN = Decimal("0.02")  # within 2 % of a floor or ceiling
DEFAULT_BAND = Decimal("0.05")  # "~": within ±5 % of the target

ZERO = Decimal(0)
ONE = Decimal(1)


class ProgressError(ValueError):
    """An indicator definition or an actual value the arithmetic cannot work with."""


def to_decimal(value, *, field_name: str = "value") -> Decimal | None:
    """Parse a value into a Decimal; None and "" stay None. Floats are refused (money rule)."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, bool) or isinstance(value, float):
        raise ProgressError(f"{field_name}: pass a string or Decimal, not {type(value).__name__}")
    else:
        try:
            result = Decimal(str(value).strip())
        except InvalidOperation:
            raise ProgressError(f"{field_name}: “{value}” is not a number")
    if not result.is_finite():
        raise ProgressError(f"{field_name}: “{value}” is not a finite number")
    return result


def fmt(value: Decimal | None, places: int = 4) -> str | None:
    """A decimal string without exponent or trailing zeros (“3.2”, “95”, “0.4”)."""
    if value is None:
        return None
    q = value.quantize(Decimal(1).scaleb(-places))
    text = format(q, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def meets(actual: Decimal, target: Decimal, comparator: str, band: Decimal = DEFAULT_BAND) -> bool:
    """Does `actual` satisfy `comparator target`? "~" means within ±band (relative)."""
    if comparator == ">=":
        return actual >= target
    if comparator == ">":
        return actual > target
    if comparator == "<=":
        return actual <= target
    if comparator == "<":
        return actual < target
    if comparator == "~":
        return abs(actual - target) <= abs(target) * band
    raise ProgressError(f"comparator: unknown “{comparator}”")


@dataclass(frozen=True)
class Spec:
    """What the arithmetic needs to know about one indicator."""

    measure: str
    comparator: str
    target: Decimal | None
    baseline: Decimal | None = None
    base_year: int = 2020
    target_year: int = 2025
    single_year: bool = False  # a target for one year only (e.g. the 2022 college targets)
    maintain: bool = False  # the target holds every year (保持在/稳定在), not only at the end

    def __post_init__(self):
        if self.measure not in MEASURES:
            raise ProgressError(f"measure: unknown “{self.measure}”")
        if self.comparator not in COMPARATORS:
            raise ProgressError(f"comparator: unknown “{self.comparator}”")
        if self.target_year <= self.base_year:
            raise ProgressError("target_year: must be after base_year")

    @property
    def years(self) -> list[int]:
        if self.single_year:
            return [self.target_year]
        return list(range(self.base_year + 1, self.target_year + 1))


def mode_of(spec: Spec) -> str:
    if spec.measure == "cumulative":
        return "cumulative"
    if spec.measure == "annual":
        return "annual"
    if spec.comparator in ("<=", "<"):
        return "ceiling"
    if spec.maintain:
        return "band" if spec.comparator == "~" else "floor"
    if spec.target is not None and spec.baseline is not None and spec.target > spec.baseline:
        return "increase"
    if spec.baseline is None:
        # No baseline: the path cannot be drawn from 2020; the first actual starts it.
        return "increase"
    return "band" if spec.comparator == "~" else "floor"


def decompose(spec: Spec, start: tuple[int, Decimal] | None = None) -> dict[int, Decimal]:
    """Default yearly targets, linear. For `cumulative`: the yearly flows (summing exactly to
    the target). `start` replaces a missing baseline (first actual year and value)."""
    if spec.target is None:
        return {}
    years = spec.years
    mode = mode_of(spec)
    if mode == "cumulative":
        n = len(years)
        share = (spec.target / n).quantize(Decimal("0.0001"))
        flows = {y: share for y in years}
        flows[years[-1]] = spec.target - share * (n - 1)
        return flows
    if mode in ("annual", "floor", "band") or spec.single_year:
        return {y: spec.target for y in years}
    base_year, base = spec.base_year, spec.baseline
    if base is None and start is not None:
        base_year, base = start
    if mode == "ceiling":
        if base is None or base <= spec.target:
            return {y: spec.target for y in years}
    if base is None:
        return {spec.target_year: spec.target}
    span = spec.target_year - base_year
    out = {}
    for y in years:
        if y <= base_year:
            continue
        out[y] = base + (spec.target - base) * Decimal(y - base_year) / Decimal(span)
    return out


def linear_projection(points: list[tuple[int, Decimal]], year: int) -> Decimal | None:
    """Least-squares straight line through (year, value) points, read at `year`."""
    if len(points) < 2:
        return None
    n = Decimal(len(points))
    xs = [Decimal(x) for x, _ in points]
    ys = [y for _, y in points]
    mx = sum(xs) / n
    my = sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx == 0:
        return None
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    slope = sxy / sxx
    return my + slope * (Decimal(year) - mx)


@dataclass
class Progress:
    year: int
    mode: str
    status: str
    value: Decimal | None = None  # level value of the year, or cumulative sum to date
    flow: Decimal | None = None  # cumulative mode: the year's own flow
    annual_target: Decimal | None = None  # the year's target (cumulative: expected sum to date)
    time_elapsed: Decimal | None = None  # share of the plan period gone
    completion: Decimal | None = None  # share of the task done
    expected: Decimal | None = None  # share of the task that should be done by now
    projection: Decimal | None = None  # value expected in the target year on the trend
    projection_meets: bool | None = None
    years_met: int | None = None  # annual mode: years that met their target so far
    years_counted: int | None = None
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "year": self.year,
            "mode": self.mode,
            "status": self.status,
            "value": fmt(self.value),
            "flow": fmt(self.flow),
            "annual_target": fmt(self.annual_target),
            "time_elapsed": fmt(self.time_elapsed),
            "completion": fmt(self.completion),
            "expected": fmt(self.expected),
            "projection": fmt(self.projection),
            "projection_meets": self.projection_meets,
            "years_met": self.years_met,
            "years_counted": self.years_counted,
            "notes": list(self.notes),
        }


def time_elapsed(spec: Spec, year: int) -> Decimal:
    span = Decimal(spec.target_year - spec.base_year)
    share = Decimal(year - spec.base_year) / span
    return min(max(share, ZERO), ONE)


def _clean(actuals: Mapping[int, object]) -> dict[int, Decimal]:
    out = {}
    for y, v in actuals.items():
        d = to_decimal(v, field_name=f"actual {y}")
        if d is not None:
            out[int(y)] = d
    return out


def evaluate(
    spec: Spec,
    actuals: Mapping[int, object],
    year: int,
    annual_targets: Mapping[int, object] | None = None,
    *,
    tolerance: Decimal = DEFAULT_TOLERANCE,
    margin: Decimal = DEFAULT_MARGIN,
    band: Decimal = DEFAULT_BAND,
) -> Progress:
    """Progress of one indicator in `year`, from the actual values entered so far.

    `actuals`: {year: value} — year-end values for level/annual indicators, yearly flows for
    cumulative ones. Only years up to `year` are used. `annual_targets` overrides the default
    linear decomposition year by year (edited targets).
    """
    mode = mode_of(spec)
    data = {y: v for y, v in _clean(actuals).items() if y <= year and y > spec.base_year}
    if spec.single_year:
        data = {y: v for y, v in data.items() if y == spec.target_year}
    p = Progress(year=year, mode=mode, status="no_data", time_elapsed=time_elapsed(spec, year))
    if spec.target is None:
        p.status = "no_target"
        p.notes.append("规划未给出目标值")
        if data:
            p.value = data[max(data)] if mode != "cumulative" else sum(data.values(), ZERO)
        return p

    start = None
    if spec.baseline is None and data and mode in ("increase", "ceiling"):
        first = min(data)
        start = (first, data[first])
        p.notes.append(f"无基期值：进度自首个实际值({first}年)起算")
    targets = decompose(spec, start)
    for y, v in (annual_targets or {}).items():
        d = to_decimal(v, field_name=f"annual target {y}")
        if d is not None:
            targets[int(y)] = d

    if mode == "cumulative":
        return _evaluate_cumulative(spec, p, data, targets, year, tolerance)
    if mode == "annual":
        return _evaluate_annual(spec, p, data, targets, year, margin, band)

    if year not in data:
        return p
    value = data[year]
    p.value = value
    p.annual_target = targets.get(year)
    points = [(y, v) for y, v in sorted(data.items())]
    if spec.baseline is not None:
        points.insert(0, (spec.base_year, spec.baseline))
    if not spec.single_year and year < spec.target_year:
        p.projection = linear_projection(points, spec.target_year)
        if p.projection is not None:
            p.projection_meets = meets(p.projection, spec.target, spec.comparator, band)

    if year >= spec.target_year or spec.single_year:
        final = meets(value, spec.target, spec.comparator, band)
        p.status = "achieved" if final else "missed"
        p.completion = _completion(mode, spec, value, band)
        p.expected = ONE
        return p

    if mode == "increase":
        base = spec.baseline if spec.baseline is not None else (start[1] if start else None)
        base_year = spec.base_year if spec.baseline is not None else (start[0] if start else None)
        if base is None or spec.target == base:
            p.status = "no_data"
            return p
        p.completion = _share(value - base, spec.target - base, p)
        yt = p.annual_target
        if yt is None:
            yt = base + (spec.target - base) * time_elapsed(
                Spec(spec.measure, spec.comparator, spec.target, base, base_year, spec.target_year),
                year,
            )
            p.annual_target = yt
        p.expected = (yt - base) / (spec.target - base)
        p.status = _status_progress(p.completion, p.expected, tolerance, p.projection_meets)
        return p

    # floor, ceiling, band: the year's value against the year's limit
    limit = p.annual_target if p.annual_target is not None else spec.target
    cmp = spec.comparator
    p.completion = _completion(mode, spec, value, band, limit=limit)
    p.expected = ONE
    p.status = _status_limit(mode, value, limit, cmp, margin, band, p.projection_meets)
    return p


def _share(done: Decimal, task: Decimal, p: Progress | None = None) -> Decimal:
    """The share of a task done, never below zero: a value that went the wrong way (below the
    baseline of a rising indicator, above it for a falling one) has done none of the task, it
    has not done a negative part of it (the dashboard showed −267 %; issue 15)."""
    share = done / task
    if share < ZERO:
        if p is not None:
            p.notes.append("实际值较基期值反向变化，完成程度按 0 计")
        return ZERO
    return share


def _completion(mode, spec, value, band, limit=None):
    limit = spec.target if limit is None else limit
    if meets(value, limit, spec.comparator, band):
        return ONE
    if mode == "increase" and spec.baseline is not None and spec.target != spec.baseline:
        return _share(value - spec.baseline, spec.target - spec.baseline)
    if mode == "ceiling":
        return limit / value if value else ZERO
    return max(value / limit, ZERO) if limit else ZERO


def _status_progress(completion, expected, tolerance, projection_meets) -> str:
    if completion < expected * (ONE - tolerance):
        return "behind"
    if completion < expected or projection_meets is False:
        return "at_risk"
    return "on_track"


def _status_limit(mode, value, limit, comparator, margin, band, projection_meets) -> str:
    if not meets(value, limit, comparator, band):
        return "behind"
    if mode == "band":
        # inside the band but in its outer fifth
        close = abs(value - limit) > abs(limit) * band * Decimal("0.8")
    elif mode == "ceiling":
        close = value > limit - abs(limit) * margin
    else:
        close = value < limit + abs(limit) * margin
    if close or projection_meets is False:
        return "at_risk"
    return "on_track"


def _evaluate_cumulative(spec, p, data, targets, year, tolerance) -> Progress:
    flows = {y: v for y, v in data.items()}
    p.flow = flows.get(year)
    if not flows:
        return p
    total = sum(flows.values(), ZERO)
    p.value = total
    expected_sum = sum((v for y, v in targets.items() if y <= year), ZERO)
    p.annual_target = expected_sum
    p.completion = total / spec.target if spec.target else None
    p.expected = expected_sum / spec.target if spec.target else ONE
    missing = [y for y in range(spec.base_year + 1, year + 1) if y not in flows]
    if missing:
        p.notes.append("以下年度未填报当年新增：" + "、".join(str(y) for y in missing))
    counted = len(flows)
    remaining = spec.target_year - year
    if remaining > 0:
        p.projection = total + (total / counted) * remaining
        p.projection_meets = meets(p.projection, spec.target, spec.comparator)
    if year >= spec.target_year:
        p.status = "achieved" if meets(total, spec.target, spec.comparator) else "missed"
        return p
    if spec.target == 0:
        p.status = "on_track"
        return p
    p.status = _status_progress(p.completion, p.expected, tolerance, p.projection_meets)
    return p


def _evaluate_annual(spec, p, data, targets, year, margin, band) -> Progress:
    counted = [y for y in sorted(data) if y in targets]
    met = [y for y in counted if meets(data[y], targets[y], spec.comparator, band)]
    p.years_counted = len(counted)
    p.years_met = len(met)
    if p.years_counted:
        p.completion = Decimal(p.years_met) / Decimal(p.years_counted)
    if year not in data:
        return p
    value = data[year]
    p.value = value
    p.annual_target = targets.get(year, spec.target)
    p.expected = ONE
    points = sorted(data.items())
    if year < spec.target_year:
        p.projection = linear_projection(points, spec.target_year)
        if p.projection is not None:
            p.projection_meets = meets(p.projection, spec.target, spec.comparator, band)
    if year >= spec.target_year:
        p.status = "achieved" if len(met) == len(counted) else "missed"
        if len(met) != len(counted):
            p.notes.append("未达标年度：" + "、".join(str(y) for y in counted if y not in met))
        return p
    sub_mode = "ceiling" if spec.comparator in ("<=", "<") else "floor"
    p.status = _status_limit(
        sub_mode, value, p.annual_target, spec.comparator, margin, band, p.projection_meets
    )
    return p


def compound_average_growth(rates: list[Decimal]) -> Decimal | None:
    """Average yearly growth (%) from yearly growth rates (%): ((Π(1+g/100))^(1/n) − 1) × 100.

    Used for "年均增长10%" (L30) beside Table 1's "growth 10%" (X15). Computed with Decimal
    ln/exp so no float enters.
    """
    if not rates:
        return None
    product = ONE
    for r in rates:
        product *= ONE + r / Decimal(100)
    if product <= 0:
        return None
    root = (product.ln() / Decimal(len(rates))).exp()
    return (root - ONE) * Decimal(100)
