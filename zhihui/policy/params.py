"""Dated, typed parameters (parameters.yaml of a package).

    youth_living.amount_e:
      description: E-class living subsidy, per year
      type: money            # money | int | number | rate | date | bool | text | list | map
      unit: CNY/year
      reference: L131        # place in the plan (line numbers)
      requirement: C5-R08
      values:
        - {valid_from: 2021-01-01, value: "20000.00"}
        - {valid_from: 2026-01-01, valid_to: null, value: "25000.00"}   # a later change

A value of `null` means "in force but not set by the plan" (e.g. an amount the plan does not
give): rules that need it come out `undetermined`. A date outside every period means the
parameter is not in force: rules that need it come out `ineligible` ("not in force").
Periods are half-open on neither side: valid_from and valid_to are both included; a period
without valid_to runs until the next period starts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from zhihui.policy.errors import PackageError

TYPES = {"money", "int", "number", "rate", "date", "bool", "text", "list", "map"}


class _Unset:
    """Marker: the parameter is in force but the plan sets no value."""

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


class _NotInForce:
    def __repr__(self) -> str:
        return "NOT_IN_FORCE"

    def __bool__(self) -> bool:
        return False


UNSET = _Unset()
NOT_IN_FORCE = _NotInForce()


@dataclass(frozen=True)
class Period:
    valid_from: dt.date
    valid_to: dt.date | None
    value: Any  # typed value, or UNSET

    def covers(self, d: dt.date) -> bool:
        return self.valid_from <= d and (self.valid_to is None or d <= self.valid_to)


@dataclass
class Parameter:
    id: str
    type: str
    unit: str
    reference: str
    description: str = ""
    requirement: str = ""
    note: str = ""
    periods: list[Period] = field(default_factory=list)
    description_zh: str = ""  # the same texts in Chinese (pages show the reader's language)
    note_zh: str = ""

    def description_in(self, lang: str) -> str:
        return self.description if lang.startswith("en") else self.description_zh

    def note_in(self, lang: str) -> str:
        return self.note if lang.startswith("en") else self.note_zh

    def value_at(self, d: dt.date) -> Any:
        """The value in force on `d`; UNSET if in force without a value; NOT_IN_FORCE."""
        for p in reversed(self.periods):
            if p.covers(d):
                return p.value
        return NOT_IN_FORCE

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "description": self.description,
            "type": self.type,
            "unit": self.unit,
            "reference": self.reference,
            "requirement": self.requirement,
            "note": self.note,
            "history": [
                {
                    "valid_from": p.valid_from.isoformat(),
                    "valid_to": p.valid_to.isoformat() if p.valid_to else None,
                    "value": _json_value(p.value),
                }
                for p in self.periods
            ],
        }


def bilingual(value: Any, where: str) -> tuple[str, str]:
    """A policy officer's note in both languages, `{en: ..., zh: ...}` -> (en, zh). A note in
    one language only (a plain string, or a mapping missing `en` or `zh`) is refused: pages show
    the reader's language and have no fallback to the other."""
    if not isinstance(value, dict):
        raise PackageError(f"{where}: write the note in both languages, {{en: ..., zh: ...}} "
                           f"(got {str(value)[:40]!r})")
    extra = sorted(set(value) - {"en", "zh"})
    if extra:
        raise PackageError(f"{where}: unknown language key {extra[0]!r} (expected en and zh)")
    out = []
    for lang in ("en", "zh"):
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            raise PackageError(f"{where}.{lang}: missing (each note needs both en and zh)")
        out.append(text.strip())
    return out[0], out[1]


def _optional_bilingual(spec: dict, key: str, where: str, strict: bool) -> tuple[str, str]:
    value = spec.get(key)
    if value is None or value == "":
        return "", ""
    if not strict and not isinstance(value, dict):
        return str(value), ""
    return bilingual(value, f"{where}.{key}")


