"""Rules of the Jiyuan package: one function per benefit id in benefits.yaml.

Each function receives a `Ctx` (columns of a batch of profiles + parameters in force at the
as-of date) and returns an `Outcome`. Amounts, thresholds and lists come from
parameters.yaml via c.param / c.fen — never literals — so that a change of policy is a dated
line of data. Plan references are in benefits.yaml (clause, references, decisions).
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

import numpy as np

from zhihui.policy.dates import to_days, v_add_months, v_add_years, v_age_on, v_year
from zhihui.policy.errors import PackageError
from zhihui.policy.package import fmt_fen
from zhihui.policy.params import UNSET
from zhihui.policy.reasons import Req, Rows
from zhihui.policy.rules import (
    Ctx,
    Outcome,
    Tri,
    all_of,
    annual,
    any_of,
    first_item,
    fmt_days,
    once,
    per_item,
    select,
    split,
    when,
)

ENTERPRISES = ("key_enterprise", "enterprise")


def _about(path: str, note: str, /, **values) -> Req:
    """A condition's label: the field and what about it ("employment.start_date (already
    introduced)"); `note` is a template of reasons.yaml."""
    return Req("field_note", path=path, note=Req(note, **values))


def _route(n: int, what) -> Req:
    """ "route 1: …": one of several alternative routes to a benefit."""
    return Req("route", n=n, what=what)


HIGH_LEVEL = ("A", "B", "C", "D")


def _years(days: np.ndarray, ok: np.ndarray) -> np.ndarray:
    return v_year(np.where(ok, days, 0))


def _introduced(c: Ctx) -> Tri:
    """A start date after the as-of date is not yet an introduction (contract v2 change 1)."""
    return c.memo("introduced", lambda: c.fact(
        "employment.start_date", lambda v: v <= c.as_of_days,
        Req("by_as_of_introduced", date=c.as_of.isoformat()),
        label=_about("employment.start_date", "already_introduced")))


def _events_from(c: Ctx) -> tuple[dt.date, int]:
    """The plan period's first day (2021-01-01): one-off awards need an event on or after it
    (contract v2 change 8). Returned as (date, day number)."""
    frm = c.param("plan.events_from")
    return frm, to_days(frm)


def _scaled(d: Decimal, scale: int, what: str) -> int:
    x = d * scale
    if x != x.to_integral_value():
        raise PackageError(f"{what}: {d} has too many decimals")
    return int(x)


# =============================================================================== persons


def graduate_living(c: Ctx) -> Outcome:
    deg = c.col("education.degree")
    start = c.col("employment.start_date")
    grad = c.col("education.graduation_date")
    window = c.param("graduate_living.window_years")
    max_age = c.param("graduate_living.master_max_age")

    group = any_of(
        c.is_true("education.full_time"),
        c.is_true("education.overseas"),
        c.fact("education.degree", deg.eq("preparatory_technician"),
               Req("prep_technician_required"),
               label=Req("technician_class_graduate")),
    )
    degree = c.is_in("education.degree", ["doctorate", "master", "bachelor", "preparatory_technician"])
    limit = v_add_years(grad.values, window)
    in_window = c.derived(
        ["employment.start_date", "education.graduation_date"],
        (start.values >= grad.values) & (start.values <= limit),
        Req("started_by_anniversary", n=window) if window == 3
        else Req("started_within_years", n=window),
        _about("employment.start_date", "within_three_years"),
        lambda: Rows("started_graduated", start=start.display(), graduated=grad.display(),
                     limit=fmt_days(limit)),
    )
    age = v_age_on(c.col("birth_date").values, start.values)
    master_age = c.derived(
        ["birth_date", "employment.start_date"], age <= max_age,
        Req("aged_at_most_on_start", age=max_age), Req("master_age_label"),
        lambda: Rows("aged_on", age=age.tolist(), date=start.display()),
    )
    by_degree = select([
        (deg.eq("master"), master_age),
        (deg.eq("bachelor"), c.known("education.double_first_class", Req("bachelors_rate"))),
    ])
    cond = all_of(
        group,
        degree,
        by_degree,
        c.is_true("employment.newly_introduced"),
        in_window,
        _introduced(c),
        c.is_true("hukou_settled"),
        c.at_least("employment.contract_years",
                   float(c.param("graduate_living.min_contract_years")), unit=Req("unit.years")),
        # 不含补缴: continuous_months counts on-time months only; back_paid does not decide (v2)
        c.at_least("pension.continuous_months", c.param("graduate_living.min_pension_months"),
                   unit=Req("unit.months_on_time")),
    )
    dfc = c.col("education.double_first_class").values == 1
    cases = [deg.eq("doctorate"), deg.eq("master"), deg.eq("bachelor") & dfc,
             deg.eq("bachelor") & ~dfc]
    rates = [c.fen("graduate_living.amount_doctorate"), c.fen("graduate_living.amount_master"),
             c.fen("graduate_living.amount_bachelor_dfc"), c.fen("graduate_living.amount_bachelor")]
    prep_fen = c.fen("graduate_living.amount_preparatory_technician")
    is_prep = deg.eq("preparatory_technician")
    if prep_fen is None:
        known = ~is_prep
    else:
        cases.append(is_prep)
        rates.append(prep_fen)
        known = True
    amt = np.select(cases, rates, 0)
    pay = annual(_years(start.values, start.present), amt, c.param("graduate_living.years"))
    return Outcome(cond, pay, known,
                   Req("no_rate_prep_technician"))


