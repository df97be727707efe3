"""Many rows at once, without a model instance per row (batch actions: the employment early
warning's alerts and their audit rows).

`insert_rows(model, fields, rows)` writes plain tuples through the caller's connection and
transaction: on PostgreSQL one `COPY … FROM STDIN` (rows are inserted in the given order, so
identity ids follow it), elsewhere `bulk_create`. JSON fields take Python values (written as
JSON text). No model `save()`, no signals: callers are actions that write their own audit rows.
`reserve_ids(model, n)` draws n ids from the table's sequence (PostgreSQL), ascending.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from django.db import connection, models


def _json_text(field: models.JSONField):
    """value → JSON text for `field` (jsonb keeps the value, not the text: any valid form does)."""
    slow = (field.encoder or json.JSONEncoder)(ensure_ascii=False).encode
    if field.encoder is not None:
        return slow
    import orjson

    dumps, option = orjson.dumps, orjson.OPT_NON_STR_KEYS

    def text(value):
        try:
            return dumps(value, option=option).decode()
        except TypeError:  # what orjson does not take (Decimal…): as Django would write it
            return slow(value)
    return text


def reserve_ids(model: type[models.Model], n: int) -> list[int]:
    """n new primary keys of `model`'s table, ascending (PostgreSQL only: its sequence)."""
    if n <= 0:
        return []
    table = model._meta.db_table
    pk = model._meta.pk.column
    with connection.cursor() as cur:
        cur.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, n])
        return sorted(r[0] for r in cur.fetchall())


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert `rows` (tuples of values of `fields`: field names, `…_id` for a foreign key) into
    `model`'s table, in order. Returns the number of rows."""
    meta = model._meta
    objs = [meta.get_field(f) for f in fields]
    if connection.vendor != "postgresql":
        made = [model(**dict(zip(fields, row, strict=True))) for row in rows]
        model.objects.bulk_create(made, batch_size=2000)
        return len(made)
    # JSON fields: their text (orjson where the field has no encoder of its own)
    json_at = [(k, _json_text(f)) for k, f in enumerate(objs) if isinstance(f, models.JSONField)]
    cols = ", ".join(connection.ops.quote_name(f.column) for f in objs)
    n = 0
    with connection.cursor() as cur, cur.cursor.copy(
            f"COPY {connection.ops.quote_name(meta.db_table)} ({cols}) FROM STDIN") as copy:
        write = copy.write_row
        for row in rows:
            if json_at:
                row = list(row)
                for k, encode in json_at:
                    if row[k] is not None:
                        row[k] = encode(row[k])
            write(row)
            n += 1
    return n


def create(model: type[models.Model], fields: Sequence[str], rows: Sequence[Sequence]) -> list[models.Model]:
    """Saved instances of `model` from tuples of values of `fields` (field names, `…_id` for a
    foreign key; the fields not named take their default, the primary key a new id): on
    PostgreSQL the ids are reserved, the rows written with one COPY and the instances made as
    if read back (`from_db`); elsewhere `bulk_create`."""
    if not rows:
        return []
    meta = model._meta
    given = {meta.get_field(f).attname: k for k, f in enumerate(fields)}
    attnames = [f.attname for f in meta.concrete_fields]
    # per column: the value's index in `fields`, else its default (a callable one per row)
    plan = [(given.get(f.attname), None if f is meta.pk or f.attname in given else
             f.get_default() if not (f.has_default() and callable(f.default)) else f) for f in meta.concrete_fields]
    full = [[row[k] if k is not None else d.get_default() if isinstance(d, models.Field) else d for k, d in plan]
            for row in rows]
    if connection.vendor != "postgresql":
        return model.objects.bulk_create([model(*row) for row in full], batch_size=2000)
    at = attnames.index(meta.pk.attname)
    for row, pk in zip(full, reserve_ids(model, len(full)), strict=True):
        row[at] = pk
    insert_rows(model, attnames, full)
    return [model.from_db(connection.alias, attnames, row) for row in full]
