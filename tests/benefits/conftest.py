"""Registry factories for the benefits tests: a PhD graduate who qualifies for the graduate living
subsidy and the E-class youth-talent subsidy (the contract's `ex-phd` example, built from
registry records), and people with fewer facts on file."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import create_org, create_person
from zhihui.core.roles import Role

AS_OF = dt.date(2025, 6, 30)


@pytest.fixture
def make_person(db):
    def _make(name="王小明", birth_date=dt.date(1993, 4, 12), **extra):
        return create_person(name, birth_date, **extra)

    return _make


@pytest.fixture
def make_org(db):
    def _make(name="济源某新材料有限公司", kind="enterprise", **extra):
        return create_org(name, kind, **extra)

    return _make


@pytest.fixture
def doctorate_level(db):
    from zhihui.registry.models import EducationLevel

    return EducationLevel.objects.get_or_create(
        code="11", defaults={"name": "博士研究生毕业", "rank": 99, "engine_degree": "doctorate"}
    )[0]


@pytest.fixture
def make_phd(make_person, make_org, doctorate_level):
    """A registry person matching the contract's ex-phd profile (eligible at 2025-06-30 for
    graduate_living 90,000 and youth_talent_living 60,000)."""
    from zhihui.registry.models import (
        EducationRecord,
        EmploymentRecord,
        InsuranceRecord,
        TalentCategoryRecord,
    )

    def _make(name="李博士", **extra):
        person = make_person(
            name=name,
            hukou_region="419001",
            hukou_settled_on=dt.date(2022, 10, 1),
            owns_home_in_jiyuan=False,
            **extra,
        )
        EducationRecord.objects.create(
            person=person,
            level=doctorate_level,
            degree="doctorate",
            school="浙江大学",
            full_time=True,
            double_first_class=True,
            overseas=False,
            school_in_city=False,
            graduation_date=dt.date(2022, 7, 1),
        )
        org = make_org(is_key_enterprise=True)
        EmploymentRecord.objects.create(
            person=person,
            organisation=org,
            post="research",
            frontline_professional=True,
            start_date=dt.date(2022, 10, 8),
            contract_years=Decimal("5"),
            newly_introduced=True,
        )
        TalentCategoryRecord.objects.create(
            person=person, category="E", recognised_on=dt.date(2022, 12, 1)
        )
        InsuranceRecord.objects.create(
            person=person, continuous_months=30, back_paid=False, as_of=AS_OF
        )
        return person

    return _make


@pytest.fixture
def phd(make_phd):
    return make_phd()


@pytest.fixture
def citizen_of(make_user):
    def _make(person, username=None):
        return make_user(Role.CITIZEN, username, person=person)

    return _make