def youth_talent_living(c: Ctx) -> Outcome:
    cat = c.col("talent_category")
    start = c.col("employment.start_date")
    is_e, is_f = cat.eq("E"), cat.eq("F")
    e_cond = all_of(
        c.is_in("employment.employer_kind", c.param("youth_living.e_employers"),
                label=_about("employment.employer_kind", "talent_class", cls="E")),
        c.is_true("employment.frontline_professional",
                  label=_about("employment.frontline_professional", "class_frontline", cls="E")),
    )
    f_cond = all_of(
        c.is_in("employment.employer_kind", c.param("youth_living.f_employers"),
                label=_about("employment.employer_kind", "talent_class", cls="F")),
        c.is_true("employment.frontline_professional",
                  label=_about("employment.frontline_professional", "class_frontline", cls="F")),
    )
    cond = all_of(
        c.is_true("employment.newly_introduced"),
        c.is_in("talent_category", ["E", "F", "G"]),
        select([(is_e, e_cond), (is_f, f_cond)]),
        _introduced(c),
    )
    amt = np.select([is_e, is_f, cat.eq("G")],
                    [c.fen("youth_living.amount_e"), c.fen("youth_living.amount_f"),
                     c.fen("youth_living.amount_g")], 0)
    pay = annual(_years(start.values, start.present), amt, c.param("youth_living.years"))
    return Outcome(cond, pay)


def _university_graduate(c: Ctx) -> Tri:
    """高校毕业生: associate degree or above (graduate_startup, startup_project_award)."""
    return c.memo("university_graduate", lambda: c.is_in(
        "education.degree", ["doctorate", "master", "bachelor", "associate"],
        label=_about("education.degree", "university_graduate")))


def graduate_startup(c: Ctx) -> Outcome:
    lic = c.col("business.license_date")
    months = c.param("graduate_startup.operating_months")
    reached = v_add_months(lic.values, months)
    six = c.derived(
        ["business.license_date"], reached <= c.as_of_days,
        Req("licence_months_by", months=months, date=c.as_of.isoformat()),
        _about("business.license_date", "operating_six_months"),
        lambda: Rows("licensed_reached", licensed=lic.display(), months=months,
                     reached=fmt_days(reached)),
    )
    frm, frm_days = _events_from(c)
    in_period = c.derived(
        ["business.license_date"], reached >= frm_days,
        Req("months_reached_from", months=months, date=frm.isoformat()),
        _about("business.license_date", "within_plan_period"),
        lambda: Rows("months_reached", months=months, reached=fmt_days(reached)),
    )
    cond = all_of(
        _university_graduate(c),
        c.is_true("business.operating_normally"),
        six,
        in_period,
    )
    pay = once(_years(reached, lic.present), c.fen("graduate_startup.amount"))
    return Outcome(cond, pay)


