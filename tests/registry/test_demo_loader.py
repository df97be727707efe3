"""Loading the demo city into the database: complete, encrypted, idempotent, replaceable."""

import pytest

from zhihui.cli import main as zhihui
from zhihui.core import crypto
from zhihui.registry.demo import generate_city
from zhihui.registry.demo.loader import ensure_demo_city
from zhihui.registry.ids import validate_id_number
from zhihui.registry.models import (
    Certificate,
    DemoCity,
    EducationRecord,
    EmploymentRecord,
    InsuranceRecord,
    Organisation,
    Person,
    TalentCategoryRecord,
)

SMALL = 800


@pytest.fixture
def all_catalogues(catalogues, occupations):
    return None


def _counts():
    return {
        "organisations": Organisation.objects.count(),
        "persons": Person.objects.filter(is_demo=True).count(),
        "education": EducationRecord.objects.count(),
        "employment": EmploymentRecord.objects.count(),
        "talent_categories": TalentCategoryRecord.objects.count(),
        "certificates": Certificate.objects.count(),
        "pensions": InsuranceRecord.objects.count(),
    }


def test_it_loads_every_generated_row_with_encrypted_identity_numbers(all_catalogues):
    report = ensure_demo_city(residents=SMALL, seed=5, progress=False, verbose=False)
    city = generate_city(SMALL, 5)
    expected = {name: table.height for name, table in city.tables().items()}
    assert _counts() == expected
    assert {k: v for k, v in report.rows.items() if not k.startswith("_")} == expected
    marker = DemoCity.objects.get()
    assert (marker.residents, marker.seed) == (SMALL, 5)

    numbers = set(city.persons["id_number"].to_list())
    # (numbers of persons born elsewhere are checked in test_demo_generator against the county table)
    for person in Person.objects.filter(is_demo=True, id_number_masked__startswith="419001")[:50]:
        number = crypto.decrypt(person.id_number_encrypted)
        assert number in numbers
        assert person.id_number_hash == crypto.lookup_hash(number)
        assert person.id_number_masked == number[:6] + "********" + number[14:]
        parsed = validate_id_number(number)
        assert parsed.sex == person.sex and parsed.birth_date == person.birth_date
        assert person.residence is not None and person.residence.code.startswith("419001")
    # foreign keys resolved to the catalogues and to the loaded organisations
    current = EmploymentRecord.objects.filter(end_date__isnull=True)
    assert current.count() == city.employment["end_date"].is_null().sum()
    on_reference_date = EmploymentRecord.objects.filter(start_date__lte=city.as_of).exclude(end_date__lte=city.as_of)
    assert on_reference_date.values("person").distinct().count() == city.persons["employed"].sum()
    assert not current.filter(occupation__isnull=True).exists()
    assert not Organisation.objects.filter(division__isnull=True).exists()
    chain = Organisation.objects.exclude(industry_chain__in=["", "other"])
    assert chain.exists() and not chain.filter(industry__isnull=True).exists()
    assert not chain.exclude(industry__code__regex=r"^[0-9]{4}$").exists()  # GB/T 4754 classes
    wages = EmploymentRecord.objects.exclude(monthly_wage=None).values_list("monthly_wage", flat=True)[:20]
    assert all(w > 0 and w == w.quantize(w.__class__("0.01")) for w in wages)


def test_running_it_again_reuses_the_city_and_force_replaces_it(all_catalogues, capsys):
    assert zhihui(["demo", "generate", "--residents", str(SMALL), "--seed", "5", "--no-progress"]) == 0
    first = _counts()
    first_hashes = set(Person.objects.values_list("id_number_hash", flat=True))
    assert zhihui(["demo", "generate", "--residents", str(SMALL), "--seed", "5", "--no-progress"]) == 0
    assert "reused" in capsys.readouterr().out
    assert _counts() == first
    assert zhihui(["demo", "generate", "--residents", str(SMALL), "--seed", "6", "--force", "--no-progress"]) == 0
    replaced = _counts()
    assert replaced["persons"] == SMALL
    assert set(Person.objects.values_list("id_number_hash", flat=True)) != first_hashes
    assert DemoCity.objects.get().seed == 6
    assert replaced["organisations"] == generate_city(SMALL, 6).organisations.height


def test_it_refuses_to_load_without_catalogues(db):
    with pytest.raises(RuntimeError, match="zhihui catalog load"):
        ensure_demo_city(residents=SMALL, seed=1, progress=False, verbose=False)
    assert not Person.objects.exists() and not DemoCity.objects.exists()


def test_the_command_rejects_a_bad_size(capsys):
    with pytest.raises(SystemExit):
        zhihui(["demo", "generate", "--residents", "many"])
    assert "--residents" in capsys.readouterr().err
