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


def apply(qs, q: str):
    """Filter (and on PostgreSQL rank) a queryset of postings by the query `q`."""
    from django.db import connection
    from django.db.models import F, Q

    from .enums import BOARD_MAX_RESULTS as RANK_WINDOW

    words = query_terms(q)
    if not words:
        return qs, False
    if connection.vendor == "postgresql":
        from .models import Posting

        parts = []
        for w in words:
            safe = w.replace("'", "").replace("\\", "")
            parts.append(f"'{safe}':*" if len(w) == 1 else f"'{safe}'")
        tsq = " & ".join(parts)
        matched = qs.extra(where=["market_posting.search_vector @@ to_tsquery('simple'::regconfig, %s)"], params=[tsq])
        # rank the newest RANK_WINDOW matches only: a frequent word (叉车, 数控) matches half the
        # board, and ranking all of it costs seconds; nobody pages past the first thousand
        window = list(matched.order_by("-published_at", "-id").values_list("id", flat=True)[:RANK_WINDOW])
        ranked = (Posting.objects.filter(id__in=window).select_related("organisation")
                  .extra(select={"rank": "ts_rank(market_posting.search_vector, to_tsquery('simple'::regconfig, %s))"},
                         select_params=[tsq])
                  .order_by("-rank", F("published_at").desc(nulls_last=True), "-id"))
        return ranked, True
    cond = Q()
    for w in words:
        cond &= Q(search_text__contains=f" {w}" if len(w) == 1 else f" {w} ")
    return qs.filter(cond), False