def startup_project_award(c: Ctx) -> Outcome:
    year = c.col("startup_project_rating.year")
    cond = all_of(
        _university_graduate(c),
        c.is_in("startup_project_rating.program", ["henan_mass_entrepreneurship"]),
        when(year.present, c.fact("startup_project_rating.year", lambda v: v <= c.as_of_year,
                                  Req("year_or_earlier", year=c.as_of_year))),
    )
    lo, hi = c.fen("startup_project_award.min"), c.fen("startup_project_award.max")
    if lo is None or hi is None:
        return Outcome(cond, None, False, Req("amount_range_not_set"))
    return Outcome(cond, None, extras={"amount_range": {"min": fmt_fen(lo), "max": fmt_fen(hi)}})


def _dated_item_award(c: Ctx, list_path: str, levels: list[str], from_pid: str, fen_pid: str,
                      what: str) -> Outcome:
    it = c.items(list_path)
    frm = c.param(from_pid)
    lo, hi = to_days(frm), c.as_of_days
    item = all_of(
        it.is_in("level", levels),
        it.fact("obtained", lambda v: (v >= lo) & (v <= hi)),
    )
    obtained = it.col("obtained")
    has = c.any_item(
        list_path, item,
        Req("obtained_between", what=what, start=frm.isoformat(), end=c.as_of.isoformat()),
    )
    cond = all_of(
        c.is_in("employment.employer_kind", ENTERPRISES,
                label=_about("employment.employer_kind", "enterprise_employee")),
        has,
    )
    first, exists = first_item(c, item, obtained.values, it.row)
    pay = once(_years(first, exists), c.fen(fen_pid))
    return Outcome(cond, pay)


def senior_title_award(c: Ctx) -> Outcome:
    return _dated_item_award(c, "titles", ["associate_senior", "senior"],
                             "senior_title_award.obtained_from", "senior_title_award.amount",
                             Req("a_senior_title"))


def senior_technician_subsidy(c: Ctx) -> Outcome:
    """企业新引进或新获得高级技师…: (i) an enterprise employee who newly obtained the
    certificate; (ii) newly introduced by an enterprise (from the plan period's start) holding
    one of any date. Paid once, in the earliest year among the routes that hold (contract v2
    change 4). 符合职业培训补贴条件 is checked at the window."""
    it = c.items("skill_certificates")
    frm = c.param("senior_technician_subsidy.obtained_from")
    lo, hi = to_days(frm), c.as_of_days
    obtained = it.col("obtained")
    new_cert = all_of(it.is_in("level", ["senior_technician"]),
                      it.fact("obtained", lambda v: (v >= lo) & (v <= hi)))
    held = all_of(it.is_in("level", ["senior_technician"]),
                  it.fact("obtained", lambda v: v <= hi))
    route1 = all_of(
        c.is_in("employment.employer_kind", ENTERPRISES,
                label=_route(1, _about("employment.employer_kind", "enterprise_employee"))),
        c.any_item("skill_certificates", new_cert,
                   _route(1, Req("obtained_between", what=Req("a_senior_technician_certificate"),
                                 start=frm.isoformat(), end=c.as_of.isoformat()))),
    )
    ev, ev_days = _events_from(c)
    start = c.col("employment.start_date")
    route2 = all_of(
        c.is_true("employment.newly_introduced",
                  label=_route(2, _about("employment.newly_introduced", "introduced_by_enterprise"))),
        c.is_in("employment.employer_kind", ENTERPRISES,
                label=_route(2, _about("employment.employer_kind", "an_enterprise"))),
        c.fact("employment.start_date", lambda v: (v >= ev_days) & (v <= hi),
               Req("from_to", start=ev.isoformat(), end=c.as_of.isoformat()),
               label=_route(2, _about("employment.start_date", "introduced_in_plan_period"))),
        c.any_item("skill_certificates", held,
                   _route(2, Req("certificate_held_by", date=c.as_of.isoformat()))),
    )
    cond = any_of(route1, route2)
    first, exists = first_item(c, new_cert, obtained.values, it.row)
    y1 = _years(first, exists)
    y2 = _years(start.values, start.present)
    r1, r2 = route1.true, route2.true
    year = np.where(r1 & r2, np.where(y1 <= y2, y1, y2), np.where(r1, y1, y2))
    pay = once(year, c.fen("senior_technician_subsidy.amount"))
    return Outcome(cond, pay)


