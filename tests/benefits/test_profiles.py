"""Registry → engine profile: facts on file are mapped, facts not on file stay absent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zhihui.benefits import profiles

from .conftest import AS_OF

pytestmark = pytest.mark.django_db


def test_a_phd_on_file_becomes_the_contracts_example_profile(phd):
    p = profiles.person_profile(phd, AS_OF)
    assert p["kind"] == "person" and p["id"] == f"person-{phd.pk}"
    assert p["education"] == {
        "degree": "doctorate",
        "full_time": True,
        "overseas": False,
        "double_first_class": True,
        "university_in_jiyuan": False,
        "graduation_date": "2022-07-01",
    }
    assert p["talent_category"] == "E"
    assert p["employment"]["employer_kind"] == "key_enterprise"
    assert p["employment"]["contract_years"] == 5
    assert p["hukou_settled"] is True
    assert p["pension"] == {"continuous_months": 30, "back_paid": False}


def test_facts_the_registry_does_not_hold_stay_absent(make_person):
    person = make_person()  # no education, job, pension, hukou region or home on file
    p = profiles.person_profile(person, AS_OF)
    for absent in (
        "education",
        "employment",
        "pension",
        "hukou_settled",
        "owns_home_in_jiyuan",
        "scarce_talent",
        "business",
        "honors",
        "startup_project_rating",
    ):
        assert absent not in p, absent
    # The bureau's own records: an empty set is a stated fact.
    assert p["talent_category"] is None
    assert p["titles"] == [] and p["skill_certificates"] == []


def test_absent_facts_make_the_engine_ask_instead_of_refuse(make_person):
    from zhihui.benefits import engine

    person = make_person()
    result = engine.screen_one(profiles.person_profile(person, AS_OF), AS_OF)
    living = next(b for b in result["benefits"] if b["benefit"] == "graduate_living")
    assert living["status"] == "undetermined"
    assert "education.degree" in living["missing"]


def test_facts_are_judged_at_the_as_of_date(phd):
    before_job = profiles.person_profile(phd, dt.date(2022, 9, 1))
    assert "employment" not in before_job  # the job starts 2022-10-08
    assert before_job["talent_category"] is None  # recognised 2022-12-01
    # The streak of 30 months counted at 2025-06-30 was 24 months at 2024-12-31 and had not begun
    # at 2022-12-31: then the months are unknown, not zero.
    assert profiles.person_profile(phd, dt.date(2024, 12, 31))["pension"]["continuous_months"] == 24
    assert "pension" not in profiles.person_profile(phd, dt.date(2022, 12, 31))


def test_an_ended_job_is_not_current_and_a_hospital_has_no_known_employer_kind(
    make_person, make_org
):
    from zhihui.registry.models import EmploymentRecord

    person = make_person()
    EmploymentRecord.objects.create(
        person=person,
        organisation=make_org(),
        start_date=dt.date(2019, 1, 1),
        end_date=dt.date(2020, 1, 1),
    )
    assert "employment" not in profiles.person_profile(person, AS_OF)
    EmploymentRecord.objects.create(
        person=person,
        organisation=make_org(kind="hospital"),
        start_date=dt.date(2021, 1, 1),
        contract_years=Decimal("3"),
    )
    emp = profiles.person_profile(person, AS_OF)["employment"]
    assert "employer_kind" not in emp  # public or private: the registry cannot say
    assert emp["contract_years"] == 3


def test_hukou_outside_the_city_is_a_stated_no(make_person):
    assert (
        profiles.person_profile(make_person(hukou_region="410101"), AS_OF)["hukou_settled"] is False
    )
    assert (
        profiles.person_profile(make_person(hukou_region="419001"), AS_OF)["hukou_settled"] is True
    )


def test_bulk_profiles_equal_single_ones(phd, make_person):
    other = make_person()
    bulk = [p for chunk in profiles.iter_person_profiles(AS_OF, chunk_size=1) for p in chunk]
    assert bulk == [profiles.person_profile(phd, AS_OF), profiles.person_profile(other, AS_OF)]


def test_bulk_profiles_read_with_a_fixed_number_of_queries(make_phd, django_assert_max_num_queries):
    for i in range(6):
        make_phd(name=f"博士{i}")
    with django_assert_max_num_queries(2 + 7):  # id bounds + 7 tables for the single chunk
        chunks = list(profiles.iter_person_profiles(AS_OF, chunk_size=1000))
    assert sum(len(c) for c in chunks) == 6


def test_organisation_profile_leaves_unknown_facts_absent(make_org):
    org = make_org(size_class="small", staff_count=40)
    p = profiles.organisation_profile(org, AS_OF)
    assert p == {
        "id": f"org-{org.pk}",
        "kind": "organization",
        "org_kind": "enterprise",
        "size_class": "small",
        "staff_count": 40,
    }
