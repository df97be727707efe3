"""The indicator registry as data: zhihui/plan/data/indicators.yaml, loaded and checked.

No Django here: `zhihui plan indicators` prints the registry without starting Django, and the
Django models (models.py) are loaded from the same file by `zhihui plan load`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import yaml

from zhihui.plan.progress import COMPARATORS, MEASURES, Spec, to_decimal

DATA_FILE = Path(__file__).resolve().parent / "data" / "indicators.yaml"
ATTRIBUTES = ("expected", "binding")
ATTRIBUTE_ZH = {"expected": "预期性", "binding": "约束性"}
COMPARATOR_SYMBOL = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "~": "≈"}
SOURCE_RE = re.compile(r"^L\d+")


class RegistryError(ValueError):
    pass


@dataclass(frozen=True)
class Registry:
    plan: dict
    groups: dict
    indicators: list[dict]
    conflicts: list[dict]
    qualitative: list[dict]
    baseline_facts: list[dict]

    def by_id(self) -> dict[str, dict]:
        return {i["id"]: i for i in self.indicators}

    def get(self, indicator_id: str) -> dict:
        try:
            return self.by_id()[indicator_id]
        except KeyError:
            raise RegistryError(f"unknown indicator “{indicator_id}”")

    def conflicts_of(self, indicator_id: str) -> list[dict]:
        return [c for c in self.conflicts if indicator_id in c["indicators"]]


def spec_of(ind: dict, plan: dict | None = None) -> Spec:
    """The arithmetic view of an indicator (working baseline and target)."""
    plan = plan or {}
    base = ind.get("baseline") or {}
    tgt = ind.get("target") or {}
    return Spec(
        measure=ind["measure"],
        comparator=tgt.get("comparator", ">="),
        target=to_decimal(tgt.get("value")),
        # a cumulative indicator's baseline is the previous period's total, not a start point
        baseline=None if ind["measure"] != "level" else to_decimal(base.get("value")),
        base_year=int(plan.get("base_year", 2020)),
        target_year=int(tgt.get("year") or plan.get("target_year", 2025)),
        single_year=bool(ind.get("single_year")),
        maintain=bool(ind.get("maintain")),
    )


def _check(data: dict) -> None:
    seen = set()
    nos = set()
    for ind in data["indicators"]:
        iid = ind.get("id")
        where = f"indicator {iid}"
        if not iid or iid in seen:
            raise RegistryError(f"{where}: missing or duplicate id")
        seen.add(iid)
        for key in ("name", "unit", "measure", "attribute", "group", "department", "target"):
            if ind.get(key) in (None, ""):
                raise RegistryError(f"{where}: field “{key}” is required")
        if ind["measure"] not in MEASURES:
            raise RegistryError(f"{where}: measure “{ind['measure']}” unknown")
        if ind["attribute"] not in ATTRIBUTES:
            raise RegistryError(f"{where}: attribute “{ind['attribute']}” unknown")
        if ind["group"] not in data["groups"]:
            raise RegistryError(f"{where}: group “{ind['group']}” unknown")
        if bool(ind.get("cumulative")) != (ind["measure"] == "cumulative"):
            raise RegistryError(f"{where}: cumulative flag and measure disagree")
        if ind["target"].get("comparator") not in COMPARATORS:
            raise RegistryError(f"{where}: target comparator missing or unknown")
        for part in ("baseline", "target"):
            to_decimal((ind.get(part) or {}).get("value"), field_name=f"{where} {part}")
        if isinstance(ind.get("no"), int):
            if ind["no"] in nos or not 1 <= ind["no"] <= 27:
                raise RegistryError(f"{where}: Table 1 row {ind['no']} invalid or repeated")
            nos.add(ind["no"])
        if not ind.get("statements"):
            raise RegistryError(f"{where}: no statement (every figure needs its source)")
        for st in ind["statements"]:
            if st.get("field") not in ("baseline", "target"):
                raise RegistryError(f"{where}: statement field must be baseline or target")
            if not st.get("source") or not SOURCE_RE.match(str(st["source"])):
                raise RegistryError(f"{where}: statement without a source line (L…)")
            to_decimal(st.get("value"), field_name=f"{where} statement")
            if st.get("comparator") not in (None, *COMPARATORS):
                raise RegistryError(f"{where}: statement comparator unknown")
    if nos != set(range(1, 28)):
        raise RegistryError(f"Table 1 rows missing: {sorted(set(range(1, 28)) - nos)}")
    for c in data.get("conflicts", []):
        for iid in c["indicators"]:
            if iid not in seen:
                raise RegistryError(f"conflict {c['id']}: unknown indicator {iid}")


def _conflict_statements(conflict: dict, by_id: dict) -> list[dict]:
    out = []
    for iid in conflict["indicators"]:
        ind = by_id[iid]
        for st in ind["statements"]:
            if st["field"] != conflict["field"]:
                continue
            out.append(
                {
                    "indicator": iid,
                    "field": st["field"],
                    "year": st.get("year"),
                    "value": None if st.get("value") is None else str(st["value"]),
                    "comparator": st.get("comparator"),
                    "unit": st.get("unit", ind["unit"]),
                    "source": st["source"],
                    "text": st.get("text"),
                }
            )
    return out


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> Registry:
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    _check(data)
    by_id = {i["id"]: i for i in data["indicators"]}
    conflicts = []
    for c in data.get("conflicts", []):
        conflicts.append(
            {
                "id": c["id"],
                "kind": c["kind"],
                "field": c["field"],
                "indicators": list(c["indicators"]),
                "note": c.get("note", "").strip(),
                "note_zh": c.get("note_zh", "").strip(),
                "statements": _conflict_statements(c, by_id),
            }
        )
    return Registry(
        plan=data["plan"],
        groups=data["groups"],
        indicators=data["indicators"],
        conflicts=conflicts,
        qualitative=data.get("qualitative", []),
        baseline_facts=data.get("baseline_facts", []),
    )


def load(path: Path | str | None = None) -> Registry:
    p = Path(path or DATA_FILE)
    return _load(str(p), p.stat().st_mtime)


def _s(value) -> str | None:
    return None if value is None else str(value)


def indicator_json(ind: dict, registry: Registry) -> dict:
    """One indicator in the shape of `zhihui plan indicators --format json`."""
    base = ind.get("baseline") or {}
    tgt = ind["target"]
    return {
        "no": ind["no"],
        "id": ind["id"],
        "name": ind["name"],
        "name_en": ind.get("name_en"),
        "group": ind["group"],
        "unit": ind["unit"],
        "measure": ind["measure"],
        "baseline": {
            "year": base.get("year"),
            "value": _s(base.get("value")),
            "cumulative": bool(base.get("cumulative", False)),
            "provisional": bool(base.get("provisional", False)),
            "source": base.get("source"),
        },
        "target": {
            "year": tgt.get("year"),
            "value": _s(tgt.get("value")),
            "comparator": tgt["comparator"],
            "provisional": bool(tgt.get("provisional", False)),
            "source": tgt.get("source"),
            **({"reference": tgt["reference"]} if tgt.get("reference") else {}),
            **({"rule": tgt["rule"]} if tgt.get("rule") else {}),
        },
        "cumulative": bool(ind["cumulative"]),
        "attribute": ind["attribute"],
        "department": ind["department"],
        "department_confirmed": False,
        "computed": ind.get("computed", "manual"),
        "manual_until": ind.get("manual_until"),
        "source": _sources(ind),
        "statements": [
            {
                "field": st["field"],
                "year": st.get("year"),
                "value": _s(st.get("value")),
                "comparator": st.get("comparator"),
                "unit": st.get("unit", ind["unit"]),
                "source": st["source"],
                "text": st.get("text"),
            }
            for st in ind["statements"]
        ],
        "conflicts": [c["id"] for c in registry.conflicts_of(ind["id"])],
        "catalogue": list(ind.get("catalogue", [])),
        "notes": (ind.get("notes") or "").strip() or None,
    }


def _sources(ind: dict) -> str:
    """All the places in the plan that state this indicator, e.g. "L48 表1; L12; L26"."""
    seen = []
    for st in ind["statements"]:
        src = str(st["source"])
        if src not in seen:
            seen.append(src)
    return "; ".join(seen)


def registry_json(registry: Registry | None = None) -> dict:
    registry = registry or load()
    return {
        "indicators": [indicator_json(i, registry) for i in registry.indicators],
        "conflicts": [
            {
                "id": c["id"],
                "kind": c["kind"],
                "indicators": c["indicators"],
                "field": c["field"],
                "note": c["note"],
                "statements": c["statements"],
            }
            for c in registry.conflicts
        ],
    }


def describe_target(ind: dict) -> str:
    tgt = ind["target"]
    if tgt.get("value") is None:
        return (
            "?"
            if not tgt.get("reference")
            else f"{COMPARATOR_SYMBOL[tgt['comparator']]}{tgt['reference']}"
        )
    value = f"[{tgt['value']}]" if ind["cumulative"] else str(tgt["value"])
    return f"{COMPARATOR_SYMBOL[tgt['comparator']]}{value}"


def describe_baseline(ind: dict) -> str:
    base = ind.get("baseline") or {}
    if base.get("value") is None:
        return "—"
    return f"[{base['value']}]" if base.get("cumulative") else str(base["value"])


def decimal_or_none(v) -> Decimal | None:
    return to_decimal(v)
