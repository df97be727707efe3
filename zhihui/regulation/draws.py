"""Random inspection draws that anyone can recompute (双随机、一公开).

The algorithm is fixed by `../shared/contracts/random-draws.md`; this module is its one
implementation, used by `zhihui inspections draw`, by the inspection plans' draws and by the
public verification page. No Django here: the CLI runs it without starting the web app.

1. Entities: h = SHA-256(SEED + ":" + id); u = (int(h[:13], 16) + 0.5) / 2**52;
   key = ln(u) / weight. The N largest keys are drawn, in descending key order, ties to the
   smaller id (Efraimidis–Spirakis weighted sampling without replacement).
2. Inspectors for each drawn entity (in draw order), among those without a declared conflict:
   h = SHA-256(SEED + ":" + entity + ":" + inspector); key = ln(u); the K largest, same order.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field

DEFAULT_INSPECTORS = 2


class DrawError(ValueError):
    """An invalid pool or request; the message names the file line or the entity."""


@dataclass(frozen=True)
class Entity:
    id: str
    weight: float = 1.0


@dataclass(frozen=True)
class Inspector:
    id: str
    conflicts: frozenset[str] = field(default_factory=frozenset)


def uniform(text: str) -> float:
    """The contract's u in (0, 1): the first 13 hex digits (52 bits) of SHA-256, centred."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return (int(digest[:13], 16) + 0.5) / 2**52


def entity_key(seed: str, entity: Entity) -> float:
    return math.log(uniform(f"{seed}:{entity.id}")) / entity.weight


def inspector_key(seed: str, entity_id: str, inspector_id: str) -> float:
    return math.log(uniform(f"{seed}:{entity_id}:{inspector_id}"))


def _largest(keyed: list[tuple[float, str]], n: int) -> list[str]:
    # Descending key; ties: the smaller id in code-point order (Python compares str that way).
    keyed.sort(key=lambda pair: (-pair[0], pair[1]))
    return [ident for _, ident in keyed[:n]]


def draw(seed: str, entities: list[Entity], inspectors: list[Inspector], n: int,
         k: int = DEFAULT_INSPECTORS) -> list[dict]:
    """[{"entity": id, "inspectors": [id, …]}, …] in draw order; raises DrawError."""
    if n < 0:
        raise DrawError(f"--entities: {n} is negative")
    if k < 0:
        raise DrawError(f"--inspectors: {k} is negative")
    if n > len(entities):
        raise DrawError(f"--entities: {n} is larger than the entity pool ({len(entities)} entities)")
    chosen = _largest([(entity_key(seed, e), e.id) for e in entities], n)
    result = []
    for entity_id in chosen:
        free = [i for i in inspectors if entity_id not in i.conflicts]
        if len(free) < k:
            raise DrawError(
                f"entity {entity_id}: only {len(free)} inspectors free of conflict, {k} needed"
            )
        team = _largest([(inspector_key(seed, entity_id, i.id), i.id) for i in free], k)
        result.append({"entity": entity_id, "inspectors": team})
    return result


def _lines(data: bytes, pool: str):
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DrawError(f"{pool}: not UTF-8 text ({exc.reason} at byte {exc.start})")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DrawError(f"{pool} line {number}: not valid JSON ({exc.msg})")
        if not isinstance(row, dict):
            raise DrawError(f"{pool} line {number}: not a JSON object")
        ident = row.get("id")
        if not isinstance(ident, str) or not ident:
            raise DrawError(f"{pool} line {number}: id must be a non-empty string")
        yield number, ident, row


def parse_entity_pool(data: bytes) -> list[Entity]:
    seen: dict[str, int] = {}
    out = []
    for number, ident, row in _lines(data, "entity pool"):
        if ident in seen:
            raise DrawError(f"entity pool line {number}: duplicate id {ident!r} (first on line {seen[ident]})")
        seen[ident] = number
        weight = row.get("weight", 1)
        if isinstance(weight, bool) or not isinstance(weight, int | float) or not math.isfinite(weight):
            raise DrawError(f"entity pool line {number}: weight {weight!r} is not a number")
        if weight <= 0:
            raise DrawError(f"entity pool line {number}: weight {weight!r} must be greater than 0")
        out.append(Entity(ident, float(weight)))
    return out


def parse_inspector_pool(data: bytes) -> list[Inspector]:
    seen: dict[str, int] = {}
    out = []
    for number, ident, row in _lines(data, "inspector pool"):
        if ident in seen:
            raise DrawError(f"inspector pool line {number}: duplicate id {ident!r} (first on line {seen[ident]})")
        seen[ident] = number
        conflicts = row.get("conflicts", [])
        if not isinstance(conflicts, list) or not all(isinstance(c, str) for c in conflicts):
            raise DrawError(f"inspector pool line {number}: conflicts must be a list of entity ids")
        out.append(Inspector(ident, frozenset(conflicts)))
    return out


def run(seed: str, entity_pool: bytes, inspector_pool: bytes, n: int,
        k: int = DEFAULT_INSPECTORS) -> dict:
    """The contract's output object for pools given as the files' bytes."""
    entities = parse_entity_pool(entity_pool)
    inspectors = parse_inspector_pool(inspector_pool)
    return {
        "seed": seed,
        "entity_pool_sha256": hashlib.sha256(entity_pool).hexdigest(),
        "inspector_pool_sha256": hashlib.sha256(inspector_pool).hexdigest(),
        "draw": draw(seed, entities, inspectors, n, k),
    }
