"""Chinese full-text search on the job board, on PostgreSQL and SQLite alike.

Chinese has no spaces; instead of a word segmenter (jieba is not among the project's packages)
each run of Chinese characters is cut into overlapping bigrams (叉车司机 → 叉车 车司 司机) and each
Latin word or number is kept whole (cnc, c1). A posting stores its bigrams in `search_text`; a
query matches a posting holding ALL of the query's bigrams.

- PostgreSQL: a stored generated column `search_vector = to_tsvector('simple', search_text)`
  with a GIN index (migration 0002, PostgreSQL only), queried with `to_tsquery('simple',
  'b1 & b2 …')`; the newest `enums.BOARD_MAX_RESULTS` matches are ranked by `ts_rank` (the title's bigrams
  count twice: the title is written into `search_text` twice).
- SQLite (a newcomer's machine): `search_text LIKE '% b1 %' AND …`, ranked by publication date.

A single-character query (司) is matched as a prefix of the bigrams (`司:*` on PostgreSQL).
"""

from __future__ import annotations

import re

_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[A-Za-z0-9]+")
MAX_QUERY_TERMS = 16


def terms(text: str) -> list[str]:
    """Bigrams of Chinese runs and lower-cased Latin words, in order, with repeats."""
    out: list[str] = []
    for m in _RUN.finditer(text or ""):
        run = m.group(0)
        if run[0].isascii():
            out.append(run.lower())
        elif len(run) == 1:
            out.append(run)
        else:
            out.extend(run[i:i + 2] for i in range(len(run) - 1))
    return out


def document(title: str, *fields: str) -> str:
    """The `search_text` of a posting: title twice (weight), then the other fields; padded with
    spaces so that `LIKE '% term %'` finds whole terms on SQLite."""
    words = terms(title) * 2
    for f in fields:
        words.extend(terms(f))
    return " " + " ".join(words) + " "


def query_terms(q: str) -> list[str]:
    seen: list[str] = []
    for t in terms(q):
        if t not in seen:
            seen.append(t)
    return seen[:MAX_QUERY_TERMS]


def _tsquery(words: list[str]) -> str:
    parts = []
    for w in words:
        safe = w.replace("'", "").replace("\\", "")
        parts.append(f"'{safe}':*" if len(w) == 1 else f"'{safe}'")
    return " & ".join(parts)


def window_ids(qs, q: str) -> list[int]:
    """Ids of the postings matching `q` within `qs` (already filtered), in the board's order, at
    most `enums.BOARD_MAX_RESULTS`: the page's count, its ranking and its slice all come from
    this one list (one statement), and the page then loads its 20 rows by id.

    PostgreSQL with a query: the newest BOARD_MAX_RESULTS matches of the GIN-indexed
    `search_vector`, ranked by `ts_rank` in the same statement (a frequent word such as 叉车
    matches half the board, and ranking all of it costs seconds). Otherwise (no query, or
    SQLite's `LIKE`): newest first."""
    from django.db import connection
    from django.db.models import Q

    from .enums import BOARD_MAX_RESULTS as RANK_WINDOW

    words = query_terms(q)
    newest = ("-published_at", "-id")
    if words and connection.vendor == "postgresql":
        tsq = _tsquery(words)
        matched = (qs.extra(where=["market_posting.search_vector @@ to_tsquery('simple'::regconfig, %s)"], params=[tsq])
                   .extra(select={"sv": "market_posting.search_vector"}).order_by(*newest)
                   .values_list("id", "published_at", "sv")[:RANK_WINDOW])
        sql, params = matched.query.sql_with_params()
        # the inner SQL is Django's own compiled query, its values passed as parameters
        ranked = (f"SELECT w.id FROM ({sql}) w "
                  "ORDER BY ts_rank(w.sv, to_tsquery('simple'::regconfig, %s)) DESC, "
                  "w.published_at DESC NULLS LAST, w.id DESC")
        with connection.cursor() as cur:
            cur.execute(ranked, [*params, tsq])
            return [r[0] for r in cur.fetchall()]
    if words:
        cond = Q()
        for w in words:
            cond &= Q(search_text__contains=f" {w}" if len(w) == 1 else f" {w} ")
        qs = qs.filter(cond)
    return list(qs.order_by(*newest).values_list("id", flat=True)[:RANK_WINDOW])