def national_technical_expert(c: Ctx) -> Outcome:
    frm, frm_days = _events_from(c)
    it = c.items("honors")
    role = it.col("role")
    date = it.col("date")
    item = all_of(
        it.is_in("kind", ["national_technical_expert"]),
        it.known("role"),
        it.fact("date", lambda v: (v >= frm_days) & (v <= c.as_of_days)),
    )
    cond = c.any_item("honors", item,
                      Req("expert_honour_between", start=frm.isoformat(), end=c.as_of.isoformat()))
    fen = np.where(role.eq("contestant"), c.fen("national_technical_expert.contestant"),
                   c.fen("national_technical_expert.coach"))
    ok = item.true
    pay = per_item(it.row[ok], v_year(date.values[ok]), fen[ok])
    return Outcome(cond, pay)


def _selection(c: Ctx, program: str, fen_pid: str) -> Outcome:
    frm, _ = _events_from(c)
    it = c.items("selections")
    item = all_of(
        it.is_in("program", [program]),
        it.fact("year", lambda v: (v >= frm.year) & (v <= c.as_of_year)),
    )
    cond = c.any_item("selections", item,
                      Req("selected_between", code=program, start=frm.year, end=c.as_of_year))
    first, exists = first_item(c, item, it.col("year").values, it.row)
    pay = once(np.where(exists, first, 0), c.fen(fen_pid))
    return Outcome(cond, pay)


def wangwu_professional(c: Ctx) -> Outcome:
    return _selection(c, "wangwu_professional", "wangwu.professional")


def wangwu_innovation_star(c: Ctx) -> Outcome:
    return _selection(c, "wangwu_innovation_star", "wangwu.innovation_star")


def wangwu_entrepreneur(c: Ctx) -> Outcome:
    return _selection(c, "wangwu_entrepreneur", "wangwu.entrepreneur")


def wangwu_agritech_star(c: Ctx) -> Outcome:
    return _selection(c, "wangwu_agritech_star", "wangwu.agritech_star")


SCORE_UNIT = 10**10  # sub-scores are scaled by 10**6, weights by 10**4


def _fmt_score(x: int) -> str:
    q, r = divmod(int(x), SCORE_UNIT)
    return str(q) if r == 0 else f"{q}.{r:010d}".rstrip("0")


SCARCE_PARTS = ("quality", "scarcity", "salary")


def scarce_talent_weights(param) -> dict:
    """The weights of the scarce-talent score in force, read through `param(pid)` (a Ctx's
    c.param, or a parameter's value_at): the `scarce_talent.weight_*` parameters."""
    return {k: param(f"scarce_talent.weight_{k}") for k in SCARCE_PARTS}


def scarce_talent_score(weights: dict, parts: dict):
    """THE scarce-talent score (L86, L132): the weighted sum of the three sub-scores. Works on
    Decimals (the window's recognition) and on integer columns with scaled weights (the rule)."""
    score = 0
    for k in SCARCE_PARTS:
        score = score + weights[k] * parts[k]
    return score


def scarce_talent_formula(weights: dict) -> Req:
    """The formula as the rule's reason states it, from the weights in force."""
    return Req("scarce_formula", **{k: weights[k] for k in SCARCE_PARTS})


