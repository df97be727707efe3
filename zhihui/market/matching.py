"""Matching both ways: postings for a seeker, seekers for a posting, with reasons in Chinese.

Score out of 100, weights in `enums.MATCH_WEIGHTS` (one place): occupation by the code's
hierarchy (same occupation > same small group > same middle group > same major group, shares in
`enums.OCCUPATION_LEVEL_SHARE`), skills and certificates asked for that the seeker has,
education at least the one asked for, same street/town, and expected salary within the range.
Candidates come from the database by occupation group, newest first (`CANDIDATES_PER_LEVEL`
per level, indexes on status + group + date), so the top 20 among 100,000 published postings is
at most a few hundred rows scored in Python; a posting outside the seeker's middle groups is
considered only when fewer than 20 candidates are found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from .enums import EDUCATION_RANK, MATCH_WEIGHTS, OCCUPATION_LEVEL_SHARE, Education, PostingStatus

_SPLIT = re.compile(r"[,，、;；/\s]+")
MAX_CANDIDATES = 5000
# candidates per desired occupation: same occupation, same small group, same middle group
CANDIDATES_PER_LEVEL = (200, 100, 60)


@lru_cache(maxsize=4096)
def items(text: str) -> tuple[str, ...]:
    """Skills or certificates as a tuple (cached: the same lists recur across thousands of postings)."""
    return tuple(t for t in _SPLIT.split(text or "") if t)


def _has(owned: list[str], wanted: str) -> bool:
    return any(wanted in o or o in wanted for o in owned)


def level_in_common(a: str, b: str) -> int:
    """4 same occupation, 3 same small group, 2 same middle group, 1 same major group, 0 none."""
    if not a or not b:
        return 0
    pa, pb = a.split("-"), b.split("-")
    n = 0
    for x, y in zip(pa, pb, strict=False):
        if x != y:
            break
        n += 1
    return n


_LEVEL_REASON = {4: _("职业相同"), 3: _("同一职业小类"), 2: _("同一职业中类"), 1: _("同一职业大类")}


@dataclass
class Match:
    score: int
    # (message id, parameters): translated only when shown (scoring thousands of candidates
    # must not pay for gettext)
    reason_items: list[tuple[str, dict]]
    obj: object = None

    @property
    def reasons(self) -> list[str]:
        return [gettext(msg) % params if params else gettext(msg) for msg, params in self.reason_items]

    @property
    def reason_text(self) -> str:
        return "; ".join(self.reasons)


def score(seeker, posting, desired: list[str] | None = None) -> Match:
    """`seeker` and `posting` are model instances (or objects with the same attributes);
    `desired` (the seeker's codes) may be passed once when one seeker is scored many times."""
    w = MATCH_WEIGHTS
    total = 0.0
    reasons: list[tuple[str, dict]] = []
    if desired is None:
        desired = [c for c in (seeker.desired_occupations or "").split(",") if c]
    level = max((level_in_common(c, posting.occupation_code) for c in desired), default=0)
    if level:
        total += w["occupation"] * OCCUPATION_LEVEL_SHARE[level]
        reasons.append((_LEVEL_REASON[level], {}))
    else:
        reasons.append((_("职业不同"), {}))
    owned_skills = items(seeker.skills)
    for field, owned in (("skills", owned_skills), ("certificates", items(seeker.certificates))):
        wanted = items(getattr(posting, field))
        if not wanted:
            total += w[field]
            continue
        have = [x for x in wanted if _has(owned, x)]
        total += w[field] * len(have) / len(wanted)
        for x in have:
            reasons.append((_("具备%(x)s"), {"x": x}))
        for x in wanted:
            if x not in have:
                reasons.append((_("缺少%(x)s"), {"x": x}))
    if EDUCATION_RANK.get(seeker.education, 0) >= EDUCATION_RANK.get(posting.education, 0):
        total += w["education"]
        if posting.education != Education.NONE:
            reasons.append((_("学历符合要求"), {}))
    else:
        reasons.append((_("学历低于要求(%(e)s)"), {"e": Education(posting.education).label}))
    if seeker.town_code and seeker.town_code == posting.town_code:
        total += w["place"]
        reasons.append((_("工作地点相同"), {}))
    elif not seeker.town_code:
        total += w["place"] / 2
    else:
        reasons.append((_("工作地点不同"), {}))
    expected = seeker.expected_salary
    if expected is None:
        total += w["salary"] / 2
    elif posting.salary_min <= expected <= posting.salary_max:
        total += w["salary"]
        reasons.append((_("期望薪资在岗位范围内"), {}))
    elif expected < posting.salary_min:
        total += w["salary"]
        reasons.append((_("岗位薪资高于期望"), {}))
    else:
        reasons.append((_("期望薪资高于岗位上限"), {}))
    return Match(round(total), reasons)


def _points(desired: list[str], skills: tuple, certs: tuple, edu_rank: int, town: str, expected, p) -> float:
    """The score of `score()` without its reasons: the fast path for ranking hundreds of candidates
    (reasons are built for the shown ones only). Must agree with `score()` (tested)."""
    w = MATCH_WEIGHTS
    code = p.occupation_code
    level = max((level_in_common(c, code) for c in desired), default=0)
    total = w["occupation"] * OCCUPATION_LEVEL_SHARE[level] if level else 0.0
    for field, owned in (("skills", skills), ("certificates", certs)):
        wanted = items(getattr(p, field))
        if not wanted:
            total += w[field]
        else:
            total += w[field] * sum(1 for x in wanted if _has(owned, x)) / len(wanted)
    if edu_rank >= EDUCATION_RANK.get(p.education, 0):
        total += w["education"]
    if not town:
        total += w["place"] / 2
    elif town == p.town_code:
        total += w["place"]
    if expected is None:
        total += w["salary"] / 2
    elif expected <= p.salary_max:
        total += w["salary"]
    return round(total)


def _candidate_prefixes(codes: list[str]) -> list[str]:
    return sorted({"-".join(c.split("-")[:2]) for c in codes if c})


def _candidate_querysets(codes: list[str], limit: int) -> list:
    from .models import Posting

    qs = Posting.objects.filter(status=PostingStatus.PUBLISHED).order_by("-published_at")
    n4, n3, n2 = CANDIDATES_PER_LEVEL
    subs = []
    for code in codes[:5]:
        parts = code.split("-")
        small, middle = "-".join(parts[:3]), "-".join(parts[:2])
        subs += [qs.filter(occupation_code=code)[:n4],
                 qs.filter(occupation_small=small).exclude(occupation_code=code)[:n3],
                 qs.filter(occupation_middle=middle).exclude(occupation_small=small)[:n2]]
    return [sub.values_list(*_POSTING_FIELDS) for sub in subs]


_UNION_SQL: dict[int, tuple[str, list]] = {}  # number of codes → (SQL, parameters with placeholders)


def _dummy(i: int) -> tuple[str, str, str]:
    return f"{i}-9{i}-8{i}-7{i}", f"{i}-9{i}-8{i}", f"{i}-9{i}"


def _fetch(codes: list[str], limit: int) -> list[tuple]:
    """All candidate rows. PostgreSQL: one UNION ALL statement, compiled once per number of
    desired codes and then run with the seeker's codes (the database needs about 1 ms; the
    ORM's compiling and converting cost several times that). SQLite (no LIMIT inside a compound
    statement): one ORM query per part."""
    from django.db import connection

    codes = codes[:5]
    if not codes:
        return []
    if connection.vendor != "postgresql":
        return [r for sub in _candidate_querysets(codes, limit) for r in sub]
    n = len(codes)
    if n not in _UNION_SQL:
        subs = _candidate_querysets([_dummy(i)[0] for i in range(n)], limit)
        _UNION_SQL[n] = subs[0].union(*subs[1:], all=True).query.sql_with_params()
    sql, template = _UNION_SQL[n]
    real = {}
    for i, code in enumerate(codes):
        parts = code.split("-")
        for d, r in zip(_dummy(i), (code, "-".join(parts[:3]), "-".join(parts[:2])), strict=True):
            real[d] = r
    with connection.cursor() as cur:
        cur.execute(sql, [real.get(v, v) if isinstance(v, str) else v for v in template])
        return cur.fetchall()


def postings_for(seeker, limit: int = 20) -> list[Match]:
    """Top `limit` published postings for a seeker. Candidates, newest first: up to
    `CANDIDATES_PER_LEVEL` of the same occupation, of the same small group and of the same
    middle group for each desired occupation (index on status + group + date; one statement on
    PostgreSQL); with no desired occupation, the newest postings. All candidates are scored;
    the best `limit` returned, loaded without their long text."""
    from types import SimpleNamespace

    from .models import Posting

    codes = [c for c in (seeker.desired_occupations or "").split(",") if c]
    rows: dict[int, tuple] = {}
    for r in _fetch(codes, limit):
        rows.setdefault(r[0], r)
    if len(rows) < limit:
        recent = Posting.objects.filter(status=PostingStatus.PUBLISHED).order_by("-published_at")
        for r in recent[: max(limit * 10, 200)].values_list(*_POSTING_FIELDS):
            rows.setdefault(r[0], r)
    skills, certs = items(seeker.skills), items(seeker.certificates)
    edu = EDUCATION_RANK.get(seeker.education, 0)
    ranked = []
    for r in rows.values():
        p = SimpleNamespace(**dict(zip(_POSTING_FIELDS, r, strict=True)))
        pts = _points(codes, skills, certs, edu, seeker.town_code, seeker.expected_salary, p)
        ranked.append((-pts, -(p.published_at.timestamp() if p.published_at else 0), p.id, p))
    ranked.sort(key=lambda t: t[:3])
    top = []
    objects = (Posting.objects.select_related("organisation")
               .only(*_SHOWN_FIELDS).in_bulk([t[3].id for t in ranked[:limit]]))
    for _neg, _t, pid, p in ranked[:limit]:
        m = score(seeker, p, codes)  # with its reasons, for the ones shown
        m.obj = objects[pid]
        top.append(m)
    return top


_SEEKER_FIELDS = ("id", "desired_occupations", "skills", "certificates", "education", "town_code", "expected_salary")


def seekers_for(posting, limit: int = 20) -> list[Match]:
    """Top `limit` visible, active job seekers for a posting (those whose desired occupations share
    the posting's middle group). Scored from plain rows; only the top ones are loaded with their person."""
    from types import SimpleNamespace

    from django.db.models import Q

    from .models import JobSeeker

    qs = JobSeeker.objects.filter(visible=True, active=True)
    code = posting.occupation_code
    if code:
        prefix = "-".join(code.split("-")[:2])
        qs = qs.filter(Q(desired_occupations__startswith=prefix) | Q(desired_occupations__contains="," + prefix))
    scored = []
    for r in qs.order_by("id").values_list(*_SEEKER_FIELDS)[:MAX_CANDIDATES]:
        s = SimpleNamespace(**dict(zip(_SEEKER_FIELDS, r, strict=True)))
        m = score(s, posting)
        m.obj = s
        scored.append(m)
    scored.sort(key=lambda m: (-m.score, m.obj.id))
    top = scored[:limit]
    objects = JobSeeker.objects.select_related("person").in_bulk([m.obj.id for m in top])
    for m in top:
        m.obj = objects[m.obj.id]
    return top


# what pages show of a recommended posting (the long text stays in the database)
_SHOWN_FIELDS = ("id", "title", "organisation__name", "occupation_code", "occupation_name", "town_code", "town_name",
                 "salary_min", "salary_max", "education", "vacancies", "valid_until", "published_at", "status")
_POSTING_FIELDS = ("id", "occupation_code", "town_code", "salary_min", "salary_max", "education", "skills",
                   "certificates", "published_at")