def _json_value(v: Any) -> Any:
    if v is UNSET:
        return None
    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, dict):
        return {k: _json_value(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_json_value(x) for x in v]
    return v


def _as_date(v: Any, where: str) -> dt.date:
    if isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(str(v))
    except ValueError:
        raise PackageError(f"{where}: {v!r} is not a date")


def _typed(ptype: str, v: Any, where: str) -> Any:
    if v is None:
        return UNSET
    try:
        if ptype == "money":
            d = Decimal(str(v))
            if d != d.quantize(Decimal("0.01")):
                raise PackageError(f"{where}: money has at most two decimals, got {v!r}")
            return d.quantize(Decimal("0.01"))
        if ptype in ("number", "rate"):
            if isinstance(v, float):
                v = repr(v)
            return Decimal(str(v))
        if ptype == "int":
            if isinstance(v, bool) or not isinstance(v, int):
                raise PackageError(f"{where}: expected an integer, got {v!r}")
            return v
        if ptype == "date":
            return _as_date(v, where)
        if ptype == "bool":
            if not isinstance(v, bool):
                raise PackageError(f"{where}: expected true/false, got {v!r}")
            return v
        if ptype == "text":
            return str(v)
        if ptype == "list":
            if not isinstance(v, list):
                raise PackageError(f"{where}: expected a list, got {v!r}")
            return tuple(v)
        if ptype == "map":
            if not isinstance(v, dict):
                raise PackageError(f"{where}: expected a mapping, got {v!r}")
            return dict(v)
    except InvalidOperation:
        raise PackageError(f"{where}: {v!r} is not a number")
    raise PackageError(f"{where}: unknown parameter type {ptype!r}")


def load_parameters(data: dict, source: str, *, bilingual_notes: bool = False) -> dict[str, Parameter]:
    """Parameters from their YAML mapping. With `bilingual_notes` (a policy package's
    parameters.yaml) each description and note must be `{en: ..., zh: ...}`; elsewhere (the
    domains' dated parameters) a plain string is the English text and has no Chinese."""
    if not isinstance(data, dict):
        raise PackageError(f"{source}: expected a mapping of parameter ids")
    out: dict[str, Parameter] = {}
    for pid, spec in data.items():
        where = f"{source}: {pid}"
        if not isinstance(spec, dict):
            raise PackageError(f"{where}: expected a mapping")
        ptype = spec.get("type")
        if ptype not in TYPES:
            raise PackageError(f"{where}: type must be one of {sorted(TYPES)}, got {ptype!r}")
        for key in ("unit", "reference"):
            if not spec.get(key):
                raise PackageError(f"{where}: `{key}` is required (every parameter cites the plan)")
        values = spec.get("values")
        if not isinstance(values, list) or not values:
            raise PackageError(f"{where}: `values` must be a non-empty list of dated values")
        periods = []
        for i, item in enumerate(values):
            w = f"{where}.values[{i}]"
            if not isinstance(item, dict) or "valid_from" not in item or "value" not in item:
                raise PackageError(f"{w}: needs valid_from and value")
            vf = _as_date(item["valid_from"], w + ".valid_from")
            vt = item.get("valid_to")
            vt = _as_date(vt, w + ".valid_to") if vt is not None else None
            if vt is not None and vt < vf:
                raise PackageError(f"{w}: valid_to is before valid_from")
            periods.append(Period(vf, vt, _typed(ptype, item["value"], w + ".value")))
        periods.sort(key=lambda p: p.valid_from)
        # An open period ends the day before the next one starts.
        fixed = []
        for i, p in enumerate(periods):
            if i + 1 < len(periods):
                nxt = periods[i + 1].valid_from
                if p.valid_to is not None and p.valid_to >= nxt:
                    raise PackageError(f"{where}: periods overlap at {nxt}")
                if p.valid_to is None:
                    p = Period(p.valid_from, nxt - dt.timedelta(days=1), p.value)
            fixed.append(p)
        description, description_zh = _optional_bilingual(spec, "description", where, bilingual_notes)
        note, note_zh = _optional_bilingual(spec, "note", where, bilingual_notes)
        out[pid] = Parameter(
            id=pid,
            type=ptype,
            unit=str(spec["unit"]),
            reference=str(spec["reference"]),
            description=description,
            requirement=str(spec.get("requirement", "")),
            note=note,
            periods=fixed,
            description_zh=description_zh,
            note_zh=note_zh,
        )
    return out
