"""Running numbers of the form <prefix><year><sequence> (SJ20260001, JT20260001, TS2026000001):
the next one after the highest already issued with the same prefix."""

from __future__ import annotations

from django.db.models import QuerySet


def next_number(rows: QuerySet, prefix: str, width: int, field: str = "number") -> str:
    """`prefix` + the sequence after the highest `field` of `rows` starting with `prefix`,
    zero-padded to `width` digits (1 for the first). Pass a select_for_update() queryset to
    lock the rows read inside the caller's transaction."""
    last = (rows.filter(**{f"{field}__startswith": prefix}).order_by(f"-{field}")
            .values_list(field, flat=True).first())
    seq = int(last[len(prefix):]) + 1 if last else 1
    return f"{prefix}{seq:0{width}d}"