def scarce_talent_salary(c: Ctx) -> Outcome:
    paths = [f"scarce_talent.{k}" for k in SCARCE_PARTS]
    raw = scarce_talent_weights(c.param)
    weights = c.per_as_of("scarce_talent.weights", lambda: {
        k: _scaled(raw[k], 10**4, f"scarce_talent.weight_{k}") for k in SCARCE_PARTS
    })
    wlist = [weights[k] for k in SCARCE_PARTS]  # in the order of `paths`
    score = scarce_talent_score(weights, {k: c.col(p).values for k, p in zip(SCARCE_PARTS, paths, strict=True)})
    raw_bands = c.param("scarce_talent.bands")
    # (lower bound, its scaled score, amount in fen), lowest first: once per as-of date
    bands = c.per_as_of("scarce_talent.bands", lambda: [
        (lower, _scaled(lower, SCORE_UNIT, "scarce_talent.bands"), int(amount * 100))
        for lower, amount in sorted((Decimal(k), Decimal(v)) for k, v in raw_bands.items())
    ])
    lowest = bands[0][0]
    cond_score = c.derived(
        paths, score >= bands[0][1],
        Req("formula_at_least", formula=scarce_talent_formula(raw), lowest=lowest),
        Req("scarce_score_label"),
        lambda: Rows("score_is", score=[_fmt_score(s) for s in score.tolist()]),
    )
    # v2 change 9: stated sub-scores that keep the score below the lowest band even with every
    # missing one at its maximum fail the rule (a condition already failed), not unknown.
    cols = [c.col(p) for p in paths]
    best = score
    for col, w in zip(cols, wlist, strict=True):
        best = best + np.where(col.present, 0, w * int(col.spec.max) * 10**6)
    reachable = c.reachable(
        list(zip(paths, wlist, strict=True)), bands[0][1],
        Req("score_reachable", lowest=lowest, top=int(cols[0].spec.max)),
        Req("scarce_score_stated_label"),
        lambda: Rows("at_most", score=[_fmt_score(b) for b in best.tolist()]),
    )
    cond = all_of(
        cond_score,
        reachable,
        c.fact("scarce_talent.recognized_year", lambda v: v <= c.as_of_year,
               Req("recognised_by_year", year=c.as_of_year)),
    )
    # the highest band reached
    total = np.select([score >= scaled for _, scaled, _ in reversed(bands)],
                      [fen for _, _, fen in reversed(bands)], 0)
    year = c.col("scarce_talent.recognized_year").values
    pay = split(year + 1, total, c.param("scarce_talent.instalments"))
    return Outcome(cond, pay)


def _age_on(birth: dt.date, on: dt.date) -> int:
    """Completed years, by v_age_on's rule (a 29 February birthday is 28 February in a
    common year): for the compile-time bound below, also outside v_age_on's table years."""
    bm, bd = birth.month, birth.day
    if (bm, bd) == (2, 29) and not calendar.isleap(on.year):
        bd = 28
    return on.year - birth.year - ((on.month, on.day) < (bm, bd))


def _born_after(c: Ctx, max_age: int) -> tuple[int, str]:
    """Aged `max_age` or less on the as-of date ⇔ born after the returned day (the latest birth
    date already aged max_age + 1): an interval test on birth_date instead of an age computed
    per row. Once per (package, as-of date). No such day (an as-of date in the first years of
    the calendar): every birth date qualifies."""

    def find():
        y = c.as_of.year - max_age - 1
        if y < 1:
            return -(2**62), "—"
        base = dt.date(y, c.as_of.month, min(c.as_of.day, calendar.monthrange(y, c.as_of.month)[1]))
        best = None
        for k in range(-3, 4):
            try:
                d = base + dt.timedelta(days=k)
            except OverflowError:
                continue
            if _age_on(d, c.as_of) > max_age and (best is None or d > best):
                best = d
        return to_days(best), best.isoformat()

    return c.per_as_of(("born_after", max_age), find)


