"""The demo city generator: numpy-vectorised, deterministic for (residents, seed, as_of).

`generate_city(residents, seed)` returns a `City` of polars DataFrames, one per registry table.
Row keys are 0-based integers (`person_key`, `org_key`) that the loader maps to database ids.
Random numbers come from one `numpy.random.Generator(PCG64(seed))`, drawn in a fixed order, so
the same arguments give byte-identical tables; nothing depends on the clock or on dict/set order.

How the calibration is kept exact (see calibration.py for the figures): the number of employed
persons, of each kind of talent and of certificate holders are computed from N first; then the
persons are *chosen* (weighted sampling without replacement, Efraimidis–Spirakis keys) instead
of drawn independently, so the counts are exact at any N, not just close on average.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from . import reference as ref
from .calibration import (
    HIGH_SKILL_SPLIT,
    OTHER_SKILL_SPLIT,
    REFERENCE_DATE,
    TALENT_CATEGORY_SHARES,
    TITLE_SPLIT,
    Targets,
    split_counts,
    targets,
)
from .numbers import id_numbers, uscc_codes

# Employment groups: where the employed work. g9–g11 have no employing organisation except the
# individual business (个体工商户) each self-employed non-farm person runs.
G_CHAIN, G_OTHER_ENT, G_HR, G_SCHOOL, G_HOSPITAL, G_GOV, G_PUBLIC, G_RESEARCH, G_SOCIAL, G_INDIVIDUAL, G_FARM, G_FLEX = range(12)
GROUP_NAMES = ["chain_enterprise", "other_enterprise", "hr_agency", "school", "hospital", "government",
               "public_institution", "research_institute", "social_organisation", "individual_business",
               "farming", "flexible"]
GROUP_SHARE = np.array([0.33, 0.20, 0.012, 0.06, 0.04, 0.03, 0.035, 0.005, 0.013, 0.08, 0.13, 0.065])
# Share of each role's persons per group (rows: managers, professional-technical, skill, other certs)
ROLE_GROUP_SHARE = {
    "manager": {G_CHAIN: 0.62, G_OTHER_ENT: 0.33, G_HR: 0.05},
    "protech": {G_CHAIN: 0.22, G_OTHER_ENT: 0.05, G_HR: 0.01, G_SCHOOL: 0.33, G_HOSPITAL: 0.24, G_GOV: 0.04,
                G_PUBLIC: 0.07, G_RESEARCH: 0.04},
    "skill": {G_CHAIN: 0.58, G_OTHER_ENT: 0.27, G_HR: 0.01, G_HOSPITAL: 0.005, G_PUBLIC: 0.01, G_SOCIAL: 0.005,
              G_INDIVIDUAL: 0.06, G_FARM: 0.02, G_FLEX: 0.04},
    "othercert": {G_CHAIN: 0.35, G_OTHER_ENT: 0.30, G_HR: 0.02, G_SCHOOL: 0.03, G_HOSPITAL: 0.05, G_GOV: 0.03,
                  G_PUBLIC: 0.04, G_SOCIAL: 0.02, G_INDIVIDUAL: 0.06, G_FARM: 0.02, G_FLEX: 0.08},
}
# Plain workers are matched to groups by education: lowest first.
PLAIN_GROUP_ORDER = [G_FARM, G_FLEX, G_INDIVIDUAL, G_CHAIN, G_OTHER_ENT, G_SOCIAL, G_HR, G_HOSPITAL, G_PUBLIC,
                     G_RESEARCH, G_SCHOOL, G_GOV]

ROLE_NONE, ROLE_MANAGER, ROLE_PROTECH, ROLE_SKILL, ROLE_OTHERCERT = range(5)
STATUS_NAMES = np.array(["child", "student", "employed", "unemployed", "retired", "inactive"])
ST_CHILD, ST_STUDENT, ST_EMPLOYED, ST_UNEMPLOYED, ST_RETIRED, ST_INACTIVE = range(6)

# Population by 5-year age band, 0–4 … 95–99 (shape of Henan's 2020 census pyramid), in %.
AGE_BANDS = np.array([5.2, 6.0, 6.2, 5.6, 5.0, 6.0, 8.0, 7.0, 6.6, 7.9, 8.3, 6.9, 5.0, 5.1, 3.6, 2.3, 1.5, 0.8,
                      0.25, 0.05])

# Organisations per 730,000 residents, by kind (scaled with N, at least 1 of each).
ORGS_PER_CITY = {G_CHAIN: 1800, G_OTHER_ENT: 3400, G_HR: 80, G_SCHOOL: 260, G_HOSPITAL: 45, G_GOV: 70,
                 G_PUBLIC: 150, G_RESEARCH: 25, G_SOCIAL: 320}
KEY_ENTERPRISES_PER_CITY = 60
ABOVE_SIZE_PER_CITY = 380
HIGH_TECH_PER_CITY = 100


@dataclass
class City:
    """The generated tables. Keys are 0-based row numbers; codes are national codes (strings)."""

    residents: int
    seed: int
    as_of: dt.date
    targets: Targets
    organisations: pl.DataFrame
    persons: pl.DataFrame
    education: pl.DataFrame
    employment: pl.DataFrame
    talent_categories: pl.DataFrame
    certificates: pl.DataFrame
    pensions: pl.DataFrame
    timings: dict[str, float] = field(default_factory=dict)
    history_until: dt.date | None = None  # records dated after as_of run up to this day

    def stock(self, at: dt.date) -> dict[str, int]:
        """Table 1 stocks on day `at`, counted from the records (not from the persons' flags):
        at the reference date they equal the calibrated targets exactly."""
        emp = self.employment.filter((pl.col("start_date") <= at) & (pl.col("end_date").is_null() | (pl.col("end_date") > at)))
        kinds = self.organisations.select("org_key", "kind")
        mgr = emp.filter(pl.col("post") == "management").join(kinds, on="org_key").filter(
            pl.col("kind").is_in(["enterprise", "hr_agency"]))
        certs = self.certificates.filter(pl.col("obtained_on") <= at)
        skill = certs.filter(pl.col("kind") == "skill_level")
        tal = self.talent_categories.filter(
            (pl.col("recognised_on") <= at) & (pl.col("valid_to").is_null() | (pl.col("valid_to") >= at)))
        return {
            "employed": emp["person_key"].n_unique(),
            "enterprise_managers": mgr["person_key"].n_unique(),
            "professional_technical": certs.filter(pl.col("kind") == "professional_title")["person_key"].n_unique(),
            "skill_talents": skill["person_key"].n_unique(),
            "high_skill": skill.filter(pl.col("skill_level").is_in(["senior_worker", "technician", "senior_technician"]))[
                "person_key"].n_unique(),
            "certificate_holders": certs["person_key"].n_unique(),
            "talent_recognitions": tal["person_key"].n_unique(),
        }

    def tables(self) -> dict[str, pl.DataFrame]:
        return {
            "organisations": self.organisations,
            "persons": self.persons,
            "education": self.education,
            "employment": self.employment,
            "talent_categories": self.talent_categories,
            "certificates": self.certificates,
            "pensions": self.pensions,
        }

    def summary(self) -> dict[str, int]:
        """Counts on the reference date (as_of), from the persons' flags."""
        p = self.persons
        return {
            "residents": p.height,
            "employed": int(p["employed"].sum()),
            "enterprise_managers": int(p["is_enterprise_manager"].sum()),
            "professional_technical": int(p["is_professional_technical"].sum()),
            "skill_talents": int(p["is_skill_talent"].sum()),
            "high_skill": int(p["is_high_skill"].sum()),
            "certificate_holders": int(p["is_certificate_holder"].sum()),
            "rural_practical": int(p["is_rural_practical"].sum()),
            "talent_recognitions": self.talent_categories.filter(
                pl.col("valid_to").is_null() & (pl.col("recognised_on") <= self.as_of)).height,
            "organisations": self.organisations.height,
        }


# --- helpers ---------------------------------------------------------------------------------


def _choose(rng: np.random.Generator, weights: np.ndarray, k: int) -> np.ndarray:
    """k distinct indices, drawn with probability proportional to `weights` (Efraimidis–Spirakis).
    Zero weights are chosen only when the positive ones run out. Returned sorted."""
    n = weights.shape[0]
    if k > n:
        raise ValueError(f"cannot choose {k} of {n}")
    if k == 0:
        return np.empty(0, dtype=np.int64)
    u = rng.random(n)
    w = np.asarray(weights, dtype=np.float64)
    keys = np.where(w > 0, np.log(u + 1e-300) / np.where(w > 0, w, 1.0), -np.inf) - np.where(w > 0, 0.0, 1e6 * (1 - u))
    idx = np.argpartition(-keys, k - 1)[:k]
    return np.sort(idx)


def _pick(rng: np.random.Generator, options: np.ndarray, n: int, p: np.ndarray | None = None) -> np.ndarray:
    if p is not None:
        p = np.asarray(p, dtype=np.float64)
        p = p / p.sum()
    return options[rng.choice(len(options), size=n, p=p)]


def _days(d: dt.date) -> int:
    return (d - dt.date(1970, 1, 1)).days


def _to_date(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]")


RETIREMENT_CATEGORIES = ("male", "female_cadre", "female_worker")  # codes 0, 1, 2


def retirement_days(birth: np.ndarray, category: np.ndarray) -> np.ndarray:
    """Statutory retirement date (days since epoch) of each person born on `birth` (days since
    epoch) in category code `category` (index into RETIREMENT_CATEGORIES), computed by
    `zhihui.employment.retirement.retirement_date`, the platform's one implementation, once per
    distinct (birth date, category)."""
    from zhihui.employment.retirement import retirement_date

    if len(birth) == 0:
        return np.zeros(0, dtype=np.int64)
    keys, inverse = np.unique(birth.astype(np.int64) * 4 + category, return_inverse=True)
    epoch = dt.date(1970, 1, 1)
    out = np.fromiter((_days(retirement_date(epoch + dt.timedelta(days=int(k // 4)), RETIREMENT_CATEGORIES[k % 4]))
                       for k in keys), dtype=np.int64, count=len(keys))
    return out[inverse.reshape(-1)]


def _ymd(days: np.ndarray) -> np.ndarray:
    d = days.astype("datetime64[D]")
    y = d.astype("datetime64[Y]").astype(np.int64) + 1970
    m = d.astype("datetime64[M]").astype(np.int64) % 12 + 1
    day = (d - d.astype("datetime64[M]")).astype(np.int64) + 1
    return y * 10000 + m * 100 + day


def _year(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def _date_of(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Days since epoch of (year, month, day) arrays; day must exist in the month."""
    months = (year - 1970) * 12 + (month - 1)
    return months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64) + (day - 1)


def _scaled(n_per_city: int, residents: int, minimum: int = 1) -> int:
    return max(minimum, round(n_per_city * residents / 730_000))


def _alloc_groups(total: int, shares: dict[int, float], remaining: np.ndarray) -> np.ndarray:
    """Counts per group for `total` persons of one role, following `shares` but never above the
    remaining capacity of a group; overflow goes to the groups with the most room left."""
    want = split_counts(total, {g: s for g, s in shares.items()})
    counts = np.zeros(len(remaining), dtype=np.int64)
    for g, c in want.items():
        counts[g] = min(c, remaining[g])
    left = total - counts.sum()
    allowed = np.array(sorted(shares))
    while left > 0:
        room = remaining - counts
        cands = allowed[room[allowed] > 0]
        if cands.size == 0:
            cands = np.flatnonzero(room > 0)
            if cands.size == 0:
                raise ValueError("not enough jobs for the requested talents")
        g = cands[np.argmax(room[cands])]
        add = min(left, room[g])
        counts[g] += add
        left -= add
    return counts


# --- the generator ---------------------------------------------------------------------------


HISTORY_UNTIL = dt.date(2025, 12, 31)  # end of the plan period


def generate_city(residents: int, seed: int = 0, as_of: dt.date = REFERENCE_DATE,
                  history_until: dt.date | None = HISTORY_UNTIL) -> City:
    """Generate a demo city of `residents` persons: the calibrated snapshot on `as_of` plus, if
    `history_until` is later, the dated records of the years after it (2021–2025 by default).
    Deterministic for (residents, seed, as_of, history_until)."""
    import time

    if residents < 50:
        raise ValueError("residents: at least 50 (a smaller city cannot hold the calibrated proportions)")
    t0 = time.perf_counter()
    rng = np.random.Generator(np.random.PCG64(seed))
    tg = targets(residents)
    n = residents
    today = _days(as_of)
    timings: dict[str, float] = {}

    # --- persons: age, sex, birth date -------------------------------------------------------
    band = rng.choice(len(AGE_BANDS), size=n, p=AGE_BANDS / AGE_BANDS.sum())
    age = band * 5 + rng.integers(0, 5, size=n)
    male = rng.random(n) < np.where(age >= 70, 0.46, 0.51)
    birth = today - age * 365 - np.floor(age / 4).astype(np.int64) - rng.integers(0, 365, size=n)
    age = ((today - birth) / 365.2425).astype(np.int64)  # exact age in whole years
    birth_ymd = _ymd(birth)
    birth_year = birth_ymd // 10000

    # --- education (highest completed level) -------------------------------------------------
    age_group = np.searchsorted(ref.EDU_AGE_EDGES, age, side="right")
    edu = np.empty(n, dtype=np.int64)
    cum = np.cumsum(ref.EDU_DIST, axis=1)
    u = rng.random(n)
    for g in range(ref.EDU_DIST.shape[0]):
        m = age_group == g
        edu[m] = np.minimum(np.searchsorted(cum[g] / cum[g][-1], u[m], side="right"), len(ref.EDU_CODES) - 1)
    # typical graduation age per level; a level whose graduation would fall after the reference
    # date is not finished yet: step down to the level below.
    grad_age = np.array([29, 25, 22, 21, 18, 18, 18, 18, 15, 12, 0])
    step_down = {ref.EDU_DOC: ref.EDU_MASTER, ref.EDU_MASTER: ref.EDU_BACH, ref.EDU_BACH: ref.EDU_HS,
                 ref.EDU_ASSOC: ref.EDU_HS, ref.EDU_SEC: ref.EDU_JM, ref.EDU_VOCHS: ref.EDU_JM, ref.EDU_TECH: ref.EDU_JM,
                 ref.EDU_HS: ref.EDU_JM, ref.EDU_JM: ref.EDU_PRIM, ref.EDU_PRIM: ref.EDU_NONE}
    grad_delay = rng.choice(4, size=n, p=[0.6, 0.25, 0.1, 0.05])
    for _ in range(4):
        too_young = (age < grad_age[edu] + grad_delay) & (edu != ref.EDU_NONE)
        if not too_young.any():
            break
        edu[too_young] = np.vectorize(step_down.get)(edu[too_young])
    edu_years = ref.EDU_YEARS[edu]

    # --- migration and identity numbers ------------------------------------------------------
    adult = age >= 18
    migrant_w = np.where(adult & (age <= 55), 1.0 + (edu <= ref.EDU_BACH) * 3.0 + (edu == ref.EDU_ASSOC), 0.15)
    migrant = np.zeros(n, dtype=bool)
    migrant[_choose(rng, migrant_w, round(n * 0.12))] = True
    henan, other = ref.county_codes()
    from_henan = rng.random(n) < 0.75
    id_region = np.full(n, int(ref.CITY_CODE), dtype=np.int64)
    mh = migrant & from_henan
    mo = migrant & ~from_henan
    id_region[mh] = henan[rng.integers(0, len(henan), size=mh.sum())]
    id_region[mo] = other[rng.integers(0, len(other), size=mo.sum())]
    # sequence code: unique within (region, birth date, sex); parity of the 17th digit is the sex
    key = (id_region * 100_000_000 + birth_ymd) * 2 + male
    order = np.lexsort((rng.random(n), key))
    sk = key[order]
    first = np.r_[True, sk[1:] != sk[:-1]]
    grp_start = np.maximum.accumulate(np.where(first, np.arange(n), 0))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n) - grp_start
    if rank.max() >= 500:
        raise ValueError("too many persons share a region, birth date and sex for 3-digit sequence codes")
    offset = (key * 2654435761) % 500
    seq = ((rank + offset) % 500) * 2 + male
    id_number = id_numbers(id_region, birth_ymd, seq)

    # hukou: natives in Jiyuan; 60% of adult migrants have settled (落户) in Jiyuan
    settled = migrant & (rng.random(n) < 0.6)
    hukou_region = np.where(migrant & ~settled, id_region, int(ref.CITY_CODE)).astype("U6")
    arrival = today - (rng.exponential(6.0, size=n) * 365).astype(np.int64)
    arrival = np.maximum(arrival, birth + 18 * 365)
    arrival = np.minimum(arrival, today)
    hukou_settled_on = np.where(settled, arrival + rng.integers(30, 700, size=n), -1)
    hukou_settled_on = np.where(hukou_settled_on > today, today, hukou_settled_on)

    # --- economic status: exactly tg.employed employed persons -------------------------------
    emp_w = np.select(
        [age < 16, age < 18, age < 20, age < 23, age < 25, age < 50, age < 55, age < 60, age < 65, age < 70],
        [0.0, 0.02, 0.15, 0.45, 0.75, np.where(male, 0.93, 0.83), np.where(male, 0.86, 0.62),
         np.where(male, 0.76, 0.40), np.where(male, 0.30, 0.18), 0.08],
        0.015,
    ) * (1.0 + 0.15 * (edu <= ref.EDU_ASSOC))
    employed_idx = _choose(rng, emp_w, tg.employed)
    employed = np.zeros(n, dtype=bool)
    employed[employed_idx] = True
    status = np.full(n, ST_INACTIVE, dtype=np.int64)
    status[age < 6] = ST_CHILD
    status[(age >= 6) & (age < 16)] = ST_STUDENT
    status[(age >= 16) & (age < 23) & ~employed & (rng.random(n) < 0.8)] = ST_STUDENT
    # statutory retirement by the platform's one implementation (2025 reform, by birth month);
    # women's category from education, as before: cadres (原55岁) with post-secondary education
    category = np.where(male, 0, np.where(edu <= ref.EDU_ASSOC, 1, 2))
    retired_on = retirement_days(birth, category)
    status[(today >= retired_on) & ~employed] = ST_RETIRED
    working_age_idle = (age >= 16) & (today < retired_on) & ~employed & (status == ST_INACTIVE)
    status[working_age_idle & (rng.random(n) < 0.22)] = ST_UNEMPLOYED
    status[employed] = ST_EMPLOYED
    timings["persons_core"] = time.perf_counter() - t0

    # --- talent roles among the employed (disjoint, exact counts) ----------------------------
    e_idx = employed_idx
    e_age, e_edu, e_male = age[e_idx], edu[e_idx], male[e_idx]
    role = np.zeros(n, dtype=np.int64)
    free = np.ones(len(e_idx), dtype=bool)

    def take(weights: np.ndarray, k: int, role_id: int) -> np.ndarray:
        w = np.where(free, weights, 0.0)
        chosen = _choose(rng, w, k)
        free[chosen] = False
        role[e_idx[chosen]] = role_id
        return e_idx[chosen]

    prime = (e_age >= 24) & (e_age <= 60)
    protech_w = np.array([60, 45, 14, 4, 1.2, 0.3, 0.3, 0.2, 0.02, 0.005, 0.001])[e_edu] * np.where(prime, 1, 0.05)
    protech = take(protech_w, tg.professional_technical, ROLE_PROTECH)
    mgr_w = np.array([3, 5, 5, 4, 1.5, 1, 1, 1.5, 0.8, 0.2, 0.05])[e_edu] * np.where(
        (e_age >= 30) & (e_age <= 60), 1, 0.15) * np.where(e_male, 1.6, 1.0)
    managers = take(mgr_w, tg.enterprise_managers, ROLE_MANAGER)
    skill_w = np.array([0.05, 0.1, 0.6, 2.5, 4, 4, 7, 2.5, 1.6, 0.4, 0.05])[e_edu] * np.where(
        (e_age >= 20) & (e_age <= 58), 1, 0.2)
    skill = take(skill_w, tg.skill_talents, ROLE_SKILL)
    oc_w = np.array([0.3, 0.5, 1, 1.5, 2, 2, 2, 2, 1.5, 0.5, 0.1])[e_edu] * np.where(e_male, 2.0, 1.0)
    othercert = take(oc_w, tg.other_certificate_holders, ROLE_OTHERCERT)
    # high-skill talents: older, better trained skill talents
    s_age, s_edu = age[skill], edu[skill]
    hs_w = np.clip(s_age - 20, 1, 30) * np.array([1, 1, 1.5, 2, 1.5, 1.2, 2.5, 1, 0.8, 0.5, 0.3])[s_edu]
    high_skill = skill[_choose(rng, hs_w, tg.high_skill)]
    timings["roles"] = time.perf_counter() - t0

    # --- employment groups -------------------------------------------------------------------
    capacity = np.array(list(split_counts(tg.employed, dict(enumerate(GROUP_SHARE))).values()), dtype=np.int64)
    group = np.full(n, -1, dtype=np.int64)
    remaining = capacity.copy()
    for role_name, members in (("manager", managers), ("protech", protech), ("skill", skill),
                               ("othercert", othercert)):
        counts = _alloc_groups(len(members), ROLE_GROUP_SHARE[role_name], remaining)
        perm = rng.permutation(members)
        group[perm] = np.repeat(np.arange(len(counts)), counts)
        remaining -= counts
    plain = e_idx[role[e_idx] == ROLE_NONE]
    plain = plain[np.argsort(edu_years[plain] + rng.normal(0, 3.0, size=len(plain)), kind="stable")]
    plain_groups = np.repeat(np.array(PLAIN_GROUP_ORDER), remaining[PLAIN_GROUP_ORDER])
    group[plain] = plain_groups
    # rural practical talents: farmers, preferring the experienced
    farmers = np.flatnonzero(group == G_FARM)
    rural = np.zeros(n, dtype=bool)
    rural[farmers[_choose(rng, np.clip(age[farmers] - 25, 1, 40), min(tg.rural_practical, len(farmers)))]] = True

    # --- organisations -----------------------------------------------------------------------
    orgs, org_of = _organisations(rng, n, group, role, e_idx, today)
    timings["organisations"] = time.perf_counter() - t0

    # --- employment records ------------------------------------------------------------------
    employment, current_start, first_start = _employment(rng, n, group, role, orgs, org_of, e_idx, age, edu,
                                                         birth, migrant, arrival, today, high_skill)
    newly = employment.filter(pl.col("newly_introduced") & pl.col("end_date").is_null())["person_key"].to_numpy()
    timings["employment"] = time.perf_counter() - t0

    # --- education records -------------------------------------------------------------------
    education = _education(rng, n, edu, birth_year, grad_delay, age, today)
    timings["education"] = time.perf_counter() - t0

    # --- certificates ------------------------------------------------------------------------
    certificates = _certificates(rng, skill, high_skill, protech, othercert, group, employment, age, birth,
                                 current_start, today, orgs, org_of)
    timings["certificates"] = time.perf_counter() - t0

    # --- talent categories -------------------------------------------------------------------
    talents = _talent_categories(rng, tg, e_idx, role, age, edu, today, newly)

    # --- pensions ----------------------------------------------------------------------------
    pensions = _pensions(rng, n, status, first_start, current_start, age, birth, male, today)

    # --- names, phones, residence ------------------------------------------------------------
    names = _names(rng, n, male, birth_year)
    phone = np.where(age >= 12, (ref.MOBILE_PREFIXES[rng.integers(0, len(ref.MOBILE_PREFIXES), size=n)] * 10**8
                                 + rng.integers(0, 10**8, size=n)).astype("U11"), "")
    division = np.array([d[0] for d in ref.DIVISIONS])
    residence = division[rng.choice(len(division), size=n, p=ref.DIVISION_WEIGHTS / ref.DIVISION_WEIGHTS.sum())]
    owns_home = np.where(age < 18, -1, (rng.random(n) < np.where(migrant & ~settled, 0.35, 0.85)).astype(np.int64))

    cert_holders = np.zeros(n, dtype=bool)
    for arr in (skill, protech, othercert):
        cert_holders[arr] = True
    flag = np.zeros(n, dtype=bool)

    def flags(idx: np.ndarray) -> np.ndarray:
        f = flag.copy()
        f[idx] = True
        return f

    persons = pl.DataFrame({
        "person_key": np.arange(n, dtype=np.int64),
        "name": names,
        "id_number": id_number,
        "sex": np.where(male, "M", "F"),
        "birth_date": _to_date(birth),
        "phone": phone,
        "hukou_region": hukou_region,
        "hukou_settled_on": np.where(hukou_settled_on < 0, np.datetime64("NaT"), _to_date(hukou_settled_on)),
        "residence_code": residence,
        "owns_home_in_jiyuan": owns_home,
        "migrant": migrant,
        "education_code": ref.EDU_CODES[edu],
        "education_years": edu_years,
        "status": STATUS_NAMES[status],
        "employed": employed,
        "employment_group": np.where(group >= 0, np.array(GROUP_NAMES + [""])[group], ""),
        "is_enterprise_manager": flags(managers),
        "is_professional_technical": flags(protech),
        "is_skill_talent": flags(skill),
        "is_high_skill": flags(high_skill),
        "is_certificate_holder": cert_holders,
        "is_rural_practical": rural,
    })
    persons = persons.with_columns(
        pl.when(pl.col("owns_home_in_jiyuan") >= 0).then(pl.col("owns_home_in_jiyuan") == 1).otherwise(None)
        .alias("owns_home_in_jiyuan"))
    pensions = pensions.with_columns(pl.lit(as_of).alias("as_of"))
    city = City(residents=n, seed=seed, as_of=as_of, targets=tg, organisations=orgs, persons=persons,
                education=education, employment=employment, talent_categories=talents,
                certificates=certificates, pensions=pensions, timings=timings)
    timings["baseline"] = time.perf_counter() - t0
    if history_until is not None and history_until > as_of:
        _add_flows(city, seed, history_until)
    timings["total"] = time.perf_counter() - t0
    return city


# --- organisations ---------------------------------------------------------------------------

_GOV_BODIES = ["济源产城融合示范区管理委员会", "济源示范区人力资源和社会保障局", "济源示范区教育体育局",
               "济源示范区财政金融局", "济源示范区工业和科技创新委员会", "济源示范区发展改革和统计局",
               "济源示范区农业农村局", "济源示范区卫生健康委员会", "济源示范区市场监督管理局",
               "济源示范区自然资源和规划局", "济源示范区住房和城乡建设局", "济源示范区生态环境局",
               "济源示范区民政局", "济源示范区司法局", "济源示范区应急管理局", "济源示范区交通运输局",
               "济源示范区文化广电和旅游局", "济源示范区退役军人事务局", "济源示范区医疗保障局",
               "济源示范区审计局", "济源示范区商务局", "济源示范区水利局"]
_PUBLIC_UNITS = ["公共就业和人才服务中心", "社会保险中心", "劳动人事争议仲裁院", "职业技能鉴定中心",
                 "人才发展服务中心", "不动产登记中心", "政务服务中心", "城市管理服务中心", "科技创新服务中心",
                 "农业技术推广中心", "疾病预防控制中心", "档案馆", "图书馆", "广播电视台"]
_RESEARCH_NAMED = ["河南省先进有色金属材料产业研究院", "特殊钢材料创新中心", "特殊钢材料工程技术研究中心",
                   "河大纳米材料中试基地"]
_HOSPITALS = [("济源市人民医院", "8411"), ("济源市中医院", "8412"), ("济源市第二人民医院", "8411"),
              ("济源市妇幼保健院", "8415"), ("济源市第三人民医院", "8415"), ("济源市肿瘤医院", "8415")]
_SHOPS = ["便利店", "餐馆", "汽车修理部", "理发店", "五金店", "农资店", "副食店", "服装店", "家电维修部",
          "面馆", "超市", "建材店", "快递服务站", "水果店"]
_VILLAGE_WORDS = ["东", "西", "南", "北", "上", "下", "前", "后", "大", "小", "新", "老"]
_VILLAGE_TAILS = ["庄", "村", "河", "沟", "岭", "坡", "营", "寨", "店", "头"]


def _head_tail(rng: np.random.Generator, k: int) -> np.ndarray:
    h = np.array(ref.NAME_HEADS)[rng.integers(0, len(ref.NAME_HEADS), size=k)]
    t = np.array(ref.NAME_TAILS)[rng.integers(0, len(ref.NAME_TAILS), size=k)]
    return np.char.add(h, t)


def _cat(*parts) -> np.ndarray:
    out = np.asarray(parts[0])
    for p in parts[1:]:
        out = np.char.add(out, np.asarray(p))
    return out


def _split_staff(rng: np.random.Generator, workers: int, k: int, sigma: float) -> np.ndarray:
    """Staff counts for k organisations summing to `workers`, each at least 1, heavy-tailed."""
    k = max(1, min(k, workers)) if workers > 0 else 0
    if k == 0:
        return np.zeros(0, dtype=np.int64)
    w = rng.lognormal(0.0, sigma, size=k)
    raw = (workers - k) * w / w.sum()
    base = np.floor(raw).astype(np.int64)
    rest = workers - k - base.sum()
    base[np.argsort(-(raw - base), kind="stable")[:rest]] += 1
    return base + 1


def _organisations(rng, n, group, role, e_idx, today):
    division_codes = np.array([d[0] for d in ref.DIVISIONS])
    division_names = np.array([d[1] for d in ref.DIVISIONS])
    dw = ref.DIVISION_WEIGHTS / ref.DIVISION_WEIGHTS.sum()
    frames = []
    org_of = np.full(n, -1, dtype=np.int64)
    next_key = 0
    for g in range(G_INDIVIDUAL + 1):
        members = np.flatnonzero(group == g)
        if g == G_INDIVIDUAL:
            staff = np.ones(len(members), dtype=np.int64)
        else:
            k = _scaled(ORGS_PER_CITY[g], n)
            staff = _split_staff(rng, len(members), k, {G_CHAIN: 1.5, G_OTHER_ENT: 1.2}.get(g, 1.0))
            if g in (G_SCHOOL, G_HOSPITAL, G_GOV, G_PUBLIC, G_RESEARCH):
                staff = np.sort(staff)[::-1]  # the named institutions (listed first) are the largest
        k = len(staff)
        if k == 0:
            continue
        keys = np.arange(next_key, next_key + k)
        slots = np.repeat(keys, staff)
        org_of[rng.permutation(members)] = slots
        next_key += k
        div = rng.choice(len(division_codes), size=k, p=dw)
        chain = np.full(k, "")
        industry = np.full(k, "", dtype="U4")
        occ_prefix = np.full(k, "3-01", dtype="U4")
        kind = np.full(k, "enterprise", dtype="U20")
        employer_kind = np.full(k, "enterprise", dtype="U24")
        authority = np.full(k, "9")
        otype = np.full(k, "1")
        suffix = _pick(rng, np.array(["有限公司", "有限责任公司", "股份有限公司"]), k, [0.7, 0.2, 0.1])
        ht = _head_tail(rng, k)
        if g == G_CHAIN:
            chains = np.array(list(ref.CHAIN_WEIGHTS))
            chain = _pick(rng, chains, k, np.array(list(ref.CHAIN_WEIGHTS.values())))
            word = np.empty(k, dtype="U8")
            for c in chains:
                m = chain == c
                inds = ref.CHAIN_INDUSTRIES[c]
                j = rng.integers(0, len(inds), size=m.sum())
                industry[m] = np.array([i[0] for i in inds])[j]
                word[m] = _pick(rng, np.array(ref.CHAIN_WORDS[c]), m.sum())
                occ_prefix[m] = _pick(rng, np.array(ref.CHAIN_OCCUPATIONS[c]), m.sum())
            name = _cat("济源", ht, word, suffix)
        elif g == G_OTHER_ENT:
            j = rng.integers(0, len(ref.OTHER_INDUSTRIES), size=k)
            industry = np.array([o[0] for o in ref.OTHER_INDUSTRIES])[j]
            occ_prefix = np.array([o[3] for o in ref.OTHER_INDUSTRIES])[j]
            name = _cat("济源市", ht, np.array([o[2] for o in ref.OTHER_INDUSTRIES])[j], suffix)
            chain = np.full(k, "other")
        elif g == G_HR:
            kind[:] = "hr_agency"
            j = rng.integers(0, 3, size=k)
            industry = np.array(["7262", "7263", "7269"])[j]
            occ_prefix[:] = "4-07"
            name = _cat("济源", ht, np.array(["人力资源服务", "劳务派遣", "人才咨询"])[j], "有限公司")
        elif g == G_SCHOOL:
            kind[:] = "school"
            employer_kind[:] = "public_institution"
            authority[:], otype[:] = "1", "2"
            level = _pick(rng, np.array(["8334", "8336", "8331", "8321", "8310"]), k, [0.08, 0.06, 0.2, 0.4, 0.26])
            level[0] = "8341"
            industry = level
            occ_prefix[:] = "4-13"
            lvl_word = {"8334": "高级中学", "8336": "职业技术学校", "8331": "初级中学", "8321": "小学", "8310": "幼儿园",
                        "8341": "职业技术学院"}
            # the second school of a kind in a town is its 第二…, the third its 第三…
            key = div * 10_000 + level.astype(np.int64)
            order = np.argsort(key, kind="stable")
            sk = key[order]
            first = np.r_[True, sk[1:] != sk[:-1]]
            nth = np.empty(k, dtype=np.int64)
            nth[order] = np.arange(k) - np.maximum.accumulate(np.where(first, np.arange(k), 0))
            ordinal = np.array(["", "第二", "第三", "第四", "第五", "第六", "第七", "第八", "第九", "第十"])
            ordinal = np.where(nth < 10, ordinal[np.minimum(nth, 9)], _cat("第", (nth + 1).astype("U4")))
            name = _cat("济源市", division_names[div], ordinal, np.vectorize(lvl_word.get)(level)).astype("U60")
            name[0] = "济源职业技术学院"
            employer_kind[0] = "local_university"
            private = (rng.random(k) < 0.1) & (np.arange(k) > 0)
            authority[private], otype[private] = "5", "2"
        elif g == G_HOSPITAL:
            kind[:] = "hospital"
            employer_kind[:] = "public_hospital"
            authority[:], otype[:] = "1", "2"
            industry[:] = "8423"
            occ_prefix[:] = "4-14"
            name = _cat(division_names[div], "卫生院").astype("U60")
            for i, (hn, code) in enumerate(_HOSPITALS[:k]):
                name[i], industry[i] = hn, code
            private = np.arange(k) >= len(_HOSPITALS) + len(division_names)
            name = np.where(private, _cat("济源", ht, "医院"), name)
            authority[private], otype[private] = "9", "1"
            employer_kind[private] = "other"
            tn = np.arange(k) - len(_HOSPITALS)
            town = (tn >= 0) & ~private
            name = np.where(town, _cat("济源市", division_names[np.clip(tn, 0, 15)],
                                       np.where(np.clip(tn, 0, 15) < 5, "社区卫生服务中心", "卫生院")), name)
            industry = np.where(town, np.where(np.clip(tn, 0, 15) < 5, "8421", "8423"), industry)
            industry = np.where(private, "8415", industry)
        elif g == G_GOV:
            kind[:] = "government"
            employer_kind[:] = "government"
            authority[:], otype[:] = "1", "1"
            industry[:] = "9224"
            base = np.array(_GOV_BODIES + [f"济源市{d}{'办事处' if i < 5 else '人民政府'}"
                                           for i, d in enumerate(division_names)])
            name = _cat(base[np.arange(k) % len(base)],
                        np.where(np.arange(k) >= len(base), _cat("第", (np.arange(k) // len(base)).astype("U4"), "分局"), ""))
            industry[: len(_GOV_BODIES)] = "9221"
        elif g == G_PUBLIC:
            kind[:] = "public_institution"
            employer_kind[:] = "public_institution"
            authority[:], otype[:] = "1", "2"
            industry[:] = "9224"
            units = np.array(_PUBLIC_UNITS)
            name = _cat("济源示范区", units[np.arange(k) % len(units)],
                        np.where(np.arange(k) >= len(units), _cat(division_names[div], "分中心"), ""))
            other = rng.random(k) < 0.05
            authority[other], otype[other] = "Y", "1"
        elif g == G_RESEARCH:
            kind[:] = "research_institute"
            employer_kind[:] = "sci_tech_platform"
            industry[:] = "7320"
            occ_prefix[:] = "4-08"
            chains = _pick(rng, np.array(list(ref.CHAIN_WEIGHTS)), k)
            word = np.array([ref.CHAIN_WORDS[c][0] for c in chains])
            name = _cat("济源", ht, word, "研究院有限公司").astype("U60")
            for i, rn in enumerate(_RESEARCH_NAMED[:k]):
                name[i] = rn
                employer_kind[i] = "zone_research_institute"
                authority[i], otype[i] = "1", "2"
        elif g == G_SOCIAL:
            kind[:] = "social_organisation"
            employer_kind[:] = "other"
            sub = _pick(rng, np.array(["assoc", "nonprofit", "collective", "union"]), k, [0.3, 0.25, 0.4, 0.05])
            authority = np.select([sub == "assoc", sub == "nonprofit", sub == "collective"], ["5", "5", "N"], "8")
            otype = np.select([sub == "assoc", sub == "nonprofit", sub == "collective"], ["1", "2", "2"], "1")
            industry = np.select([sub == "assoc", sub == "nonprofit", sub == "collective"], ["9522", "9529", "0141"], "9521")
            occ_prefix = np.where(sub == "collective", "5-01", "3-01")
            chains = _pick(rng, np.array(list(ref.CHAIN_WEIGHTS)), k)
            word = np.array([ref.CHAIN_WORDS[c][0] for c in chains])
            village = _cat(_pick(rng, np.array(_VILLAGE_WORDS), k), _pick(rng, np.array(ref.NAME_TAILS), k),
                           _pick(rng, np.array(_VILLAGE_TAILS), k))
            name = np.select(
                [sub == "assoc", sub == "nonprofit", sub == "collective"],
                [_cat("济源市", word, "行业协会"), _cat("济源市", ht, "社会工作服务中心"),
                 _cat("济源市", division_names[div], village, "村股份经济合作社")],
                _cat("济源市", division_names[div], "总工会"),
            )
        else:  # individual businesses (个体工商户)
            authority[:], otype[:] = "9", "2"
            industry = _pick(rng, np.array(["5212", "6210", "8010", "5431", "0141"]), k, [0.4, 0.25, 0.15, 0.1, 0.1])
            occ_prefix = np.select([industry == "5212", industry == "6210", industry == "5431", industry == "0141"],
                                   ["4-01", "4-03", "4-02", "5-01"], "4-10")
            name = _cat("济源市", division_names[div], ht, _pick(rng, np.array(_SHOPS), k))
            chain = np.full(k, "other")
        est = today - (rng.exponential(9.0, size=k) * 365).astype(np.int64) - 200
        est = np.maximum(est, _days(dt.date(1958, 1, 1)))
        size = np.select([staff >= 1000, staff >= 300, staff >= 20], ["large", "medium", "small"], "micro")
        if g not in (G_CHAIN, G_OTHER_ENT, G_HR, G_INDIVIDUAL):
            size = np.full(k, "")
        frames.append(pl.DataFrame({
            "org_key": keys, "name": name.astype(str), "kind": kind.astype(str), "group": np.full(k, g),
            "authority": authority.astype(str), "org_type": otype.astype(str),
            "industry_code": industry.astype(str), "industry_chain": np.asarray(chain).astype(str),
            "occupation_prefix": occ_prefix.astype(str), "employer_kind": employer_kind.astype(str),
            "size_class": size.astype(str), "staff_count": staff, "division_code": division_codes[div],
            "address": _cat(division_names[div], _pick(rng, np.array(ref.ROADS), k),
                            rng.integers(1, 400, size=k).astype("U4"), "号"),
            "established_on": _to_date(est),
        }))
    orgs = pl.concat(frames, how="vertical")
    m = orgs.height
    # flags: key enterprises and above-designated-size (规上) are the largest chain enterprises
    chain_mask = (orgs["group"] == G_CHAIN).to_numpy()
    staff_all = orgs["staff_count"].to_numpy()
    order = np.flatnonzero(chain_mask)[np.argsort(-staff_all[chain_mask], kind="stable")]
    key_ent = np.zeros(m, dtype=bool)
    above = np.zeros(m, dtype=bool)
    key_ent[order[: _scaled(KEY_ENTERPRISES_PER_CITY, n)]] = True
    above[order[: _scaled(ABOVE_SIZE_PER_CITY, n)]] = True
    emerging = np.isin(orgs["industry_chain"].to_numpy(), ["new_materials", "high_end_equipment", "electronic_info",
                                                          "biomedicine", "new_energy", "energy_saving"])
    ht_w = np.where(above, 1.0, 0.0) * np.where(emerging, 3.0, 0.7)
    high_tech = np.zeros(m, dtype=bool)
    high_tech[_choose(rng, ht_w, min(_scaled(HIGH_TECH_PER_CITY, n), int((ht_w > 0).sum())))] = True
    employer_kind = np.where(key_ent, "key_enterprise", orgs["employer_kind"].to_numpy())
    body = rng.choice(10**8, size=m, replace=False)
    uscc = uscc_codes(orgs["authority"].to_numpy().astype("U1"), orgs["org_type"].to_numpy().astype("U1"),
                      ref.CITY_CODE, body)
    orgs = orgs.with_columns(
        pl.Series("uscc", uscc.astype(str)),
        pl.Series("is_key_enterprise", key_ent),
        pl.Series("is_above_designated_size", above),
        pl.Series("is_high_tech", high_tech),
        pl.Series("employer_kind", employer_kind.astype(str)),
    )
    return orgs, org_of


# --- employment ------------------------------------------------------------------------------

_PROTECH_PREFIX = {G_CHAIN: "2-02", G_OTHER_ENT: "2-02", G_HR: "2-06", G_SCHOOL: "2-08", G_HOSPITAL: "2-05",
                   G_GOV: "2-06", G_PUBLIC: "2-06", G_RESEARCH: "2-01", G_SOCIAL: "2-07"}
_PLAIN_PREFIX = {G_FARM: ["5-01", "5-03", "5-05"], G_FLEX: ["4-02", "4-10", "6-29", "4-12"]}


def _occupation_codes(rng: np.random.Generator, prefixes: np.ndarray) -> np.ndarray:
    occ = ref.occupations()
    out = np.empty(len(prefixes), dtype="U10")
    for p in np.unique(prefixes):
        m = prefixes == p
        pool = occ.by_prefix.get(p)
        if pool is None:  # medium group without level-4 occupations: fall back to office work
            pool = occ.by_prefix["3-01"]
        out[m] = occ.codes[pool[rng.integers(0, len(pool), size=m.sum())]]
    return out


def _employment(rng, n, group, role, orgs, org_of, e_idx, age, edu, birth, migrant, arrival, today, high_skill):
    k = len(e_idx)
    g = group[e_idx]
    r = role[e_idx]
    org = org_of[e_idx]
    org_prefix = orgs["occupation_prefix"].to_numpy()
    # occupation medium group
    prefix = np.where(org >= 0, org_prefix[np.maximum(org, 0)], "3-01").astype("U4")
    farm_flex = (g == G_FARM) | (g == G_FLEX)
    for gg, opts in _PLAIN_PREFIX.items():
        m = g == gg
        prefix[m] = _pick(rng, np.array(opts), m.sum())
    office = (r == ROLE_NONE) & ~farm_flex & (g != G_INDIVIDUAL) & (rng.random(k) < 0.25)
    prefix[office] = "3-01"
    pt = r == ROLE_PROTECH
    prefix[pt] = np.vectorize(_PROTECH_PREFIX.get)(g[pt])
    prefix[r == ROLE_MANAGER] = "1-06"
    occupation = _occupation_codes(rng, prefix)
    # post
    post = np.full(k, "other", dtype="U10")
    production = np.isin(prefix, ["2-02", "3-01", "1-06", "2-06", "2-05", "2-08", "2-01", "2-07"], invert=True)
    post[production] = "production"
    post[r == ROLE_MANAGER] = "management"
    post[pt & (g == G_SCHOOL)] = "teaching"
    post[pt & (g == G_RESEARCH)] = "research"
    eng = pt & ((g == G_CHAIN) | (g == G_OTHER_ENT))
    post[eng] = np.where(rng.random(eng.sum()) < 0.45, "research", "production")
    frontline = pt & np.isin(post, ["research", "teaching", "production"])
    # form
    form = np.full(k, "employee", dtype="U14")
    form[(g == G_INDIVIDUAL) | (g == G_FARM)] = "self_employed"
    form[g == G_FLEX] = "flexible"
    form[(g == G_PUBLIC) & (r == ROLE_NONE) & (rng.random(k) < 0.05)] = "public_post"
    # dates: current job started after school and after arriving in Jiyuan (migrants)
    earliest = birth[e_idx] + np.maximum(18, np.array([29, 25, 22, 21, 18, 18, 18, 18, 16, 16, 16])[edu[e_idx]]) * 365
    earliest = np.maximum(earliest, _days(dt.date(1975, 1, 1)))
    earliest = np.where(migrant[e_idx], np.maximum(earliest, arrival[e_idx]), earliest)
    earliest = np.minimum(earliest, today - 30)
    start = today - (rng.exponential(7.0, size=k) * 365).astype(np.int64) - rng.integers(20, 200, size=k)
    start = np.clip(start, earliest, today - 1)
    # a previous job for about a third of those with room for one
    has_prev = (start - earliest > 3 * 365) & (rng.random(k) < 0.35)
    prev_start = earliest + (rng.random(k) * (start - earliest - 365)).astype(np.int64)
    prev_end = start - rng.integers(1, 120, size=k)
    prev_org = np.full(k, -1, dtype=np.int64)
    groups_col = orgs["group"].to_numpy()
    for gg in range(G_SOCIAL + 1):
        m = has_prev & (g == gg)
        keys = np.flatnonzero(groups_col == gg)
        if m.any() and len(keys):
            prev_org[m] = keys[rng.integers(0, len(keys), size=m.sum())]
    first_start = np.full(n, -1, dtype=np.int64)
    current_start = np.full(n, -1, dtype=np.int64)
    current_start[e_idx] = start
    first_start[e_idx] = np.where(has_prev, prev_start, start)
    newly = migrant[e_idx] & (start > today - 3 * 365) & (edu[e_idx] <= ref.EDU_ASSOC) & (form == "employee")
    contract = _pick(rng, np.array([1.0, 2.0, 3.0, 5.0, 10.0, np.nan]), k, [0.1, 0.15, 0.35, 0.2, 0.05, 0.15])
    contract[(form != "employee") | (g == G_GOV)] = np.nan
    contract[newly & (contract < 3)] = 3.0
    wage_factor = np.select([r == ROLE_MANAGER, r == ROLE_PROTECH, np.isin(e_idx, high_skill), r == ROLE_SKILL],
                            [2.1, 1.45, 1.35, 1.15], 1.0)
    wage = np.round(rng.lognormal(np.log(4300.0), 0.32, size=k) * wage_factor) * 100  # fen
    wage = np.where(farm_flex, -1, wage).astype(np.int64)
    cur = pl.DataFrame({
        "person_key": e_idx.astype(np.int64), "org_key": org, "form": form.astype(str),
        "occupation_code": occupation.astype(str), "post": post.astype(str), "frontline_professional": frontline,
        "start_date": _to_date(start), "end_date_days": np.full(k, -1, dtype=np.int64),
        "contract_years": contract, "newly_introduced": newly, "monthly_wage_fen": wage,
    })
    pk = np.flatnonzero(has_prev)
    prev = pl.DataFrame({
        "person_key": e_idx[pk].astype(np.int64), "org_key": prev_org[pk],
        "form": np.where(prev_org[pk] >= 0, "employee", form[pk]).astype(str),
        "occupation_code": occupation[pk].astype(str), "post": post[pk].astype(str),
        "frontline_professional": frontline[pk], "start_date": _to_date(prev_start[pk]),
        "end_date_days": prev_end[pk], "contract_years": np.where(prev_org[pk] >= 0, 3.0, np.nan),
        "newly_introduced": np.zeros(len(pk), dtype=bool),
        "monthly_wage_fen": np.where(wage[pk] > 0, (wage[pk] * 0.8 // 100) * 100, -1).astype(np.int64),
    })
    emp = pl.concat([cur, prev]).sort(["person_key", "start_date"])
    emp = emp.with_columns(
        pl.when(pl.col("end_date_days") >= 0).then(pl.col("end_date_days").cast(pl.Date)).otherwise(None).alias("end_date"),
        pl.when(pl.col("org_key") >= 0).then(pl.col("org_key")).otherwise(None).alias("org_key"),
        pl.when(pl.col("monthly_wage_fen") >= 0).then(pl.col("monthly_wage_fen")).otherwise(None).alias("monthly_wage_fen"),
        pl.col("contract_years").fill_nan(None),
    ).drop("end_date_days")
    return emp, current_start, first_start


# --- education -------------------------------------------------------------------------------


def _education(rng, n, edu, birth_year, grad_delay, age, today):
    holders = np.flatnonzero((edu <= ref.EDU_JM) & (age >= 15))
    rows_p = [holders]
    rows_l = [edu[holders]]
    for lvl, lower in ((ref.EDU_MASTER, ref.EDU_BACH), (ref.EDU_DOC, ref.EDU_MASTER), (ref.EDU_DOC, ref.EDU_BACH)):
        extra = holders[edu[holders] == lvl]
        rows_p.append(extra)
        rows_l.append(np.full(len(extra), lower))
    p = np.concatenate(rows_p)
    lvl = np.concatenate(rows_l)
    k = len(p)
    grad_age = np.array([29, 25, 22, 21, 18, 18, 18, 18, 15, 12, 0])
    gy = birth_year[p] + grad_age[lvl] + np.where(lvl == edu[p], grad_delay[p], 0)
    gdays = _date_of(gy, np.full(k, 7), np.ones(k, dtype=np.int64)) - 1  # 30 June
    gdays = np.minimum(gdays, today - 1)
    uni_names = np.array([u[0] for u in ref.UNIVERSITIES])
    uni_dfc = np.array([u[1] for u in ref.UNIVERSITIES])
    uni_local = np.array([u[2] for u in ref.UNIVERSITIES])
    uni_w = np.array([u[3] for u in ref.UNIVERSITIES])
    vocational = np.char.find(uni_names, "职业技术学院") >= 0
    school = np.empty(k, dtype="U40")
    higher = lvl <= ref.EDU_BACH
    assoc = lvl == ref.EDU_ASSOC
    school[higher] = _pick(rng, uni_names, higher.sum(), np.where(vocational, 0.0, uni_w))
    school[assoc] = _pick(rng, uni_names, assoc.sum(), np.where(vocational, uni_w * 2.5, np.where(uni_dfc, 0.0, uni_w * 0.3)))
    for level, names in ref.SECONDARY_SCHOOLS.items():
        m = lvl == level
        school[m] = _pick(rng, np.array(names), m.sum())
    overseas = (lvl <= ref.EDU_MASTER) & (rng.random(k) < 0.05)
    school[overseas] = _pick(rng, np.array(ref.OVERSEAS_UNIVERSITIES), overseas.sum())
    dfc = np.isin(school, uni_names[uni_dfc])
    in_city = np.isin(school, uni_names[uni_local])
    full_time = rng.random(k) < np.select([lvl <= ref.EDU_BACH, assoc], [0.88, 0.75], 0.97)
    degree = ref.EDU_DEGREE[lvl].astype("U24")
    degree[degree == "none"] = ""
    prep = (lvl == ref.EDU_TECH) & (rng.random(k) < 0.1)
    degree[prep] = "preparatory_technician"
    major = np.where(lvl <= ref.EDU_ASSOC, _pick(rng, np.array(ref.MAJORS), k), "")
    return pl.DataFrame({
        "person_key": p.astype(np.int64), "level_code": ref.EDU_CODES[lvl], "degree": degree,
        "school": school, "major": major, "full_time": full_time, "double_first_class": dfc,
        "overseas": overseas, "school_in_city": in_city, "graduation_date": _to_date(gdays),
    }).sort(["person_key", "graduation_date"])


# --- certificates ----------------------------------------------------------------------------

_SKILL_LEVEL_NAMES = {"junior_worker": "初级工", "intermediate_worker": "中级工", "senior_worker": "高级工",
                      "technician": "技师", "senior_technician": "高级技师"}
_SKILL_ORDER = ["junior_worker", "intermediate_worker", "senior_worker", "technician", "senior_technician"]
_TITLE_ORDER = ["junior", "intermediate", "associate_senior", "senior"]
_TITLE_SERIES = {  # title names per series: junior, intermediate, associate senior, senior
    "engineering": ["助理工程师", "工程师", "高级工程师", "正高级工程师"],
    "teaching": ["二级教师", "一级教师", "高级教师", "正高级教师"],
    "health": ["医师", "主治医师", "副主任医师", "主任医师"],
    "economics": ["助理经济师", "经济师", "高级经济师", "正高级经济师"],
    "research": ["研究实习员", "助理研究员", "副研究员", "研究员"],
}
_SERIES_OF_GROUP = {G_SCHOOL: "teaching", G_HOSPITAL: "health", G_RESEARCH: "research", G_GOV: "economics",
                    G_PUBLIC: "economics", G_HR: "economics", G_SOCIAL: "economics"}
_OTHER_CERTS = {
    "special_operation": ["低压电工作业", "焊接与热切割作业", "高处安装、维护、拆除作业", "危险化学品安全作业",
                          "金属非金属矿山安全作业"],
    "special_equipment": ["叉车司机", "起重机指挥", "桥门式起重机司机", "工业锅炉司炉", "压力容器操作"],
    "vocational_qualification": ["教师资格", "会计专业技术资格", "执业药师", "一级建造师", "二级建造师",
                                 "社会工作者职业资格"],
    "specialty_skill": ["中式面点制作", "电子商务运营", "家政服务", "农作物植保"],
}
_ISSUERS_SKILL = ["济源示范区职业技能鉴定中心", "河南省职业技能鉴定指导中心", "济源市高级技工学校"]


def _cert_frame(person, kind, skill_level, title_level, name, occupation, issuer, obtained, valid_to):
    k = len(person)
    return pl.DataFrame({
        "person_key": person.astype(np.int64), "kind": np.full(k, kind), "skill_level": skill_level.astype(str),
        "title_level": title_level.astype(str), "name": name.astype(str), "occupation_code": occupation.astype(str),
        "issuer": issuer.astype(str), "obtained_on": _to_date(obtained), "valid_to_days": valid_to.astype(np.int64),
    })


def _certificates(rng, skill, high_skill, protech, othercert, group, employment, age, birth, current_start, today,
                  orgs, org_of):
    occ = ref.occupations()
    occ_name = dict(zip(occ.codes.tolist(), occ.names.tolist(), strict=True))
    cur = employment.filter(pl.col("end_date").is_null())
    occ_of = np.full(len(age), "", dtype="U10")
    occ_of[cur["person_key"].to_numpy()] = cur["occupation_code"].to_numpy().astype("U10")
    org_names = orgs["name"].to_numpy()
    frames = []
    earliest = np.maximum(birth + 19 * 365, _days(dt.date(1990, 1, 1)))
    none = np.full(0, "")

    # skill certificates: exact counts per highest level
    hs = np.isin(skill, high_skill)
    level = np.empty(len(skill), dtype="U20")
    for subset, split in ((skill[hs], HIGH_SKILL_SPLIT), (skill[~hs], OTHER_SKILL_SPLIT)):
        counts = split_counts(len(subset), split)
        perm_levels = np.repeat(np.array(list(counts)), list(counts.values()))
        mask = hs if split is HIGH_SKILL_SPLIT else ~hs
        level[mask] = perm_levels[rng.permutation(len(subset))]
    lo = earliest[skill]
    obtained = lo + (rng.random(len(skill)) ** 0.7 * (today - lo)).astype(np.int64)
    obtained = np.minimum(obtained, today)
    s_occ = occ_of[skill]
    names = np.array([occ_name.get(c, "") for c in s_occ])
    lvl_names = np.vectorize(_SKILL_LEVEL_NAMES.get)(level)
    in_house = (rng.random(len(skill)) < 0.3) & (org_of[skill] >= 0)
    issuer = np.where(in_house, org_names[np.maximum(org_of[skill], 0)],
                      _pick(rng, np.array(_ISSUERS_SKILL), len(skill)))
    frames.append(_cert_frame(skill, "skill_level", level, np.full(len(skill), ""), _cat(names, "(", lvl_names, ")"),
                              s_occ, issuer, obtained, np.full(len(skill), -1)))
    # an earlier, lower certificate for about half of those above the lowest level
    lvl_idx = np.array([_SKILL_ORDER.index(x) for x in level]) if len(level) else np.zeros(0, dtype=np.int64)
    prior = (lvl_idx > 0) & (rng.random(len(skill)) < 0.5) & (obtained - lo > 2 * 365)
    pi = np.flatnonzero(prior)
    prev_level = np.array(_SKILL_ORDER)[lvl_idx[pi] - 1]
    prev_date = lo[pi] + (rng.random(len(pi)) * (obtained[pi] - lo[pi] - 365)).astype(np.int64)
    frames.append(_cert_frame(skill[pi], "skill_level", prev_level, np.full(len(pi), ""),
                              _cat(names[pi], "(", np.vectorize(_SKILL_LEVEL_NAMES.get)(prev_level) if len(pi) else none, ")"),
                              s_occ[pi], issuer[pi], prev_date, np.full(len(pi), -1)))

    # professional titles
    counts = split_counts(len(protech), TITLE_SPLIT)
    tlevel = np.repeat(np.array(list(counts)), list(counts.values()))[rng.permutation(len(protech))]
    # the senior titles go preferably to the older professionals
    older_first = np.argsort(-(age[protech] + rng.normal(0, 6, size=len(protech))), kind="stable")
    t_rank = np.array([_TITLE_ORDER.index(x) for x in tlevel])
    protech_sorted = protech[older_first]
    tlevel = np.array(_TITLE_ORDER)[np.sort(t_rank)[::-1]]
    t_rank = np.sort(t_rank)[::-1]
    series = np.array([_SERIES_OF_GROUP.get(int(gg), "engineering") for gg in group[protech_sorted]])
    tname = np.empty(len(protech_sorted), dtype="U12")
    for s, names_s in _TITLE_SERIES.items():
        m = series == s
        tname[m] = np.array(names_s)[t_rank[m]]
    lo = np.maximum(birth[protech_sorted] + 24 * 365, _days(dt.date(1990, 1, 1)))
    obtained = lo + (rng.random(len(protech_sorted)) ** 0.6 * (today - lo)).astype(np.int64)
    obtained = np.minimum(obtained, today)
    issuer = np.where(t_rank >= 2, "河南省人力资源和社会保障厅", "济源示范区人力资源和社会保障局")
    frames.append(_cert_frame(protech_sorted, "professional_title", np.full(len(protech_sorted), ""), tlevel, tname,
                              occ_of[protech_sorted], issuer, obtained, np.full(len(protech_sorted), -1)))
    prior = (t_rank > 0) & (rng.random(len(protech_sorted)) < 0.6) & (obtained - lo > 2 * 365)
    pi = np.flatnonzero(prior)
    prev_rank = t_rank[pi] - 1
    prev_name = np.empty(len(pi), dtype="U12")
    for s, names_s in _TITLE_SERIES.items():
        m = series[pi] == s
        prev_name[m] = np.array(names_s)[prev_rank[m]]
    prev_date = lo[pi] + (rng.random(len(pi)) * (obtained[pi] - lo[pi] - 365)).astype(np.int64)
    frames.append(_cert_frame(protech_sorted[pi], "professional_title", np.full(len(pi), ""),
                              np.array(_TITLE_ORDER)[prev_rank], prev_name, occ_of[protech_sorted[pi]],
                              np.full(len(pi), "济源示范区人力资源和社会保障局"), prev_date, np.full(len(pi), -1)))

    # other certificates (special operations, special equipment, access qualifications)
    kinds = np.array(list(_OTHER_CERTS))
    kind = _pick(rng, kinds, len(othercert), [0.45, 0.25, 0.2, 0.1])
    lo = earliest[othercert]
    obtained = np.minimum(lo + (rng.random(len(othercert)) * (today - lo)).astype(np.int64), today)
    for kd in kinds:
        m = kind == kd
        idx = othercert[m]
        cname = _pick(rng, np.array(_OTHER_CERTS[kd]), m.sum())
        validity = {"special_operation": 6, "special_equipment": 4}.get(kd)
        vt = obtained[m] + validity * 365 if validity else np.full(m.sum(), -1)
        issuer = {"special_operation": "济源示范区应急管理局", "special_equipment": "济源示范区市场监督管理局",
                  "vocational_qualification": "河南省人力资源和社会保障厅",
                  "specialty_skill": "济源示范区职业技能鉴定中心"}[kd]
        frames.append(_cert_frame(idx, kd, np.full(m.sum(), ""), np.full(m.sum(), ""), cname, occ_of[idx],
                                  np.full(m.sum(), issuer), obtained[m], vt))
    certs = pl.concat(frames).sort(["person_key", "obtained_on", "kind"])
    k = certs.height
    year = certs["obtained_on"].dt.year().cast(pl.Utf8)
    certs = certs.with_columns(
        pl.when(pl.col("valid_to_days") >= 0).then(pl.col("valid_to_days").cast(pl.Date)).otherwise(None).alias("valid_to"),
        (pl.lit("419001") + year + pl.Series(np.arange(k) + 1).cast(pl.Utf8).str.zfill(8)).alias("number"),
    ).drop("valid_to_days")
    return certs


# --- talent categories -----------------------------------------------------------------------


def _talent_categories(rng, tg, e_idx, role, age, edu, today, newly):
    counts = split_counts(tg.talent_recognitions, TALENT_CATEGORY_SHARES)
    a, ed = age[e_idx], edu[e_idx]
    pt = role[e_idx] == ROLE_PROTECH
    is_new = np.isin(e_idx, newly)
    free = np.ones(len(e_idx), dtype=bool)
    young = a <= 35
    weights = {
        "A": np.array([30, 3, 0.1, 0, 0, 0, 0, 0, 0, 0, 0])[ed] * np.where(pt, 5, 1) * np.where(a >= 45, 1, 0.05),
        "B": np.array([30, 3, 0.1, 0, 0, 0, 0, 0, 0, 0, 0])[ed] * np.where(pt, 5, 1) * np.where(a >= 42, 1, 0.05),
        "C": np.array([20, 6, 0.5, 0.01, 0, 0, 0, 0, 0, 0, 0])[ed] * np.where(pt, 5, 1) * np.where(a >= 38, 1, 0.1),
        # the young categories (D 青年拔尖人才, E–G 青年人才) never go to the old: no weight past
        # the age limit (only if every young candidate were taken would the 1e-9 floor reach one)
        "D": np.array([20, 10, 1, 0.05, 0, 0, 0, 0, 0, 0, 0])[ed] * np.where(pt, 3, 1) * np.where(a <= 45, 1, 0.0),
        "E": np.array([30, 8, 0.3, 0, 0, 0, 0, 0, 0, 0, 0])[ed] * np.where(young, 1, 0.0) * np.where(is_new, 8, 1),
        "F": np.array([3, 8, 2, 0.05, 0, 0, 0, 0, 0, 0, 0])[ed] * np.where(young, 1, 0.0) * np.where(is_new, 8, 1),
        "G": np.array([0, 1, 3, 2, 0.2, 0.1, 0.3, 0, 0, 0, 0])[ed] * np.where(young, 1, 0.0) * np.where(is_new, 8, 1),
    }
    start = min(_days(dt.date(2018, 1, 1)), today - 3 * 365)
    frames = []
    for cat, k in counts.items():
        w = np.where(free, weights[cat] + 1e-9, 0.0)
        chosen = _choose(rng, w, k)
        free[chosen] = False
        people = e_idx[chosen]
        rec = start + (rng.random(k) * (today - start)).astype(np.int64)
        source = _pick(rng, np.array(["local", "henan", "city_1_8"]), k, [0.85, 0.1, 0.05])
        issuer = np.select([source == "local", source == "henan"],
                           ["济源示范区人才工作领导小组", "河南省人才工作领导小组"], "郑州市人才工作领导小组")
        special = (np.isin(cat, ["C", "D"])) & (rng.random(k) < 0.01)
        frames.append(pl.DataFrame({
            "person_key": people.astype(np.int64), "category": np.full(k, cat), "source": source.astype(str),
            "issuer": issuer.astype(str), "recognised_on": _to_date(rec), "valid_to_days": np.full(k, -1),
            "is_special": np.full(k, special) if np.ndim(special) == 0 else special,
        }))
        # some were first recognised one category lower; that record was superseded
        lower = chr(ord(cat) + 1)
        if cat in "DEF":
            h = np.flatnonzero((rng.random(k) < 0.2) & (rec - start > 400))
            prev = start + (rng.random(len(h)) * (rec[h] - start - 365)).astype(np.int64)
            frames.append(pl.DataFrame({
                "person_key": people[h].astype(np.int64), "category": np.full(len(h), lower),
                "source": np.full(len(h), "local"), "issuer": np.full(len(h), "济源示范区人才工作领导小组"),
                "recognised_on": _to_date(prev), "valid_to_days": rec[h] - 1,
                "is_special": np.zeros(len(h), dtype=bool),
            }))
    out = pl.concat(frames).sort(["person_key", "recognised_on"])
    return out.with_columns(
        pl.when(pl.col("valid_to_days") >= 0).then(pl.col("valid_to_days").cast(pl.Date)).otherwise(None).alias("valid_to")
    ).drop("valid_to_days")


# --- pensions --------------------------------------------------------------------------------


def _pensions(rng, n, status, first_start, current_start, age, birth, male, today):
    covered = np.isin(status, [ST_EMPLOYED, ST_UNEMPLOYED, ST_RETIRED]) & (rng.random(n) < 0.9949)
    p = np.flatnonzero(covered)
    st = status[p]
    since = np.where(first_start[p] >= 0, first_start[p], birth[p] + 22 * 365)
    broken = (st == ST_EMPLOYED) & (rng.random(len(p)) < 0.12)
    since = np.where(broken & (current_start[p] >= 0), current_start[p], since)
    since = np.maximum(since, _days(dt.date(1992, 1, 1)))  # basic pension insurance for all from the 1990s
    months = np.maximum((today - since) // 30, 0)
    retired = st == ST_RETIRED
    months = np.where(retired, (rng.uniform(0.5, 1.0, size=len(p)) * 12 * np.where(male[p], 38, 30)).astype(np.int64),
                      months)
    unemployed = st == ST_UNEMPLOYED
    months = np.where(unemployed, (months * rng.uniform(0.0, 0.6, size=len(p))).astype(np.int64), months)
    back_paid = rng.random(len(p)) < 0.04
    return pl.DataFrame({"person_key": p.astype(np.int64), "continuous_months": months.astype(np.int64),
                         "back_paid": back_paid})


# --- names -----------------------------------------------------------------------------------


def _names(rng, n, male, birth_year):
    surnames = np.array([s for s, _ in ref.SURNAMES])
    weights = np.array([w for _, w in ref.SURNAMES])
    sur = _pick(rng, surnames, n, weights)
    era = np.select([birth_year < 1965, birth_year < 1990], [0, 1], 2)
    given = np.empty(n, dtype="U2")
    for (sex, e), pool in ref.GIVEN_NAMES.items():
        m = (male == (sex == "M")) & (era == e)
        given[m] = np.array(pool)[rng.integers(0, len(pool), size=m.sum())]
    return np.char.add(sur, given)


# --- 2021–2025: what happened after the baseline ------------------------------------------------

# Plan period flows per 730,000 residents. Table 1 sets the 2025 targets; the demo city reaches
# most but not all of each increment, so the indicator pages have something to show.
FLOWS_PER_CITY = {
    "new_skill_talents": round((230_100 - 134_000) * 0.92),  # T1-09: 13.4万 -> 23.01万
    "high_skill_upgrades": round(58_000 * 0.85),  # C1-T20: 5.8万 new high-skill talents
    "new_professional_technical": round((34_000 - 25_000) * 1.0),  # T1-02: 2.5万 -> 3.4万
    "new_certificate_holders": round(161_000 * 0.95),  # C1-T20: 16.1万 persons certified
    "graduate_hires": 20_000,  # graduates who start work in Jiyuan, 2021–2025
    "manager_promotions": round((32_000 - 24_000) * 0.9),  # T1-01: 2.4万 -> 3.2万
}
FLOW_RECOGNITIONS = {"D": 100, "E": 250, "F": 450, "G": 450}
FLOW_YEAR_WEIGHTS = [0.16, 0.18, 0.20, 0.22, 0.24]


def _add_flows(city: City, seed: int, until: dt.date) -> None:
    """Append dated records for 2021 … `until` (certificates, titles, graduate hires, talent
    recognitions). The baseline (everything up to city.as_of) is not touched: a separate random
    stream is used, so the 2020 snapshot is identical with or without the flows."""
    rng = np.random.Generator(np.random.PCG64([seed, 2021]))
    n = city.residents
    start_year = city.as_of.year + 1
    years = np.arange(start_year, until.year + 1)
    if len(years) == 0:
        return
    yw = np.array(FLOW_YEAR_WEIGHTS[: len(years)] + [0.24] * max(0, len(years) - 5), dtype=float)
    last_day = _days(until)

    def dates_in_years(k: int) -> np.ndarray:
        y = years[rng.choice(len(years), size=k, p=yw / yw.sum())]
        d = _date_of(y, np.ones(k, dtype=np.int64), np.ones(k, dtype=np.int64)) + rng.integers(0, 365, size=k)
        return np.minimum(d, last_day)

    p = city.persons
    occ = ref.occupations()
    occ_name = dict(zip(occ.codes.tolist(), occ.names.tolist(), strict=True))
    cur = city.employment.filter(pl.col("end_date").is_null())
    occ_of = np.full(n, "", dtype="U10")
    occ_of[cur["person_key"].to_numpy()] = cur["occupation_code"].to_numpy().astype("U10")
    employed = p["employed"].to_numpy()
    holder = p["is_certificate_holder"].to_numpy()
    edu_years = p["education_years"].to_numpy()
    plain = np.flatnonzero(employed & ~holder & ~p["is_enterprise_manager"].to_numpy())
    scale = {k: _scaled(v, n, 0) for k, v in FLOWS_PER_CITY.items()}
    new_skill_n = min(scale["new_skill_talents"], len(plain))
    new_pt_n = min(scale["new_professional_technical"], len(plain) - new_skill_n)
    new_other_n = max(0, min(scale["new_certificate_holders"] - new_skill_n - new_pt_n, len(plain) - new_skill_n - new_pt_n))

    order = rng.permutation(plain)
    # professional titles go to the best educated of the plain workers, skill certificates to the rest
    by_edu = order[np.argsort(-(edu_years[order] + rng.normal(0, 2, size=len(order))), kind="stable")]
    new_pt = by_edu[:new_pt_n]
    rest = rng.permutation(by_edu[new_pt_n:])
    new_skill = rest[:new_skill_n]
    new_other = rest[new_skill_n: new_skill_n + new_other_n]
    frames = [city.certificates.drop("number")]

    def cert(person, kind, skill_level, title_level, name, issuer, obtained, valid_to=None):
        k = len(person)
        return pl.DataFrame({
            "person_key": person.astype(np.int64), "kind": np.full(k, kind), "skill_level": skill_level.astype(str),
            "title_level": title_level.astype(str), "name": name.astype(str), "occupation_code": occ_of[person].astype(str),
            "issuer": issuer.astype(str), "obtained_on": _to_date(obtained),
            "valid_to": _to_date(valid_to) if valid_to is not None else np.full(k, np.datetime64("NaT"), dtype="datetime64[D]"),
        }).with_columns(pl.col("valid_to").cast(pl.Date))

    # high-skill upgrades: 70% existing skill talents below senior worker, 30% new entrants
    upgrades = scale["high_skill_upgrades"]
    below = np.flatnonzero(p["is_skill_talent"].to_numpy() & ~p["is_high_skill"].to_numpy())
    up_existing = rng.permutation(below)[: min(len(below), round(upgrades * 0.7))]
    direct = min(upgrades - len(up_existing), len(new_skill))
    level = np.where(np.arange(len(new_skill)) < direct, "senior_worker",
                     _pick(rng, np.array(["junior_worker", "intermediate_worker"]), len(new_skill), [0.45, 0.55]))
    for people, lv in ((new_skill, level), (up_existing, np.full(len(up_existing), "senior_worker"))):
        names = np.array([occ_name.get(c, "") for c in occ_of[people]])
        frames.append(cert(people, "skill_level", lv, np.full(len(people), ""),
                           _cat(names, "(", np.vectorize(_SKILL_LEVEL_NAMES.get)(lv) if len(lv) else np.full(0, ""), ")"),
                           _pick(rng, np.array(_ISSUERS_SKILL), len(people)), dates_in_years(len(people))))
    frames.append(cert(new_pt, "professional_title", np.full(len(new_pt), ""), np.full(len(new_pt), "junior"),
                       np.full(len(new_pt), "助理工程师"), np.full(len(new_pt), "济源示范区人力资源和社会保障局"),
                       dates_in_years(len(new_pt))))
    kinds = _pick(rng, np.array(list(_OTHER_CERTS)), len(new_other), [0.45, 0.25, 0.2, 0.1])
    other_dates = dates_in_years(len(new_other))
    for kd in _OTHER_CERTS:
        m = kinds == kd
        validity = {"special_operation": 6, "special_equipment": 4}.get(kd)
        frames.append(cert(new_other[m], kd, np.full(m.sum(), ""), np.full(m.sum(), ""),
                           _pick(rng, np.array(_OTHER_CERTS[kd]), m.sum()), np.full(m.sum(), "济源示范区人力资源和社会保障局"),
                           other_dates[m], other_dates[m] + validity * 365 if validity else None))
    certs = pl.concat(frames, how="diagonal_relaxed").sort(["person_key", "obtained_on", "kind"])
    k = certs.height
    city.certificates = certs.with_columns(
        (pl.lit("419001") + pl.col("obtained_on").dt.year().cast(pl.Utf8)
         + pl.Series(np.arange(k) + 1).cast(pl.Utf8).str.zfill(8)).alias("number"))

    # graduate hires: students of 2020 who graduate and start work in Jiyuan
    age = ((_days(city.as_of) - p["birth_date"].cast(pl.Int64).to_numpy()) / 365.2425).astype(np.int64)
    students = np.flatnonzero((p["status"].to_numpy() == "student") & (age >= 18) & (age <= 23))
    hires = rng.permutation(students)[: min(scale["graduate_hires"], len(students))]
    h = len(hires)
    grad_year = np.minimum(city.as_of.year + 1 + np.clip(22 - age[hires], 0, 4), years[-1])
    lvl = _pick(rng, np.array([ref.EDU_MASTER, ref.EDU_BACH, ref.EDU_ASSOC]), h, [0.08, 0.47, 0.45])
    grad = _date_of(grad_year, np.full(h, 7), np.ones(h, dtype=np.int64)) - 1
    start = np.minimum(grad + rng.integers(1, 150, size=h), last_day)
    uni = np.array([u[0] for u in ref.UNIVERSITIES])
    uni_w = np.array([u[3] for u in ref.UNIVERSITIES])
    uni_dfc = np.array([u[1] for u in ref.UNIVERSITIES])
    voc = np.char.find(uni, "职业技术学院") >= 0
    school = np.where(lvl == ref.EDU_ASSOC, _pick(rng, uni, h, np.where(voc, uni_w * 2.5, np.where(uni_dfc, 0, uni_w * 0.3))),
                      _pick(rng, uni, h, np.where(voc, 0.0, uni_w)))
    in_city = np.isin(school, uni[np.array([u[2] for u in ref.UNIVERSITIES])])
    city.education = pl.concat([city.education, pl.DataFrame({
        "person_key": hires.astype(np.int64), "level_code": ref.EDU_CODES[lvl],
        "degree": ref.EDU_DEGREE[lvl].astype(str), "school": school.astype(str),
        "major": _pick(rng, np.array(ref.MAJORS), h).astype(str), "full_time": np.ones(h, dtype=bool),
        "double_first_class": np.isin(school, uni[uni_dfc]), "overseas": np.zeros(h, dtype=bool),
        "school_in_city": in_city, "graduation_date": _to_date(grad),
    })], how="diagonal_relaxed").sort(["person_key", "graduation_date"])
    orgs = city.organisations
    ent = orgs.filter(pl.col("group").is_in([G_CHAIN, G_OTHER_ENT, G_RESEARCH]))
    ent_keys = ent["org_key"].to_numpy()
    org = ent_keys[rng.choice(len(ent_keys), size=h, p=ent["staff_count"].to_numpy() / ent["staff_count"].sum())]
    prefix = np.where(rng.random(h) < 0.5, "2-02", orgs["occupation_prefix"].to_numpy()[org])
    post = np.where(prefix == "2-02", _pick(rng, np.array(["research", "production"]), h), "production")
    city.employment = pl.concat([city.employment, pl.DataFrame({
        "person_key": hires.astype(np.int64), "org_key": org.astype(np.int64), "form": np.full(h, "employee"),
        "occupation_code": _occupation_codes(rng, prefix).astype(str), "post": post.astype(str),
        "frontline_professional": prefix == "2-02", "start_date": _to_date(start),
        "contract_years": _pick(rng, np.array([3.0, 5.0]), h), "newly_introduced": ~in_city,
        "monthly_wage_fen": (np.round(rng.lognormal(np.log(5200.0), 0.25, size=h)) * 100).astype(np.int64),
        "end_date": np.full(h, np.datetime64("NaT"), dtype="datetime64[D]"),
    }).with_columns(pl.col("end_date").cast(pl.Date))], how="diagonal_relaxed").sort(["person_key", "start_date"])
    months = np.maximum((last_day - start) // 30, 0)
    city.pensions = pl.concat([city.pensions, pl.DataFrame({
        "person_key": hires.astype(np.int64), "continuous_months": months.astype(np.int64),
        "back_paid": np.zeros(h, dtype=bool), "as_of": np.full(h, np.datetime64(until, "D"))})],
        how="diagonal_relaxed").sort("person_key")

    # promotions to enterprise management: the old job ends, a management post starts
    emp = city.employment
    kinds = orgs.select("org_key", "kind")
    candidates = emp.filter(pl.col("end_date").is_null() & (pl.col("post") != "management")
                            & (pl.col("start_date") <= city.as_of)).join(
        kinds, on="org_key").filter(pl.col("kind").is_in(["enterprise", "hr_agency"]))
    cand_p = candidates["person_key"].to_numpy()
    cand_w = np.where(edu_years[cand_p] >= 15, 4.0, 1.0) * np.where(holder[cand_p], 1.0, 0.5)
    chosen = np.sort(cand_p[_choose(rng, cand_w, min(scale["manager_promotions"], len(cand_p)))])
    promo_day = dates_in_years(len(chosen))
    promoted = candidates.filter(pl.col("person_key").is_in(chosen)).sort("person_key")
    ends = pl.DataFrame({"person_key": chosen.astype(np.int64), "_end": _to_date(promo_day - 1)}).with_columns(
        pl.col("_end").cast(pl.Date))
    emp = emp.join(ends, on="person_key", how="left").with_columns(
        pl.when(pl.col("end_date").is_null() & pl.col("_end").is_not_null()).then(pl.col("_end"))
        .otherwise(pl.col("end_date")).alias("end_date")).drop("_end")
    new_jobs = promoted.drop("kind").with_columns(
        pl.Series("occupation_code", _occupation_codes(rng, np.full(len(chosen), "1-06")).astype(str)),
        pl.lit("management").alias("post"), pl.lit(False).alias("frontline_professional"),
        pl.Series("start_date", _to_date(promo_day)).cast(pl.Date), pl.lit(5.0).alias("contract_years"),
        pl.lit(False).alias("newly_introduced"), (pl.col("monthly_wage_fen") * 2 // 100 * 100).alias("monthly_wage_fen"),
        pl.lit(None, dtype=pl.Date).alias("end_date"))
    city.employment = pl.concat([emp, new_jobs], how="diagonal_relaxed").sort(["person_key", "start_date"])

    # talent recognitions: the young ones mostly among the new graduates
    recognised = set(city.talent_categories["person_key"].to_list())
    frames = [city.talent_categories]
    hire_pool = np.array([x for x in hires[lvl != ref.EDU_ASSOC] if x not in recognised], dtype=np.int64)
    # D (青年拔尖人才) is for the young: at most 40 on the baseline, so at most 45 when recognised
    protech_pool = np.array([x for x in np.flatnonzero(p["is_professional_technical"].to_numpy() & (age <= 40))
                             if x not in recognised], dtype=np.int64)
    taken = 0
    for cat, per_city in FLOW_RECOGNITIONS.items():
        k = _scaled(per_city, n, 0)
        pool = protech_pool if cat == "D" else hire_pool[taken:]
        people = pool[:k] if cat == "D" else pool[:k]
        if cat != "D":
            taken += len(people)
        k = len(people)
        rec = dates_in_years(k)
        if cat != "D":  # recognised after they started work
            hire_start = dict(zip(hires.tolist(), start.tolist(), strict=True))
            rec = np.maximum(rec, np.array([hire_start[x] for x in people], dtype=np.int64) + 30) if k else rec
            rec = np.minimum(rec, last_day)
        frames.append(pl.DataFrame({
            "person_key": people.astype(np.int64), "category": np.full(k, cat), "source": np.full(k, "local"),
            "issuer": np.full(k, "济源示范区人才工作领导小组"), "recognised_on": _to_date(rec),
            "is_special": np.zeros(k, dtype=bool),
            "valid_to": np.full(k, np.datetime64("NaT"), dtype="datetime64[D]"),
        }).with_columns(pl.col("valid_to").cast(pl.Date)))
    city.talent_categories = pl.concat(frames, how="diagonal_relaxed").sort(["person_key", "recognised_on"])
    city.history_until = until
