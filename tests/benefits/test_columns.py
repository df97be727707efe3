"""The sweep's columnar reader gives exactly the engine columns of the reference mapping
(profiles.py → package.parse), on a registry with every kind of fact."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest

from zhihui.benefits import columns, engine, profiles

from .conftest import AS_OF

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied_registry(make_phd, make_person, make_org, doctorate_level):
    from zhihui.registry.models import (
        Certificate,
        EducationLevel,
        EducationRecord,
        EmploymentRecord,
        InsuranceRecord,
        TalentCategoryRecord,
    )

    bachelor = EducationLevel.objects.create(
        code="21", name="大学本科毕业", rank=70, engine_degree="bachelor"
    )
    unmapped = EducationLevel.objects.create(
        code="10", name="研究生教育", rank=100, engine_degree=""
    )
    make_phd()
    make_person(name="空白")
    p = make_person(name="多条记录", hukou_region="410101", owns_home_in_jiyuan=True)
    EducationRecord.objects.create(
        person=p, level=bachelor, school="A", graduation_date=dt.date(2015, 7, 1)
    )
    EducationRecord.objects.create(
        person=p,
        level=doctorate_level,
        degree="master",
        school="B",
        graduation_date=dt.date(2018, 7, 1),
        full_time=False,
    )
    EducationRecord.objects.create(
        person=p, level=unmapped, school="C", graduation_date=dt.date(2019, 7, 1)
    )
    EducationRecord.objects.create(
        person=p, level=doctorate_level, school="D", graduation_date=dt.date(2030, 7, 1)
    )
    EmploymentRecord.objects.create(
        person=p,
        organisation=make_org(kind="hospital"),
        start_date=dt.date(2019, 1, 1),
        contract_years=Decimal("2.5"),
        post="teaching",
    )
    EmploymentRecord.objects.create(
        person=p,
        organisation=make_org(),
        start_date=dt.date(2016, 1, 1),
        end_date=dt.date(2018, 1, 1),
    )
    TalentCategoryRecord.objects.create(person=p, category="F", recognised_on=dt.date(2020, 1, 1))
    TalentCategoryRecord.objects.create(person=p, category="D", recognised_on=dt.date(2023, 1, 1))
    TalentCategoryRecord.objects.create(
        person=p, category="A", recognised_on=dt.date(2024, 1, 1), valid_to=dt.date(2024, 12, 31)
    )
    InsuranceRecord.objects.create(
        person=p, continuous_months=40, back_paid=True, as_of=dt.date(2026, 3, 31)
    )
    Certificate.objects.create(
        person=p,
        kind="professional_title",
        title_level="associate_senior",
        name="副高",
        obtained_on=dt.date(2022, 5, 1),
    )
    Certificate.objects.create(
        person=p,
        kind="skill_level",
        skill_level="senior_technician",
        name="高级技师",
        obtained_on=dt.date(2021, 3, 1),
    )
    Certificate.objects.create(
        person=p,
        kind="skill_level",
        skill_level="technician",
        name="技师",
        obtained_on=dt.date(2019, 3, 1),
    )
    Certificate.objects.create(
        person=p, kind="special_operation", name="特种作业", obtained_on=dt.date(2019, 3, 1)
    )
    q = make_person(name="个体", hukou_settled_on=dt.date(2026, 1, 1), hukou_region="419001")
    EmploymentRecord.objects.create(person=q, form="self_employed", start_date=dt.date(2024, 1, 1))
    InsuranceRecord.objects.create(
        person=q, continuous_months=3, back_paid=False, as_of=dt.date(2025, 12, 31)
    )
    r = make_person(name="学校职工")
    EmploymentRecord.objects.create(
        person=r, organisation=make_org(kind="school"), start_date=dt.date(2024, 1, 1)
    )
    EmploymentRecord.objects.create(
        person=r, organisation=make_org(kind="government"), start_date=dt.date(2024, 1, 1)
    )


def _same(a, b, path):
    assert np.array_equal(a.present, b.present), path
    if a.values.dtype == object:
        assert list(a.values[a.present]) == list(b.values[b.present]), path
    elif a.values.dtype.kind == "f":
        assert np.allclose(a.values[a.present], b.values[b.present]), path
    else:
        assert np.array_equal(
            a.values[a.present].astype(np.int64), b.values[b.present].astype(np.int64)
        ), path


@pytest.mark.parametrize("as_of", [AS_OF, dt.date(2022, 12, 31)])
def test_columns_equal_the_parsed_reference_profiles(varied_registry, as_of):
    from zhihui.policy.schema import empty_col
    from zhihui.registry.models import Person

    pkg = engine.package()
    ids = sorted(Person.objects.values_list("id", flat=True))
    ref = pkg.parse(profiles.person_profiles(ids, as_of), kind="person")
    assert not ref.errors
    got, got_ids = columns.person_batch(pkg, as_of, ids[0], ids[-1] + 1)
    assert got_ids.tolist() == ids and got.ids == ref.ids and got.n == ref.n
    leaves = dict(pkg.schema.leaves("person"))
    for path in set(ref.cols) | set(got.cols):
        _same(
            ref.cols.get(path) or empty_col(leaves[path], ref.n),
            got.cols.get(path) or empty_col(leaves[path], got.n),
            path,
        )
    assert set(ref.lists) == set(got.lists)
    for path, rl in ref.lists.items():
        gl = got.lists[path]
        assert np.array_equal(rl.present, gl.present), path
        assert np.array_equal(rl.item_row, gl.item_row), path
        for ip in set(rl.cols) | set(gl.cols):
            m = len(rl.item_row)
            _same(
                rl.cols.get(ip) or empty_col(leaves[ip], m),
                gl.cols.get(ip) or empty_col(leaves[ip], m),
                ip,
            )
    # And the engine decides the same.
    a = pkg.screen_columns(ref, as_of, include_extra=True)
    b = pkg.screen_columns(got, as_of, include_extra=True)
    for bid in a:
        assert np.array_equal(a[bid].status, b[bid].status), bid
        assert np.array_equal(a[bid].total_fen, b[bid].total_fen), bid
