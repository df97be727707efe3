"""The demo city generator: calibration to the 2020 baseline, valid identifiers, determinism."""

import datetime as dt

import polars as pl
import pytest
from stdnum.iso7064 import mod_11_2

from zhihui.registry.demo import BASELINE_2020, generate_city, targets
from zhihui.registry.demo.reference import DIVISIONS, county_codes
from zhihui.registry.ids import validate_uscc

TENTH_CITY = 73_000  # one tenth of Jiyuan: same proportions, fast enough for a unit test


@pytest.fixture(scope="module")
def city():
    return generate_city(TENTH_CITY, seed=7)


def test_it_reproduces_the_2020_baseline_proportions(city):
    got = city.summary()
    for key in ("employed", "enterprise_managers", "professional_technical", "high_skill", "skill_talents",
                "certificate_holders", "rural_practical", "talent_recognitions"):
        expected = BASELINE_2020[key] * TENTH_CITY / BASELINE_2020["residents"]
        assert got[key] == pytest.approx(expected, rel=0.01, abs=1), key
    # the plan's ratios (Table 1 indicators 10 and 15)
    assert got["skill_talents"] / got["employed"] == pytest.approx(0.36, abs=0.005)
    assert got["certificate_holders"] / got["employed"] == pytest.approx(0.52, abs=0.005)


def test_the_records_give_the_baseline_on_the_reference_date_and_grow_towards_2025(city):
    assert city.stock(city.as_of) == {k: v for k, v in city.targets.as_dict().items()
                                      if k not in ("residents", "rural_practical")}
    years = [city.stock(dt.date(y, 12, 31)) for y in range(2020, 2026)]
    for key in ("skill_talents", "high_skill", "certificate_holders", "professional_technical", "enterprise_managers"):
        series = [s[key] for s in years]
        assert series == sorted(series) and series[-1] > series[0], key
    end = years[-1]
    scale = TENTH_CITY / BASELINE_2020["residents"]
    # most of the way to the 2025 targets of Table 1, not beyond them
    assert 0.85 * 230_100 * scale < end["skill_talents"] <= 230_100 * scale
    assert 0.85 * 103_000 * scale < end["high_skill"] <= 103_000 * scale
    assert 0.85 * 354_000 * scale < end["certificate_holders"] <= 354_000 * scale
    assert end["professional_technical"] == pytest.approx(34_000 * scale, rel=0.01)
    assert 0.85 * 32_000 * scale < end["enterprise_managers"] <= 32_000 * scale


def test_the_years_after_2020_leave_the_snapshot_unchanged():
    with_history = generate_city(3_000, seed=4)
    snapshot = generate_city(3_000, seed=4, history_until=None)
    assert with_history.persons.equals(snapshot.persons)
    assert with_history.organisations.equals(snapshot.organisations)
    early = with_history.certificates.filter(pl.col("obtained_on") <= snapshot.as_of).drop("number")
    assert early.sort(["person_key", "obtained_on", "kind", "name"]).equals(
        snapshot.certificates.drop("number").sort(["person_key", "obtained_on", "kind", "name"]))


def test_the_talent_flags_match_the_records(city):
    p = city.persons
    certs = city.certificates.filter(pl.col("obtained_on") <= city.as_of)
    skill_holders = certs.filter(pl.col("kind") == "skill_level")["person_key"].unique()
    assert skill_holders.len() == p["is_skill_talent"].sum()
    high = certs.filter(pl.col("skill_level").is_in(["senior_worker", "technician", "senior_technician"]))
    assert high["person_key"].n_unique() == p["is_high_skill"].sum()
    titled = certs.filter(pl.col("kind") == "professional_title")["person_key"].n_unique()
    assert titled == p["is_professional_technical"].sum()
    assert certs["person_key"].n_unique() == p["is_certificate_holder"].sum()
    # every certificate holder is employed (持证率 is over employed persons)
    holders = p.filter(pl.col("is_certificate_holder"))
    assert holders["employed"].all()
    # senior titles are about 20% of the professional-technical talents (plan L27)
    current_titles = certs.filter(pl.col("kind") == "professional_title").group_by("person_key").agg(
        pl.col("title_level").last())
    senior = current_titles.filter(pl.col("title_level").is_in(["senior", "associate_senior"])).height
    assert senior / current_titles.height == pytest.approx(0.20, abs=0.01)


