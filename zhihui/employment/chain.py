"""Each person's status events as a chain of intervals, kept on the events themselves.

A person's status on day D is their latest active (not corrected) event with effective_on ≤ D
(ties by id). Reading that for a million people means finding every person's latest event
before each day — a pass over the whole history. So each event also carries three facts that
depend only on its person's events, recomputed here whenever those events change:

- `active`: no other event corrects it;
- `valid_until`: the effective_on of the person's next active event (NULL for the latest) —
  the status holds on days effective_on ≤ D < valid_until;
- `enters_employment`: active, an employed kind (enums.EMPLOYED_KINDS), and the person's previous
  active event is not one (or there is none): an entry into employment.

Every ORM write of events (`StatusEvent.save`, `bulk_create`, `delete` of a queryset) calls
`rechain` for the persons touched, inside the same transaction; raw SQL writers (benchmarks,
migrations) call `rechain_sql` themselves (or `repair`). The statistics (`selectors.monthly_statistics`) then
read intervals overlapping the year through indexes instead of re-deriving the chain from the
whole history. `repair` recomputes and reports drift (tests, the benchmark).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from .enums import EMPLOYED_KINDS

CHUNK = 500


def _table() -> str:
    from .models import StatusEvent

    return StatusEvent._meta.db_table


def rechain_sql(where: str = "") -> str:
    """Two statements (joined by ';'): the chain of the persons selected by `where` (a
    condition on `e.person_id`, empty for everyone). Same SQL on PostgreSQL and SQLite."""
    t = _table()
    employed = ", ".join(f"'{k}'" for k in sorted(str(k) for k in EMPLOYED_KINDS))
    scope = f"AND {where}" if where else ""
    scope_u = f"AND {where.replace('e.person_id', f'{t}.person_id')}" if where else ""
    chained = f"""
        WITH a AS (
            SELECT e.id,
                   LEAD(e.effective_on) OVER w AS next_on,
                   (e.kind IN ({employed}) AND COALESCE(LAG(e.kind) OVER w, '') NOT IN ({employed})) AS enters
            FROM {t} e
            WHERE NOT EXISTS (SELECT 1 FROM {t} c WHERE c.corrects_id = e.id) {scope}
            WINDOW w AS (PARTITION BY e.person_id ORDER BY e.effective_on, e.id)
        )
        UPDATE {t} SET active = TRUE, valid_until = a.next_on, enters_employment = a.enters
        FROM a WHERE {t}.id = a.id"""
    corrected = f"""
        UPDATE {t} SET active = FALSE, valid_until = NULL, enters_employment = FALSE
        WHERE id IN (SELECT c.corrects_id FROM {t} c WHERE c.corrects_id IS NOT NULL) {scope_u}"""
    return chained + ";" + corrected


def rechain(person_ids: Iterable[int] | None = None) -> None:
    """Recompute the chain for these persons (all when None), in the caller's transaction."""
    with connection.cursor() as cur:
        if person_ids is None:
            for stmt in rechain_sql().split(";"):
                cur.execute(stmt)
            return
        ids = sorted({int(i) for i in person_ids if i is not None})
        for k in range(0, len(ids), CHUNK):
            part = ids[k:k + CHUNK]
            for stmt in rechain_sql(f"e.person_id IN ({', '.join(['%s'] * len(part))})").split(";"):
                cur.execute(stmt, part)


def repair(person_ids: Iterable[int] | None = None) -> int:
    """Recompute the chain and return how many events' stored facts were wrong (0 when the
    chain was consistent): the tests' and the benchmark's check, and a repair after raw SQL."""
    from .models import StatusEvent

    qs = StatusEvent.objects.all() if person_ids is None else StatusEvent.objects.filter(person_id__in=list(person_ids))

    def facts():
        return {r[0]: r[1:] for r in qs.values_list("id", "active", "valid_until", "enters_employment").iterator()}

    before = facts()
    rechain(None if person_ids is None else list(person_ids))
    return sum(1 for k, v in facts().items() if before.get(k) != v)