def youth_talent_station(c: Ctx) -> Outcome:
    max_age = c.param("youth_station.max_age")
    limit, limit_text = _born_after(c, max_age)
    lic = c.col("business.license_date")
    young = c.fact(
        "birth_date", lambda v: v > limit,
        Req("born_after_young", limit=limit_text, age=max_age, date=c.as_of.isoformat()),
        label=_about("birth_date", "young_talent"),
    )
    # 来济就业创业: newly introduced, or a business founded (a licence date stated; an absent
    # one means no business, so only employment.newly_introduced can be missing)
    coming = any_of(
        c.is_true("employment.newly_introduced",
                  label=_about("employment.newly_introduced", "coming_to_work")),
        c.fact("business.license_date", lic.present, Req("stated_business"),
               label=_about("business.license_date", "coming_to_start_business"),
               absent_fails=True),
    )
    cond = all_of(
        c.is_in("education.degree", ["doctorate", "master", "bachelor"],
                label=_about("education.degree", "bachelor_or_above")),
        c.is_false("education.university_in_jiyuan",
                   label=_about("education.university_in_jiyuan", "school_outside_jiyuan")),
        young,
        coming,
    )
    return Outcome(cond, None, extras={"in_kind": {"nights": c.param("youth_station.nights")}})


# =============================================================================== organisations


def graduate_hiring_loan(c: Ctx) -> Outcome:
    staff = c.col("staff_count")
    hires = c.col("graduate_hires.count")
    over = c.param("graduate_hiring_loan.large_staff_over")
    r_small = _scaled(c.param("graduate_hiring_loan.ratio"), 10**4, "graduate_hiring_loan.ratio")
    r_large = _scaled(c.param("graduate_hiring_loan.ratio_large"), 10**4, "ratio_large")
    ratio = np.where(staff.values > over, r_large, r_small)
    share = c.derived(
        ["graduate_hires.count", "staff_count"], hires.values * 10**4 >= ratio * staff.values,
        Req("hires_share", small=f"{r_small / 100:g}", large=f"{r_large / 100:g}", over=over),
        Req("ratio_label", path="graduate_hires.count", of_path="staff_count"),
        lambda: Rows("hires_staff", hires=hires.display(), staff=staff.display()),
    )
    cond = all_of(
        c.is_in("org_kind", ["enterprise"]),
        c.is_in("size_class", ["micro", "small"]),
        c.at_least("graduate_hires.count", 1, unit=Req("unit.new_graduate_hires")),
        share,
        c.at_least("graduate_hires.contracts_min_years",
                   float(c.param("graduate_hiring_loan.min_contract_years")), unit=Req("unit.years_s")),
        c.is_true("graduate_hires.pension_paid"),
        c.is_true("graduate_hires.eligible_for_guaranteed_loan"),
    )
    limit = c.fen("graduate_hiring_loan.loan_limit")
    return Outcome(cond, None, extras={"loan_limit": fmt_fen(limit)})


def graduate_transfer_award(c: Ctx) -> Outcome:
    cnt = c.col("graduate_transfers.count")
    low_min = c.param("graduate_transfer_award.low_min")
    low_max = c.param("graduate_transfer_award.low_max")
    cond = all_of(
        c.is_in("org_kind", ["local_university"], label=_about("org_kind", "school_in_jiyuan")),
        c.at_least("graduate_transfers.count", low_min, unit=Req("unit.graduates")),
        c.fact("graduate_transfers.year", lambda v: v <= c.as_of_year,
               Req("year_or_earlier", year=c.as_of_year)),
    )
    rate = np.where(cnt.values > low_max, c.fen("graduate_transfer_award.rate_high"),
                    c.fen("graduate_transfer_award.rate_low"))
    pay = once(c.col("graduate_transfers.year").values, cnt.values * rate)
    return Outcome(cond, pay)


def order_training_subsidy(c: Ctx) -> Outcome:
    it = c.items("order_training")
    item = all_of(
        it.fact("year", lambda v: v <= c.as_of_year),
        it.fact("count", lambda v: v > 0),
    )
    cond = all_of(
        c.is_in("org_kind", ["enterprise"], label=_about("org_kind", "order_enterprise")),
        c.any_item("order_training", item, Req("cohort_by_year", year=c.as_of_year)),
    )
    ok = item.true
    per = c.fen("order_training_subsidy.per_graduate")
    pay = split(it.col("year").values[ok], it.col("count").values[ok] * per,
                c.param("order_training_subsidy.years"), row=it.row[ok])
    return Outcome(cond, pay)