def test_working_age_schooling_is_about_twelve_years(city):
    p = city.persons.with_columns(age=(pl.lit(city.as_of) - pl.col("birth_date")).dt.total_days() // 365)
    working = p.filter((pl.col("age") >= 16) & (pl.col("age") <= 59))
    assert working["education_years"].mean() == pytest.approx(12.0, abs=0.4)


def test_identity_numbers_are_valid_unique_and_agree_with_sex_and_birth_date(city):
    p = city.persons
    assert p["id_number"].n_unique() == p.height
    sample = p.sample(2000, seed=1)
    for row in sample.iter_rows(named=True):
        number = row["id_number"]
        assert mod_11_2.is_valid(number), number
        assert number[6:14] == row["birth_date"].strftime("%Y%m%d")
        assert ("M" if int(number[16]) % 2 else "F") == row["sex"]
    henan, other = county_codes()
    counties = {str(c) for c in henan.tolist() + other.tolist()} | {"419001"}
    assert set(p["id_number"].str.slice(0, 6).unique()) <= counties
    share_jiyuan = p["id_number"].str.starts_with("419001").mean()
    assert 0.8 < share_jiyuan < 0.95
    assert set(p["residence_code"].unique()) <= {code for code, _, _ in DIVISIONS}


def test_credit_codes_are_valid_and_unique(city):
    orgs = city.organisations
    assert orgs["uscc"].n_unique() == orgs.height
    for code in orgs["uscc"].to_list():
        assert validate_uscc(code) == code
        assert code[2:8] == "419001"
    authorities = set(orgs["uscc"].str.slice(0, 1).unique())
    assert {"1", "5", "9", "N", "Y"} <= authorities
    chains = set(orgs.filter(pl.col("kind") == "enterprise")["industry_chain"].unique())
    assert {"nonferrous", "steel", "chemical", "new_materials", "high_end_equipment", "energy_saving",
            "electronic_info", "food_beverage", "biomedicine", "new_energy"} <= chains


def test_records_point_at_existing_rows_and_dates_are_sane(city):
    n = city.persons.height
    for name, table in city.tables().items():
        if "person_key" in table.columns:
            assert table["person_key"].is_between(0, n - 1).all(), name
    emp = city.employment
    org_keys = emp["org_key"].drop_nulls()
    assert org_keys.is_between(0, city.organisations.height - 1).all()
    assert (emp["start_date"] <= city.history_until).all()
    ended = emp.filter(pl.col("end_date").is_not_null())
    assert (ended["end_date"] >= ended["start_date"]).all()
    current = emp.filter(pl.col("end_date").is_null())
    assert current["person_key"].n_unique() == current.height
    assert (city.education["graduation_date"] <= city.history_until).all()
    assert (city.certificates["obtained_on"] <= city.history_until).all()
    assert city.certificates["number"].n_unique() == city.certificates.height


def test_same_seed_same_city_and_other_seed_other_city():
    a = generate_city(3_000, seed=11)
    b = generate_city(3_000, seed=11)
    c = generate_city(3_000, seed=12)
    for name, table in a.tables().items():
        assert table.equals(b.tables()[name]), name
    assert not a.persons.equals(c.persons)
    assert a.persons["id_number"].to_list() != c.persons["id_number"].to_list()


def test_targets_scale_with_the_number_of_residents():
    assert targets(730_000).employed == 370_000
    assert targets(20_000).skill_talents == round(134_000 * 20_000 / 730_000)
    with pytest.raises(ValueError, match="residents"):
        generate_city(10, seed=1)


def test_as_of_moves_the_snapshot():
    later = generate_city(2_000, seed=1, as_of=dt.date(2025, 6, 30), history_until=None)
    assert later.certificates["obtained_on"].max() <= dt.date(2025, 6, 30)
    assert later.employment["start_date"].max() > dt.date(2021, 1, 1)


def test_names_are_varied_and_young_categories_go_to_the_young(city):
    """Issue 15, found 9: no dozen people of one name; D (青年拔尖人才) and E–G (青年人才)
    are never recognised past their age (45 and 35 on the day of recognition)."""
    import collections

    import polars as pl

    counts = collections.Counter(city.persons["name"].to_list())
    assert max(counts.values()) < 12 * len(city.persons) / 20_000 + 4
    t = city.talent_categories.join(city.persons.select(["person_key", "birth_date"]), on="person_key").with_columns(
        ((pl.col("recognised_on") - pl.col("birth_date")).dt.total_days() // 365).alias("age"))
    ages = dict(t.group_by("category").agg(pl.col("age").max()).iter_rows())
    assert ages.get("D", 0) <= 45
    assert max(ages.get(c, 0) for c in "EFG") <= 36


def test_retirement_follows_the_2025_reform_by_birth_month():
    """Who is retired comes from zhihui.employment.retirement (the platform's one implementation),
    not from fixed ages 60/55/50: on 2030-06-30 a man born in 1968 is past 60 but, with the
    reform's months of delay, not yet at his retirement date, so he is not retired."""
    from zhihui.employment.retirement import retirement_date

    on = dt.date(2030, 6, 30)
    p = generate_city(3000, seed=11, as_of=on, history_until=None).persons
    rows = p.select("sex", "birth_date", "status").rows()
    men = [(b, s) for sex, b, s in rows if sex == "M" and s != "employed"]
    assert men and all((s == "retired") == (on >= retirement_date(b, "male")) for b, s in men)
    # men of 60–62 who are past 60 but not at their reformed date: the fixed age would retire them
    delayed = [b for b, s in men if dt.date(b.year + 60, b.month, min(b.day, 28)) <= on < retirement_date(b, "male")]
    assert delayed and all(s != "retired" for b, s in men if b in delayed)
    women = [(b, s) for sex, b, s in rows if sex == "F" and s != "employed"]
    assert all(on >= retirement_date(b, "female_worker") for b, s in women if s == "retired")
    assert all(s in ("retired", "student", "child") or on < retirement_date(b, "female_cadre") for b, s in women)
