"""`zhihui setup` (what `make run` and `make install` call) is idempotent and prints the accounts."""

import pytest

from zhihui.cli import main
from zhihui.core.models import User
from zhihui.core.roles import Role


@pytest.mark.django_db
def test_setup_creates_one_account_per_role_and_a_second_run_reuses_everything(capsys):
    assert main(["setup", "--residents", "300", "--seed", "7"]) == 0
    out = capsys.readouterr().out
    assert "Zhihui-Clerk-2021" in out and "演示账户" in out
    assert sorted(User.objects.values_list("role", flat=True)) == sorted(Role.values)
    citizen = User.objects.get(username="citizen")
    assert citizen.person is not None
    has_category = citizen.person.talent_categories.filter(valid_to__isnull=True).exists()
    assert citizen.person.talent_cards.filter(status="active").count() == (1 if has_category else 0)
    from zhihui.registry.models import Person

    people = Person.objects.count()
    assert main(["setup", "--residents", "300", "--seed", "7"]) == 0
    assert Person.objects.count() == people
    assert User.objects.count() == len(Role.values)
    assert citizen.person.talent_cards.count() == (1 if has_category else 0)  # not issued twice