def skill_studio_grant(c: Ctx) -> Outcome:
    it = c.items("studios")
    level = it.col("level")
    rec = it.col("recognized")
    frm, frm_days = _events_from(c)
    item = all_of(it.known("level"),
                  it.fact("recognized", lambda v: (v >= frm_days) & (v <= c.as_of_days)))
    cond = c.any_item("studios", item,
                      Req("studio_between", start=frm.isoformat(), end=c.as_of.isoformat()))
    fen = np.select(
        [level.eq("zone"), level.eq("provincial"), level.eq("national")],
        [c.fen("skill_studio_grant.zone"), c.fen("skill_studio_grant.provincial"),
         c.fen("skill_studio_grant.national")], 0)
    ok = item.true
    pay = per_item(it.row[ok], v_year(rec.values[ok]), fen[ok])
    return Outcome(cond, pay)


def national_technical_expert_org(c: Ctx) -> Outcome:
    it = c.items("organized_experts")
    date = it.col("date")
    frm, frm_days = _events_from(c)
    item = it.fact("date", lambda v: (v >= frm_days) & (v <= c.as_of_days))
    cond = c.any_item("organized_experts", item,
                      Req("organised_winner_between", start=frm.isoformat(),
                          end=c.as_of.isoformat()))
    ok = item.true
    pay = per_item(it.row[ok], v_year(date.values[ok]),
                   c.fen("national_technical_expert.organizer"))
    return Outcome(cond, pay)


# =============================================================================== extras


def _external(c: Ctx, cats) -> tuple[Tri, np.ndarray]:
    """Recognition by Henan or a 1+8 city mapped to a Jiyuan class in `cats` (C5-R03).
    An absent external_recognition counts as none (it is an extra input)."""
    issuer = c.col("external_recognition.issuer")
    cat = c.col("external_recognition.category")
    mapping = c.param("talent_recognition.category_map")
    tc = c.col("talent_category")
    mapped = np.select([cat.eq(ext) for ext in mapping], [tc.code(jy) for jy in mapping.values()],
                       -2)
    ok = issuer.isin(c.param("talent_recognition.issuers")) & np.isin(mapped, [tc.code(x) for x in cats])
    t = c.fact("external_recognition.issuer", ok,
               Req("recognised_by_henan", cats="/".join(cats)),
               label=Req("field", path="external_recognition"), absent_fails=True)  # absent = no recognition
    return t, mapped


def _high_level(c: Ctx, cats=HIGH_LEVEL) -> Tri:
    """Category in `cats` in Jiyuan, or by mutual recognition (shared by several benefits)."""

    def build():
        ext, _ = _external(c, cats)
        return any_of(c.is_in("talent_category", cats), ext)

    return c.memo(("high_level", tuple(cats)), build)


def talent_recognition(c: Ctx) -> Outcome:
    cat = c.col("external_recognition.category")
    mapping = c.param("talent_recognition.category_map")
    cond = all_of(
        c.is_in("external_recognition.issuer", c.param("talent_recognition.issuers")),
        c.is_in("external_recognition.category", list(mapping)),
        c.known("employment.start_date", Req("coming_to_work_in_jiyuan")),
    )
    names = list(cat.spec.values)
    codes = cat.values

    def extra(i: int) -> dict:
        return {"recognized_category": mapping[names[int(codes[i])]]}

    return Outcome(cond, None, row_extras=extra)


def free_housing(c: Ctx) -> Outcome:
    ext, _ = c.memo(("external", HIGH_LEVEL), lambda: _external(c, HIGH_LEVEL))
    cond = all_of(
        c.is_true("employment.newly_introduced"),
        c.is_false("owns_home_in_jiyuan"),
        any_of(c.is_in("talent_category", ["A", "B", "C", "D", "E", "F", "G"]), ext),
    )
    terms = c.param("free_housing.terms")
    if terms is UNSET:
        return Outcome(cond, None, False, Req("terms_not_set", param="free_housing.terms"))
    return Outcome(cond, None, extras={"in_kind": {"free_housing": terms}})


def children_schooling(c: Ctx) -> Outcome:
    cond = all_of(_high_level(c), c.is_true("has_school_age_children"))
    return Outcome(cond, None, extras={"in_kind": {"public_school_placement": True}})


