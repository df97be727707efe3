"""The same three rules written for openfisca-core 46, for bench_screen.py's comparison.

Run by bench_screen.py with the Python of a separate virtualenv that has openfisca-core
(it is not a dependency of Zhihui):  <venv>/bin/python bench/openfisca_model.py DATA.npz
Prints one JSON object: seconds per benefit (calculate() only, inputs already set).

OpenFisca has no 'unknown' value: absent facts are the variables' defaults (False / 0), so this
model does the two-valued part of the work only (no `missing`, no reasons).
"""

import json
import sys
import time

import numpy as np
from openfisca_core.entities import build_entity
from openfisca_core.parameters import ParameterNode
from openfisca_core.periods import DAY, ETERNITY
from openfisca_core.simulation_builder import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

Person = build_entity(key="person", plural="persons", label="Person", doc="", is_person=True)
PERIOD = "2025-06-30"

# codes as in the Jiyuan schema (enum position)
DOCTORATE, MASTER, BACHELOR, ASSOCIATE, PREP = 0, 1, 2, 3, 4
CAT_E, CAT_F, CAT_G = 4, 5, 6
E_EMPLOYERS, F_EMPLOYERS = [0, 1, 2, 3, 4], [0, 1, 2, 4]
E_POSTS, F_POSTS = [0, 1, 2], [0, 2]


def _input(name, vtype, default):
    return type(name, (Variable,), {"value_type": vtype, "entity": Person,
                                    "definition_period": ETERNITY, "default_value": default,
                                    "label": name})


INPUTS = {
    "degree": (int, -2), "full_time": (bool, False), "overseas": (bool, False),
    "double_first_class": (bool, False), "graduation_date": (int, 0), "birth_date": (int, 0),
    "start_date": (int, 0), "newly_introduced": (bool, False), "hukou_settled": (bool, False),
    "contract_years": (float, 0.0), "pension_months": (int, 0), "back_paid": (bool, False),
    "talent_category": (int, -2), "employer_kind": (int, -2), "post": (int, -2),
    "frontline_professional": (bool, False), "quality": (int, 0), "scarcity": (int, 0),
    "salary": (int, 0), "recognized_year": (int, 0),
}


def add_months(days, months):
    d = days.astype("datetime64[D]")
    m = d.astype("datetime64[M]")
    dom = (d - m.astype("datetime64[D]")).astype(np.int64)
    tm = m + months
    first = tm.astype("datetime64[D]")
    last = (tm + 1).astype("datetime64[D]") - 1
    return np.minimum(first + dom, last).astype(np.int64)


class graduate_living(Variable):
    value_type = float
    entity = Person
    definition_period = DAY
    label = "graduate living subsidy, total (CNY)"

    def formula(person, period, parameters):
        p = parameters(period).graduate_living
        deg = person("degree", period)
        start = person("start_date", period)
        grad = person("graduation_date", period)
        birth = person("birth_date", period)
        group = person("full_time", period) + person("overseas", period) + (deg == PREP)
        in_window = start <= add_months(grad, 12 * int(p.window_years))
        by = birth.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64)
        sy = start.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64)
        years = sy - by
        age = years - (start < add_months(birth, 12 * years))
        dfc = person("double_first_class", period)
        per_year = np.select(
            [deg == DOCTORATE, (deg == MASTER) * (age <= p.master_max_age),
             (deg == BACHELOR) * dfc, deg == BACHELOR],
            [p.amount_doctorate, p.amount_master, p.amount_bachelor_dfc, p.amount_bachelor], 0)
        ok = (group * person("newly_introduced", period) * in_window
              * person("hukou_settled", period)
              * (person("contract_years", period) >= p.min_contract_years)
              * (person("pension_months", period) >= p.min_pension_months)
              * np.logical_not(person("back_paid", period)))
        return ok * per_year * p.years


class youth_talent_living(Variable):
    value_type = float
    entity = Person
    definition_period = DAY
    label = "E/F/G living subsidy, total (CNY)"

    def formula(person, period, parameters):
        p = parameters(period).youth_living
        cat = person("talent_category", period)
        emp = person("employer_kind", period)
        post = person("post", period)
        front = person("frontline_professional", period)
        e_ok = (cat == CAT_E) * np.isin(emp, E_EMPLOYERS) * np.isin(post, E_POSTS) * front
        f_ok = (cat == CAT_F) * np.isin(emp, F_EMPLOYERS) * np.isin(post, F_POSTS) * front
        per_year = np.select([e_ok, f_ok, cat == CAT_G], [p.amount_e, p.amount_f, p.amount_g], 0)
        return person("newly_introduced", period) * per_year * p.years


class scarce_talent_salary(Variable):
    value_type = float
    entity = Person
    definition_period = DAY
    label = "points-based salary subsidy, total (CNY)"

    def formula(person, period, parameters):
        p = parameters(period).scarce_talent
        score = (3 * person("quality", period) + 3 * person("scarcity", period)
                 + 4 * person("salary", period))  # x10 points, scaled like the inputs
        scale = 10 * 1_000_000
        return np.select([score >= 90 * scale, score >= 80 * scale, score >= 70 * scale],
                         [p.band_3, p.band_2, p.band_1], 0) * (person("recognized_year", period) > 0)


def build_system():
    tbs = TaxBenefitSystem([Person])
    for name, (vtype, default) in INPUTS.items():
        tbs.add_variable(_input(name, vtype, default))
    for v in (graduate_living, youth_talent_living, scarce_talent_salary):
        tbs.add_variable(v)
    v = lambda x: {"values": {"2021-01-01": x}}  # noqa: E731
    tbs.parameters = ParameterNode("", data={
        "graduate_living": {"amount_doctorate": v(30000), "amount_master": v(20000),
                            "amount_bachelor_dfc": v(10000), "amount_bachelor": v(5000),
                            "master_max_age": v(35), "years": v(3), "window_years": v(3),
                            "min_contract_years": v(3), "min_pension_months": v(12)},
        "youth_living": {"amount_e": v(20000), "amount_f": v(10000), "amount_g": v(3000),
                         "years": v(3)},
        "scarce_talent": {"band_1": v(60000), "band_2": v(90000), "band_3": v(120000)},
    })
    return tbs


def main(path):
    data = np.load(path)
    n = len(data["degree"])
    tbs = build_system()
    out = {"n": n}
    for bid in ("graduate_living", "youth_talent_living", "scarce_talent_salary"):
        best = None
        for _ in range(3):
            sim = SimulationBuilder().build_default_simulation(tbs, count=n)
            for name in INPUTS:
                sim.set_input(name, "eternity", data[name])
            t = time.perf_counter()
            res = sim.calculate(bid, PERIOD)
            dt_ = time.perf_counter() - t
            best = dt_ if best is None else min(best, dt_)
        out[bid] = {"seconds": best, "eligible": int((res > 0).sum()), "sum": float(res.sum())}
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
