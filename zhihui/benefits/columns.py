"""Registry → engine columns, for the sweep: the same facts as zhihui/benefits/profiles.py, read
set-wise and put straight into the engine's column batch (no per-person dicts, no parsing).

A million residents as dicts cost ~15 µs each to build and as much again to parse; as columns
the registry goes from SQL rows to numpy arrays in a few vectorised steps. The mapping rules are
those of profiles.py (see its docstring); `tests/benefits/test_columns.py` checks that both give
identical engine columns on the same registry, so profiles.py stays the reference.

Uses the engine's column types (zhihui.policy.schema: Col via `empty_col`, ListCol,
ProfileBatch): the batch is exactly what `package.parse()` would have produced.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from django.conf import settings
from django.db import connection

from zhihui.policy.schema import ListCol, ProfileBatch, empty_col

from .profiles import DEGREES, PERSON_PREFIX, SKILL_CERT_KINDS, SKILL_LEVELS, TITLE_LEVELS

_EPOCH = dt.date(1970, 1, 1)
_NULL = -(2**31)  # sentinel for NULL in integer SQL columns


def _days(expr: str) -> str:
    """SQL for a date column as days since 1970-01-01 (NULL stays NULL)."""
    if connection.vendor == "postgresql":
        return f"({expr} - DATE '1970-01-01')"
    return f"CAST(julianday({expr}) - 2440587.5 AS INTEGER)"


def _fetch(sql: str, params) -> list[tuple]:
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def _int_cols(rows: list[tuple], k: int) -> list[np.ndarray]:
    if not rows:
        return [np.zeros(0, np.int64) for _ in range(k)]
    arr = np.array(rows, dtype=np.int64)
    return [arr[:, i] for i in range(k)]


def _q(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _pick(person: np.ndarray, keys: list[np.ndarray]) -> np.ndarray:
    """Index of the first row per person after sorting by (person, *keys) ascending."""
    if len(person) == 0:
        return np.zeros(0, np.int64)
    order = np.lexsort(tuple(reversed([person, *keys])))
    p = person[order]
    first = np.ones(len(p), bool)
    first[1:] = p[1:] != p[:-1]
    return order[first]


def person_batch(pkg, as_of: dt.date, lo: int, hi: int):
    """Engine batch of persons with lo <= id < hi, and their ids (numpy, ascending)."""
    from zhihui.registry.models import (
        Certificate,
        EducationLevel,
        EducationRecord,
        EmploymentRecord,
        Industry,
        InsuranceRecord,
        Organisation,
        Person,
        TalentCategoryRecord,
    )

    leaves = dict(pkg.schema.leaves("person"))
    city = settings.ZHIHUI_CITY_DIVISION
    as_of_days = (as_of - _EPOCH).days
    rng = (lo, hi)

    # Persons: id, birth date, hukou settled (1/0/NULL), owns a home (1/0/NULL).
    rows = _fetch(
        f"SELECT id, {_days('birth_date')}, "
        f"CASE WHEN hukou_settled_on IS NOT NULL THEN (CASE WHEN hukou_settled_on <= %s THEN 1 ELSE 0 END) "
        f"WHEN hukou_region <> '' THEN (CASE WHEN hukou_region LIKE %s THEN 1 ELSE 0 END) ELSE {_NULL} END, "
        f"COALESCE(CASE WHEN owns_home_in_jiyuan THEN 1 WHEN NOT owns_home_in_jiyuan THEN 0 END, {_NULL}) "
        f"FROM {_q(Person)} WHERE id >= %s AND id < %s ORDER BY id",
        [as_of, city + "%", *rng],
    )
    if not rows:
        return None, np.zeros(0, np.int64)
    ids, birth, hukou, home = _int_cols(rows, 4)
    n = len(ids)
    cols = {}

    def put(path: str, row: np.ndarray, values: np.ndarray, present: np.ndarray | None = None):
        col = empty_col(leaves[path], n)
        if present is not None:
            row, values = row[present], values[present]
        col.values[row] = values
        col.present[row] = True
        cols[path] = col

    allrows = np.arange(n)
    pids = [f"{PERSON_PREFIX}{i}" for i in ids.tolist()]
    if "id" in leaves:
        put("id", allrows, np.array(pids, dtype=object))
    put("birth_date", allrows, birth)
    put("hukou_settled", allrows, hukou, hukou != _NULL)
    put("owns_home_in_jiyuan", allrows, home, home != _NULL)

    def row_of(person_ids: np.ndarray) -> np.ndarray:
        return np.searchsorted(ids, person_ids)

    # Education: the highest mappable degree graduated by as_of (ties: latest, then lowest id).
    degree_sql = " ".join(f"WHEN e.degree = '{d}' THEN {i}" for i, d in enumerate(DEGREES))
    level_sql = " ".join(f"WHEN l.engine_degree = '{d}' THEN {i}" for i, d in enumerate(DEGREES))
    rows = _fetch(
        f"SELECT e.person_id, COALESCE(CASE {degree_sql} END, CASE {level_sql} END, {_NULL}), "
        f"CASE WHEN e.full_time THEN 1 ELSE 0 END, CASE WHEN e.overseas THEN 1 ELSE 0 END, "
        f"CASE WHEN e.double_first_class THEN 1 ELSE 0 END, CASE WHEN e.school_in_city THEN 1 ELSE 0 END, "
        f"{_days('e.graduation_date')}, e.id "
        f"FROM {_q(EducationRecord)} e JOIN {_q(EducationLevel)} l ON l.id = e.level_id "
        f"WHERE e.person_id >= %s AND e.person_id < %s AND e.graduation_date <= %s",
        [*rng, as_of],
    )
    pid, deg, ft, ov, dfc, inc, grad, eid = _int_cols(rows, 8)
    ok = deg != _NULL
    pid, deg, ft, ov, dfc, inc, grad, eid = (a[ok] for a in (pid, deg, ft, ov, dfc, inc, grad, eid))
    best = _pick(pid, [deg, -grad, eid])
    r = row_of(pid[best])
    degree_codes = np.array([leaves["education.degree"].values.index(d) for d in DEGREES], np.int64)
    put("education.degree", r, degree_codes[deg[best]])
    put("education.full_time", r, ft[best])
    put("education.overseas", r, ov[best])
    put("education.double_first_class", r, dfc[best])
    put("education.university_in_jiyuan", r, inc[best])
    put("education.graduation_date", r, grad[best])

    # Employment: the current job at as_of (latest start, then highest id).
    ek = leaves["employment.employer_kind"].values
    posts = leaves["employment.post"].values
    post_sql = " ".join(f"WHEN j.post = '{p}' THEN {i}" for i, p in enumerate(posts))
    rows = _fetch(
        f"SELECT j.person_id, {_days('j.start_date')}, CASE WHEN j.newly_introduced THEN 1 ELSE 0 END, "
        f"COALESCE(CASE {post_sql} END, {_NULL}), CASE WHEN j.frontline_professional THEN 1 ELSE 0 END, "
        f"COALESCE(CAST(ROUND(j.contract_years * 10) AS INTEGER), {_NULL}), COALESCE({_employer_kind_sql(ek)}, {_NULL}), j.id "
        f"FROM {_q(EmploymentRecord)} j LEFT JOIN {_q(Organisation)} o ON o.id = j.organisation_id "
        f"LEFT JOIN {_q(Industry)} i ON i.id = o.industry_id "
        f"WHERE j.person_id >= %s AND j.person_id < %s AND j.start_date <= %s "
        f"AND (j.end_date IS NULL OR j.end_date > %s)",
        [*rng, as_of, as_of],
    )
    pid, start, newly, post, front, years10, kind, jid = _int_cols(rows, 8)
    best = _pick(pid, [-start, -jid])
    r = row_of(pid[best])
    put("employment.start_date", r, start[best])
    put("employment.newly_introduced", r, newly[best])
    put("employment.post", r, post[best], post[best] != _NULL)
    put("employment.frontline_professional", r, front[best])
    put("employment.contract_years", r, years10[best] / 10.0, years10[best] != _NULL)
    put("employment.employer_kind", r, kind[best], kind[best] != _NULL)

    # Talent category valid at as_of: the latest recognition; none on file = stated null.
    cats = leaves["talent_category"].values
    cat_sql = " ".join(f"WHEN category = '{c}' THEN {i}" for i, c in enumerate(cats))
    rows = _fetch(
        f"SELECT person_id, COALESCE(CASE {cat_sql} END, {_NULL}), {_days('recognised_on')}, id "
        f"FROM {_q(TalentCategoryRecord)} WHERE person_id >= %s AND person_id < %s AND recognised_on <= %s "
        f"AND (valid_to IS NULL OR valid_to >= %s)",
        [*rng, as_of, as_of],
    )
    pid, cat, rec, tid = _int_cols(rows, 4)
    values = np.full(n, -1, np.int64)  # NULL_CODE: explicitly none
    best = _pick(pid, [-rec, -tid])
    values[row_of(pid[best])] = cat[best]
    put("talent_category", allrows, values, values != _NULL)

    # Pension: a streak counted at a later date is shortened to as_of; not begun → unknown.
    rows = _fetch(
        f"SELECT person_id, continuous_months, CASE WHEN back_paid THEN 1 ELSE 0 END, "
        f"{_days('as_of')} FROM {_q(InsuranceRecord)} WHERE person_id >= %s AND person_id < %s",
        [*rng],
    )
    pid, months, back, recorded = _int_cols(rows, 4)
    rec_dates = recorded.astype("datetime64[D]")
    rec_month = rec_dates.astype("datetime64[M]").astype(np.int64)
    as_of_month = np.datetime64(as_of, "M").astype(np.int64)
    months = np.where(recorded > as_of_days, months - (rec_month - as_of_month), months)
    keep = months > 0
    r = row_of(pid)
    # on-time months only (contract v2): unknown when a back payment is on file (profiles.py)
    put("pension.continuous_months", r, months, keep & (back == 0))
    put("pension.back_paid", r, back, keep)

    # Titles and skill certificates valid at as_of (lists; none on file = stated empty list).
    title_levels = leaves["titles[].level"].values
    skill_levels = leaves["skill_certificates[].level"].values
    t_sql = " ".join(f"WHEN title_level = '{v}' THEN {title_levels.index(v)}" for v in TITLE_LEVELS)
    s_sql = " ".join(f"WHEN skill_level = '{v}' THEN {skill_levels.index(v)}" for v in SKILL_LEVELS)
    kinds_in = ", ".join(f"'{k}'" for k in SKILL_CERT_KINDS)
    rows = _fetch(
        f"SELECT person_id, CASE WHEN kind = 'professional_title' THEN 1 ELSE 0 END, "
        f"COALESCE(CASE WHEN kind = 'professional_title' THEN (CASE {t_sql} END) ELSE (CASE {s_sql} END) END, {_NULL}), "
        f"{_days('obtained_on')}, id FROM {_q(Certificate)} "
        f"WHERE person_id >= %s AND person_id < %s AND obtained_on <= %s AND (valid_to IS NULL OR valid_to >= %s) "
        f"AND (kind = 'professional_title' OR kind IN ({kinds_in})) ORDER BY person_id, obtained_on, id",
        [*rng, as_of, as_of],
    )
    pid, is_title, level, obtained, cid = _int_cols(rows, 5)
    ok = level != _NULL
    pid, is_title, level, obtained, cid = (a[ok] for a in (pid, is_title, level, obtained, cid))
    lists = {}
    for path, mask in (("titles", is_title == 1), ("skill_certificates", is_title == 0)):
        lists[path] = _list(
            leaves,
            path,
            n,
            row_of(pid[mask]),
            {"level": level[mask], "obtained": obtained[mask]},
            all_present=True,
        )

    # 王屋英才 selections decided at the window, up to as_of's year.
    sel = _selections(lo, hi, as_of, leaves)
    if sel is not None:
        spid, program, year = sel
        lists["selections"] = _list(
            leaves,
            "selections",
            n,
            row_of(spid),
            {"program": program, "year": year},
            all_present=True,
        )
    for path, spec in leaves.items():
        if spec.type == "list" and path not in lists:
            lists[path] = _list(leaves, path, n, np.zeros(0, np.int64), {}, all_present=False)

    batch = ProfileBatch("person", n, pids, cols, lists, {})
    return batch, ids


def _employer_kind_sql(codes) -> str:
    """SQL CASE giving the engine's employer-kind code (profiles.employer_kind, in SQL)."""
    c = {k: codes.index(k) for k in codes}
    return (
        "CASE WHEN o.id IS NULL THEN (CASE WHEN j.form <> 'employee' THEN {other} ELSE NULL END) "
        "WHEN o.kind = 'enterprise' THEN (CASE WHEN o.is_key_enterprise THEN {key} ELSE {ent} END) "
        "WHEN o.kind = 'school' THEN (CASE WHEN i.code LIKE '834%%' THEN {uni} ELSE NULL END) "
        "WHEN o.kind = 'research_institute' THEN {ri} WHEN o.kind = 'public_institution' THEN {pi} "
        "WHEN o.kind = 'government' THEN {gov} "
        "WHEN o.kind IN ('hr_agency', 'social_organisation') THEN {other} ELSE NULL END"
    ).format(
        other=c["other"],
        key=c["key_enterprise"],
        ent=c["enterprise"],
        uni=c["local_university"],
        ri=c["zone_research_institute"],
        pi=c["public_institution"],
        gov=c["government"],
    )