def medical_green_channel(c: Ctx) -> Outcome:
    cond = all_of(c.is_true("employment.newly_introduced"), _high_level(c))
    return Outcome(cond, None, extras={"in_kind": {"medical_green_channel": True}})


def medical_care_services(c: Ctx) -> Outcome:
    return Outcome(_high_level(c, ("A", "B", "C")), None,
                   extras={"in_kind": {"diagnosis_and_health_care": True}})


def elderly_care(c: Ctx) -> Outcome:
    age = c.param("elderly_care.min_parent_age")
    cond = all_of(
        any_of(_high_level(c), c.known("scarce_talent.recognized_year", Req("a_scarce_talent"))),
        c.is_true("parents_60_moved_to_jiyuan", label=_about("parents_60_moved_to_jiyuan", "aged_plus", age=age)),
    )
    return Outcome(cond, None, extras={"in_kind": {"priority_home_elderly_care": True}})


def green_channel_hiring(c: Ctx) -> Outcome:
    deg = c.col("education.degree")
    titles = c.items("titles")
    cond = any_of(
        all_of(c.fact("education.degree", deg.eq("doctorate"), Req("one_of", codes=("doctorate",)),
                      label=_route(1, Req("degree_label"))),
               c.is_true("education.full_time")),
        c.any_item("titles", titles.is_in("level", ["associate_senior", "senior"]),
                   _route(2, Req("a_senior_title"))),
        all_of(c.fact("education.degree", deg.eq("master"), Req("one_of", codes=("master",)),
                      label=_route(3, Req("degree_label"))),
               c.is_true("education.full_time"),  # 急需短缺专业全日制硕士研究生 (L130)
               c.is_true("education.shortage_major")),
        all_of(c.fact("education.degree", deg.eq("bachelor"), Req("one_of", codes=("bachelor",)),
                      label=_route(4, Req("degree_label"))),
               c.is_true("education.double_first_class")),
    )
    return Outcome(cond, None, extras={"in_kind": {"direct_assessment": True}})


def _unset_amount(c: Ctx, cond: Tri, pid: str) -> Outcome:
    fen = c.fen(pid)
    if fen is None:
        return Outcome(cond, None, False, Req("amount_not_set", param=pid))
    return Outcome(cond, once(c.as_of_year, fen))


def enclave_rent_subsidy(c: Ctx) -> Outcome:
    cond = all_of(_high_level(c), c.is_true("enclave_startup"))
    return _unset_amount(c, cond, "enclave_rent_subsidy.amount")


def forum_subsidy(c: Ctx) -> Outcome:
    cond = all_of(c.is_in("org_kind", ["enterprise"]), c.is_true("hosted_national_forum"))
    return _unset_amount(c, cond, "forum_subsidy.amount")


def platform_joint_support(c: Ctx) -> Outcome:
    return _unset_amount(c, c.is_in("platform_level", ["provincial", "national"]),
                         "platform_joint_support.amount")


def recommended_placement(c: Ctx) -> Outcome:
    deg = c.col("education.degree")
    cond = any_of(
        all_of(c.fact("education.degree", deg.isin(["doctorate", "master"]),
                      Req("one_of", codes=("doctorate", "master")),
                      label=_route(1, Req("degree_label"))),
               c.is_true("education.full_time")),
        c.any_item("titles", c.items("titles").is_in("level", ["associate_senior", "senior"]),
                   _route(2, Req("a_senior_title"))),
        c.any_item("skill_certificates",
                   c.items("skill_certificates").is_in("level", ["senior_technician", "technician"]),
                   _route(3, Req("high_skill_certificate"))),
    )
    return Outcome(cond, None, extras={"in_kind": {"recommended_placement": True}})


def double_introduction_support(c: Ctx) -> Outcome:
    cap = c.fen("double_introduction.max")
    cond = all_of(_high_level(c), c.is_true("double_introduction_project"))
    note = (Req("case_by_case_up_to", amount=fmt_fen(cap)) if cap is not None
            else Req("case_by_case"))
    return Outcome(cond, None, False, note)