def _selections(lo: int, hi: int, as_of: dt.date, leaves):
    try:
        from zhihui.window.models import Selection
    except ImportError:  # pragma: no cover
        return None
    programs = leaves["selections[].program"].values
    p_sql = " ".join(f"WHEN program = '{p}' THEN {i}" for i, p in enumerate(programs))
    rows = _fetch(
        f"SELECT person_id, COALESCE(CASE {p_sql} END, {_NULL}), year, id FROM {_q(Selection)} "
        f"WHERE person_id >= %s AND person_id < %s AND year <= %s ORDER BY person_id, year, program",
        [lo, hi, as_of.year],
    )
    pid, program, year, _sid = _int_cols(rows, 4)
    return pid, program, year


def _list(
    leaves, path: str, n: int, item_row: np.ndarray, values: dict, all_present: bool
) -> ListCol:
    spec = leaves[path]
    present = np.ones(n, bool) if all_present else np.zeros(n, bool)
    m = len(item_row)
    icols = {}
    for name, vals in values.items():
        ip = f"{path}[].{name}"
        col = empty_col(leaves[ip], m)
        col.values[:] = vals
        col.present[:] = True
        icols[ip] = col
    return ListCol(spec, present, item_row.astype(np.int64), icols)


__all__ = ["person_batch"]
